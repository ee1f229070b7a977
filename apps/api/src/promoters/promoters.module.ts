import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { SlackModule } from '../slack/slack.module';
import { Mailer } from '../team/mailer';
import { CohortsController } from './cohorts.controller';
import { CohortsRepository } from './cohorts.repository';
import { CohortsService } from './cohorts.service';
import { PromoterCoverageController } from './promoter-coverage.controller';
import { PromoterCoverageRepository } from './promoter-coverage.repository';
import { PromoterCoverageService } from './promoter-coverage.service';
import { PromotersController } from './promoters.controller';
import { PromotersRepository } from './promoters.repository';
import { PromotersService } from './promoters.service';

/**
 * The デジタル活用推進員 roster, its coverage (推進員の配置状況, with requests to the heads by e-mail and Slack) and the
 * DX推進スペシャリスト cohorts; designations assign through EnrolmentEngine.
 */
@Module({
  imports: [EnrolmentsModule, CredentialsModule, SlackModule],
  controllers: [PromotersController, PromoterCoverageController, CohortsController],
  providers: [
    PromotersService,
    PromotersRepository,
    PromoterCoverageService,
    PromoterCoverageRepository,
    Mailer,
    CohortsService,
    CohortsRepository,
  ],
})
export class PromotersModule {}
