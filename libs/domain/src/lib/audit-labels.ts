// Japanese wording of what an audited read covered, for the audit log's search answer and its CSV export (the web
// page shows the answer's text; the action names themselves are in @dx/contract, which the browser loads).
import { auditActionLabel } from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS, type EnrollmentStatus } from './enrollment-status';
import { formatFiscalYear } from './fiscal-year';

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
