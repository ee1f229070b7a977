// Words and small pure helpers of the team matrix (チーム受講状況), kept out of the component so they can be tested.
import type {
  EnrollmentStatusName,
  MatrixTotals,
  ReminderSkipReason,
  ReminderSkippedPerson,
  TeamMatrix,
} from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS } from '@dx/domain';

/**
 * The four training lines of the DX talent plan, by their standard track codes. The names are the usual ones; a
 * tenant's own track names come with the data where the API sends them (the statistics grouped by track).
 */
export const TRACK_LABELS: Record<string, string> = {
  KAISO: '階層別研修',
  'DX-SPECIALIST': 'DX推進スペシャリスト養成',
  'DX-PROMOTER': 'デジタル活用推進員研修',
  'WORKPLACE-DX': '職場内DX研修',
};

export const TRACK_OPTIONS: readonly { value: string; label: string }[] = Object.entries(TRACK_LABELS).map(
  ([value, label]) => ({ value, label }),
);

export function trackLabel(code: string): string {
  return TRACK_LABELS[code] ?? code;
}

/** The statuses a person can filter on, in the order a manager thinks of them (overdue first). */
export const STATUS_OPTIONS: readonly { value: EnrollmentStatusName; label: string }[] = (
  ['overdue', 'renewal_overdue', 'not_started', 'in_progress', 'completed', 'exempt'] as const
).map((value) => ({ value, label: ENROLLMENT_STATUS_LABELS[value] }));

/** 「修了 3 / 割当 5」 */
export function completedOfAssigned(completed: number, assigned: number): string {
  return `修了 ${completed} / 割当 ${assigned}`;
}

/** The sum of every course column (for the footer's overall cell). */
export function sumTotals(matrix: Pick<TeamMatrix, 'courses' | 'columnTotals'>): MatrixTotals {
  const sum: MatrixTotals = { assigned: 0, completed: 0, overdue: 0, exempt: 0 };
  for (const course of matrix.courses) {
    const t = matrix.columnTotals[course.code];
    if (!t) continue;
    sum.assigned += t.assigned;
    sum.completed += t.completed;
    sum.overdue += t.overdue;
    sum.exempt += t.exempt;
  }
  return sum;
}

/** Why someone got no reminder, as the manager reads it. */
export const REMINDER_SKIP_LABELS: Record<ReminderSkipReason, string> = {
  nothing_due: '期限超過・期限間近の未修了の研修がありません',
  already_reminded: '本日すでに督促メールを送っています（同じ研修は1日1回まで）',
  no_email: 'メールアドレスが登録されていません',
  send_failed: 'メールを送信できませんでした（時間をおいて再度お試しください）',
};

export function skipReasonLabel(reason: ReminderSkipReason): string {
  return REMINDER_SKIP_LABELS[reason] ?? '送信しませんでした';
}

/** A skipped person as a list item: 「伊勢 花子（0000002）」, or the 職員番号 alone when the server gave no name. */
export function skippedPersonLabel(person: ReminderSkippedPerson, knownName?: string): string {
  const name = person.name ?? knownName;
  return name ? `${name}（${person.employeeNo}）` : `職員番号 ${person.employeeNo}`;
}

/** The announcement after reminders were sent: 「3人に送信しました。2人には送信していません（理由は下の一覧）。」 */
export function reminderMessage(result: {
  sent: number;
  skippedPeople: readonly ReminderSkippedPerson[];
}): string {
  const text = `${result.sent}人に送信しました。`;
  const skipped = result.skippedPeople.length;
  return skipped > 0 ? `${text}${skipped}人には送信していません（理由は下の一覧）。` : text;
}

/**
 * The units from the top of what the caller sees down to `code` (both included), following parentCode. Empty when
 * `code` is not among the units; stops safely on a cycle in bad data.
 */
export function unitPath<T extends { code: string; parentCode: string | null }>(
  units: readonly T[],
  code: string,
): T[] {
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const path: T[] = [];
  const seen = new Set<string>();
  let current = byCode.get(code);
  while (current && !seen.has(current.code)) {
    seen.add(current.code);
    path.unshift(current);
    current = current.parentCode !== null ? byCode.get(current.parentCode) : undefined;
  }
  return path;
}
