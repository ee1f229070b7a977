import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-user';

export interface AuditEntry {
  tenantId: number | null;
  actor?: Pick<AuthUser, 'userId' | 'loginId'> | null;
  actorLoginId?: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends one line. Pass the transaction's manager so an import and its audit line commit together. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (tenant_id, actor_user_id, actor_login_id, action, target, detail, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.tenantId,
        entry.actor?.userId ?? null,
        entry.actor?.loginId ?? entry.actorLoginId ?? null,
        entry.action,
        entry.target ?? null,
        entry.detail ? JSON.stringify(entry.detail) : null,
        entry.ip ?? null,
      ],
    );
  }
}
