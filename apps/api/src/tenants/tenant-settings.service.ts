import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TenantSettings, UpdateTenantSettingsRequest } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { TenantsRepository } from './tenants.repository';

/** What a tenant shows of itself: its display name and the issuer line of its 修了証 (HR edits them). */
@Injectable()
export class TenantSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: TenantsRepository,
  ) {}

  async settings(tenantId: number): Promise<TenantSettings> {
    const row = await this.repository.findSettings(tenantId);
    return { code: row.code, name: row.name, issuerLine: row.issuer_line, hasLogo: row.has_logo };
  }

  async update(user: AuthUser, change: UpdateTenantSettingsRequest, ip: string): Promise<TenantSettings> {
    const issuerLine = change.issuerLine?.trim() || null;
    await this.dataSource.transaction(async (manager) => {
      await this.repository.updateNames(manager, user.tenantId, change.name.trim(), issuerLine);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'tenant.settings_changed',
          detail: { name: change.name.trim(), issuerLine },
          ip,
        },
        manager,
      );
    });
    return this.settings(user.tenantId);
  }

  /** Sets (bytes) or removes (null) the tenant's logo; the caller has checked it with `inspectLogo`. */
  async setLogo(
    user: AuthUser,
    logo: { bytes: Buffer; type: string } | null,
    ip: string,
  ): Promise<TenantSettings> {
    await this.dataSource.transaction(async (manager) => {
      await this.repository.updateLogo(manager, user.tenantId, logo);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'tenant.settings_changed',
          detail: { logo: logo ? `${logo.type}, ${logo.bytes.length} bytes` : null },
          ip,
        },
        manager,
      );
    });
    return this.settings(user.tenantId);
  }
}
