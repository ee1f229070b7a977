// Who must take which course in a fiscal year (年度, 1 April – 31 March), as pure functions over the
// facts of one person. The API turns the result into enrollments; nothing here reads a database.
import type { DueRule, EmploymentType, RuleTrigger } from '@dx/contract';
import { type IsoDate, addDays, compareDates, daysInMonth, maxDate } from './dates';
import { fiscalYearEnd, fiscalYearOf, fiscalYearStart } from './fiscal-year';

// The rule's trigger and due date are stored as JSON and sent to the catalogue editor, so their shapes live in
// the contract.
export type { DueRule, RuleTrigger } from '@dx/contract';

export interface AssignmentRule {
  id?: number;
  courseCode: string;
  trigger: RuleTrigger;
  due: DueRule;
  /** Employment types the rule applies to; undefined or empty means all. */
  employmentTypes?: EmploymentType[];
  /** Defaults to true; an inactive rule assigns nothing. */
  active?: boolean;
}

export interface PersonFacts {
  employmentType: EmploymentType;
  hiredOn: IsoDate;
  /** 昇任日: the day the person first reached the level of their current position. */
  promotedOn: IsoDate;
  positionLevel: number;
  /** Last day on the staff; null while employed. */
  leftOn: IsoDate | null;
  promoterDesignations?: { fiscalYear: number; designatedOn: IsoDate }[];
  cohorts?: { code: string; fiscalYear: number; joinedOn: IsoDate; dueDate: IsoDate | null }[];
}

export interface DesiredEnrollment {
  courseCode: string;
  fiscalYear: number;
  triggerDate: IsoDate;
  dueDate: IsoDate;
  ruleId?: number;
}

/** One reason a trigger fired: its date and, for a cohort, the cohort's own due date. */
interface TriggerHit {
  triggerDate: IsoDate;
  cohortDue?: IsoDate | null;
}

function isWithinFiscalYear(d: IsoDate, fiscalYear: number): boolean {
  return fiscalYearOf(d) === fiscalYear;
}

function triggerHits(trigger: RuleTrigger, person: PersonFacts, fiscalYear: number): TriggerHit[] {
  const start = fiscalYearStart(fiscalYear);
  const end = fiscalYearEnd(fiscalYear);
  switch (trigger.kind) {
    case 'hired_in_fiscal_year':
      return isWithinFiscalYear(person.hiredOn, fiscalYear) ? [{ triggerDate: person.hiredOn }] : [];
    case 'reached_level_in_fiscal_year':
      return person.positionLevel === trigger.level && isWithinFiscalYear(person.promotedOn, fiscalYear)
        ? [{ triggerDate: person.promotedOn }]
        : [];
    case 'all_active':
      return [{ triggerDate: maxDate(start, person.hiredOn) }];
    case 'designated_promoter':
      return (person.promoterDesignations ?? [])
        .filter((d) => d.fiscalYear === fiscalYear)
        .map((d) => ({ triggerDate: d.designatedOn }));
    case 'cohort_member':
      return (person.cohorts ?? [])
        .filter(
          (c) =>
            c.fiscalYear === fiscalYear &&
            (trigger.cohortCode === undefined || c.code === trigger.cohortCode),
        )
        .map((c) => ({ triggerDate: c.joinedOn, cohortDue: c.dueDate }));
    case 'position_levels': {
      // Someone promoted after the year (an April roster loaded in March) did not hold the position in it.
      const triggerDate = maxDate(start, person.promotedOn);
      return trigger.levels.includes(person.positionLevel) && compareDates(triggerDate, end) <= 0
        ? [{ triggerDate }]
        : [];
    }
  }
}

