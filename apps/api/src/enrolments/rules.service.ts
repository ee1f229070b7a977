import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DueRule, EmploymentType, FieldError, RulesResult, RuleTrigger, RuleView } from '@dx/contract';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { DueDto, ReplaceRulesDto, TriggerDto } from '../catalogue/catalogue-admin.dto';
import { CourseVersionsRepository } from '../catalogue/course-versions.repository';
import { EnrolmentEngine } from './enrolment-engine';

/** A course's assignment rules: who must take it by when. Saving applies them at once for the current year. */
@Injectable()
export class RulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly engine: EnrolmentEngine,
    private readonly versions: CourseVersionsRepository,
  ) {}

  async rules(tenantId: number, code: string): Promise<RuleView[]> {
    const [course] = await this.dataSource.query(`SELECT id FROM course WHERE tenant_id = $1 AND code = $2`, [
      tenantId,
      code,
    ]);
    if (!course) throw Problem.notFound(`研修「${code}」はありません。`);
    return this.rulesOf(this.dataSource.manager, course.id);
  }

  /**
   * Replaces the course's rules (a rule sent with its id is updated in place, one without is added, one not sent
   * is removed) and applies every rule for the current fiscal year in the same transaction: whoever the rules now
   * name is assigned at once. Nothing is unassigned: people assigned by a removed rule keep their assignment.
   */
  async replaceRules(user: AuthUser, code: string, dto: ReplaceRulesDto): Promise<RulesResult> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const before = await this.rulesOf(manager, course.id);
      const existing = new Set(before.map((r) => r.id));
      const errors: FieldError[] = [];
      const seen = new Set<number>();
      dto.rules.forEach((rule, i) => {
        if (rule.id === undefined) return;
        if (!existing.has(rule.id))
          errors.push({
            field: `rules.${i}.id`,
            message: `ルールID ${rule.id} はこの研修のルールではありません。`,
          });
        else if (seen.has(rule.id))
          errors.push({ field: `rules.${i}.id`, message: `ルールID ${rule.id} が重複しています。` });
        seen.add(rule.id);
      });
      if (course.published_version === 0) {
        dto.rules.forEach((rule, i) => {
          if (rule.active) {
            errors.push({
              field: `rules.${i}.active`,
              message:
                '公開されていない研修には有効な割当ルールを設定できません。先に下書きを公開してください。',
            });
          }
        });
      }
      if (errors.length > 0) throw Problem.validation(errors);

      const removed = before.filter((r) => !seen.has(r.id)).map((r) => r.id);
      if (removed.length > 0) {
        // The assignments stay (nothing is ever unassigned); they just no longer point at a rule that is gone.
        await manager.query(`UPDATE enrollment SET rule_id = NULL WHERE rule_id = ANY($1)`, [removed]);
        await manager.query(`DELETE FROM assignment_rule WHERE id = ANY($1)`, [removed]);
      }
      for (const rule of dto.rules) {
        const values = [
          JSON.stringify(toTrigger(rule.trigger)),
          JSON.stringify(toDue(rule.due)),
          rule.employmentTypes,
          rule.active,
        ];
        if (rule.id !== undefined) {
          await manager.query(
            `UPDATE assignment_rule SET trigger = $2, due = $3, employment_types = $4, active = $5 WHERE id = $1`,
            [rule.id, ...values],
          );
        } else {
          await manager.query(
            `INSERT INTO assignment_rule (tenant_id, course_id, trigger, due, employment_types, active) VALUES ($1, $2, $3, $4, $5, $6)`,
            [user.tenantId, course.id, ...values],
          );
        }
      }
      const rules = await this.rulesOf(manager, course.id);
      const fiscalYear = fiscalYearOf(todayInTokyo());
      const { assigned } = await this.engine.apply(manager, user.tenantId, [fiscalYear]);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'rules.replaced',
          target: code,
          detail: { before, after: rules, fiscalYear, assigned },
        },
        manager,
      );
      return { rules, fiscalYear, assigned };
    });
  }

  private async rulesOf(manager: EntityManager, courseId: number): Promise<RuleView[]> {
    const rows: {
      id: number;
      trigger: RuleTrigger;
      due: DueRule;
      employment_types: EmploymentType[];
      active: boolean;
    }[] = await manager.query(
      `SELECT id, trigger, due, employment_types, active FROM assignment_rule WHERE course_id = $1 ORDER BY id`,
      [courseId],
    );
    return rows.map((r) => ({
      id: r.id,
      trigger: r.trigger,
      due: r.due,
      employmentTypes: r.employment_types,
      active: r.active,
    }));
  }
}

function toTrigger(dto: TriggerDto): RuleTrigger {
  switch (dto.kind) {
    case 'reached_level_in_fiscal_year':
      return { kind: dto.kind, level: dto.level! };
    case 'position_levels':
      return { kind: dto.kind, levels: [...dto.levels!].sort((a, b) => a - b) };
    case 'cohort_member': {
      const cohortCode = dto.cohortCode?.trim();
      return cohortCode ? { kind: dto.kind, cohortCode } : { kind: dto.kind };
    }
    case 'hired_in_fiscal_year':
    case 'all_active':
    case 'designated_promoter':
      return { kind: dto.kind };
  }
}

function toDue(dto: DueDto): DueRule {
  switch (dto.kind) {
    case 'days_after_trigger':
      return { kind: dto.kind, days: dto.days! };
    case 'fixed_date':
      return { kind: dto.kind, month: dto.month!, day: dto.day! };
    case 'cohort_due':
      return { kind: dto.kind };
  }
}
