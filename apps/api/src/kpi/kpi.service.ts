import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FieldError, KpiDashboard, KpiTarget } from '@dx/contract';
import { fiscalYearEnd, fiscalYearStart } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { run, sql } from '../database/sql';
import { placedAssignmentsSql, SECTION_CODE } from '../reports/placement';
import { ReportsService } from '../reports/reports.service';

/** The KPIs of the DX talent plan, with the label and unit HR sees next to each target. */
export const KPI_DEFINITIONS = [
  { key: 'tiered_completion_rate', label: '階層別研修の修了率', unit: '%' },
  { key: 'workplace_completion_rate', label: '職場内DX研修の修了率', unit: '%' },
  { key: 'promoter_coverage_rate', label: 'デジタル活用推進員を配置した所属の割合', unit: '%' },
  { key: 'certified_specialists', label: 'DX推進スペシャリスト認定者数（累計）', unit: '人' },
] as const;
export type KpiKey = (typeof KPI_DEFINITIONS)[number]['key'];

/**
 * A rate (a KPI in %) lies between 0 and 100: 120 % of the sections cannot have a promoter. The DTO bounds every value
 * at 1,000,000 (counts of people); this is the rule that depends on the key.
 */
export function rateErrors(
  targets: readonly { key: string; baseline: number | null; target: number | null }[],
): FieldError[] {
  const errors: FieldError[] = [];
  targets.forEach((t, i) => {
    const definition = KPI_DEFINITIONS.find((d) => d.key === t.key);
    if (definition?.unit !== '%') return;
    for (const [field, name] of [
      ['baseline', '現状値'],
      ['target', '目標値'],
    ] as const) {
      const value = t[field];
      if (value !== null && (value < 0 || value > 100)) {
        errors.push({
          field: `targets[${i}].${field}`,
          message: `「${definition.label}」の${name}は0〜100%の範囲で入力してください。`,
        });
      }
    }
  });
  return errors;
}

const percent = (numerator: number, denominator: number) =>
  denominator > 0 ? Math.round((numerator / denominator) * 1000) / 10 : 0;

