import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CourseRecurrence, EmploymentType } from '@dx/contract';
import type { AssignmentRule } from '@dx/domain';
import { fiscalYearEnd } from '@dx/domain';

export interface ActiveRuleRow {
  id: number;
  course_id: number;
  code: string;
  published_version: number;
  trigger: AssignmentRule['trigger'];
  due: AssignmentRule['due'];
  employment_types: EmploymentType[];
}

export interface PersonFactRow {
  staff_id: number;
  employment_type: EmploymentType;
  hired_on: string;
  promoted_on: string;
  left_on: string | null;
  level: number | null;
  designations: { fiscalYear: number; designatedOn: string }[] | null;
  cohorts: { code: string; fiscalYear: number; joinedOn: string; dueDate: string | null }[] | null;
}

export interface RecurringCourseRow {
  course_id: number;
  code: string;
  published_version: number;
  recurrence: CourseRecurrence;
}

/** One assignment of a recurring course, as the recertification rules read a person's history. */
export interface CourseHistoryRow {
  id: number;
  staff_id: number;
  course_id: number;
  fiscal_year: number;
  completed_on: string | null;
  exempt: boolean;
  ended: boolean;
}

/** An assignment the engine makes: by a rule, as a renewal (更新) of an earlier completion, or both. */
export interface NewAssignment {
  staffId: number;
  courseId: number;
  version: number;
  source: 'rule' | 'renewal';
  ruleId: number | null;
  trigger: string;
  due: string;
  renewsEnrollmentId: number | null;
}

export interface RedatedAssignment {
  staffId: number;
  courseId: number;
  ruleId: number;
  trigger: string;
  due: string;
}

