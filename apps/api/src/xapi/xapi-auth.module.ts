import { Module } from '@nestjs/common';
import { Cmi5Repository } from './cmi5.repository';
import { Cmi5Sessions } from './cmi5-sessions';
import { XapiClientsRepository } from './xapi-clients.repository';
import { XapiClientsService } from './xapi-clients.service';
import { XapiGuard, XapiTenantInterceptor } from './xapi-auth';

/**
 * What every xAPI resource needs at its door: the credentials, the Basic guard and the tenant interceptor. Its own
 * module, so the statements (XapiModule) and the document resources (XapiDocumentsModule) both import it. The cmi5
 * SQL (Cmi5Repository) is here with the launch tokens, and exported to XapiModule's tracker and launches.
 */
@Module({
  providers: [
    XapiClientsService,
    XapiClientsRepository,
    Cmi5Sessions,
    Cmi5Repository,
    XapiGuard,
    XapiTenantInterceptor,
  ],
  exports: [XapiClientsService, Cmi5Sessions, Cmi5Repository, XapiGuard, XapiTenantInterceptor],
})
export class XapiAuthModule {}
