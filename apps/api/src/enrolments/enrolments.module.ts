import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CatalogueAdminModule } from '../catalogue/catalogue-admin.module';
import { AssignmentsRepository } from './assignments.repository';
import { EnrolmentEngine } from './enrolment-engine';
import { EnrolmentListReader } from './enrolment-list-reader';
import { EnrolmentReadsRepository } from './enrolment-reads.repository';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsRepository } from './enrolments.repository';
import { EnrolmentsService } from './enrolments.service';
import { FiscalYearJob } from './fiscal-year-job';
import { RulesController } from './rules.controller';
import { RulesRepository } from './rules.repository';
import { RulesService } from './rules.service';

/**
 * Assignments: the rules engine and its rules (exported to every module that changes what the rules read),
 * assignment by hand, exemptions, and the reading of a person's assignments.
 */
@Module({
  imports: [AccessModule, CatalogueAdminModule],
  controllers: [EnrolmentsController, RulesController],
  providers: [
    EnrolmentEngine,
    AssignmentsRepository,
    FiscalYearJob,
    EnrolmentsService,
    EnrolmentsRepository,
    EnrolmentListReader,
    EnrolmentReadsRepository,
    RulesService,
    RulesRepository,
  ],
  exports: [EnrolmentEngine],
})
export class EnrolmentsModule {}
