// The status of one person-course assignment, as the contract's "Reading" section names it.
import { type IsoDate, compareDates } from './dates';

export type EnrollmentStatus =
  'not_started' | 'in_progress' | 'completed' | 'overdue' | 'renewal_overdue' | 'exempt';

/** The CSV and screen wording of each status. */
export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatus, string> = {
  not_started: '未着手',
  in_progress: '受講中',
  completed: '修了',
  overdue: '期限超過',
  renewal_overdue: '更新期限切れ',
  exempt: '免除',
};

/** Past its due date unfinished, whether a first assignment (期限超過) or a renewal (更新期限切れ). */
export function isPastDue(status: string): boolean {
  return status === 'overdue' || status === 'renewal_overdue';
}

/**
 * Completed wins; then exempt (an exempt assignment is neither completed nor overdue); then overdue
 * once today is past the due date (the due date itself is still in time) — 更新期限切れ when the
 * assignment renews an earlier completion (`renewal`), else 期限超過; then in progress when any
 * progress was made; else not started.
 */
export function deriveStatus(
  e: { completedOn: IsoDate | null; exempt: boolean; dueDate: IsoDate; progress: number; renewal?: boolean },
  today: IsoDate,
): EnrollmentStatus {
  if (e.completedOn !== null) return 'completed';
  if (e.exempt) return 'exempt';
  if (compareDates(today, e.dueDate) > 0) return e.renewal === true ? 'renewal_overdue' : 'overdue';
  return e.progress > 0 ? 'in_progress' : 'not_started';
}

/** Share of the required modules completed, from 0 to 1 (exact, clamped); 0 when none is required. */
export function courseProgress(requiredModules: number, completedRequiredModules: number): number {
  if (!(requiredModules > 0) || !(completedRequiredModules > 0)) return 0;
  return Math.min(1, completedRequiredModules / requiredModules);
}

const STATUS_ORDER: Record<EnrollmentStatus, number> = {
  overdue: 0,
  renewal_overdue: 0,
  in_progress: 1,
  not_started: 2,
  completed: 3,
  exempt: 4,
};

/** Sort key for "overdue first" lists: overdue (either kind), in progress, not started, completed, exempt. */
export function statusSortKey(status: EnrollmentStatus): number {
  return STATUS_ORDER[status];
}

/** What ordering an assignment needs: its status, due date and course code. */
export interface SortableEnrollment {
  status: EnrollmentStatus;
  dueDate: IsoDate;
  courseCode: string;
}

/**
 * A learner's list as the API sends it and the web shows it: by status (overdue first), then the earliest due date,
 * then the course code, so that equal assignments always come in the same order.
 */
export function sortEnrollments<T extends SortableEnrollment>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      statusSortKey(a.status) - statusSortKey(b.status) ||
      compareDates(a.dueDate, b.dueDate) ||
      a.courseCode.localeCompare(b.courseCode),
  );
}
