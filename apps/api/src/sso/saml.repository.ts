import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import { DataSource } from 'typeorm';

export interface StoredSamlProvider {
  tenantId: number;
  entryPoint: string;
  idpCertificate: string;
  attribute: string;
  passwordLoginForStaff: boolean;
  updatedAt: Date;
}

const COLUMNS = `tenant_id AS "tenantId", entry_point AS "entryPoint", idp_certificate AS "idpCertificate", attribute,
  password_login_for_staff AS "passwordLoginForStaff", updated_at AS "updatedAt"`;

/** How long an authentication request waits for its answer. */
export const SAML_REQUEST_SECONDS = 600;

/** The `saml_provider`, `saml_request` and `saml_assertion_seen` tables. */
@Injectable()
export class SamlRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(tenantId: number): Promise<StoredSamlProvider | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM saml_provider WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return row;
  }

  /** Stores the provider; a tenant has one identity provider, so an OpenID Connect one it had goes. */
  save(provider: Omit<StoredSamlProvider, 'updatedAt'>): Promise<StoredSamlProvider> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM oidc_provider WHERE tenant_id = $1`, [provider.tenantId]);
      const [row] = await manager.query(
        `INSERT INTO saml_provider (tenant_id, entry_point, idp_certificate, attribute, password_login_for_staff)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE SET
           entry_point = excluded.entry_point, idp_certificate = excluded.idp_certificate,
           attribute = excluded.attribute, password_login_for_staff = excluded.password_login_for_staff,
           updated_at = now()
         RETURNING ${COLUMNS}`,
        [
          provider.tenantId,
          provider.entryPoint,
          provider.idpCertificate,
          provider.attribute,
          provider.passwordLoginForStaff,
        ],
      );
      return row;
    });
  }

  async remove(tenantId: number): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM saml_provider WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return count > 0;
  }

  /**
   * Records an assertion as used. False when it was used before: a replay. Expired ones are forgotten on the way
   * (they are refused for their time anyway).
   */
  async useAssertion(tenantId: number, assertionId: string, expiresAt: Date): Promise<boolean> {
    await this.dataSource.query(
      `DELETE FROM saml_assertion_seen WHERE tenant_id = $1 AND expires_at < now()`,
      [tenantId],
    );
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO saml_assertion_seen (tenant_id, assertion_id, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, assertionId, expiresAt],
    );
    return inserted.length === 1;
  }

  /**
   * node-saml's store of the requests sent (validateInResponseTo: 'always'), in the database so that any instance
   * can take the answer; a request id is taken once (removed when its answer is validated).
   */
  requestCache(tenantId: number): CacheProvider {
    const db = this.dataSource;
    return {
      async saveAsync(key: string, value: string): Promise<CacheItem | null> {
        await db.query(
          `DELETE FROM saml_request WHERE tenant_id = $1 AND created_at < now() - make_interval(secs => $2)`,
          [tenantId, SAML_REQUEST_SECONDS],
        );
        const [row] = await db.query(
          `INSERT INTO saml_request (tenant_id, request_id) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING created_at`,
          [tenantId, key],
        );
        return row ? { value, createdAt: (row.created_at as Date).getTime() } : null;
      },
      async getAsync(key: string): Promise<string | null> {
        const [row] = await db.query(
          `SELECT created_at FROM saml_request
            WHERE tenant_id = $1 AND request_id = $2 AND created_at >= now() - make_interval(secs => $3)`,
          [tenantId, key, SAML_REQUEST_SECONDS],
        );
        // node-saml reads the answer as the request's time.
        return row ? (row.created_at as Date).toISOString() : null;
      },
      async removeAsync(key: string | null): Promise<string | null> {
        if (key === null) return null;
        const [rows] = await db.query(
          `DELETE FROM saml_request WHERE tenant_id = $1 AND request_id = $2 RETURNING request_id`,
          [tenantId, key],
        );
        return rows.length ? key : null;
      },
    };
  }
}
