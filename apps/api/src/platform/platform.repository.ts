import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A tenant as the platform operator sees it: no people, only its number of staff. */
export interface PlatformTenantRow {
  code: string;
  name: string;
  staff_count: number;
  disabled_at: Date | null;
  created_at: Date;
}

/** The SQL of the platform operator's work, across tenants (callers run it `asSystem`). */
@Injectable()
export class PlatformRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every tenant but the platform's own, oldest first, with its staff on the roster on `today`. */
  findTenants(today: string): Promise<PlatformTenantRow[]> {
    return this.dataSource.query(`${TENANT_SELECT} WHERE NOT t.is_platform ORDER BY t.created_at, t.id`, [
      today,
    ]);
  }

  async findTenant(code: string, today: string): Promise<PlatformTenantRow | undefined> {
    const [row] = await this.dataSource.query(`${TENANT_SELECT} WHERE t.code = $2`, [today, code]);
    return row;
  }

  /** A new tenant's first system administrator, who replaces the operator's password at the first sign-in. */
  async insertFirstAdministrator(
    manager: EntityManager,
    tenantId: number,
    loginId: string,
    passwordHash: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO app_user (tenant_id, login_id, display_name, password_hash, roles, must_change_password)
       VALUES ($1, $2, 'システム管理者', $3, '{sysadmin,hr}', true)`,
      [tenantId, loginId, passwordHash],
    );
  }

  /** Disables or enables a tenant (not the platform's); its id, undefined when there is no such tenant. */
  async setDisabled(manager: EntityManager, code: string, disabled: boolean): Promise<number | undefined> {
    const [[tenant]]: [{ id: number }[]] = await manager.query(
      // The time is a parameter: Citus refuses now() (volatile) inside a CASE of an UPDATE.
      `UPDATE tenant SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, $3::timestamptz) END
        WHERE code = $1 AND NOT is_platform RETURNING id`,
      [code, disabled, new Date()],
    );
    return tenant?.id;
  }

  /** Every token of every user of the tenant ends. */
  async endAllSessions(manager: EntityManager, tenantId: number): Promise<void> {
    await manager.query(`UPDATE app_user SET session_version = session_version + 1 WHERE tenant_id = $1`, [
      tenantId,
    ]);
  }
}

/** A tenant with the number of its staff on the roster today (`$1`). */
// The counts are grouped by tenant and joined, not a correlated subquery: Citus cannot run a subquery correlated with
// the reference table `tenant`, while a count grouped by the distribution column runs on every shard at once.
const TENANT_SELECT = `SELECT t.code, t.name, t.disabled_at, t.created_at, coalesce(n.staff_count, 0)::int AS staff_count
  FROM tenant t
  LEFT JOIN (SELECT s.tenant_id, count(*) AS staff_count FROM staff s
              WHERE s.left_on IS NULL OR s.left_on >= $1 GROUP BY s.tenant_id) n ON n.tenant_id = t.id`;
