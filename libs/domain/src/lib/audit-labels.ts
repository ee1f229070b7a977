// Japanese wording of the audit log: each action's name (the page's filter, its lines and the CSV export) and what an
// audited read covered (the search answer's text).
import { ENROLLMENT_STATUS_LABELS, type EnrollmentStatus } from './enrollment-status';
import { formatFiscalYear } from './fiscal-year';

/** The Japanese name of every action the application writes to the audit log (the page never shows a code). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'staff.searched': '職員の検索',
  'staff.history_viewed': '職員の異動履歴の閲覧',
  'staff.enrollments_viewed': '職員の受講状況の閲覧',
  'team.matrix_viewed': '受講状況一覧（所属別）の閲覧',
  'export.completion_csv': '受講状況のCSV出力',
  'export.completion_xlsx': '受講状況のExcel出力',
  'skills.map_viewed': 'スキルマップの閲覧',
  'export.skill_map_xlsx': 'スキルマップのExcel出力',
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
  'tenant.settings_changed': '団体の表示設定の変更',
  'tenant.created': '団体の作成',
  'tenant.disabled': '団体の利用停止',
  'tenant.enabled': '団体の利用再開',
  'import.org_units': '組織の取込',
  'import.staff': '職員名簿の取込',
  'import.completions': '修了実績の取込',
  'import.promoters': '推進員名簿の取込',
  'import.udemy_business': 'Udemy Business 受講状況の取込',
  'integration.unmatched_resolved': '連携の未照合の解決',
  'integration.unmatched_dismissed': '連携の未照合の却下',
  'enrollment.assigned': '研修の個別割当',
  'exemption.granted': '受講免除',
  'exemption.lifted': '受講免除の取消',
  'reminder.sent': '督促メールの送信',
  'kpi.targets_saved': 'KPI目標の保存',
  'promoter.designated': '推進員の指名',
  'promoter.removed': '推進員の指名取消',
  'cohort.created': 'スペシャリスト育成期の作成',
  'cohort.member_set': 'スペシャリスト育成対象者の設定',
  'certification.granted': 'DX推進スペシャリストの認定',
  'certification.revoked': 'DX推進スペシャリスト認定の取消',
  'certification.settings_changed': '認定の有効期間の変更',
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
  'udemy_business.connected': 'Udemy Business 連携の設定',
  'udemy_business.synced': 'Udemy Business の同期',
  'udemy_business.sync_failed': 'Udemy Business の同期失敗',
  'slack.webhook_saved': 'Slack 連携の設定',
  'slack.webhook_removed': 'Slack 連携の削除',
};

/** An action's Japanese name; an action this version does not know is still not shown as its code. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? 'その他の操作';
}

const SCOPE_LABELS: Record<string, string> = {
  orgUnitCode: '所属',
  fiscalYear: '年度',
  trackCode: '研修体系',
  courseCode: '研修',
  status: '状態',
  position: '職位',
  q: '検索語',
  date: '基準日',
  encoding: '文字コード',
  groupBy: '集計単位',
  page: 'ページ',
  actor: '操作者',
  person: '職員番号',
  from: '開始日',
  to: '終了日',
  action: '操作',
  submissionId: '提出物',
  moduleId: '教材',
};

const ENCODING_LABELS: Record<string, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };
const SUBMISSION_STATUS_LABELS: Record<string, string> = {
  submitted: '提出済み',
  passed: '合格',
  returned: '差し戻し',
};

function scopeValue(key: string, value: string, action: string): string {
  if (key === 'fiscalYear' && /^\d{4}$/.test(value))
    return formatFiscalYear(Number(value), { withWestern: true });
  if (key === 'encoding') return ENCODING_LABELS[value] ?? value;
  if (key === 'action') return auditActionLabel(value);
  if (key === 'status') {
    if (action === 'submissions.listed') return SUBMISSION_STATUS_LABELS[value] ?? value;
    return ENROLLMENT_STATUS_LABELS[value as EnrollmentStatus] ?? value;
  }
  return value;
}

/** "所属 100100・年度 令和8年度（2026年度）・状態 期限超過": what a read covered, in Japanese. */
export function describeAuditScope(scope: Record<string, string> | null | undefined, action = ''): string {
  if (!scope) return '';
  return Object.entries(scope)
    .filter(([key]) => key !== 'page' || scope[key] !== '1')
    .map(([key, value]) => `${SCOPE_LABELS[key] ?? '条件'} ${scopeValue(key, value, action)}`)
    .join('・');
}
