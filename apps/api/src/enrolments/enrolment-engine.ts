import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EmploymentType } from '@dx/contract';
import {
  AssignmentRule,
  evaluateRules,
  fiscalYearEnd,
  fiscalYearOf,
  PersonFacts,
  todayInTokyo,
} from '@dx/domain';

interface RuleRow {
  id: number;
  course_id: number;
  code: string;
  published_version: number;
  trigger: AssignmentRule['trigger'];
  due: AssignmentRule['due'];
  employment_types: EmploymentType[];
}

interface FactRow {
  staff_id: number;
  employment_type: EmploymentType;
  hired_on: string;
  promoted_on: string;
  left_on: string | null;
  level: number | null;
  designations: { fiscalYear: number; designatedOn: string }[] | null;
  cohorts: { code: string; fiscalYear: number; joinedOn: string; dueDate: string | null }[] | null;
}

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

/**
 * Applies the assignment rules (pure functions in @dx/domain) to personnel data: whatever a rule says a person
 * must take in a fiscal year and they do not have yet is assigned. Runs inside the transaction of the change
 * that triggered it (an import, a designation, a cohort change, a rule edit) and at each fiscal year's start.
 * Nothing is ever unassigned; leaving ends the open assignments on the person's last day. An open assignment of a
 * promoter or a cohort member moves with a corrected designation or cohort date (REDATING_TRIGGERS, `redate`).
 */
@Injectable()
export class EnrolmentEngine {
  private readonly logger = new Logger(EnrolmentEngine.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async apply(
    manager: EntityManager,
    tenantId: number,
    fiscalYears: number[],
    staffIds?: number[],
    options: { redate?: boolean } = {},
  ): Promise<{ assigned: number; ended: number }> {
    const rules: RuleRow[] = await manager.query(
      `SELECT r.id, r.course_id, c.code, c.published_version, r.trigger, r.due, r.employment_types
         FROM assignment_rule r JOIN course c ON c.id = r.course_id
        WHERE r.tenant_id = $1 AND r.active AND c.published_version >= 1`,
      [tenantId],
    );
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
    for (const fiscalYear of [...new Set(fiscalYears)]) {
      const facts = await loadFacts(manager, tenantId, fiscalYear, staffIds);
      const rows: {
        staffId: number;
        courseId: number;
        version: number;
        ruleId: number | null;
        trigger: string;
        due: string;
        redates: boolean;
      }[] = [];
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
        for (const wanted of evaluateRules(domainRules, person, fiscalYear)) {
          const course = courseByCode.get(wanted.courseCode)!;
          rows.push({
            staffId: fact.staff_id,
            courseId: course.course_id,
            version: course.published_version,
            ruleId: wanted.ruleId ?? null,
            trigger: wanted.triggerDate,
            due: wanted.dueDate,
            redates:
              options.redate === true && wanted.ruleId !== undefined && redatingRules.has(wanted.ruleId),
          });
        }
      }
      if (rows.length === 0) continue;
      const inserted = await manager.query(
        `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, rule_id, trigger_date, due_date)
         SELECT $1, x.staff_id, x.course_id, $2, x.version, 'rule', x.rule_id, x.trigger, x.due
           FROM unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::date[], $8::date[])
                AS x(staff_id, course_id, version, rule_id, trigger, due)
         ON CONFLICT (staff_id, course_id, fiscal_year) DO NOTHING
         RETURNING id`,
        [
          tenantId,
          fiscalYear,
          rows.map((r) => r.staffId),
          rows.map((r) => r.courseId),
          rows.map((r) => r.version),
          rows.map((r) => r.ruleId),
          rows.map((r) => r.trigger),
          rows.map((r) => r.due),
        ],
      );
      assigned += inserted.length;
      const redated = rows.filter((r) => r.redates);
      if (redated.length > 0) {
        await manager.query(
          `UPDATE enrollment e SET trigger_date = x.trigger, due_date = x.due
             FROM unnest($3::int[], $4::int[], $5::int[], $6::date[], $7::date[]) AS x(staff_id, course_id, rule_id, trigger, due)
            WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND e.staff_id = x.staff_id AND e.course_id = x.course_id
              AND e.source = 'rule' AND e.rule_id = x.rule_id AND e.completed_at IS NULL AND e.exempt_reason IS NULL
              AND (e.trigger_date, e.due_date) IS DISTINCT FROM (x.trigger, x.due)`,
          [
            tenantId,
            fiscalYear,
            redated.map((r) => r.staffId),
            redated.map((r) => r.courseId),
            redated.map((r) => r.ruleId),
            redated.map((r) => r.trigger),
            redated.map((r) => r.due),
          ],
        );
      }
    }
    // An assignment made for a year the person then never worked in (they left before it began) was never
    // due: it is withdrawn if nothing was done on it. Anything with progress or a completion stays.
    await manager.query(
      `DELETE FROM enrollment e USING staff s
        WHERE e.staff_id = s.id AND e.tenant_id = $1 AND e.source = 'rule' AND s.left_on IS NOT NULL
          AND make_date(e.fiscal_year, 4, 1) > s.left_on AND e.completed_at IS NULL AND e.exempt_reason IS NULL
          AND NOT EXISTS (SELECT 1 FROM module_progress p WHERE p.enrollment_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM quiz_attempt a WHERE a.enrollment_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM assignment_submission x WHERE x.enrollment_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.enrollment_id = e.id)
          ${staffIds ? 'AND s.id = ANY($2)' : ''}`,
      staffIds ? [tenantId, staffIds] : [tenantId],
    );
    const [, ended] = await manager.query(
      `UPDATE enrollment e SET ended_on = s.left_on
         FROM staff s
        WHERE e.staff_id = s.id AND e.tenant_id = $1 AND s.left_on IS NOT NULL
          AND e.completed_at IS NULL AND e.ended_on IS NULL ${staffIds ? 'AND s.id = ANY($2)' : ''}`,
      staffIds ? [tenantId, staffIds] : [tenantId],
    );
    return { assigned, ended };
  }

