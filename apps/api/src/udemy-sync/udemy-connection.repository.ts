import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UdemySyncResult } from '@dx/contract';

/** A tenant's stored connection (the secret still sealed). */
export interface StoredConnection {
  tenantId: number;
  baseUrl: string;
  organizationId: string;
  clientId: string;
  secretCiphertext: string;
  updatedAt: Date;
  lastSyncAt: Date | null;
  lastSuccessStartedAt: Date | null;
  lastResult: UdemySyncResult | null;
}

const COLUMNS = `tenant_id AS "tenantId", base_url AS "baseUrl", organization_id AS "organizationId",
  client_id AS "clientId", secret_ciphertext AS "secretCiphertext", updated_at AS "updatedAt",
  last_sync_at AS "lastSyncAt", last_success_started_at AS "lastSuccessStartedAt", last_result AS "lastResult"`;

/** The `udemy_business_connection` table: one row per tenant. */
@Injectable()
export class UdemyConnectionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(
    tenantId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredConnection | undefined> {
    const [row] = await manager.query(
      `SELECT ${COLUMNS} FROM udemy_business_connection WHERE tenant_id = $1`,
      [tenantId],
    );
    return row;
  }

  /**
   * Stores the connection. Another host or organisation is another report: the next sync is a full one again
   * (`last_success_started_at` cleared); new credentials for the same one keep the incremental point.
   */
  async save(
    manager: EntityManager,
    tenantId: number,
    values: { baseUrl: string; organizationId: string; clientId: string; secretCiphertext: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO udemy_business_connection AS c (tenant_id, base_url, organization_id, client_id, secret_ciphertext)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET
         base_url = excluded.base_url, organization_id = excluded.organization_id, client_id = excluded.client_id,
         secret_ciphertext = excluded.secret_ciphertext, updated_at = now(),
         last_success_started_at = CASE WHEN c.base_url = excluded.base_url AND c.organization_id = excluded.organization_id
                                        THEN c.last_success_started_at END`,
      [tenantId, values.baseUrl, values.organizationId, values.clientId, values.secretCiphertext],
    );
  }

  /** A successful sync: from now on only activity since `startedAt` is asked for. */
  async recordSuccess(
    manager: EntityManager,
    tenantId: number,
    startedAt: Date,
    result: UdemySyncResult,
  ): Promise<void> {
    await manager.query(
      `UPDATE udemy_business_connection SET last_sync_at = $2, last_success_started_at = $3, last_result = $4
        WHERE tenant_id = $1`,
      [tenantId, result.at, startedAt, JSON.stringify(result)],
    );
  }

  /** A failed sync: its result is shown, the incremental point stays where the last success left it. */
  async recordFailure(
    tenantId: number,
    result: UdemySyncResult,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE udemy_business_connection SET last_sync_at = $2, last_result = $3 WHERE tenant_id = $1`,
      [tenantId, result.at, JSON.stringify(result)],
    );
  }

  /** Every tenant with a connection, except disabled ones (a cross-tenant list: call it in `asSystem`). */
  async connectedTenantIds(): Promise<number[]> {
    const rows: { tenant_id: number }[] = await this.dataSource.query(
      `SELECT c.tenant_id FROM udemy_business_connection c JOIN tenant t ON t.id = c.tenant_id
        WHERE t.disabled_at IS NULL ORDER BY c.tenant_id`,
    );
    return rows.map((r) => r.tenant_id);
  }
}
