import { Injectable } from '@nestjs/common';
import type { Page, PeopleSort, StaffAssignmentHistoryItem, StaffListItem } from '@dx/contract';
import { addDays } from '@dx/domain';
import { AccessService } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';
import { StaffRepository } from './staff.repository';

export interface StaffSearch {
  date: string;
  q?: string;
  orgUnitCode?: string;
  sort?: PeopleSort;
  page: number;
  pageSize: number;
}

@Injectable()
export class StaffService {
  constructor(
    private readonly repository: StaffRepository,
    private readonly access: AccessService,
  ) {}

  /** People placed in the user's scope on the date, searched by 職員番号 prefix or name / kana. */
  async search(user: AuthUser, search: StaffSearch): Promise<Page<StaffListItem>> {
    const prefix = search.orgUnitCode
      ? (await this.access.requireUnit(user, search.orgUnitCode, search.date)).path
      : this.access.requireScopePrefix(user);
    const viewer = this.access.scopePrefix(user) === '/' ? '' : (user.managedUnit?.code ?? '');
    const rows = await this.repository.searchPlacedOn(user.tenantId, prefix, viewer, search);
    return {
      total: rows[0]?.total ?? 0,
      page: search.page,
      pageSize: search.pageSize,
      items: rows.map((r): StaffListItem => ({
        employeeNo: r.employee_no,
        name: r.name,
        nameKana: r.name_kana,
        email: r.email,
        unitCode: r.unit_code,
        unitName: r.unit_name,
        unitPath: r.unit_path,
        positionName: r.position_name,
        positionLevel: Number(r.position_level),
        employmentType: r.employment_type as StaffListItem['employmentType'],
        hiredOn: r.hired_on,
        promotedOn: r.promoted_on,
        assignedOn: r.assigned_on,
      })),
    };
  }

  /** Every assignment of the person, oldest first, with the unit named as it was at the assignment's start. */
  async history(user: AuthUser, employeeNo: string, date: string): Promise<StaffAssignmentHistoryItem[]> {
    const staffId = await this.access.requireStaff(user, employeeNo, date);
    const rows = await this.repository.findAssignmentHistory(user.tenantId, staffId);
    return rows.map((r: Record<string, string | null>): StaffAssignmentHistoryItem => ({
      unitCode: r.unit_code!,
      unitName: r.unit_name ?? '',
      positionName: r.position_name!,
      validFrom: r.valid_from!,
      validTo: r.valid_to ? addDays(r.valid_to, -1) : null,
    }));
  }
}
