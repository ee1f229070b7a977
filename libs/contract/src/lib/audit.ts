// The audit log's search (GET /api/v1/audit-log) and its CSV export (GET /api/v1/exports/audit-log.csv).

/** Reads of personal data that are audited: who viewed or exported whose data (個人情報保護法). */
export const PERSONAL_DATA_READ_ACTIONS = [
  'staff.searched',
  'staff.history_viewed',
  'staff.enrollments_viewed',
  'team.matrix_viewed',
  'export.completion_csv',
  'export.completion_xlsx',
  'export.audit_log_csv',
  'submissions.listed',
  'submission.file_downloaded',
  'live_session.participants_viewed',
  'skills.map_viewed',
  'export.skill_map_xlsx',
] as const;
export type PersonalDataReadAction = (typeof PERSONAL_DATA_READ_ACTIONS)[number];

/** GET /api/v1/audit-log and the CSV export take the same filters; every one is optional. */
export interface AuditLogQuery {
  /** The acting user's login id (exact). */
  actor?: string;
  /** 職員番号 of the person whose data was read or changed. */
  person?: string;
  /** First and last day (YYYY-MM-DD, Asia/Tokyo), both included. */
  from?: string;
  to?: string;
  action?: string;
  page?: number;
  pageSize?: number;
}

/** What a read covered when it was not one person: the unit, the filters, the fiscal year (query names). */
export type AuditScope = Record<string, string>;

export interface AuditLogEntry {
  id: string;
  /** ISO date-time (UTC). */
  occurredAt: string;
  actorLoginId: string | null;
  actorName: string | null;
  action: string;
  /** The person whose data was read or changed, with their current name when they are known. */
  person: { employeeNo: string; name: string | null } | null;
  /** Free-form target of older entries (e.g. "GET /api/v1/…" of a refused request, a login id). */
  target: string | null;
  scope: AuditScope | null;
  /** Rows in the answer or the file, when the read could tell. */
  count: number | null;
  /** An export whose download was broken off before its end. */
  incomplete: boolean;
  /** The scope (or an older entry's target) in Japanese: "所属 100100・年度 令和8年度（2026年度）". */
  scopeLabel: string;
  ip: string | null;
}

export interface AuditLogPage {
  /** Matching lines, counted up to 10,000 (then `totalIsLowerBound`: there are more; narrow the search). */
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
  items: AuditLogEntry[];
}
