import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { KpiController } from './kpi.controller';
import { KpiService } from './kpi.service';

/** The KPI dashboard and its targets, read from the report figures. */
@Module({
  imports: [ReportsModule],
  controllers: [KpiController],
  providers: [KpiService],
})
export class KpiModule {}
