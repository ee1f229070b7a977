import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReportGroup } from '@dx/contract';
import type { ReportScope } from '../access/access.service';
import { run, type Sql, sql } from '../database/sql';
import { DEPARTMENT_CODE, SECTION_CODE, unitNamesSql } from './placement';

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

/** One group's counts, summed from the report cache, with its label. */
export interface CompletionCountsRow {
  key: string;
  label: string | null;
  assigned: number;
  completed: number;
  in_progress: number;
  not_started: number;
  /** 期限超過 of first assignments only. */
  overdue: number;
  /** 更新期限切れ: renewals past due. */
  renewal_overdue: number;
  exempt: number;
}

/**
 * The SQL of the completion statistics: the report cache's roll-ups summed by the grouping asked for. The cache counts
 * every assignment past due in `overdue` (report_state()'s 3); 更新期限切れ is split off by counting, in the same
 * statement, the renewals (`renews_enrollment_id`) past due on the day the cache is counted as of (report_year.as_of),
 * placed as the cache placed them (report_person). The partial index ix_enrollment_renewal keeps that count to the
 * renewals of the year.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The counts of each group with assignments in the scope (and track), in the grouping's order. */
  sumCompletionByGroup(
    tenantId: number,
    fiscalYear: number,
    scope: ReportScope,
    groupBy: ReportGroup,
    trackCode: string | undefined,
  ): Promise<CompletionCountsRow[]> {
    const group = GROUPS[groupBy];
    const byTrack = trackCode ? sql`AND t.code = ${trackCode}` : sql.raw('');
    const tracks =
      group.rollup === 'report_unit_course'
        ? sql`JOIN course c ON c.tenant_id = p.tenant_id AND c.id = p.course_id
               JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id`
        : sql`JOIN track t ON t.tenant_id = p.tenant_id AND t.id = p.track_id`;
    const positions =
      group.rollup === 'report_position_track'
        ? sql`JOIN position pos ON pos.tenant_id = p.tenant_id AND pos.id = p.position_id`
        : sql.raw('');
    return run<CompletionCountsRow>(
      this.dataSource,
      sql`WITH unit_names AS (${unitNamesSql(tenantId, scope.reportDate)}),
       renewals AS (
         SELECT ${sql.raw(group.key)} AS key, count(*)::int AS renewal_overdue
           FROM enrollment e
           JOIN report_year y ON y.tenant_id = e.tenant_id AND y.fiscal_year = e.fiscal_year
           JOIN report_person p ON p.tenant_id = e.tenant_id AND p.fiscal_year = e.fiscal_year AND p.staff_id = e.staff_id
           JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
           JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id ${positions}
          WHERE e.tenant_id = ${tenantId} AND e.fiscal_year = ${fiscalYear} AND e.renews_enrollment_id IS NOT NULL
            AND e.completed_on IS NULL AND e.exempt_reason IS NULL AND e.due_date < y.as_of
            AND p.path LIKE ${scope.scopePattern} AND p.path LIKE ${scope.unitPattern} ${byTrack}
          GROUP BY 1
       )
       SELECT g.key, g.assigned, g.completed, g.in_progress, g.not_started,
              g.overdue - coalesce(r.renewal_overdue, 0) AS overdue, coalesce(r.renewal_overdue, 0) AS renewal_overdue,
              g.exempt, ${group.label(tenantId)} AS label FROM (
         SELECT ${sql.raw(group.key)} AS key, sum(p.assigned)::int AS assigned, sum(p.completed)::int AS completed,
                sum(p.in_progress)::int AS in_progress, sum(p.not_started)::int AS not_started,
                sum(p.overdue)::int AS overdue, sum(p.exempt)::int AS exempt
           FROM ${sql.raw(group.rollup)} p ${tracks} ${positions}
          WHERE p.tenant_id = ${tenantId} AND p.fiscal_year = ${fiscalYear}
            AND p.path LIKE ${scope.scopePattern} AND p.path LIKE ${scope.unitPattern} ${byTrack}
          GROUP BY 1 HAVING sum(p.assigned) > 0) g
        LEFT JOIN renewals r ON r.key = g.key
        ORDER BY ${group.order(tenantId)}`,
    );
  }
}
