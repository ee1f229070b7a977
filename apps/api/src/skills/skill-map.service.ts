import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { SkillMapDepartmentRow, SkillMapReport } from '@dx/contract';
import { DX_LITERACY_AREAS, DX_PROMOTION_ROLES, neutralizeSpreadsheetCell, todayInTokyo } from '@dx/domain';
import { AccessService } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';
import { SkillMapRepository } from './skill-map.repository';

export interface SkillMapWorkbook {
  bytes: Buffer;
  fileName: string;
  rows: number;
}

/** covered / staff to 3 decimals (0.1 %), 0 for a 部局 without staff. */
export function share(covered: number, staff: number): number {
  return staff > 0 ? Math.round((covered / staff) * 1000) / 1000 : 0;
}

/**
 * HR's スキルマップ: per 部局 of today's org chart, how many active staff have covered each DXリテラシー標準 area
 * (completed, in any fiscal year, at least one course mapped to it or to an item of it), and the DX推進スペシャリスト
 * with their completed courses per DX推進スキル標準 role. Scoped by AccessService: HR sees the tenant, a manager
 * (should the permission ever include them) their subtree.
 */
@Injectable()
export class SkillMapService {
  constructor(
    private readonly repository: SkillMapRepository,
    private readonly access: AccessService,
  ) {}

  async map(user: AuthUser, today = todayInTokyo()): Promise<SkillMapReport> {
    const scopePattern = this.access.requireScopePrefix(user) + '%';
    const [departments, specialists] = await Promise.all([
      this.repository.countCoverageByDepartment(user.tenantId, today, scopePattern),
      this.repository.findSpecialistRoles(user.tenantId, today, scopePattern),
    ]);
    const rows: SkillMapDepartmentRow[] = departments.map((d) => ({
      code: d.code,
      name: d.name,
      staff: d.staff,
      covered: d.covered,
      shares: d.covered.map((n) => share(n, d.staff)),
    }));
    const staff = rows.reduce((sum, r) => sum + r.staff, 0);
    const covered = DX_LITERACY_AREAS.map((_, i) => rows.reduce((sum, r) => sum + r.covered[i], 0));
    return {
      asOf: today,
      areas: DX_LITERACY_AREAS.map((a) => ({ code: a.code, label: a.label })),
      departments: rows,
      totals: { code: 'total', name: '合計', staff, covered, shares: covered.map((n) => share(n, staff)) },
      roles: DX_PROMOTION_ROLES.map((r) => ({ code: r.code, label: r.label })),
      specialists: specialists.map((s) => ({
        employeeNo: s.employee_no,
        name: s.name,
        departmentName: s.department_name,
        cohortName: s.cohort_name,
        stage: s.stage,
        completedByRole: s.completed_by_role,
      })),
    };
  }

  /** The map as XLSX: a sheet per table, numbers as numbers, shares as %, text cells neutralised against formulas. */
  async workbook(user: AuthUser): Promise<SkillMapWorkbook> {
    const report = await this.map(user);
    const workbook = new ExcelJS.Workbook();
    workbook.created = new Date();
    const text = (value: string) => neutralizeSpreadsheetCell(value);

    const coverage = workbook.addWorksheet('DXリテラシー（部局別）');
    coverage.addRow([`スキルマップ（${report.asOf} 時点の組織・在職者）`]);
    coverage.addRow([
      '部局コード',
      '部局',
      '職員数',
      ...report.areas.map((a) => `${a.label} 修了者数`),
      ...report.areas.map((a) => `${a.label} 割合`),
    ]);
    for (const row of [...report.departments, report.totals]) {
      const added = coverage.addRow([
        row === report.totals ? '' : text(row.code),
        text(row.name),
        row.staff,
        ...row.covered,
        ...row.shares,
      ]);
      for (let i = 0; i < report.areas.length; i++)
        added.getCell(4 + report.areas.length + i).numFmt = '0.0%';
    }
    coverage.getRow(2).font = { bold: true };
    coverage.columns.forEach((column, i) => (column.width = i === 1 ? 24 : 16));

    const specialists = workbook.addWorksheet('DX推進スペシャリスト');
    specialists.addRow(['職員番号', '氏名', '部局', 'コホート', '段階', ...report.roles.map((r) => r.label)]);
    for (const s of report.specialists) {
      specialists.addRow([
        text(s.employeeNo),
        text(s.name),
        text(s.departmentName),
        text(s.cohortName),
        text(s.stage),
        ...s.completedByRole,
      ]);
    }
    specialists.getRow(1).font = { bold: true };
    specialists.columns.forEach((column) => (column.width = 16));

    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    return {
      bytes,
      fileName: `スキルマップ_${report.asOf}.xlsx`,
      rows: report.departments.length + report.specialists.length,
    };
  }
}