  /** The fiscal years an import effective on `date` touches: that date's year, and the current one after it. */
  static yearsFor(date: string): number[] {
    const years = [fiscalYearOf(date)];
    const current = fiscalYearOf(todayInTokyo());
    if (current > years[0]) years.push(current);
    return years;
  }

  /** Start of a fiscal year: every tenant gets the year's assignments (idempotent, so safe on every start). */
  async applyCurrentYearForAllTenants(): Promise<void> {
    const fiscalYear = fiscalYearOf(todayInTokyo());
    const tenants: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM tenant WHERE NOT is_platform AND disabled_at IS NULL`,
    );
    for (const tenant of tenants) {
      const result = await this.dataSource.transaction((manager) =>
        this.apply(manager, tenant.id, [fiscalYear]),
      );
      if (result.assigned > 0)
        this.logger.log(`Tenant ${tenant.id}: ${result.assigned} assignments for FY${fiscalYear}.`);
    }
  }
}

/** Each person's facts for a fiscal year, in one query: their latest assignment starting by the year's end. */
async function loadFacts(
  manager: EntityManager,
  tenantId: number,
  fiscalYear: number,
  staffIds?: number[],
): Promise<FactRow[]> {
  const params: unknown[] = [tenantId, fiscalYearEnd(fiscalYear), fiscalYear];
  if (staffIds) params.push(staffIds);
  return manager.query(
    `SELECT s.id AS staff_id, s.employment_type, s.hired_on, s.promoted_on, s.left_on, pos.level,
            (SELECT json_agg(json_build_object('fiscalYear', d.fiscal_year, 'designatedOn', d.designated_on))
               FROM promoter_designation d WHERE d.staff_id = s.id AND d.fiscal_year = $3) AS designations,
            (SELECT json_agg(json_build_object('code', c.code, 'fiscalYear', c.fiscal_year, 'joinedOn', m.joined_on,
                                               'dueDate', c.due_date))
               FROM cohort_member m JOIN specialist_cohort c ON c.id = m.cohort_id
              WHERE m.staff_id = s.id AND c.fiscal_year = $3) AS cohorts
       FROM staff s
       LEFT JOIN LATERAL (
         SELECT p.level FROM staff_assignment a JOIN position p ON p.id = a.position_id
          WHERE a.staff_id = s.id AND a.valid_from <= $2 ORDER BY a.valid_from DESC LIMIT 1) pos ON true
      WHERE s.tenant_id = $1 ${staffIds ? 'AND s.id = ANY($4)' : ''}`,
    params,
  );
}
