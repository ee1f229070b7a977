import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fiscalYearEnd, fiscalYearStart } from '@dx/domain';
import type { ReportScope } from '../access/access.service';
import { run, sql } from '../database/sql';
import { promoterCoverageSql } from '../promoters/promoter-coverage.sql';

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
         SELECT e.completed_on FROM enrollment e JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
          WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND c.code = 'WORKPLACE-DX' AND e.exempt_reason IS NULL
       )
       SELECT months.month, (SELECT count(*)::int FROM workplace w WHERE w.completed_on <= months.month_end) AS cumulative,
              (SELECT count(*)::int FROM workplace) AS assigned
         FROM months ORDER BY months.month`,
      [tenantId, fiscalYear, today, fiscalYearStart(fiscalYear), fiscalYearEnd(fiscalYear)],
    );
  }

  /**
   * The 所属 on the report date, and how many of them have an active デジタル活用推進員 then: the definition the
   * coverage list (推進員の配置状況) reads too (promoterCoverageSql), so the figure and the list always agree.
   */
  async findPromoterCoverage(
    tenantId: number,
    fiscalYear: number,
    scope: Pick<ReportScope, 'reportDate' | 'pathPrefix'>,
  ): Promise<{ sections: number; with_promoter: number }> {
    const [coverage] = await run<{ sections: number; with_promoter: number }>(
      this.dataSource,
      sql`WITH ${promoterCoverageSql(tenantId, fiscalYear, scope.reportDate, scope.pathPrefix)}
       SELECT (SELECT count(*)::int FROM sections) AS sections, (SELECT count(*)::int FROM covered) AS with_promoter`,
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
                                   WHERE x.tenant_id = $1 AND x.staff_id = m.staff_id
                                     AND x.certified_on IS NOT NULL AND x.certified_on <= $3::date))::int AS in_programme
         FROM cohort_member m JOIN specialist_cohort c ON c.tenant_id = m.tenant_id AND c.id = m.cohort_id
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

  /** Saves the year's targets in one statement (each key inserted or updated). */
  async upsertTargets(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    targets: { key: string; baseline: number | null; target: number | null }[],
  ): Promise<void> {
    // A key sent twice keeps its last values, as saving them one after another did (one statement cannot touch a
    // row twice).
    const rows = [...new Map(targets.map((t) => [t.key, t])).values()];
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO kpi_target (tenant_id, fiscal_year, key, baseline, target)
       SELECT $1, $2, x.key, x.baseline, x.target
         FROM unnest($3::varchar[], $4::numeric[], $5::numeric[]) AS x(key, baseline, target)
       ON CONFLICT (tenant_id, fiscal_year, key) DO UPDATE SET baseline = EXCLUDED.baseline, target = EXCLUDED.target`,
      [tenantId, fiscalYear, rows.map((t) => t.key), rows.map((t) => t.baseline), rows.map((t) => t.target)],
    );
  }
}
