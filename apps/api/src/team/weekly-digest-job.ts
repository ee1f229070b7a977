import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue';
import { WeeklyDigestService } from './weekly-digest.service';

export const TEAM_WEEKLY_DIGEST = 'team.weekly-digest';

/**
 * Each manager's weekly digest of their subtree's overdue people, Mondays at 08:00 Tokyo time (before the working
 * week starts), for every tenant. Not retried as a whole: a second run would send the digests again; a tenant that
 * fails is logged and the others still get theirs, and each Slack message retries on its own queue.
 */
@Injectable()
export class WeeklyDigestJob implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly digest: WeeklyDigestService,
  ) {}

  onModuleInit(): void {
    this.queue.register({
      name: TEAM_WEEKLY_DIGEST,
      cron: '0 8 * * 1',
      retryLimit: 0,
      run: () => this.digest.runAllTenants(),
    });
  }
}
