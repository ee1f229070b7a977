import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { ReportCache } from './report-cache';

export const REPORT_FIGURES_REFRESH = 'report-figures.refresh';

/**
 * The report figures are as of a Tokyo day (overdue, where people stand): rebuilt soon after it turns, before the
 * morning's first manager has to wait for a read to rebuild them. Every ten minutes, as the figures of a year only
 * rebuild when out of date this costs one query when nothing changed.
 */
@Injectable()
export class ReportJobs implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly reportCache: ReportCache,
  ) {}

  onModuleInit(): void {
    this.queue.register({
      name: REPORT_FIGURES_REFRESH,
      cron: '*/10 * * * *',
      run: () => this.reportCache.refreshAll(),
    });
  }
}
