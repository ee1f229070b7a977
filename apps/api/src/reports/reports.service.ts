import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CompletionReport, CompletionReportRow, ReportGroup } from '@dx/contract';
import { AccessService, validOn } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { DEPARTMENT_CODE, reportDateFor, SECTION_CODE, subtreePattern, unitNamesSql } from './placement';
import { ReportCache } from './report-cache';

export interface ReportScope {
  /** The requested unit's path on the report date (or the user's scope) with %, as a LIKE pattern. */
  pathPrefix: string;
  /** LIKE patterns on the path where each person was placed: the user's subtree, and the requested unit's. */
  scopePattern: string;
  unitPattern: string;
  /** The codes those patterns match (none for the whole tenant), for `pathCodesSql(alias) @> codes`. */
  subtreeCodes: string[];
  /** The code of the unit the user sees from (a manager's own unit), null for the whole tenant. */
  viewerUnitCode: string | null;
  reportDate: string;
  today: string;
}

/**
 * How each grouping counts: from which roll-up of the report cache (by unit and course, or by unit, position and
 * track), its key, and how a key gets its label and its place once the counting is done.
 */
const GROUPS: Record<ReportGroup, { rollup: string; key: string; label: string; order: string }> = {
  department: {
    rollup: 'report_unit_course',
    key: DEPARTMENT_CODE,
    label: `(SELECT n.name FROM unit_names n WHERE n.code = g.key)`,
    order: 'g.key',
  },
  section: {
    rollup: 'report_unit_course',
    key: SECTION_CODE,
    label: `(SELECT n.name FROM unit_names n WHERE n.code = g.key)`,
    order: 'g.key',
  },
  position: {
    rollup: 'report_position_track',
    key: 'pos.name',
    label: 'g.key',
    order: `(SELECT pos.level FROM position pos WHERE pos.tenant_id = $1 AND pos.name = g.key) DESC, g.key`,
  },
  track: {
    rollup: 'report_unit_course',
    key: 't.code',
    label: `(SELECT t.name FROM track t WHERE t.tenant_id = $1 AND t.code = g.key)`,
    order: 'g.key',
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
   * What the user may report on: their subtree (403 for someone who manages nothing), narrowed to a unit that
   * existed on the report date inside it (404 otherwise). Units are matched by code in the path where each person
   * was placed, not by where the unit stands today: a 所属 that moved to another 部局 keeps its history, and
   * its 課長 still sees last year's figures.
   */
  async scope(user: AuthUser, fiscalYear: number, orgUnitCode?: string): Promise<ReportScope> {
    const prefix = this.access.requireScopePrefix(user);
    // Every reader of the figures comes through here: the cache is made current for today first.
    const today = await this.cache.ensureCurrent(user.tenantId, fiscalYear);
    const reportDate = reportDateFor(fiscalYear, today);
    const scopePattern = subtreePattern(prefix === '/' ? null : user.managedUnit!.code);
    let pathPrefix = prefix;
    if (orgUnitCode) {
      const [unit] = await this.dataSource.query(
        `SELECT v.path FROM org_unit u JOIN org_unit_version v ON v.unit_id = u.id AND ${validOn('v', 3)}
          WHERE u.tenant_id = $1 AND u.code = $2 AND v.path LIKE $4`,
        [user.tenantId, orgUnitCode, reportDate, scopePattern],
      );
      if (!unit) throw Problem.notFound(`所属コード「${orgUnitCode}」は見つかりません。`);
      pathPrefix = unit.path;
    }
    const subtreeCodes = [
      ...(prefix === '/' ? [] : [user.managedUnit!.code]),
      ...(orgUnitCode ? [orgUnitCode] : []),
    ];
    const viewerUnitCode = prefix === '/' ? null : user.managedUnit!.code;
    return {
      pathPrefix: pathPrefix + '%',
      scopePattern,
      unitPattern: subtreePattern(orgUnitCode),
      subtreeCodes,
      viewerUnitCode,
      reportDate,
      today,
    };
  }

  async completion(
    user: AuthUser,
    fiscalYear: number,
    groupBy: ReportGroup,
    orgUnitCode?: string,
    trackCode?: string,
  ): Promise<CompletionReport> {
    const scope = await this.scope(user, fiscalYear, orgUnitCode);
    const group = GROUPS[groupBy];
    const params: unknown[] = [
      user.tenantId,
      fiscalYear,
      scope.reportDate,
      scope.scopePattern,
      scope.unitPattern,
    ];
    const byTrack = trackCode ? `AND t.code = $${params.push(trackCode)}` : '';
    const tracks =
      group.rollup === 'report_unit_course'
        ? `JOIN course c ON c.id = p.course_id JOIN track t ON t.id = c.track_id`
        : `JOIN track t ON t.id = p.track_id`;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH unit_names AS (${unitNamesSql('$1', '$3')})
       SELECT g.*, ${group.label} AS label FROM (
         SELECT ${group.key} AS key, sum(p.assigned)::int AS assigned, sum(p.completed)::int AS completed,
                sum(p.in_progress)::int AS in_progress, sum(p.not_started)::int AS not_started,
                sum(p.overdue)::int AS overdue, sum(p.exempt)::int AS exempt
           FROM ${group.rollup} p ${tracks}
           ${group.rollup === 'report_position_track' ? 'JOIN position pos ON pos.id = p.position_id' : ''}
          WHERE p.tenant_id = $1 AND p.fiscal_year = $2 AND p.path LIKE $4 AND p.path LIKE $5 ${byTrack}
          GROUP BY 1 HAVING sum(p.assigned) > 0) g
        ORDER BY ${group.order}`,
      params,
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