@Injectable()
export class KpiService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  async dashboard(user: AuthUser, fiscalYear: number): Promise<KpiDashboard> {
    const scope = await this.reports.currentScope(user, fiscalYear);
    const tiered = await this.reports.completion(user, fiscalYear, 'department', undefined, 'KAISO');
    const workplace = await this.reports.completion(user, fiscalYear, 'track', undefined, 'WORKPLACE-DX');
    const monthly: { month: string; cumulative: number; assigned: number }[] = await this.dataSource.query(
      `WITH months AS (
         SELECT to_char(m, 'YYYY-MM') AS month, (m + interval '1 month' - interval '1 day')::date AS month_end
           FROM generate_series($4::date, least($5::date, $3::date), interval '1 month') AS m
       ), workplace AS (
         SELECT e.completed_on FROM enrollment e JOIN course c ON c.id = e.course_id
          WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND c.code = 'WORKPLACE-DX' AND e.exempt_reason IS NULL
       )
       SELECT months.month, (SELECT count(*)::int FROM workplace w WHERE w.completed_on <= months.month_end) AS cumulative,
              (SELECT count(*)::int FROM workplace) AS assigned
         FROM months ORDER BY months.month`,
      [user.tenantId, fiscalYear, scope.today, fiscalYearStart(fiscalYear), fiscalYearEnd(fiscalYear)],
    );
    const tenantId = user.tenantId;
    const [coverage] = await run<{ sections: number; with_promoter: number }>(
      this.dataSource,
      sql`WITH ${placedAssignmentsSql({ tenantId, fiscalYear, reportDate: scope.reportDate, today: scope.today, pathPrefix: scope.pathPrefix })},
       sections AS (
         SELECT u.code FROM org_unit u JOIN org_unit_version v ON v.unit_id = u.id
          WHERE u.tenant_id = ${tenantId} AND v.kind = '所属' AND v.valid_from <= ${scope.reportDate}::date AND (v.valid_to IS NULL OR v.valid_to > ${scope.reportDate}::date)
       ), covered AS (
         -- A promoter covers the 所属 where they stand on the report date: one who has left by then covers none
         -- (placed keeps leavers, on their last day, for the completion figures).
         SELECT DISTINCT ${sql.raw(SECTION_CODE)} AS code FROM placed p JOIN staff s ON s.id = p.staff_id
          WHERE (s.left_on IS NULL OR s.left_on >= ${scope.reportDate}::date)
            AND EXISTS (SELECT 1 FROM promoter_designation d WHERE d.staff_id = p.staff_id AND d.fiscal_year = ${fiscalYear})
       )
       SELECT (SELECT count(*)::int FROM sections) AS sections,
              (SELECT count(*)::int FROM sections WHERE code IN (SELECT code FROM covered)) AS with_promoter`,
    );
    const [specialists] = await this.dataSource.query(
      // People, not memberships: someone certified in two cohorts is one 認定者. 養成中 are this year's cohort members
      // not certified by the report date (in this cohort or an earlier one): a 認定者 is not counted twice.
      `SELECT count(DISTINCT m.staff_id) FILTER (WHERE m.certified_on IS NOT NULL AND m.certified_on <= $3::date)::int AS certified,
              count(DISTINCT m.staff_id) FILTER (
                WHERE c.fiscal_year = $2
                  AND NOT EXISTS (SELECT 1 FROM cohort_member x
                                   WHERE x.tenant_id = m.tenant_id AND x.staff_id = m.staff_id
                                     AND x.certified_on IS NOT NULL AND x.certified_on <= $3::date))::int AS in_programme
         FROM cohort_member m JOIN specialist_cohort c ON c.id = m.cohort_id
        WHERE m.tenant_id = $1 AND c.fiscal_year <= $2`,
      [user.tenantId, fiscalYear, scope.reportDate],
    );
    const current: Record<KpiKey, number> = {
      tiered_completion_rate: Math.round(tiered.totals.completionRate * 1000) / 10,
      workplace_completion_rate: Math.round(workplace.totals.completionRate * 1000) / 10,
      promoter_coverage_rate: percent(coverage.with_promoter, coverage.sections),
      certified_specialists: specialists.certified,
    };
    return {
      fiscalYear,
      asOf: scope.reportDate,
      tieredByDepartment: tiered.rows.map((r) => ({
        code: r.key,
        name: r.label,
        assigned: r.assigned,
        completed: r.completed,
        exempt: r.exempt,
        rate: r.completionRate,
      })),
      workplaceMonthly: monthly.map((m) => ({
        month: m.month,
        cumulativeCompleted: m.cumulative,
        assigned: m.assigned,
        rate: m.assigned > 0 ? Math.round((m.cumulative / m.assigned) * 10000) / 10000 : 0,
      })),
      promoterCoverage: {
        sections: coverage.sections,
        sectionsWithPromoter: coverage.with_promoter,
        rate:
          coverage.sections > 0
            ? Math.round((coverage.with_promoter / coverage.sections) * 10000) / 10000
            : 0,
      },
      specialists: { certified: specialists.certified, inProgramme: specialists.in_programme },
      targets: await this.targets(user.tenantId, fiscalYear, current),
    };
  }

  private async targets(
    tenantId: number,
    fiscalYear: number,
    current: Record<KpiKey, number>,
  ): Promise<KpiTarget[]> {
    const rows: { key: string; baseline: string | null; target: string | null }[] =
      await this.dataSource.query(
        `SELECT key, baseline, target FROM kpi_target WHERE tenant_id = $1 AND fiscal_year = $2`,
        [tenantId, fiscalYear],
      );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return KPI_DEFINITIONS.map((d) => ({
      key: d.key,
      label: d.label,
      unit: d.unit,
      current: current[d.key],
      baseline: byKey.get(d.key)?.baseline != null ? Number(byKey.get(d.key)!.baseline) : null,
      target: byKey.get(d.key)?.target != null ? Number(byKey.get(d.key)!.target) : null,
    }));
  }

  async saveTargets(
    user: AuthUser,
    fiscalYear: number,
    targets: { key: string; baseline: number | null; target: number | null }[],
  ): Promise<KpiDashboard> {
    const errors = rateErrors(targets);
    if (errors.length > 0) throw Problem.validation(errors, errors[0].message);
    await this.dataSource.transaction(async (manager) => {
      for (const t of targets) {
        await manager.query(
          `INSERT INTO kpi_target (tenant_id, fiscal_year, key, baseline, target) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, fiscal_year, key) DO UPDATE SET baseline = EXCLUDED.baseline, target = EXCLUDED.target`,
          [user.tenantId, fiscalYear, t.key, t.baseline, t.target],
        );
      }
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'kpi.targets_saved',
          target: String(fiscalYear),
          detail: { targets },
        },
        manager,
      );
    });
    return this.dashboard(user, fiscalYear);
  }
}