function fixedDateInFiscalYear(month: number, day: number, fiscalYear: number): IsoDate {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`期限の月が正しくありません：${month}`);
  }
  const year = month >= 4 ? fiscalYear : fiscalYear + 1;
  if (
    !Number.isInteger(day) ||
    day < 1 ||
    day > 31 ||
    (month === 2 ? day > 29 : day > daysInMonth(year, month))
  ) {
    throw new RangeError(`期限の日が正しくありません：${month}月${day}日`);
  }
  const clampedDay = Math.min(day, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(clampedDay).padStart(2, '0')}`;
}

/**
 * The due date a rule gives for a trigger date in a fiscal year. `cohortDue` is only read by
 * `cohort_due`, which falls back to the fiscal year's last day when it is null or missing.
 */
export function dueDateFor(
  due: DueRule,
  triggerDate: IsoDate,
  fiscalYear: number,
  cohortDue?: IsoDate | null,
): IsoDate {
  switch (due.kind) {
    case 'days_after_trigger':
      return addDays(triggerDate, due.days);
    case 'fixed_date':
      return fixedDateInFiscalYear(due.month, due.day, fiscalYear);
    case 'cohort_due':
      return cohortDue ?? fiscalYearEnd(fiscalYear);
  }
}

function isOnStaffDuring(person: PersonFacts, fiscalYear: number): boolean {
  return (
    compareDates(person.hiredOn, fiscalYearEnd(fiscalYear)) <= 0 &&
    (person.leftOn === null || compareDates(person.leftOn, fiscalYearStart(fiscalYear)) >= 0)
  );
}

function appliesToEmploymentType(rule: AssignmentRule, employmentType: EmploymentType): boolean {
  return (
    !rule.employmentTypes ||
    rule.employmentTypes.length === 0 ||
    rule.employmentTypes.includes(employmentType)
  );
}

function isPreferred(candidate: DesiredEnrollment, current: DesiredEnrollment): boolean {
  const byDue = compareDates(candidate.dueDate, current.dueDate);
  return byDue < 0 || (byDue === 0 && compareDates(candidate.triggerDate, current.triggerDate) < 0);
}

/**
 * The enrollments the rules require of a person in a fiscal year: at most one per course (when
 * several rules or triggers give the same course, the earliest due date wins, then the earliest
 * trigger date, then the earlier rule). Results follow the order in which courses first fire.
 * A person off the staff for the whole year gets nothing, and a trigger dated after the person's
 * last day fires nothing.
 */
export function evaluateRules(
  rules: readonly AssignmentRule[],
  person: PersonFacts,
  fiscalYear: number,
): DesiredEnrollment[] {
  if (!isOnStaffDuring(person, fiscalYear)) return [];
  const byCourse = new Map<string, DesiredEnrollment>();
  for (const rule of rules) {
    if (rule.active === false || !appliesToEmploymentType(rule, person.employmentType)) continue;
    for (const hit of triggerHits(rule.trigger, person, fiscalYear)) {
      if (person.leftOn !== null && compareDates(hit.triggerDate, person.leftOn) > 0) continue;
      const candidate: DesiredEnrollment = {
        courseCode: rule.courseCode,
        fiscalYear,
        triggerDate: hit.triggerDate,
        dueDate: dueDateFor(rule.due, hit.triggerDate, fiscalYear, hit.cohortDue),
        ...(rule.id !== undefined ? { ruleId: rule.id } : {}),
      };
      const current = byCourse.get(rule.courseCode);
      if (!current || isPreferred(candidate, current)) byCourse.set(rule.courseCode, candidate);
    }
  }
  return [...byCourse.values()];
}

export interface TieredCourse {
  code: string;
  title: string;
  /** Position level the course is for (1: new hires). */
  level: number;
}

/** 階層別研修 of the default catalogue, from 新規採用職員 up to 新任所属長. */
export const TIERED_COURSES: readonly TieredCourse[] = Object.freeze(
  [
    { code: 'KAISO-NEWHIRE', title: '新規採用職員研修（DX基礎）', level: 1 },
    { code: 'KAISO-CHIEF-CLERK', title: '新任主査研修（DX実践）', level: 2 },
    { code: 'KAISO-SUBSECTION', title: '新任係長研修（DXマネジメント）', level: 3 },
    { code: 'KAISO-DEPUTY', title: '新任課長補佐研修（DX推進）', level: 4 },
    { code: 'KAISO-LEADER', title: '新任所属長研修（DXリーダーシップ）', level: 5 },
  ].map((course) => Object.freeze(course)),
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const PROMOTION_COURSE_DUE_DAYS = 60;

/**
 * The rules of the default catalogue (contract.md, "The default catalogue") plus the intermediate
 * 階層別研修 levels. Frozen: copy a rule before changing it.
 */
export const DEFAULT_RULES: AssignmentRule[] = deepFreeze<AssignmentRule[]>([
  {
    courseCode: 'KAISO-NEWHIRE',
    trigger: { kind: 'hired_in_fiscal_year' },
    due: { kind: 'days_after_trigger', days: 90 },
    employmentTypes: ['正規職員'],
  },
  // 新任主査, 新任係長, 新任課長補佐 and 新任所属長: reached the course's level within the year.
  ...TIERED_COURSES.filter((course) => course.level >= 2).map((course): AssignmentRule => ({
    courseCode: course.code,
    trigger: { kind: 'reached_level_in_fiscal_year', level: course.level },
    due: { kind: 'days_after_trigger', days: PROMOTION_COURSE_DUE_DAYS },
  })),
  {
    courseCode: 'WORKPLACE-DX',
    trigger: { kind: 'all_active' },
    due: { kind: 'fixed_date', month: 3, day: 31 },
  },
  {
    courseCode: 'PROMOTER-BASIC',
    trigger: { kind: 'designated_promoter' },
    due: { kind: 'days_after_trigger', days: 60 },
  },
  {
    courseCode: 'SPECIALIST-BASIC',
    trigger: { kind: 'cohort_member' },
    due: { kind: 'cohort_due' },
  },
]);
