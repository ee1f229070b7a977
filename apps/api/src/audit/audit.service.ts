import { asSystem, withTenant } from '../database/tenant-context';
import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-user';
import { AuditLogRepository } from './audit-log.repository';

export interface AuditEntry {
  tenantId: number | null;
  actor?: Pick<AuthUser, 'userId' | 'loginId'> | null;
  actorLoginId?: string | null;
  action: string;
  target?: string | null;
  /** The person (職員番号) whose records were read or changed: what HR searches by. */
  subjectEmployeeNo?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
  /** When it happened, if not now (a line written in the background keeps the moment of the read). */
  occurredAt?: Date;
}

@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AuditLogRepository,
  ) {}

  /** Appends one line. Pass the transaction's manager so an import and its audit line commit together. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await this.repository.insertLine(manager, {
      tenantId: entry.tenantId,
      actorUserId: entry.actor?.userId ?? null,
      actorLoginId: entry.actor?.loginId ?? entry.actorLoginId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      subjectEmployeeNo: entry.subjectEmployeeNo ?? null,
      detail: entry.detail ?? null,
      ip: entry.ip ?? null,
      occurredAt: entry.occurredAt ?? null,
    });
  }

  /**
   * Appends one line without anyone waiting for it (a read's audit line, written after its answer went out). A
   * failure never reaches the caller but is logged with the whole entry, so the line can be restored from the log.
   */
  recordInBackground(entry: AuditEntry): void {
    // Written after the answer went out, outside the request's tenant scope: the line's own tenant is its scope.
    const write = (
      entry.tenantId === null
        ? asSystem(() => this.record(entry))
        : withTenant(entry.tenantId, () => this.record(entry))
    )
      .catch((error: unknown) => {
        this.logger.error(
          `audit line not written: ${error instanceof Error ? error.message : String(error)} ${JSON.stringify(entry)}`,
        );
      })
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves once every line handed to recordInBackground so far is written (or its failure logged). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** A stopping server first finishes the audit lines of the reads it has answered. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }
}
