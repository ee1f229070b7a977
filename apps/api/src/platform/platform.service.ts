import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateTenantRequest, FieldError, PlatformTenant } from '@dx/contract';
import { tenantCodeProblem, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { asSystem } from '../database/tenant-context';
import { TenantsService } from '../tenants/tenants.service';
import { hashPassword, passwordPolicyErrors } from '../users/passwords';
import { SessionCache } from '../users/session-cache';

interface TenantRow {
  code: string;
  name: string;
  staff_count: number;
  disabled_at: Date | null;
  created_at: Date;
}

/**
 * The platform operator's work: tenants, never their people. The operator's own requests run in the platform
 * tenant's scope (row-level security shows them nothing of any tenant); what spans tenants here says `asSystem`,
 * and answers only codes, names, states and counts.
 */
@Injectable()
export class PlatformService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {}

  list(): Promise<PlatformTenant[]> {
    return asSystem(async () => {
      const rows: TenantRow[] = await this.dataSource.query(
        `${TENANT_SELECT} WHERE NOT t.is_platform ORDER BY t.created_at, t.id`,
        [todayInTokyo()],
      );
      return rows.map(toPlatformTenant);
    });
  }

  /** A tenant with its positions, the default catalogue and its first system administrator, or nothing at all. */
  async create(operator: AuthUser, request: CreateTenantRequest, ip: string): Promise<PlatformTenant> {
    const code = request.code.trim();
    const codeProblem = tenantCodeProblem(code);
    if (codeProblem)
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'invalid-tenant-code',
        '団体コードが正しくありません',
        codeProblem,
        [{ field: 'code', message: codeProblem }],
      );
    const loginId = request.adminLoginId.trim();
    const errors: FieldError[] = request.name.trim()
      ? []
      : [{ field: 'name', message: '団体名を入力してください。' }];
    errors.push(
      ...passwordPolicyErrors(request.adminPassword, { loginId, names: [request.name] }, 'adminPassword'),
    );
    if (errors.length) throw Problem.validation(errors);
    const hash = await hashPassword(request.adminPassword);
    await asSystem(() =>
      this.dataSource.transaction(async (manager) => {
        const [tenant]: { id: number }[] = await manager.query(
          `INSERT INTO tenant (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id`,
          [code, request.name.trim()],
        );
        if (!tenant) {
          const detail = `団体コード「${code}」は既に使われています。`;
          throw new Problem(HttpStatus.CONFLICT, 'tenant-exists', '団体コードが重複しています', detail, [
            { field: 'code', message: detail },
          ]);
        }
        await this.tenants.provision(tenant.id, manager);
        // The operator chose this password: the administrator replaces it at the first sign-in.
        await manager.query(
          `INSERT INTO app_user (tenant_id, login_id, display_name, password_hash, roles, must_change_password)
           VALUES ($1, $2, 'システム管理者', $3, '{sysadmin,hr}', true)`,
          [tenant.id, loginId, hash],
        );
        for (const tenantId of [tenant.id, operator.tenantId])
          await this.audit.record(
            {
              tenantId,
              actorLoginId: operator.loginId,
              action: 'tenant.created',
              target: code,
              detail: { adminLoginId: loginId },
              ip,
            },
            manager,
          );
      }),
    );
    return this.one(code);
  }

  /**
   * A disabled tenant's logins are refused and every session of it ends (its users' session versions move on);
   * nothing is deleted, and enabling it again lets its people sign in anew.
   */
  async setDisabled(
    operator: AuthUser,
    code: string,
    disabled: boolean,
    ip: string,
  ): Promise<PlatformTenant> {
    await asSystem(() =>
      this.dataSource.transaction(async (manager) => {
        const [[tenant]]: [{ id: number }[]] = await manager.query(
          `UPDATE tenant SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END
            WHERE code = $1 AND NOT is_platform RETURNING id`,
          [code, disabled],
        );
        if (!tenant) throw Problem.notFound(`団体コード「${code}」の団体は見つかりません。`);
        if (disabled)
          await manager.query(
            `UPDATE app_user SET session_version = session_version + 1 WHERE tenant_id = $1`,
            [tenant.id],
          );
        await this.audit.record(
          {
            tenantId: operator.tenantId,
            actor: operator,
            action: disabled ? 'tenant.disabled' : 'tenant.enabled',
            target: code,
            ip,
          },
          manager,
        );
      }),
    );
    // Committed: cached users of that tenant go now (a rare operation; every instance's cache ends in seconds).
    if (disabled) this.sessions.clear();
    return this.one(code);
  }

  private one(code: string): Promise<PlatformTenant> {
    return asSystem(async () => {
      const [row]: TenantRow[] = await this.dataSource.query(`${TENANT_SELECT} WHERE t.code = $2`, [
        todayInTokyo(),
        code,
      ]);
      return toPlatformTenant(row);
    });
  }
}

/** A tenant with the number of its staff on the roster today (`$1`). */
const TENANT_SELECT = `SELECT t.code, t.name, t.disabled_at, t.created_at,
    (SELECT count(*) FROM staff s WHERE s.tenant_id = t.id AND (s.left_on IS NULL OR s.left_on >= $1))::int AS staff_count
  FROM tenant t`;

function toPlatformTenant(row: TenantRow): PlatformTenant {
  return {
    code: row.code,
    name: row.name,
    staffCount: row.staff_count,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}
