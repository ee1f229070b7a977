// Recertification (更新) on 年度 windows, as pure functions over a person's completions of one course. The API
// turns `renewalFor` into assignments and `validityEnd` into a 修了証's period; the web app shows
// `recertificationStatus`. Nothing here reads a database.
import type { CourseRecurrence, RecertificationState, RenewalWindow } from '@dx/contract';
import { type IsoDate, addDays, compareDates, daysInMonth, maxDate, toCalendarDate } from './dates';
import { fiscalYearEnd, fiscalYearOf, fiscalYearStart } from './fiscal-year';

export type { CourseRecurrence, RecertificationState, RenewalWindow } from '@dx/contract';

/** The screen wording of each state. */
export const RECERTIFICATION_STATE_LABELS: Record<RecertificationState, string> = {
  valid: '有効',
  renewal_window: '更新期間中',
  renewal_overdue: '更新期限切れ',
  never_completed: '未修了',
  exempt: '免除',
};

/** One assignment of the course to the person (any year, any source), as far as recertification needs it. */
export interface CourseHistoryEntry {
  fiscalYear: number;
  completedOn: IsoDate | null;
  exempt: boolean;
  /** The person left with it unfinished (`ended_on`): it no longer stands for the year's renewal. */
  ended?: boolean;
}

/** When the completion that a renewal renews runs out and when the renewal is open and due. */
export interface RenewalTerms {
  /** 有効期限: the last day the completion counts. */
  validUntil: IsoDate;
  /** The fiscal year the renewal belongs to: the year its window opens. */
  fiscalYear: number;
  windowOpens: IsoDate;
  dueDate: IsoDate;
}

/** What the rules engine assigns for a renewal in a fiscal year. */
export interface DesiredRenewal {
  fiscalYear: number;
  triggerDate: IsoDate;
  dueDate: IsoDate;
  /** The completion renewed (its assignment's fiscal year and day). */
  renews: { fiscalYear: number; completedOn: IsoDate };
}

export interface RecertificationStatus {
  state: RecertificationState;
  /** 有効期限 of the latest completion; null when never completed or the course does not recur. */
  validUntil: IsoDate | null;
  windowOpens: IsoDate | null;
  dueDate: IsoDate | null;
}

