import { HttpException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type {
  UdemyBusinessConnectionView,
  UdemySyncAnswer,
  UdemySyncCounts,
  UdemySyncResult,
} from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem, problemBody } from '../common/problem';
import { asSystem, withTenant } from '../database/tenant-context';
import { lockTenantImports } from '../database/tenant-locks';
import { UdemyRecordsApplier } from './apply-udemy-records';
import { SecretBox } from './secret-box';
import {
  DEFAULT_FETCH_POLICY,
  fetchUserCourseActivity,
  UdemyFetchPolicy,
  UpstreamFailure,
} from './udemy-client';
import { StoredConnection, UdemyConnectionRepository } from './udemy-connection.repository';

/** What a ciphertext is bound to: a secret sealed for one tenant does not open for another. */
const secretContext = (tenantId: number) => `udemy-business:${tenantId}`;

/** Who started a sync: a user (HR's 今すぐ同期) or the nightly job. */
export interface SyncActor {
  user: AuthUser | null;
  ip?: string;
}

export const NIGHTLY_ACTOR = 'system:udemy-business.sync';

/**
 * The Udemy Business Reporting API connection of each tenant and its sync: fetch every page first (no transaction
 * open while Udemy is slow), then apply the whole sync through the outside-activity core in one transaction, with
 * the connection's last result and the audit line. A failure of any page leaves nothing applied.
 */
