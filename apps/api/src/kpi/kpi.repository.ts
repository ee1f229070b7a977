import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fiscalYearEnd, fiscalYearStart } from '@dx/domain';
import type { ReportScope } from '../access/access.service';
import { run, sql } from '../database/sql';
import { placedAssignmentsSql, SECTION_CODE } from '../reports/placement';

/** The SQL of the KPI dashboard: the figures the report cache does not hold, and the targets HR sets. */
@Injectable()
export class KpiRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 職場内DX研修 month by month up to today: completions so far against everyone assigned (not exempt). */
  findWorkplaceMonthly(
    tenantId: number,
    fiscalYear: number,
    today: string,
  ): Promise<{ month: string; cumulative: number; assigned: number }[]> {
    return this.dataSource.query(
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
      [tenantId, fiscalYear, today, fiscalYearStart(fiscalYear), fiscalYearEnd(fiscalYear)],
    );
  }

  /** The 所属 on the report date, and how many of them have a デジタル活用推進員 standing in them then. */
  async findPromoterCoverage(
    tenantId: number,
    fiscalYear: number,
    scope: ReportScope,
  ): Promise<{ sections: number; with_promoter: number }> {
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
    return coverage;
  }

  /** DX推進スペシャリスト: people certified by the report date, and this year's members not yet certified. */
  async findSpecialistCounts(
    tenantId: number,
    fiscalYear: number,
    reportDate: string,
  ): Promise<{ certified: number; in_programme: number }> {
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
      [tenantId, fiscalYear, reportDate],
    );
    return specialists;
  }

  findTargets(
    tenantId: number,
    fiscalYear: number,
  ): Promise<{ key: string; baseline: string | null; target: string | null }[]> {
    return this.dataSource.query(
      `SELECT key, baseline, target FROM kpi_target WHERE tenant_id = $1 AND fiscal_year = $2`,
      [tenantId, fiscalYear],
    );
  }

  async upsertTarget(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    t: { key: string; baseline: number | null; target: number | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO kpi_target (tenant_id, fiscal_year, key, baseline, target) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, fiscal_year, key) DO UPDATE SET baseline = EXCLUDED.baseline, target = EXCLUDED.target`,
      [tenantId, fiscalYear, t.key, t.baseline, t.target],
    );
  }
}
