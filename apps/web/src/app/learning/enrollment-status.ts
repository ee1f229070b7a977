import type { EnrollmentStatusName, EnrollmentSummary, ModuleKindName } from '@dx/contract';

/** The wording of each status, as on screen and in CSV. */
export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatusName, string> = {
  not_started: '未着手',
  in_progress: '受講中',
  completed: '修了',
  overdue: '期限超過',
  exempt: '免除',
};

const STATUS_ORDER: Record<EnrollmentStatusName, number> = {
  overdue: 0,
  in_progress: 1,
  not_started: 2,
  completed: 3,
  exempt: 4,
};

/** Overdue first, then in progress, not started, completed, exempt; within a status the earliest due date first. */
export function sortEnrollments(items: readonly EnrollmentSummary[]): EnrollmentSummary[] {
  return [...items].sort(
    (a, b) =>
      (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) ||
      a.dueDate.localeCompare(b.dueDate) ||
      a.courseTitle.localeCompare(b.courseTitle, 'ja'),
  );
}

/** 0..1 (as the API sends it) → a whole percentage from 0 to 100. */
export function progressPercent(progress: number | null | undefined): number {
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

export const MODULE_KIND_LABELS: Record<ModuleKindName, string> = {
  lesson: '教材',
  quiz: '確認テスト',
  external: '外部講座',
  live: '集合研修',
  assignment: '課題',
};