/** The SQL of the rules engine (EnrolmentEngine): what it reads of people, rules and courses, and what it writes. */
@Injectable()
export class AssignmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tenant's active rules of courses with a published version. */
  findActiveRulesOfPublishedCourses(manager: EntityManager, tenantId: number): Promise<ActiveRuleRow[]> {
    return manager.query(
      `SELECT r.id, r.course_id, c.code, c.published_version, r.trigger, r.due, r.employment_types
         FROM assignment_rule r JOIN course c ON c.tenant_id = r.tenant_id AND c.id = r.course_id
        WHERE r.tenant_id = $1 AND r.active AND c.published_version >= 1`,
      [tenantId],
    );
  }

  /** The tenant's published courses that recur (更新). */
  findRecurringPublishedCourses(manager: EntityManager, tenantId: number): Promise<RecurringCourseRow[]> {
    return manager.query(
      `SELECT c.id AS course_id, c.code, c.published_version, c.recurrence
         FROM course c
        WHERE c.tenant_id = $1 AND c.published_version >= 1 AND c.recurrence->>'kind' <> 'none'`,
      [tenantId],
    );
  }

  /** Every assignment (all years) of these courses, of everyone or of the given people. */
  findHistoriesOfCourses(
    manager: EntityManager,
    tenantId: number,
    courseIds: number[],
    staffIds?: number[],
  ): Promise<CourseHistoryRow[]> {
    return manager.query(
      `SELECT e.id, e.staff_id, e.course_id, e.fiscal_year, e.completed_on, e.exempt_reason IS NOT NULL AS exempt,
              (e.ended_on IS NOT NULL) AS ended
         FROM enrollment e
        WHERE e.tenant_id = $1 AND e.course_id = ANY($2::bigint[]) ${staffIds ? 'AND e.staff_id = ANY($3::bigint[])' : ''}`,
      staffIds ? [tenantId, courseIds, staffIds] : [tenantId, courseIds],
    );
  }

  /** Each person's facts for a fiscal year, in one query: their latest assignment starting by the year's end. */
  findPersonFactsForYear(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    staffIds?: number[],
  ): Promise<PersonFactRow[]> {
    const params: unknown[] = [tenantId, fiscalYearEnd(fiscalYear), fiscalYear];
    if (staffIds) params.push(staffIds);
    return manager.query(
      `SELECT s.id AS staff_id, s.employment_type, s.hired_on, s.promoted_on, s.left_on, pos.level,
              (SELECT json_agg(json_build_object('fiscalYear', d.fiscal_year, 'designatedOn', d.designated_on))
                 FROM promoter_designation d
                WHERE d.tenant_id = s.tenant_id AND d.staff_id = s.id AND d.fiscal_year = $3) AS designations,
              (SELECT json_agg(json_build_object('code', c.code, 'fiscalYear', c.fiscal_year, 'joinedOn', m.joined_on,
                                                 'dueDate', c.due_date))
                 FROM cohort_member m JOIN specialist_cohort c ON c.tenant_id = m.tenant_id AND c.id = m.cohort_id
                WHERE m.tenant_id = s.tenant_id AND m.staff_id = s.id AND c.fiscal_year = $3) AS cohorts
         FROM staff s
         LEFT JOIN LATERAL (
           SELECT p.level FROM staff_assignment a JOIN position p ON p.tenant_id = a.tenant_id AND p.id = a.position_id
            WHERE a.tenant_id = s.tenant_id AND a.staff_id = s.id AND a.valid_from <= $2 ORDER BY a.valid_from DESC LIMIT 1) pos ON true
        WHERE s.tenant_id = $1 ${staffIds ? 'AND s.id = ANY($4::bigint[])' : ''}`,
      params,
    );
  }

  /** Inserts the assignments a person does not have yet in the year (one per course and year); how many were new. */
  async insertMissingAssignments(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    rows: NewAssignment[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, rule_id, trigger_date,
                               due_date, renews_enrollment_id)
       SELECT $1, x.staff_id, x.course_id, $2, x.version, x.source, x.rule_id, x.trigger, x.due, x.renews
         FROM unnest($3::bigint[], $4::bigint[], $5::int[], $6::varchar[], $7::bigint[], $8::date[], $9::date[], $10::bigint[])
              AS x(staff_id, course_id, version, source, rule_id, trigger, due, renews)
       ON CONFLICT ON CONSTRAINT uq_enrollment DO NOTHING
       RETURNING id`,
      [
        tenantId,
        fiscalYear,
        rows.map((r) => r.staffId),
        rows.map((r) => r.courseId),
        rows.map((r) => r.version),
        rows.map((r) => r.source),
        rows.map((r) => r.ruleId),
        rows.map((r) => r.trigger),
        rows.map((r) => r.due),
        rows.map((r) => r.renewsEnrollmentId),
      ],
    );
    return inserted.length;
  }

  /** Moves the dates of open assignments a rule made to the rule's corrected trigger and due dates. */
  async redateOpenRuleAssignments(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    rows: RedatedAssignment[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE enrollment e SET trigger_date = x.trigger, due_date = x.due
         FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::date[], $7::date[]) AS x(staff_id, course_id, rule_id, trigger, due)
        WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND e.staff_id = x.staff_id AND e.course_id = x.course_id
          AND e.source = 'rule' AND e.rule_id = x.rule_id AND e.completed_at IS NULL AND e.exempt_reason IS NULL
          AND (e.trigger_date, e.due_date) IS DISTINCT FROM (x.trigger, x.due)`,
      [
        tenantId,
        fiscalYear,
        rows.map((r) => r.staffId),
        rows.map((r) => r.courseId),
        rows.map((r) => r.ruleId),
        rows.map((r) => r.trigger),
        rows.map((r) => r.due),
      ],
    );
  }

  /**
   * Withdraws the engine's assignments (by a rule or a renewal) of a year the person then never worked in (they
   * left before it began) if nothing was done on them. Anything with progress or a completion stays.
   */
  async withdrawAssignmentsNeverDue(
    manager: EntityManager,
    tenantId: number,
    staffIds?: number[],
  ): Promise<void> {
    await manager.query(
      `DELETE FROM enrollment e USING staff s
        WHERE s.tenant_id = e.tenant_id AND e.staff_id = s.id AND e.tenant_id = $1 AND e.source IN ('rule', 'renewal') AND s.left_on IS NOT NULL
          AND make_date(e.fiscal_year, 4, 1) > s.left_on AND e.completed_at IS NULL AND e.exempt_reason IS NULL
          AND NOT EXISTS (SELECT 1 FROM module_progress p WHERE p.tenant_id = e.tenant_id AND p.enrollment_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM quiz_attempt a WHERE a.tenant_id = e.tenant_id AND a.enrollment_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM assignment_submission x WHERE x.tenant_id = e.tenant_id AND x.enrollment_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.tenant_id = e.tenant_id AND r.enrollment_id = e.id)
          ${staffIds ? 'AND s.id = ANY($2::bigint[])' : ''}`,
      staffIds ? [tenantId, staffIds] : [tenantId],
    );
  }

  /** Ends the open assignments of people who left, on their last day; how many were ended. */
  async endOpenAssignmentsOfLeavers(
    manager: EntityManager,
    tenantId: number,
    staffIds?: number[],
  ): Promise<number> {
    const [, ended] = await manager.query(
      `UPDATE enrollment e SET ended_on = s.left_on
         FROM staff s
        WHERE s.tenant_id = e.tenant_id AND e.staff_id = s.id AND e.tenant_id = $1 AND s.left_on IS NOT NULL
          AND e.completed_at IS NULL AND e.ended_on IS NULL ${staffIds ? 'AND s.id = ANY($2::bigint[])' : ''}`,
      staffIds ? [tenantId, staffIds] : [tenantId],
    );
    return ended;
  }

  /** The tenants whose assignments the yearly job makes: enabled, not the platform operator's. */
  async findEnabledTenantIds(): Promise<number[]> {
    const tenants: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM tenant WHERE NOT is_platform AND disabled_at IS NULL`,
    );
    return tenants.map((t) => t.id);
  }
}
