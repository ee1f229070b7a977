import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { withTenant } from '../database/tenant-context';
import { JobQueue } from '../jobs/job-queue';
import { Cmi5Repository } from './cmi5.repository';
import { Cmi5Tracker } from './cmi5-tracker';
import { StatementsService } from './statements/statements.service';

export const CMI5_ABANDON_EXPIRED = 'cmi5.abandon-expired';

/** Registrations one run looks at (the next run takes the rest). */
const BATCH = 500;

/**
 * The `abandoned` statement of cmi5 sessions that expired (CONTENT_TOKEN_TTL_SECONDS after their launch: the token
 * takes nothing more) without the AU's terminated, every 10 minutes (cmi5 9.3.6; a new launch in the same
 * registration does it at once). One transaction per registration with its row locked, as the launches and the AU's
 * statements take it, so each session is abandoned once. Safe twice: an abandoned session is not open any more.
 */
@Injectable()
export class Cmi5AbandonJob implements OnModuleInit {
  private readonly logger = new Logger('Cmi5AbandonJob');

  constructor(
    private readonly queue: JobQueue,
    private readonly repository: Cmi5Repository,
    private readonly tracker: Cmi5Tracker,
    private readonly statements: StatementsService,
  ) {}

  onModuleInit(): void {
    this.queue.register({
      name: CMI5_ABANDON_EXPIRED,
      cron: '*/10 * * * *',
      run: async () => void (await this.abandonExpiredSessions()),
    });
  }

  /** Abandons the expired open sessions (the caller runs as system: they are found across tenants); how many. */
  async abandonExpiredSessions(): Promise<number> {
    const registrations = await this.repository.findRegistrationsWithExpiredOpenSessions(BATCH);
    let abandoned = 0;
    for (const { tenant_id: tenantId, registration } of registrations) {
      abandoned += await withTenant(tenantId, () =>
        this.repository.transaction(async (manager) => {
          const locked = await this.repository.lockRegistration(manager, tenantId, registration);
          const course = locked ? await this.repository.findCourseOfModule(manager, locked.module_id) : null;
          if (!course) return 0;
          const statements = await this.tracker.abandonOpenSessions(
            manager,
            tenantId,
            registration,
            course,
            true,
          );
          if (statements.length > 0) await this.statements.storeAsLms(manager, tenantId, statements);
          return statements.length;
        }),
      );
    }
    if (abandoned > 0) this.logger.log(`${abandoned} expired cmi5 session(s) abandoned`);
    return abandoned;
  }
}
