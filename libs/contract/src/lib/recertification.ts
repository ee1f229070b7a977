// Recertification (更新): how a course recurs, stored as JSON on the course and evaluated by @dx/domain.

/** When the renewal of a course valid for N years opens, relative to its 有効期限 (validity end). */
export type RenewalWindow =
  /** That many months before the validity end (the day after the same day N months earlier). */
  | { kind: 'months_before_expiry'; months: number }
  /** The last such month/day before the validity end (1/1: renewal opens on 1 January before expiry). */
  | { kind: 'date_before_expiry'; month: number; day: number };

/** A course's recurrence (更新の要否). */
export type CourseRecurrence =
  /** Taken once. */
  | { kind: 'none' }
  /** Again every fiscal year (情報セキュリティ研修): the renewal is the next 年度's, due by its 31 March. */
  | { kind: 'every_fiscal_year' }
  /** Again every N fiscal years: completed in FY Y, renewed in FY Y+N by its 31 March. */
  | { kind: 'every_n_years'; years: number }
  /** Valid for N years from the completion day, renewable within the window before the validity end. */
  | { kind: 'valid_for_years'; years: number; window: RenewalWindow };

export type RecurrenceKind = CourseRecurrence['kind'];
export type RenewalWindowKind = RenewalWindow['kind'];

export const NO_RECURRENCE: CourseRecurrence = { kind: 'none' };

/**
 * The recertification state of a person's course on a day: 有効 (valid), 更新期間中 (renewal window open, not yet
 * renewed), 更新期限切れ (renewal overdue), 未修了 (never completed), 免除 (the renewal year's assignment is exempt).
 */
export type RecertificationState =
  'valid' | 'renewal_window' | 'renewal_overdue' | 'never_completed' | 'exempt';

/** PUT /api/v1/catalogue/courses/{code}/recurrence body: only the fields of its kind are read. */
export interface CourseRecurrenceInput {
  kind: RecurrenceKind;
  years?: number;
  window?: { kind: RenewalWindowKind; months?: number; month?: number; day?: number };
}

/** マイ研修 and the course page: 有効期限 and 更新期間中 of an assignment of a recurring course. */
export interface EnrollmentRecertification {
  /** 有効期限 (YYYY-MM-DD): of this completion, or, for a renewal still open, of the completion it renews. */
  validUntil: string | null;
  /** The assignment renews an earlier completion (更新). */
  renewal: boolean;
  /** 更新期間中: a renewal still open whose window has begun and whose due date has not passed. */
  renewalOpen: boolean;
}
