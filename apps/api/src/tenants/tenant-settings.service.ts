import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TenantSettings, UpdateTenantSettingsRequest } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';

/** What a tenant shows of itself: its display name and the issuer line of its 修了証 (HR edits them). */
@Injectable()
export class TenantSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async settings(tenantId: number): Promise<TenantSettings> {
    const [row] = await this.dataSource.query(`SELECT code, name, issuer_line FROM tenant WHERE id = $1`, [
      tenantId,
    ]);
    return { code: row.code, name: row.name, issuerLine: row.issuer_line };
  }

  async update(user: AuthUser, change: UpdateTenantSettingsRequest, ip: string): Promise<TenantSettings> {
    const issuerLine = change.issuerLine?.trim() || null;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE tenant SET name = $2, issuer_line = $3 WHERE id = $1`, [
        user.tenantId,
        change.name.trim(),
        issuerLine,
      ]);
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
}
