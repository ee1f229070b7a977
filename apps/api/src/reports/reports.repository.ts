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
  overdue: number;
  exempt: number;
}

/** The SQL of the completion statistics: the report cache's roll-ups summed by the grouping asked for. */
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
        ? sql`JOIN course c ON c.id = p.course_id JOIN track t ON t.id = c.track_id`
        : sql`JOIN track t ON t.id = p.track_id`;
    const positions =
      group.rollup === 'report_position_track'
        ? sql`JOIN position pos ON pos.id = p.position_id`
        : sql.raw('');
    return run<CompletionCountsRow>(
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
  }
}