@Injectable()
export class UdemySyncService {
  private readonly logger = new Logger('UdemySync');
  private readonly running = new Set<number>();
  /** Retry and timeout policy of the HTTP client (tests shorten it). */
  policy: UdemyFetchPolicy = DEFAULT_FETCH_POLICY;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: UdemyConnectionRepository,
    private readonly box: SecretBox,
    private readonly applier: UdemyRecordsApplier,
    private readonly audit: AuditService,
  ) {}

  async view(tenantId: number): Promise<UdemyBusinessConnectionView> {
    const connection = await this.connections.find(tenantId);
    if (!connection) throw Problem.notFound('Udemy Business の接続先はまだ設定されていません。');
    return toView(connection);
  }

  /** Stores the connection; without a new secret the stored one is kept (a connection must have one). */
  async save(
    user: AuthUser,
    input: { baseUrl: string; organizationId: string; clientId: string; clientSecret?: string },
    ip?: string,
  ): Promise<UdemyBusinessConnectionView> {
    const tenantId = user.tenantId;
    const baseUrl = input.baseUrl.trim().replace(/\/+$/, '');
    await this.dataSource.transaction(async (manager) => {
      const existing = await this.connections.find(tenantId, manager);
      const secret = input.clientSecret ?? '';
      if (secret === '' && !existing)
        throw Problem.validation([
          { field: 'clientSecret', message: 'クライアントシークレットを入力してください。' },
        ]);
      await this.connections.save(manager, tenantId, {
        baseUrl,
        organizationId: input.organizationId.trim(),
        clientId: input.clientId.trim(),
        secretCiphertext:
          secret === '' ? existing!.secretCiphertext : this.box.seal(secret, secretContext(tenantId)),
      });
      // Never the secret itself: only whether it was replaced.
      await this.audit.record(
        {
          tenantId,
          actor: user,
          action: 'udemy_business.connected',
          target: baseUrl,
          detail: {
            baseUrl,
            organizationId: input.organizationId.trim(),
            clientId: input.clientId.trim(),
            secretReplaced: secret !== '',
          },
          ip: ip ?? null,
        },
        manager,
      );
    });
    return this.view(tenantId);
  }

  /** One sync of one tenant; a problem (409, 502) when it cannot be done. Call it inside the tenant's scope. */
  async sync(tenantId: number, actor: SyncActor): Promise<UdemySyncAnswer> {
    const connection = await this.connections.find(tenantId);
    if (!connection)
      throw new Problem(
        409,
        'udemy-not-connected',
        'Udemy Business 連携が未設定です',
        'Udemy Business の接続先が設定されていません。システム管理者が「Udemy Business 連携」で設定してください。',
      );
    if (this.running.has(tenantId))
      throw new Problem(
        409,
        'udemy-sync-running',
        '同期を実行中です',
        'Udemy Business の同期を実行中です。終わってから再度お試しください。',
      );
    this.running.add(tenantId);
    try {
      return await this.syncConnection(connection, actor);
    } finally {
      this.running.delete(tenantId);
    }
  }

  /** The nightly job: every connected tenant in turn, each in its own scope; one failing does not stop the rest. */
  async syncAllTenants(): Promise<{ synced: number; failed: number }> {
    const tenants = await asSystem(() => this.connections.connectedTenantIds());
    let synced = 0;
    let failed = 0;
    for (const tenantId of tenants) {
      try {
        const answer = await withTenant(tenantId, () => this.sync(tenantId, { user: null }));
        synced++;
        this.logger.log(
          `Tenant ${tenantId}: ${answer.fetched} rows from Udemy Business, ${JSON.stringify(answer.counts)}`,
        );
      } catch (error) {
        failed++;
        this.logger.warn(`Tenant ${tenantId}: Udemy Business sync failed: ${describe(error)}`);
      }
    }
    return { synced, failed };
  }

  private async syncConnection(connection: StoredConnection, actor: SyncActor): Promise<UdemySyncAnswer> {
    const tenantId = connection.tenantId;
    const clientSecret = this.box.open(connection.secretCiphertext, secretContext(tenantId));
    if (clientSecret === undefined) {
      const detail =
        '保存されているクライアントシークレットを復号できません（暗号鍵 SECRETS_KEY が変わった可能性があります）。システム管理者がシークレットを設定し直してください。';
      await this.fail(connection, actor, null, detail);
      throw new Problem(409, 'udemy-secret-unreadable', 'シークレットを復号できません', detail);
    }
    const startedAt = new Date();
    // Inclusive: the day of the last successful sync's start (UTC, as Udemy's dates are), so nothing in between
    // is missed; what comes again is `unchanged`.
    const fromDate = connection.lastSuccessStartedAt
      ? connection.lastSuccessStartedAt.toISOString().slice(0, 10)
      : null;
    let fetched;
    try {
      fetched = await fetchUserCourseActivity(
        { ...connection, clientSecret },
        fromDate ?? undefined,
        this.policy,
      );
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      await this.fail(connection, actor, error.upstreamStatus, error.detail);
      throw new HttpException(
        {
          ...problemBody(502, 'udemy-upstream', 'Udemy Business との同期に失敗しました', error.detail),
          upstreamStatus: error.upstreamStatus,
        },
        502,
      );
    }
    const records = fetched.records;
    const counts: UdemySyncCounts = await this.dataSource.transaction(async (manager) => {
      await lockTenantImports(manager, tenantId);
      const { counts, unreadable, rematched } = await this.applier.apply(
        manager,
        tenantId,
        records,
        startedAt.toISOString(),
      );
      const result: UdemySyncResult = {
        ok: true,
        at: new Date().toISOString(),
        counts,
        fetched: records.length,
        fromDate,
      };
      await this.connections.recordSuccess(manager, tenantId, startedAt, result);
      await this.audit.record(
        {
          tenantId,
          actor: actor.user,
          actorLoginId: actor.user ? null : NIGHTLY_ACTOR,
          action: 'udemy_business.synced',
          target: connection.organizationId,
          detail: { counts, fetched: records.length, pages: fetched.pages, fromDate, unreadable, rematched },
          ip: actor.ip ?? null,
        },
        manager,
      );
      return counts;
    });
    return { counts, fetched: records.length, fromDate };
  }

  private async fail(
    connection: StoredConnection,
    actor: SyncActor,
    upstreamStatus: number | null,
    detail: string,
  ): Promise<void> {
    const result: UdemySyncResult = { ok: false, at: new Date().toISOString(), upstreamStatus, detail };
    await this.connections.recordFailure(connection.tenantId, result);
    await this.audit.record({
      tenantId: connection.tenantId,
      actor: actor.user,
      actorLoginId: actor.user ? null : NIGHTLY_ACTOR,
      action: 'udemy_business.sync_failed',
      target: connection.organizationId,
      detail: { upstreamStatus, detail },
      ip: actor.ip ?? null,
    });
  }
}

function toView(c: StoredConnection): UdemyBusinessConnectionView {
  return {
    baseUrl: c.baseUrl,
    organizationId: c.organizationId,
    clientId: c.clientId,
    secretStored: true,
    updatedAt: c.updatedAt.toISOString(),
    lastSyncAt: c.lastSyncAt?.toISOString() ?? null,
    lastSuccessAt: c.lastSuccessStartedAt?.toISOString() ?? null,
    lastResult: c.lastResult,
  };
}

function describe(error: unknown): string {
  if (error instanceof HttpException) {
    const body = error.getResponse() as { detail?: string };
    return body.detail ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
