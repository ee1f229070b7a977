import { Global, Module } from '@nestjs/common';
import { CatalogueSeeder } from '../catalogue/catalogue-seeder';
import { EnrolmentEngine } from './enrolment-engine';
import { EnrolmentListReader } from './enrolment-list-reader';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsService } from './enrolments.service';
import { FiscalYearJob } from './fiscal-year-job';

/**
 * Assignments: the rules engine (exported to every module that changes what the rules read), assignment by hand,
 * exemptions, and the reading of a person's assignments.
 */
@Global()
@Module({
  controllers: [EnrolmentsController],
  providers: [EnrolmentEngine, FiscalYearJob, EnrolmentsService, EnrolmentListReader, CatalogueSeeder],
  exports: [EnrolmentEngine, CatalogueSeeder],
})
export class EnrolmentsModule {}
