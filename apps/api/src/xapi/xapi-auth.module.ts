import { Module } from '@nestjs/common';
import { Cmi5Sessions } from './cmi5-sessions';
import { XapiClientsRepository } from './xapi-clients.repository';
import { XapiClientsService } from './xapi-clients.service';
import { XapiGuard, XapiTenantInterceptor } from './xapi-auth';

/**
 * What every xAPI resource needs at its door: the credentials, the Basic guard and the tenant interceptor. Its own
 * module, so the statements (XapiModule) and the document resources (XapiDocumentsModule) both import it.
 */
@Module({
  providers: [XapiClientsService, XapiClientsRepository, Cmi5Sessions, XapiGuard, XapiTenantInterceptor],
  exports: [XapiClientsService, Cmi5Sessions, XapiGuard, XapiTenantInterceptor],
})
export class XapiAuthModule {}
