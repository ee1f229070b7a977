import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';
import { ReportCache } from './report-cache';
import { ReportJobs } from './report-jobs';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Completion statistics and exports, over the report figures kept by triggers (read by team and KPI too). */
@Module({
  imports: [AccessModule],
  controllers: [ReportsController],
  exports: [ReportCache, ReportsService],
  providers: [ReportCache, ReportJobs, ReportsService, ReportsRepository, ExportsService, ExportsRepository],
})
export class ReportsModule {}
