import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The login page's view of a tenant. */
export interface LoginTenantRow {
  code: string;
  name: string;
  has_logo: boolean;
  sso: 'oidc' | 'saml' | null;
}

/** The SQL of tenants themselves: making them, their 職位 list, and what the login page shows of them. */
@Injectable()
export class TenantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tenant of that code, made if missing (its name then as given); its id. */
  async upsertTenant(manager: EntityManager, code: string, name: string): Promise<number> {
    const [tenant] = await manager.query(
      `INSERT INTO tenant (code, name) VALUES ($1, $2)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
      [code, name],
    );
    return tenant.id;
  }

  /** A new tenant of that code; undefined when the code is taken. */
  async insertNewTenant(manager: EntityManager, code: string, name: string): Promise<number | undefined> {
    const [tenant]: { id: number }[] = await manager.query(
      `INSERT INTO tenant (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [code, name],
    );
    return tenant?.id;
  }

  async upsertPlatformTenant(code: string, name: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `INSERT INTO tenant (code, name, is_platform) VALUES ($1, $2, true)
       ON CONFLICT (code) DO UPDATE SET is_platform = true RETURNING id`,
      [code, name],
    );
    return row.id;
  }

  /** The 職位 list, unless the tenant has one already. */
  async insertPositionsIfNone(
    manager: EntityManager,
    tenantId: number,
    positions: ReadonlyArray<{ name: string; level: number }>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO position (tenant_id, name, level, sort_order)
       SELECT $1, p.name, p.level, p.ord FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS p(name, level, ord)
       WHERE NOT EXISTS (SELECT 1 FROM position WHERE tenant_id = $1)`,
      [tenantId, positions.map((p) => p.name), positions.map((p) => p.level)],
    );
  }

  async findEnabledByCode(code: string): Promise<{ id: number; name: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, name FROM tenant WHERE code = $1 AND disabled_at IS NULL`,
      [code],
    );
    return row ?? null;
  }

  async findIdByCode(code: string): Promise<number | null> {
    const [row] = await this.dataSource.query(`SELECT id FROM tenant WHERE code = $1`, [code]);
    return row?.id ?? null;
  }

  async findCodeAndName(tenantId: number): Promise<{ code: string; name: string } | undefined> {
    const [row] = await this.dataSource.query(`SELECT code, name FROM tenant WHERE id = $1`, [tenantId]);
    return row;
  }

  /** An enabled tenant as the login page shows it, with the kind of single sign-on it offers. */
  async findLoginTenant(code: string): Promise<LoginTenantRow | undefined> {
    // Two statements: Citus cannot run a subquery of a distributed table correlated with the reference table tenant.
    const [tenant] = await this.dataSource.query(
      `SELECT id, code, name, logo_type IS NOT NULL AS has_logo FROM tenant WHERE code = $1 AND disabled_at IS NULL`,
      [code],
    );
    if (!tenant) return undefined;
    const [{ sso }] = await this.dataSource.query(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM oidc_provider WHERE tenant_id = $1) THEN 'oidc'
                   WHEN EXISTS (SELECT 1 FROM saml_provider WHERE tenant_id = $1) THEN 'saml' END AS sso`,
      [tenant.id],
    );
    return { code: tenant.code, name: tenant.name, has_logo: tenant.has_logo, sso };
  }

  async findLoginLogo(code: string): Promise<{ bytes: Buffer; type: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT logo, logo_type FROM tenant WHERE code = $1 AND disabled_at IS NULL AND logo IS NOT NULL`,
      [code],
    );
    return row ? { bytes: row.logo, type: row.logo_type } : null;
  }

  /** What the tenant shows of itself (HR edits it). */
  async findSettings(
    tenantId: number,
  ): Promise<{ code: string; name: string; issuer_line: string | null; has_logo: boolean }> {
    const [row] = await this.dataSource.query(
      `SELECT code, name, issuer_line, logo_type IS NOT NULL AS has_logo FROM tenant WHERE id = $1`,
      [tenantId],
    );
    return row;
  }

  async updateNames(
    manager: EntityManager,
    tenantId: number,
    name: string,
    issuerLine: string | null,
  ): Promise<void> {
    await manager.query(`UPDATE tenant SET name = $2, issuer_line = $3 WHERE id = $1`, [
      tenantId,
      name,
      issuerLine,
    ]);
  }

  /** Sets the logo, or removes it (null). */
  async updateLogo(
    manager: EntityManager,
    tenantId: number,
    logo: { bytes: Buffer; type: string } | null,
  ): Promise<void> {
    await manager.query(`UPDATE tenant SET logo = $2, logo_type = $3 WHERE id = $1`, [
      tenantId,
      logo?.bytes ?? null,
      logo?.type ?? null,
    ]);
  }
}
