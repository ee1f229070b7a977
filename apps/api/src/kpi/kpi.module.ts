import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ReportsModule } from '../reports/reports.module';
import { KpiController } from './kpi.controller';
import { KpiRepository } from './kpi.repository';
import { KpiService } from './kpi.service';

/** The KPI dashboard and its targets, read from the report figures. */
@Module({
  imports: [ReportsModule, IntegrationsModule],
  controllers: [KpiController],
  providers: [KpiService, KpiRepository],
})
export class KpiModule {}
