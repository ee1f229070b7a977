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
] as const;
export type PersonalDataReadAction = (typeof PERSONAL_DATA_READ_ACTIONS)[number];

/** The Japanese name of every action the application writes to the audit log (the page never shows a code). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'staff.searched': '職員の検索',
  'staff.history_viewed': '職員の異動履歴の閲覧',
  'staff.enrollments_viewed': '職員の受講状況の閲覧',
  'team.matrix_viewed': '受講状況一覧（所属別）の閲覧',
  'export.completion_csv': '受講状況のCSV出力',
  'export.completion_xlsx': '受講状況のExcel出力',
  'export.audit_log_csv': '監査ログのCSV出力',
  'submissions.listed': '提出物一覧の閲覧',
  'submission.file_downloaded': '提出物ファイルのダウンロード',
  'live_session.participants_viewed': '集合研修の参加者一覧の閲覧',
  'request.denied': '権限のない操作の拒否',
  'login.succeeded': 'ログイン',
  'login.failed': 'ログイン失敗',
  'login.locked': 'ログイン失敗（ロック）',
  'logout.succeeded': 'ログアウト',
  'password.changed': 'パスワード変更',
  'password.set_by_admin': '管理者によるパスワード設定',
  'user.created': '利用者の作成',
  'import.org_units': '組織の取込',
  'import.staff': '職員名簿の取込',
  'import.completions': '修了実績の取込',
  'import.promoters': '推進員名簿の取込',
  'enrollment.assigned': '研修の個別割当',
  'exemption.granted': '受講免除',
  'exemption.lifted': '受講免除の取消',
  'reminder.sent': '督促メールの送信',
  'kpi.targets_saved': 'KPI目標の保存',
  'promoter.designated': '推進員の指名',
  'promoter.removed': '推進員の指名取消',
  'cohort.created': 'スペシャリスト育成期の作成',
  'cohort.member_set': 'スペシャリスト育成対象者の設定',
  'submission.passed': '提出物の合格',
  'submission.returned': '提出物の差し戻し',
  'attendance.recorded': '出席の記録',
  'track.created': '研修体系の作成',
  'track.updated': '研修体系の更新',
  'course.created': '研修の作成',
  'course.updated': '研修の更新',
  'course.draft_created': '研修の下書き作成',
  'course.draft_discarded': '研修の下書き破棄',
  'course.published': '研修の公開',
  'module.created': '教材の作成',
  'module.updated': '教材の更新',
  'module.deleted': '教材の削除',
  'modules.reordered': '教材の並べ替え',
  'question.created': '設問の作成',
  'question.updated': '設問の更新',
  'question.deleted': '設問の削除',
  'rules.replaced': '割当ルールの変更',
};

/** An action's Japanese name; an action this version does not know is still not shown as its code. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? 'その他の操作';
}

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
