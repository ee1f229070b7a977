import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { EnrolmentReadsRepository } from '../enrolments/enrolment-reads.repository';
import { CertificatesRepository } from './certificates.repository';
import { CertificatesService } from './certificates.service';
import { EvaluationController } from './evaluation.controller';
import { EvaluationRepository } from './evaluation.repository';
import { EvaluationService } from './evaluation.service';
import { LearningController } from './learning.controller';
import { LearningRepository } from './learning.repository';
import { LearningService } from './learning.service';
import { VerifyController } from './verify.controller';

/**
 * The learner's journey (lessons, quizzes, assignments, 修了証 and their public check) and the HR side of it
 * (evaluating submissions, attendance). Uses the enrolment queries (enrolments/enrolment-queries.ts).
 */
@Module({
  imports: [CredentialsModule],
  controllers: [LearningController, VerifyController, EvaluationController],
  providers: [
    LearningService,
    LearningRepository,
    EnrolmentReadsRepository,
    CertificatesService,
    CertificatesRepository,
    EvaluationService,
    EvaluationRepository,
  ],
  exports: [LearningService],
})
export class LearningModule {}
