import { Injectable } from '@nestjs/common';
import type { CompletionReport, CompletionReportRow, ReportGroup } from '@dx/contract';
import { AccessService, type ReportScope } from '../access/access.service';
import type { AuthUser } from '../common/auth-user';
import { ReportCache } from './report-cache';
import { ReportsRepository } from './reports.repository';

/** The contract's completion statistics, with each year reported as the org stood then. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
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
    const rows = await this.repository.sumCompletionByGroup(
      user.tenantId,
      fiscalYear,
      scope,
      groupBy,
      trackCode,
    );
    const reportRows = rows.map((r) =>
      toRow(String(r.key), String(r.label ?? r.key), {
        assigned: r.assigned,
        completed: r.completed,
        inProgress: r.in_progress,
        notStarted: r.not_started,
        overdue: r.overdue,
        renewalOverdue: r.renewal_overdue,
        exempt: r.exempt,
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
      renewalOverdue: sum('renewalOverdue'),
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
