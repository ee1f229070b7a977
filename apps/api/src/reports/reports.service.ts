import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CompletionReport, CompletionReportRow, ReportGroup } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { AccessService, validOn } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { DEPARTMENT_CODE, placedAssignmentsSql, reportDateFor, SECTION_CODE, subtreePattern } from './placement';

export interface ReportScope {
  /** The requested unit's path on the report date (or the user's scope) with %, as a LIKE pattern. */
  pathPrefix: string;
  /** LIKE patterns on the path where each person was placed: the user's subtree, and the requested unit's. */
  scopePattern: string;
  unitPattern: string;
  reportDate: string;
  today: string;
}

/** How each grouping keys its rows, and how a key gets its label once the counting is done. */
const GROUPS: Record<ReportGroup, { key: string; label: string; order: string }> = {
  department: { key: DEPARTMENT_CODE, label: `(SELECT n.name FROM unit_names n WHERE n.code = g.key)`, order: 'g.key' },
  section: { key: SECTION_CODE, label: `(SELECT n.name FROM unit_names n WHERE n.code = g.key)`, order: 'g.key' },
  position: {
    key: `(SELECT pos.name FROM position pos WHERE pos.id = p.position_id)`,
    label: 'g.key',
    order: `(SELECT pos.level FROM position pos WHERE pos.tenant_id = $1 AND pos.name = g.key) DESC, g.key`,
  },
  track: {
    key: `(SELECT t.code FROM course c JOIN track t ON t.id = c.track_id WHERE c.id = p.course_id)`,
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
  ) {}

  /**
   * What the user may report on: their subtree (403 for someone who manages nothing), narrowed to a unit that
   * existed on the report date inside it (404 otherwise). Units are matched by code in the path where each person
   * was placed, not by where the unit stands today: a 所属 that moved to another 部局 keeps its history, and
   * its 課長 still sees last year's figures.
   */
  async scope(user: AuthUser, fiscalYear: number, orgUnitCode?: string): Promise<ReportScope> {
    const today = todayInTokyo();
    const reportDate = reportDateFor(fiscalYear, today);
    const prefix = this.access.requireScopePrefix(user);
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
    return { pathPrefix: pathPrefix + '%', scopePattern, unitPattern: subtreePattern(orgUnitCode), reportDate, today };
  }

  async completion(user: AuthUser, fiscalYear: number, groupBy: ReportGroup, orgUnitCode?: string, trackCode?: string): Promise<CompletionReport> {
    const scope = await this.scope(user, fiscalYear, orgUnitCode);
    const group = GROUPS[groupBy];
    const params: unknown[] = [user.tenantId, fiscalYear, scope.reportDate, scope.today, scope.scopePattern, scope.unitPattern];
    if (trackCode) params.push(trackCode);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH ${placedAssignmentsSql({
        tenantId: '$1',
        fiscalYear: '$2',
        reportDate: '$3',
        today: '$4',
        scopePattern: '$5',
        unitPattern: '$6',
        trackCode: trackCode ? '$7' : undefined,
      })}
       SELECT g.*, ${group.label} AS label FROM (
         SELECT ${group.key} AS key, count(*)::int AS assigned,
                count(*) FILTER (WHERE status = 'completed')::int AS completed,
                count(*) FILTER (WHERE status = 'in_progress')::int AS in_progress,
                count(*) FILTER (WHERE status = 'not_started')::int AS not_started,
                count(*) FILTER (WHERE status = 'overdue')::int AS overdue,
                count(*) FILTER (WHERE status = 'exempt')::int AS exempt
           FROM placed p GROUP BY 1) g
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

function toRow(key: string, label: string, counts: Omit<CompletionReportRow, 'key' | 'label' | 'completionRate'>): CompletionReportRow {
  return { key, label, ...counts, completionRate: completionRate(counts.completed, counts.assigned, counts.exempt) };
}
