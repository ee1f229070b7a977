import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { EnrolmentEngine } from './enrolment-engine';

export const FISCAL_YEAR_START = 'fiscal-year.start';

/**
 * The current fiscal year's assignments for every tenant, daily just after Tokyo midnight: on 1 April that starts
 * the new year; on any other day it finds nothing to do (idempotent). The app also does it once at each start.
 */
@Injectable()
export class FiscalYearJob implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly engine: EnrolmentEngine,
  ) {}

  onModuleInit(): void {
    this.queue.register({
      name: FISCAL_YEAR_START,
      cron: '5 0 * * *',
      run: () => this.engine.applyCurrentYearForAllTenants(),
    });
  }
}
