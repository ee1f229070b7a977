import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AssignmentRule,
  type CourseHistoryEntry,
  compareDates,
  evaluateRules,
  fiscalYearOf,
  PersonFacts,
  renewalFor,
  todayInTokyo,
} from '@dx/domain';
import {
  AssignmentsRepository,
  type CourseHistoryRow,
  type NewAssignment,
  type RecurringCourseRow,
  type RedatedAssignment,
} from './assignments.repository';

/**
 * Triggers whose date HR sets and may correct (a promoter's 指定日, a cohort member's dates): when HR changes that
 * date (`redate`, passed by the designation and cohort services only), an open assignment the rule made follows
 * it. Nothing else moves a due date already given: not a roster (a second promotion within a rule's levels is a new
 * event, not a correction), nor an edit of the rules (it must not make hundreds of courses under way overdue).
 */
const REDATING_TRIGGERS: ReadonlySet<AssignmentRule['trigger']['kind']> = new Set([
  'designated_promoter',
  'cohort_member',
]);

/** A person's assignments of the recurring courses, by staff id then course id. */
type Histories = Map<number, Map<number, (CourseHistoryEntry & { id: number })[]>>;

function byPersonAndCourse(rows: CourseHistoryRow[]): Histories {
  const histories: Histories = new Map();
  for (const r of rows) {
    let courses = histories.get(r.staff_id);
    if (!courses) histories.set(r.staff_id, (courses = new Map()));
    let entries = courses.get(r.course_id);
    if (!entries) courses.set(r.course_id, (entries = []));
    entries.push({
      id: r.id,
      fiscalYear: r.fiscal_year,
      completedOn: r.completed_on,
      exempt: r.exempt,
      ended: r.ended,
    });
  }
  return histories;
}

/**
 * Applies the assignment rules and the recertification rules (pure functions in @dx/domain) to personnel data:
 * whatever a rule says a person must take in a fiscal year, and every renewal (更新) of a recurring course falling
 * in the year, that they do not have yet is assigned. A renewal is a new assignment of its own year pointing at the
 * completion it renews (`renews_enrollment_id`); the earlier completion stays in its year. When a rule and a renewal
 * give the same course in a year, one assignment is made: the rule's, with the earlier due date of the two and the
 * link to the completion renewed. Runs inside the transaction of the change that triggered it (an import, a
 * designation, a cohort change, a rule edit) and at each fiscal year's start. Nothing is ever unassigned; leaving
 * ends the open assignments on the person's last day. An open assignment of a promoter or a cohort member moves with
 * a corrected designation or cohort date (REDATING_TRIGGERS, `redate`).
 */
@Injectable()
export class EnrolmentEngine {
  private readonly logger = new Logger(EnrolmentEngine.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AssignmentsRepository,
  ) {}

