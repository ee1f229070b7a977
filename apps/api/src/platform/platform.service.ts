import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateTenantRequest, FieldError, PlatformTenant } from '@dx/contract';
import { tenantCodeProblem, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { asSystem } from '../database/tenant-context';
import { TenantsRepository } from '../tenants/tenants.repository';
import { TenantsService } from '../tenants/tenants.service';
import { hashPassword, passwordPolicyErrors } from '../users/passwords';
import { SessionCache } from '../users/session-cache';
import { PlatformRepository, PlatformTenantRow } from './platform.repository';

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
    private readonly tenantsRepository: TenantsRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
    private readonly repository: PlatformRepository,
  ) {}

  list(): Promise<PlatformTenant[]> {
    return asSystem(async () => {
      const rows = await this.repository.findTenants(todayInTokyo());
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
        const tenantId = await this.tenantsRepository.insertNewTenant(manager, code, request.name.trim());
        if (tenantId === undefined) {
          const detail = `団体コード「${code}」は既に使われています。`;
          throw new Problem(HttpStatus.CONFLICT, 'tenant-exists', '団体コードが重複しています', detail, [
            { field: 'code', message: detail },
          ]);
        }
        await this.tenants.provision(tenantId, manager);
        await this.repository.insertFirstAdministrator(manager, tenantId, loginId, hash);
        for (const audited of [tenantId, operator.tenantId])
          await this.audit.record(
            {
              tenantId: audited,
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
        const tenantId = await this.repository.setDisabled(manager, code, disabled);
        if (tenantId === undefined) throw Problem.notFound(`団体コード「${code}」の団体は見つかりません。`);
        if (disabled) await this.repository.endAllSessions(manager, tenantId);
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
      const row = await this.repository.findTenant(code, todayInTokyo());
      return toPlatformTenant(row!);
    });
  }
}

function toPlatformTenant(row: PlatformTenantRow): PlatformTenant {
  return {
    code: row.code,
    name: row.name,
    staffCount: row.staff_count,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}
