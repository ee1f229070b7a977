import { Module } from '@nestjs/common';
import { KpiController } from '../kpi/kpi.controller';
import { KpiService } from '../kpi/kpi.service';
import { Mailer } from '../team/mailer';
import { TeamController } from '../team/team.controller';
import { TeamService } from '../team/team.service';
import { ExportsService } from './exports.service';
import { ReportCache } from './report-cache';
import { ReportJobs } from './report-jobs';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** What managers and HR read: statistics, exports, the team matrix with reminders, the KPI dashboard. */
@Module({
  controllers: [ReportsController, TeamController, KpiController],
  exports: [ReportCache],
  providers: [ReportCache, ReportJobs, ReportsService, ExportsService, TeamService, Mailer, KpiService],
})
export class ReportsModule {}
