import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CompletionReport, CompletionReportRow, ReportGroup } from '@dx/contract';
import { AccessService, type ReportScope } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';
import { run, type Sql, sql } from '../database/sql';
import { DEPARTMENT_CODE, SECTION_CODE, unitNamesSql } from './placement';
import { ReportCache } from './report-cache';

/**
 * How each grouping counts: from which roll-up of the report cache (by unit and course, or by unit, position and
 * track), its key, and how a key gets its label and its place once the counting is done.
 */
const GROUPS: Record<
  ReportGroup,
  { rollup: string; key: string; label: (tenantId: number) => Sql; order: (tenantId: number) => Sql }
> = {
  department: {
    rollup: 'report_unit_course',
    key: DEPARTMENT_CODE,
    label: () => sql`(SELECT n.name FROM unit_names n WHERE n.code = g.key)`,
    order: () => sql`g.key`,
  },
  section: {
    rollup: 'report_unit_course',
    key: SECTION_CODE,
    label: () => sql`(SELECT n.name FROM unit_names n WHERE n.code = g.key)`,
    order: () => sql`g.key`,
  },
  position: {
    rollup: 'report_position_track',
    key: 'pos.name',
    label: () => sql`g.key`,
    order: (tenantId) =>
      sql`(SELECT pos.level FROM position pos WHERE pos.tenant_id = ${tenantId} AND pos.name = g.key) DESC, g.key`,
  },
  track: {
    rollup: 'report_unit_course',
    key: 't.code',
    label: (tenantId) => sql`(SELECT t.name FROM track t WHERE t.tenant_id = ${tenantId} AND t.code = g.key)`,
    order: () => sql`g.key`,
  },
};

/** The contract's completion statistics, with each year reported as the org stood then. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly cache: ReportCache,
  ) {}

  /**
   * The user's report scope for the fiscal year (AccessService.reportScope), after making the figures current for
   * today: every reader of the figures comes through here, and the refresh is its one side effect.
   */
  async currentScope(user: AuthUser, fiscalYear: number, orgUnitCode?: string): Promise<ReportScope> {
    this.access.requireScopePrefix(user);
    const today = await this.cache.ensureCurrent(user.tenantId, fiscalYear);
    return this.access.reportScope(user, fiscalYear, today, orgUnitCode);
  }

  async completion(
    user: AuthUser,
    fiscalYear: number,
    groupBy: ReportGroup,
    orgUnitCode?: string,
    trackCode?: string,
  ): Promise<CompletionReport> {
    const scope = await this.currentScope(user, fiscalYear, orgUnitCode);
    const group = GROUPS[groupBy];
    const tenantId = user.tenantId;
    const byTrack = trackCode ? sql`AND t.code = ${trackCode}` : sql.raw('');
    const tracks =
      group.rollup === 'report_unit_course'
        ? sql`JOIN course c ON c.id = p.course_id JOIN track t ON t.id = c.track_id`
        : sql`JOIN track t ON t.id = p.track_id`;
    const positions =
      group.rollup === 'report_position_track'
        ? sql`JOIN position pos ON pos.id = p.position_id`
        : sql.raw('');
    const rows = await run(
      this.dataSource,
      sql`WITH unit_names AS (${unitNamesSql(tenantId, scope.reportDate)})
       SELECT g.*, ${group.label(tenantId)} AS label FROM (
         SELECT ${sql.raw(group.key)} AS key, sum(p.assigned)::int AS assigned, sum(p.completed)::int AS completed,
                sum(p.in_progress)::int AS in_progress, sum(p.not_started)::int AS not_started,
                sum(p.overdue)::int AS overdue, sum(p.exempt)::int AS exempt
           FROM ${sql.raw(group.rollup)} p ${tracks} ${positions}
          WHERE p.tenant_id = ${tenantId} AND p.fiscal_year = ${fiscalYear}
            AND p.path LIKE ${scope.scopePattern} AND p.path LIKE ${scope.unitPattern} ${byTrack}
          GROUP BY 1 HAVING sum(p.assigned) > 0) g
        ORDER BY ${group.order(tenantId)}`,
    );
    const reportRows = rows.map((r) =>
      toRow(String(r.key), String(r.label ?? r.key), {
        assigned: r.assigned as number,
        completed: r.completed as number,
        inProgress: r.in_progress as number,
        notStarted: r.not_started as number,
        overdue: r.overdue as number,
        exempt: r.exempt as number,
      }),
    );
    const sum = (field: keyof Omit<CompletionReportRow, 'key' | 'label' | 'completionRate'>) =>
      reportRows.reduce((total, row) => total + row[field], 0);
    const totals = toRow('total', '合計', {
      assigned: sum('assigned'),
      completed: sum('completed'),
      inProgress: sum('inProgress'),
      notStarted: sum('notStarted'),
      overdue: sum('overdue'),
      exempt: sum('exempt'),
    });
    return { fiscalYear, rows: reportRows, asOf: scope.reportDate, totals };
  }
}

/** completionRate = completed / (assigned − exempt), 0 when nothing is left to complete. */
export function completionRate(completed: number, assigned: number, exempt: number): number {
  const denominator = assigned - exempt;
  return denominator > 0 ? Math.round((completed / denominator) * 10000) / 10000 : 0;
}

function toRow(
  key: string,
  label: string,
  counts: Omit<CompletionReportRow, 'key' | 'label' | 'completionRate'>,
): CompletionReportRow {
  return {
    key,
    label,
    ...counts,
    completionRate: completionRate(counts.completed, counts.assigned, counts.exempt),
  };
}
