import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DueRule, EmploymentType, RuleTrigger, RuleView } from '@dx/contract';

/** A rule as it is written: who it names, their due date, the employment types it covers and whether it is on. */
export interface RuleFields {
  trigger: RuleTrigger;
  due: DueRule;
  employmentTypes: readonly EmploymentType[];
  active: boolean;
}

/** The SQL of a course's assignment rules. */
@Injectable()
export class RulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findCourseId(tenantId: number, code: string): Promise<number | undefined> {
    const [course] = await this.dataSource.query(`SELECT id FROM course WHERE tenant_id = $1 AND code = $2`, [
      tenantId,
      code,
    ]);
    return course?.id;
  }

  /** The course's rules in the order they were made. */
  async findRulesOfCourse(manager: EntityManager, tenantId: number, courseId: number): Promise<RuleView[]> {
    const rows: {
      id: number;
      trigger: RuleTrigger;
      due: DueRule;
      employment_types: EmploymentType[];
      active: boolean;
    }[] = await manager.query(
      `SELECT id, trigger, due, employment_types, active FROM assignment_rule
        WHERE tenant_id = $1 AND course_id = $2 ORDER BY id`,
      [tenantId, courseId],
    );
    return rows.map((r) => ({
      id: r.id,
      trigger: r.trigger,
      due: r.due,
      employmentTypes: r.employment_types,
      active: r.active,
    }));
  }

  /** Removes rules; the assignments they made stay (nothing is ever unassigned) and no longer point at them. */
  async deleteRulesKeepingAssignments(
    manager: EntityManager,
    tenantId: number,
    ruleIds: number[],
  ): Promise<void> {
    await manager.query(
      `UPDATE enrollment SET rule_id = NULL WHERE tenant_id = $1 AND rule_id = ANY($2::bigint[])`,
      [tenantId, ruleIds],
    );
    await manager.query(`DELETE FROM assignment_rule WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
      tenantId,
      ruleIds,
    ]);
  }

  async updateRule(
    manager: EntityManager,
    tenantId: number,
    ruleId: number,
    rule: RuleFields,
  ): Promise<void> {
    await manager.query(
      `UPDATE assignment_rule SET trigger = $3, due = $4, employment_types = $5, active = $6
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, ruleId, ...ruleValues(rule)],
    );
  }

  async insertRule(
    manager: EntityManager,
    tenantId: number,
    courseId: number,
    rule: RuleFields,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO assignment_rule (tenant_id, course_id, trigger, due, employment_types, active) VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, courseId, ...ruleValues(rule)],
    );
  }
}

function ruleValues(rule: RuleFields): unknown[] {
  return [JSON.stringify(rule.trigger), JSON.stringify(rule.due), rule.employmentTypes, rule.active];
}
