// Completion statistics (受講統計), each fiscal year reported as the organisation stood then.

export const REPORT_GROUPS = ['department', 'section', 'position', 'track'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface CompletionCounts {
  assigned: number;
  completed: number;
  inProgress: number;
  notStarted: number;
  /** 期限超過: past due, a first assignment. */
  overdue: number;
  /** 更新期限切れ: past due, a renewal of an earlier completion (counted apart from overdue). */
  renewalOverdue: number;
  exempt: number;
  /** completed / (assigned − exempt), 0..1 to four decimals; 0 when nothing is left to complete. */
  completionRate: number;
}

export interface CompletionReportRow extends CompletionCounts {
  /** The group's key: unit code, position name or track code. */
  key: string;
  /** The group's name (the key when it has none). */
  label: string;
}

/** GET /api/v1/reports/completion?fiscalYear=&groupBy=&orgUnitCode=&trackCode= */
export interface CompletionReport {
  fiscalYear: number;
  rows: CompletionReportRow[];
  /** Additions beyond the contract: the day the year is reported as of (the org chart of that day), and the totals. */
  asOf: string;
  totals: CompletionReportRow;
}
