import { Injectable } from '@nestjs/common';
import type { OrgUnitNode } from '@dx/contract';
import { AccessService } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';
import { OrgRepository } from './org.repository';

@Injectable()
export class OrgService {
  constructor(
    private readonly repository: OrgRepository,
    private readonly access: AccessService,
  ) {}

  /** The units the user may see on the date, parents before children, with head counts. */
  async tree(user: AuthUser, date: string): Promise<OrgUnitNode[]> {
    const prefix = this.access.requireScopePrefix(user);
    const rows = await this.repository.findUnitsWithHeadCounts(user.tenantId, date, prefix);
    return rows.map((r): OrgUnitNode => ({
      code: r.code,
      name: r.name,
      kind: r.kind as OrgUnitNode['kind'],
      // A manager's own unit is the root of what they see.
      parentCode: prefix !== '/' && r.code === user.managedUnit?.code ? null : r.parent_code,
      staffCount: r.staff_count,
      totalStaffCount: r.total,
    }));
  }
}
