// Words and small pure helpers of the team matrix (チーム受講状況), kept out of the component so they can be tested.
import type { EnrollmentStatusName, MatrixTotals, TeamMatrix } from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS } from '../learning/enrollment-status';

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

export const TRACK_OPTIONS: readonly { code: string; label: string }[] = Object.entries(TRACK_LABELS).map(
  ([code, label]) => ({ code, label }),
);

export function trackLabel(code: string): string {
  return TRACK_LABELS[code] ?? code;
}

/** The statuses a person can filter on, in the order a manager thinks of them (overdue first). */
export const STATUS_OPTIONS: readonly { value: EnrollmentStatusName; label: string }[] = (
  ['overdue', 'not_started', 'in_progress', 'completed', 'exempt'] as const
).map((value) => ({ value, label: ENROLLMENT_STATUS_LABELS[value] }));

/** Column headers stay narrow: a long course title is cut to `max` characters and ends with 「…」. */
export function abbreviateTitle(title: string, max = 10): string {
  const chars = Array.from(title);
  return chars.length <= max ? title : chars.slice(0, max - 1).join('') + '…';
}

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

/** The announcement after reminders were sent: 「3人に送信しました（本日送信済みの1件は除外）」. */
export function reminderMessage(result: {
  sent: number;
  skipped: number;
  withoutEmail: readonly string[];
}): string {
  const parts = [`${result.sent}人に送信しました`];
  if (result.skipped > 0) parts[0] += `（本日送信済みの${result.skipped}件は除外）`;
  parts[0] += '。';
  if (result.withoutEmail.length > 0) {
    parts.push(
      `メールアドレスが登録されていない${result.withoutEmail.length}人には送信できませんでした（職員番号：${result.withoutEmail.join('、')}）。`,
    );
  }
  return parts.join('');
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
