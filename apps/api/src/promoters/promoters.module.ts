import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { CohortsController } from './cohorts.controller';
import { CohortsRepository } from './cohorts.repository';
import { CohortsService } from './cohorts.service';
import { PromotersController } from './promoters.controller';
import { PromotersRepository } from './promoters.repository';
import { PromotersService } from './promoters.service';

/** The デジタル活用推進員 roster and the DX推進スペシャリスト cohorts; designations assign through EnrolmentEngine. */
@Module({
  imports: [EnrolmentsModule, CredentialsModule],
  controllers: [PromotersController, CohortsController],
  providers: [PromotersService, PromotersRepository, CohortsService, CohortsRepository],
})
export class PromotersModule {}