  async apply(
    manager: EntityManager,
    tenantId: number,
    fiscalYears: number[],
    staffIds?: number[],
    options: { redate?: boolean } = {},
  ): Promise<{ assigned: number; ended: number }> {
    const rules = await this.repository.findActiveRulesOfPublishedCourses(manager, tenantId);
    const recurring = await this.repository.findRecurringPublishedCourses(manager, tenantId);
    const domainRules: AssignmentRule[] = rules.map((r) => ({
      id: r.id,
      courseCode: r.code,
      trigger: r.trigger,
      due: r.due,
      employmentTypes: r.employment_types,
    }));
    const courseByCode = new Map(rules.map((r) => [r.code, r]));
    const redatingRules = new Set(
      rules.filter((r) => REDATING_TRIGGERS.has(r.trigger.kind)).map((r) => r.id),
    );
    let assigned = 0;
    for (const fiscalYear of [...new Set(fiscalYears)].sort((a, b) => a - b)) {
      const facts = await this.repository.findPersonFactsForYear(manager, tenantId, fiscalYear, staffIds);
      // Read per year: a renewal assigned for an earlier year of the same call is history for the next one.
      const histories =
        recurring.length > 0
          ? byPersonAndCourse(
              await this.repository.findHistoriesOfCourses(
                manager,
                tenantId,
                recurring.map((c) => c.course_id),
                staffIds,
              ),
            )
          : new Map();
      const rows: NewAssignment[] = [];
      const redated: RedatedAssignment[] = [];
      for (const fact of facts) {
        if (fact.level === null) continue;
        const person: PersonFacts = {
          employmentType: fact.employment_type,
          hiredOn: fact.hired_on,
          promotedOn: fact.promoted_on,
          positionLevel: fact.level,
          leftOn: fact.left_on,
          promoterDesignations: fact.designations ?? [],
          cohorts: fact.cohorts ?? [],
        };
        const byCourse = new Map<number, NewAssignment>();
        for (const wanted of evaluateRules(domainRules, person, fiscalYear)) {
          const course = courseByCode.get(wanted.courseCode)!;
          byCourse.set(course.course_id, {
            staffId: fact.staff_id,
            courseId: course.course_id,
            version: course.published_version,
            source: 'rule',
            ruleId: wanted.ruleId ?? null,
            trigger: wanted.triggerDate,
            due: wanted.dueDate,
            renewsEnrollmentId: null,
          });
          if (options.redate === true && wanted.ruleId !== undefined && redatingRules.has(wanted.ruleId)) {
            redated.push({
              staffId: fact.staff_id,
              courseId: course.course_id,
              ruleId: wanted.ruleId,
              trigger: wanted.triggerDate,
              due: wanted.dueDate,
            });
          }
        }
        for (const course of recurring) {
          const renewal = this.renewalOf(
            course,
            histories.get(fact.staff_id)?.get(course.course_id),
            fact,
            fiscalYear,
          );
          if (!renewal) continue;
          const ruled = byCourse.get(course.course_id);
          if (ruled) {
            ruled.renewsEnrollmentId = renewal.renewsEnrollmentId;
            if (compareDates(renewal.due, ruled.due) < 0) ruled.due = renewal.due;
          } else {
            byCourse.set(course.course_id, renewal);
          }
        }
        rows.push(...byCourse.values());
      }
      assigned += await this.repository.insertMissingAssignments(manager, tenantId, fiscalYear, rows);
      await this.repository.redateOpenRuleAssignments(manager, tenantId, fiscalYear, redated);
    }
    await this.repository.withdrawAssignmentsNeverDue(manager, tenantId, staffIds);
    const ended = await this.repository.endOpenAssignmentsOfLeavers(manager, tenantId, staffIds);
    return { assigned, ended };
  }

  /** The renewal of a recurring course the person owes in the year (renewalFor), as an assignment to insert. */
  private renewalOf(
    course: RecurringCourseRow,
    history: (CourseHistoryEntry & { id: number })[] | undefined,
    fact: { staff_id: number; hired_on: string; left_on: string | null },
    fiscalYear: number,
  ): NewAssignment | null {
    if (!history) return null;
    const renewal = renewalFor(
      course.recurrence,
      history,
      { hiredOn: fact.hired_on, leftOn: fact.left_on },
      fiscalYear,
    );
    if (!renewal) return null;
    const renewed = history.find(
      (h) => h.fiscalYear === renewal.renews.fiscalYear && h.completedOn === renewal.renews.completedOn,
    )!;
    return {
      staffId: fact.staff_id,
      courseId: course.course_id,
      version: course.published_version,
      source: 'renewal',
      ruleId: null,
      trigger: renewal.triggerDate,
      due: renewal.dueDate,
      renewsEnrollmentId: renewed.id,
    };
  }

  /** The fiscal years an import effective on `date` touches: that date's year, and the current one after it. */
  static yearsFor(date: string): number[] {
    const years = [fiscalYearOf(date)];
    const current = fiscalYearOf(todayInTokyo());
    if (current > years[0]) years.push(current);
    return years;
  }

  /**
   * Start of a fiscal year: every tenant gets the year's assignments, renewals (更新) included (idempotent, so safe
   * on every start).
   */
  async applyCurrentYearForAllTenants(): Promise<void> {
    await this.applyYearForAllTenants(fiscalYearOf(todayInTokyo()));
  }

  /** A fiscal year's assignments for every tenant, one transaction per tenant. */
  async applyYearForAllTenants(fiscalYear: number): Promise<void> {
    for (const tenantId of await this.repository.findEnabledTenantIds()) {
      const result = await this.dataSource.transaction((manager) =>
        this.apply(manager, tenantId, [fiscalYear]),
      );
      if (result.assigned > 0)
        this.logger.log(`Tenant ${tenantId}: ${result.assigned} assignments for FY${fiscalYear}.`);
    }
  }
}
