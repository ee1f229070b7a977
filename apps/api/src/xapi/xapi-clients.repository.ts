import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A credential as verify() reads it: a disabled tenant's credential reads as revoked. */
export interface XapiClientRow {
  id: number;
  tenant_id: number;
  key: string;
  name: string;
  secret_hash: Buffer;
  revoked_at: Date | null;
}

export interface XapiClientListRow {
  id: number;
  key: string;
  name: string;
  created_at: Date;
  created_by: string | null;
  revoked_at: Date | null;
}

/** The SQL of the LRS's Basic credentials (xapi_client). */
@Injectable()
export class XapiClientsRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores a new credential (only the secret's hash); its id and creation time. */
  async insertClient(
    tenantId: number,
    key: string,
    secretHash: Buffer,
    name: string,
    createdBy: string,
  ): Promise<{ id: number; created_at: Date }> {
    const [row] = await this.db.query(
      `INSERT INTO xapi_client (tenant_id, key, secret_hash, name, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, created_at`,
      [tenantId, key, secretHash, name, createdBy],
    );
    return row;
  }

  /** The tenant's credentials, revoked ones too, by id. */
  findClients(tenantId: number): Promise<XapiClientListRow[]> {
    return this.db.query(
      `SELECT id, key, name, created_at, created_by, revoked_at FROM xapi_client WHERE tenant_id = $1 ORDER BY id`,
      [tenantId],
    );
  }

  /** Revokes a credential (a revoked one keeps its first revocation time); false when the tenant has no such id. */
  async revokeClient(tenantId: number, id: number): Promise<boolean> {
    // A SELECT over the UPDATE, so the driver answers plain rows.
    const rows = await this.db.query(
      // The time is a parameter: Citus refuses now() inside coalesce in an UPDATE.
      `WITH revoked AS (UPDATE xapi_client SET revoked_at = coalesce(revoked_at, $3)
                         WHERE tenant_id = $1 AND id = $2 RETURNING id)
       SELECT id FROM revoked`,
      [tenantId, id, new Date()],
    );
    return rows.length > 0;
  }

  /** The credential of a key in any tenant (the caller runs it as system: the key finds the tenant). */
  async findClientByKey(key: string): Promise<XapiClientRow | undefined> {
    const rows: XapiClientRow[] = await this.db.query(
      // A disabled tenant's credentials count as revoked (shared use: the operator switched the tenant off).
      `SELECT c.id, c.tenant_id, c.key, c.name, c.secret_hash,
              CASE WHEN t.disabled_at IS NULL THEN c.revoked_at ELSE t.disabled_at END AS revoked_at
         FROM xapi_client c JOIN tenant t ON t.id = c.tenant_id WHERE c.key = $1`,
      [key],
    );
    return rows[0];
  }
}
