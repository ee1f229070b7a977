import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrgUnitNode } from '@dx/contract';
import { AccessService, validOn } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';

@Injectable()
export class OrgService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** The units the user may see on the date, parents before children, with head counts. One query. */
  async tree(user: AuthUser, date: string): Promise<OrgUnitNode[]> {
    const prefix = this.access.requireScopePrefix(user);
    const rows = await this.dataSource.query(
      `WITH units AS (
         SELECT v.unit_id, u.code, v.name, v.kind, pu.code AS parent_code, v.path
           FROM org_unit_version v
           JOIN org_unit u ON u.id = v.unit_id
           LEFT JOIN org_unit pu ON pu.id = v.parent_unit_id
          WHERE v.tenant_id = $1 AND ${validOn('v', 2)} AND v.path LIKE $3
       ), direct AS (
         SELECT a.unit_id, count(*)::int AS n FROM staff_assignment a
          WHERE a.tenant_id = $1 AND ${validOn('a', 2)} GROUP BY a.unit_id
       ), placed AS (
         SELECT units.path, direct.n FROM units JOIN direct USING (unit_id)
       )
       SELECT units.code, units.name, units.kind, units.parent_code, coalesce(direct.n, 0) AS staff_count,
              (SELECT coalesce(sum(placed.n), 0)::int FROM placed WHERE placed.path LIKE units.path || '%') AS total
         FROM units LEFT JOIN direct USING (unit_id)
        ORDER BY units.path`,
      [user.tenantId, date, prefix + '%'],
    );
    return rows.map((r: Record<string, unknown>): OrgUnitNode => ({
      code: r.code as string,
      name: r.name as string,
      kind: r.kind as OrgUnitNode['kind'],
      // A manager's own unit is the root of what they see.
      parentCode:
        prefix !== '/' && (r.code as string) === user.managedUnit?.code
          ? null
          : (r.parent_code as string | null),
      staffCount: r.staff_count as number,
      totalStaffCount: r.total as number,
    }));
  }
}
