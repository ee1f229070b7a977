import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DueRule, FieldError, RulesResult, RuleTrigger, RuleView } from '@dx/contract';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { DueDto, ReplaceRulesDto, TriggerDto } from '../catalogue/catalogue-admin.dto';
import { CourseVersionsRepository } from '../catalogue/course-versions.repository';
import { EnrolmentEngine } from './enrolment-engine';
import { RulesRepository } from './rules.repository';

/** A course's assignment rules: who must take it by when. Saving applies them at once for the current year. */
@Injectable()
export class RulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RulesRepository,
    private readonly audit: AuditService,
    private readonly engine: EnrolmentEngine,
    private readonly versions: CourseVersionsRepository,
  ) {}

  async rules(tenantId: number, code: string): Promise<RuleView[]> {
    const courseId = await this.repository.findCourseId(tenantId, code);
    if (courseId === undefined) throw Problem.notFound(`研修「${code}」はありません。`);
    return this.repository.findRulesOfCourse(this.dataSource.manager, tenantId, courseId);
  }

  /**
   * Replaces the course's rules (a rule sent with its id is updated in place, one without is added, one not sent
   * is removed) and applies every rule for the current fiscal year in the same transaction: whoever the rules now
   * name is assigned at once. Nothing is unassigned: people assigned by a removed rule keep their assignment.
   */
  async replaceRules(user: AuthUser, code: string, dto: ReplaceRulesDto): Promise<RulesResult> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const before = await this.repository.findRulesOfCourse(manager, user.tenantId, course.id);
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
      // The assignments stay (nothing is ever unassigned); they just no longer point at a rule that is gone.
      if (removed.length > 0)
        await this.repository.deleteRulesKeepingAssignments(manager, user.tenantId, removed);
      for (const rule of dto.rules) {
        const fields = {
          trigger: toTrigger(rule.trigger),
          due: toDue(rule.due),
          employmentTypes: rule.employmentTypes,
          active: rule.active,
        };
        if (rule.id !== undefined) await this.repository.updateRule(manager, user.tenantId, rule.id, fields);
        else await this.repository.insertRule(manager, user.tenantId, course.id, fields);
      }
      const rules = await this.repository.findRulesOfCourse(manager, user.tenantId, course.id);
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
