import { Module } from '@nestjs/common';
import { XapiAuthModule } from '../xapi-auth.module';
import { XapiActivitiesController } from './xapi-activities.controller';
import { XapiActivitiesRepository } from './xapi-activities.repository';
import { XapiActivitiesService } from './xapi-activities.service';
import { XapiDocumentsController } from './xapi-documents.controller';
import { XapiDocumentsRepository } from './xapi-documents.repository';
import { XapiDocumentsService } from './xapi-documents.service';

/**
 * The LRS's document resources (state, activity profile, agent profile) and its activities, agents and about
 * resources. XapiModule imports it; the credentials, the guard and the xAPI HTTP rules are XapiModule's.
 */
@Module({
  imports: [XapiAuthModule],
  controllers: [XapiDocumentsController, XapiActivitiesController],
  providers: [XapiDocumentsService, XapiDocumentsRepository, XapiActivitiesService, XapiActivitiesRepository],
  // cmi5 launches write the LMS's documents (the learner preferences) through the same statements.
  exports: [XapiDocumentsRepository],
})
export class XapiDocumentsModule {}
