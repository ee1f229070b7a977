import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A tenant's stored identity provider (the secret still sealed). */
export interface StoredOidcProvider {
  tenantId: number;
  issuer: string;
  clientId: string;
  secretCiphertext: string;
  claim: string;
  passwordLoginForStaff: boolean;
  updatedAt: Date;
}

const COLUMNS = `tenant_id AS "tenantId", issuer, client_id AS "clientId", secret_ciphertext AS "secretCiphertext",
  claim, password_login_for_staff AS "passwordLoginForStaff", updated_at AS "updatedAt"`;

/** The `oidc_provider` table: one row per tenant. */
@Injectable()
export class OidcProviderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(tenantId: number): Promise<StoredOidcProvider | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM oidc_provider WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return row;
  }

  /** Stores the provider; a tenant has one identity provider, so a SAML one it had goes. */
  save(provider: Omit<StoredOidcProvider, 'updatedAt'>): Promise<StoredOidcProvider> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM saml_provider WHERE tenant_id = $1`, [provider.tenantId]);
      const [row] = await manager.query(
        `INSERT INTO oidc_provider (tenant_id, issuer, client_id, secret_ciphertext, claim, password_login_for_staff)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET
         issuer = excluded.issuer, client_id = excluded.client_id, secret_ciphertext = excluded.secret_ciphertext,
         claim = excluded.claim, password_login_for_staff = excluded.password_login_for_staff, updated_at = now()
       RETURNING ${COLUMNS}`,
        [
          provider.tenantId,
          provider.issuer,
          provider.clientId,
          provider.secretCiphertext,
          provider.claim,
          provider.passwordLoginForStaff,
        ],
      );
      return row;
    });
  }

  async remove(tenantId: number): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM oidc_provider WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return count > 0;
  }
}
