import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { UdemySyncService } from './udemy-sync.service';

export const UDEMY_BUSINESS_SYNC = 'udemy-business.sync';

/**
 * Every connected tenant's Udemy Business activity, nightly at 02:30 Tokyo time (after Udemy's own nightly
 * refresh of its reports, before the working day). Each tenant is synced on its own; a tenant whose sync fails
 * (a wrong secret, Udemy down) has its failure recorded as its last result and the others still run. Safe twice:
 * a sync asks only for activity since the last success and applying it again changes nothing.
 */
@Injectable()
export class UdemySyncJob implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly sync: UdemySyncService,
  ) {}

  onModuleInit(): void {
    this.queue.register({
      name: UDEMY_BUSINESS_SYNC,
      cron: '30 2 * * *',
      // A failed tenant is recorded, not thrown: a retry would only hit the same wrong secret again.
      retryLimit: 1,
      run: async () => void (await this.sync.syncAllTenants()),
    });
  }
}