export function isRecurring(recurrence: CourseRecurrence): boolean {
  return recurrence.kind !== 'none';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The same month/day in another year; 29 February becomes 28 February in a year without it. */
function sameDayInYear(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(Math.min(day, daysInMonth(year, month)))}`;
}

/** The same day `months` months earlier (the month's last day when it has no such day). */
function monthsBefore(d: IsoDate, months: number): IsoDate {
  const { year, month, day } = toCalendarDate(d);
  const index = year * 12 + (month - 1) - months;
  return sameDayInYear(Math.floor(index / 12), (index % 12) + 1, day);
}

/**
 * 有効期限 of a completion valid for `years` years (民法の期間計算): the day before the same day `years` later,
 * or the last day of that month when it has no such day (29 February → 28 February).
 */
function endOfYearsFrom(completedOn: IsoDate, years: number): IsoDate {
  const { year, month, day } = toCalendarDate(completedOn);
  if (day > daysInMonth(year + years, month)) return sameDayInYear(year + years, month, day);
  return addDays(sameDayInYear(year + years, month, day), -1);
}

function windowOpening(window: RenewalWindow, validUntil: IsoDate): IsoDate {
  switch (window.kind) {
    case 'months_before_expiry':
      return addDays(monthsBefore(validUntil, window.months), 1);
    case 'date_before_expiry': {
      const { year } = toCalendarDate(validUntil);
      const sameYear = sameDayInYear(year, window.month, window.day);
      return compareDates(sameYear, validUntil) < 0
        ? sameYear
        : sameDayInYear(year - 1, window.month, window.day);
    }
  }
}

function yearsOf(recurrence: CourseRecurrence): number {
  return recurrence.kind === 'every_n_years' ? recurrence.years : 1;
}

/**
 * The terms of renewing a completion: for a course renewed every fiscal year or every N fiscal years, the
 * completion of an assignment of FY Y counts through FY Y+N−1 (its 31 March), and the renewal is FY Y+N's, open
 * from its 1 April and due by its 31 March. For a course valid N years, the completion counts N years from its day;
 * the renewal opens in the window before that and is due on the validity's last day, in the fiscal year the window
 * opens. Null for a course that does not recur.
 */
export function renewalTerms(
  recurrence: CourseRecurrence,
  completion: { fiscalYear: number; completedOn: IsoDate },
): RenewalTerms | null {
  switch (recurrence.kind) {
    case 'none':
      return null;
    case 'every_fiscal_year':
    case 'every_n_years': {
      const renewalYear = completion.fiscalYear + yearsOf(recurrence);
      return {
        validUntil: fiscalYearEnd(renewalYear - 1),
        fiscalYear: renewalYear,
        windowOpens: fiscalYearStart(renewalYear),
        dueDate: fiscalYearEnd(renewalYear),
      };
    }
    case 'valid_for_years': {
      const validUntil = endOfYearsFrom(completion.completedOn, recurrence.years);
      const windowOpens = windowOpening(recurrence.window, validUntil);
      return { validUntil, fiscalYear: fiscalYearOf(windowOpens), windowOpens, dueDate: validUntil };
    }
  }
}

/** 有効期限 of a completion (what its 修了証 states); null when the course does not recur (no end). */
export function validityEnd(
  recurrence: CourseRecurrence,
  completion: { fiscalYear: number; completedOn: IsoDate },
): IsoDate | null {
  return renewalTerms(recurrence, completion)?.validUntil ?? null;
}

/** The latest completion: by day, then by the assignment's year. */
function latestCompletion(
  history: readonly CourseHistoryEntry[],
  onOrBefore?: IsoDate,
): { fiscalYear: number; completedOn: IsoDate } | null {
  let latest: { fiscalYear: number; completedOn: IsoDate } | null = null;
  for (const h of history) {
    if (h.completedOn === null) continue;
    if (onOrBefore !== undefined && compareDates(h.completedOn, onOrBefore) > 0) continue;
    if (
      latest === null ||
      compareDates(h.completedOn, latest.completedOn) > 0 ||
      (h.completedOn === latest.completedOn && h.fiscalYear > latest.fiscalYear)
    ) {
      latest = { fiscalYear: h.fiscalYear, completedOn: h.completedOn };
    }
  }
  return latest;
}

function isExemptYear(history: readonly CourseHistoryEntry[], fiscalYear: number): boolean {
  return history.some((h) => h.fiscalYear === fiscalYear && h.exempt && h.completedOn === null);
}

/**
 * The renewal still owed after the latest completion: its natural terms, postponed by each exempt year. HR's
 * exemption (免除) of the renewal year's assignment moves the renewal to the next fiscal year (open from its 1 April,
 * due by its 31 March); it is computed from the last real completion, never from the exemption. Also the years
 * skipped, for the state on a day within one.
 */
function owedRenewal(
  recurrence: CourseRecurrence,
  history: readonly CourseHistoryEntry[],
  last: { fiscalYear: number; completedOn: IsoDate },
): { terms: RenewalTerms; exemptYears: number[] } | null {
  let terms = renewalTerms(recurrence, last);
  if (terms === null) return null;
  const exemptYears: number[] = [];
  while (isExemptYear(history, terms.fiscalYear)) {
    exemptYears.push(terms.fiscalYear);
    const next: number = terms.fiscalYear + 1;
    terms = { ...terms, fiscalYear: next, windowOpens: fiscalYearStart(next), dueDate: fiscalYearEnd(next) };
  }
  return { terms, exemptYears };
}

/**
 * The renewal the rules engine assigns a person in a fiscal year, or null. It is due in the fiscal year its window
 * opens (after exempt years, the next one). A renewal whose year passed with nothing assigned — the person was
 * away (left and returned), or the course became recurring later — is assigned in the year asked, from its 1 April
 * or the day the person came back; it keeps its due date if that is still ahead, else it is due by that year's
 * 31 March. Nothing when an assignment of the renewal year or a later one already exists (one the person left
 * unfinished does not count), or when the person is not on the staff in the year.
 */
export function renewalFor(
  recurrence: CourseRecurrence,
  history: readonly CourseHistoryEntry[],
  person: { hiredOn: IsoDate; leftOn: IsoDate | null },
  fiscalYear: number,
): DesiredRenewal | null {
  const last = latestCompletion(history);
  if (last === null) return null;
  const owed = owedRenewal(recurrence, history, last);
  if (owed === null || owed.terms.fiscalYear > fiscalYear) return null;
  const { terms } = owed;
  const alreadyAssigned = history.some(
    (h) => h.fiscalYear >= terms.fiscalYear && !(h.ended === true && h.completedOn === null),
  );
  if (alreadyAssigned) return null;
  const start = fiscalYearStart(fiscalYear);
  const end = fiscalYearEnd(fiscalYear);
  if (compareDates(person.hiredOn, end) > 0) return null;
  if (person.leftOn !== null && compareDates(person.leftOn, start) < 0) return null;
  const opens = terms.fiscalYear < fiscalYear ? start : terms.windowOpens;
  const triggerDate = maxDate(opens, person.hiredOn);
  if (person.leftOn !== null && compareDates(triggerDate, person.leftOn) > 0) return null;
  const dueDate = compareDates(terms.dueDate, triggerDate) >= 0 ? terms.dueDate : end;
  return { fiscalYear, triggerDate, dueDate, renews: last };
}

/**
 * The state of a person's course on a day, from their completions up to that day: 有効 until the renewal window
 * opens, 更新期間中 from then until the renewal's due date, 更新期限切れ after it; 免除 within an exempt renewal year;
 * 未修了 when never completed. A course that does not recur stays 有効 once completed.
 */
export function recertificationStatus(
  recurrence: CourseRecurrence,
  history: readonly CourseHistoryEntry[],
  on: IsoDate,
): RecertificationStatus {
  const last = latestCompletion(history, on);
  if (last === null) return { state: 'never_completed', validUntil: null, windowOpens: null, dueDate: null };
  const owed = owedRenewal(recurrence, history, last);
  if (owed === null) return { state: 'valid', validUntil: null, windowOpens: null, dueDate: null };
  const { terms, exemptYears } = owed;
  const base = { validUntil: terms.validUntil, windowOpens: terms.windowOpens, dueDate: terms.dueDate };
  const year = fiscalYearOf(on);
  if (exemptYears.includes(year) && compareDates(on, terms.validUntil) > 0)
    return { state: 'exempt', ...base };
  if (compareDates(on, terms.windowOpens) < 0) return { state: 'valid', ...base };
  if (compareDates(on, terms.dueDate) <= 0) return { state: 'renewal_window', ...base };
  return { state: 'renewal_overdue', ...base };
}

/** A recurrence as typed in the catalogue editor, checked; the Japanese reason when it is not acceptable. */
export function recurrenceProblem(recurrence: CourseRecurrence): string | null {
  if (recurrence.kind === 'every_n_years' || recurrence.kind === 'valid_for_years') {
    if (!Number.isInteger(recurrence.years) || recurrence.years < 1 || recurrence.years > 10) {
      return '更新の年数は1〜10の整数で指定してください。';
    }
  }
  if (recurrence.kind === 'valid_for_years') {
    const w = recurrence.window;
    if (w.kind === 'months_before_expiry') {
      if (!Number.isInteger(w.months) || w.months < 1 || w.months > 12 * recurrence.years) {
        return `更新期間の月数は1〜${12 * recurrence.years}の整数で指定してください。`;
      }
    } else if (
      !Number.isInteger(w.month) ||
      w.month < 1 ||
      w.month > 12 ||
      !Number.isInteger(w.day) ||
      w.day < 1 ||
      w.day > daysInMonth(2024, w.month)
    ) {
      return '更新期間の開始日（月・日）が正しくありません。';
    }
  }
  return null;
}
