import { Global, Module } from '@nestjs/common';
import { CatalogueSeeder } from '../catalogue/catalogue-seeder';
import { CertificatesService } from '../learning/certificates.service';
import { EvaluationController } from '../learning/evaluation.controller';
import { EvaluationService } from '../learning/evaluation.service';
import { CohortsController } from '../promoters/cohorts.controller';
import { CohortsService } from '../promoters/cohorts.service';
import { LearningController } from '../learning/learning.controller';
import { LearningService } from '../learning/learning.service';
import { VerifyController } from '../learning/verify.controller';
import { PromotersController } from '../promoters/promoters.controller';
import { PromotersService } from '../promoters/promoters.service';
import { EnrolmentEngine } from './enrolment-engine';
import { EnrolmentListReader } from './enrolment-list-reader';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsService } from './enrolments.service';
import { FiscalYearJob } from './fiscal-year-job';

/** Assignments (rules and by hand), the learner's journey, certificates and the promoter roster. */
@Global()
@Module({
  controllers: [
    EnrolmentsController,
    LearningController,
    VerifyController,
    PromotersController,
    CohortsController,
    EvaluationController,
  ],
  providers: [
    EnrolmentEngine,
    FiscalYearJob,
    EnrolmentsService,
    EnrolmentListReader,
    LearningService,
    CertificatesService,
    CatalogueSeeder,
    PromotersService,
    CohortsService,
    EvaluationService,
  ],
  exports: [EnrolmentEngine, CatalogueSeeder],
})
export class EnrolmentsModule {}
