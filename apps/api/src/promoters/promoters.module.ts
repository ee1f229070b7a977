import { Module } from '@nestjs/common';
import { CohortsController } from './cohorts.controller';
import { CohortsService } from './cohorts.service';
import { PromotersController } from './promoters.controller';
import { PromotersService } from './promoters.service';

/** The デジタル活用推進員 roster and the DX推進スペシャリスト cohorts; designations assign through EnrolmentEngine. */
@Module({
  controllers: [PromotersController, CohortsController],
  providers: [PromotersService, CohortsService],
})
export class PromotersModule {}
