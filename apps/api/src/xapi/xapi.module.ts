import { Module } from '@nestjs/common';
import { XapiAuthModule } from './xapi-auth.module';
import { XapiClientsController } from './xapi-clients.controller';
import { StatementsController } from './statements/statements.controller';
import { StatementsService } from './statements/statements.service';
import { StatementsReader } from './statements/statements-reader';
import { StatementsRepository } from './statements/statements.repository';
import { IntegrationsModule } from '../integrations/integrations.module';
import { XapiDocumentsModule } from './documents/xapi-documents.module';
import { Cmi5FetchController } from './cmi5-fetch.controller';
import { Cmi5LaunchService } from './cmi5-launch.service';
import { Cmi5Tracker } from './cmi5-tracker';
import { Cmi5AbandonJob } from './cmi5-abandon-job';

/**
 * The xAPI 1.0.3 LRS at /api/v1/xapi/ and its credentials (/api/v1/integrations/xapi-clients). The HTTP pieces Nest
 * cannot scope per route (version header on every answer, CORS, raw bodies) are in xapi-http.ts, which createApp
 * installs.
 */
@Module({
  imports: [
    XapiAuthModule,
    IntegrationsModule,
    // The document resources (activities/state, activities/profile, agents/profile, activities, agents, about).
    XapiDocumentsModule,
  ],
  controllers: [XapiClientsController, StatementsController, Cmi5FetchController],
  providers: [
    StatementsService,
    StatementsReader,
    StatementsRepository,
    Cmi5Tracker,
    Cmi5LaunchService,
    Cmi5AbandonJob,
  ],
  // cmi5: the package player starts launch sessions (registration, LMS.LaunchData, launched) through it.
  exports: [Cmi5LaunchService],
})
export class XapiModule {}
