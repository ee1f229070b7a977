import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  CourseEditorView,
  CourseListItem,
  DueRule,
  EmploymentType,
  FieldError,
  ModuleAdminView,
  QuestionView,
  RulesResult,
  RuleTrigger,
  RuleView,
  TrackView,
  VersionView,
} from '@dx/contract';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';
import type { ModuleKind, QuizChoice } from './catalogue.entities';
import type {
  CreateCourseDto,
  CreateTrackDto,
  DueDto,
  ModuleDto,
  QuestionDto,
  ReplaceRulesDto,
  TriggerDto,
  UpdateCourseDto,
  UpdateTrackDto,
} from './catalogue-admin.dto';

/** The course row an editing transaction holds locked (SELECT … FOR UPDATE), so two editors never fork a draft. */
interface LockedCourse {
  id: number;
  code: string;
  published_version: number;
  has_draft: boolean;
}

interface ModuleRow {
  id: number;
  version: number;
  position: number;
  kind: ModuleKind;
  title: string;
  required: boolean;
  content: Record<string, unknown>;
}

interface QuestionRow {
  id: number;
  module_id: number;
  position: number;
  kind: 'single' | 'multiple';
  text: string;
  choices: QuizChoice[];
  explanation: string;
}

const conflict = (slug: string, title: string, detail: string) =>
  new Problem(HttpStatus.CONFLICT, slug, title, detail);

/**
 * The content administrator's catalogue editor (研修管理): tracks, courses, their draft version, quiz questions,
 * publishing and the assignment rules. Learners follow the version they were assigned, so the published version's
 * modules are never touched: edits go to a draft (published version + 1, copied from the published one on the first
 * edit), and publishing makes the draft the version new assignments get. Every change is audited in its transaction.
 */
@Injectable()
export class CatalogueAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly engine: EnrolmentEngine,
  ) {}

  // --- Tracks ------------------------------------------------------------------------------------------------

  async listTracks(tenantId: number, manager: EntityManager = this.dataSource.manager): Promise<TrackView[]> {
    const rows: {
      code: string;
      name: string;
      description: string;
      sort_order: number;
      course_count: number;
    }[] = await manager.query(
      `SELECT t.code, t.name, t.description, t.sort_order,
                (SELECT count(*)::int FROM course c WHERE c.track_id = t.id) AS course_count
           FROM track t WHERE t.tenant_id = $1 ORDER BY t.sort_order, t.code`,
      [tenantId],
    );
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      description: r.description,
      sortOrder: r.sort_order,
      courseCount: r.course_count,
    }));
  }

  async createTrack(user: AuthUser, dto: CreateTrackDto): Promise<TrackView> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO track (tenant_id, code, name, description, sort_order)
         SELECT $1, $2, $3, $4, coalesce(max(sort_order), 0) + 1 FROM track WHERE tenant_id = $1
         ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
        [user.tenantId, dto.code, dto.name, dto.description ?? ''],
      );
      if (inserted.length === 0) {
        throw conflict(
          'duplicate-code',
          'コードが重複しています',
          `研修体系のコード「${dto.code}」は既に使われています。`,
        );
      }
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'track.created',
          target: dto.code,
          detail: { name: dto.name },
        },
        manager,
      );
      return this.trackOrFail(manager, user.tenantId, dto.code);
    });
  }

  async updateTrack(user: AuthUser, code: string, dto: UpdateTrackDto): Promise<TrackView> {
    return this.dataSource.transaction(async (manager) => {
      const [, updated] = await manager.query(
        `UPDATE track SET name = $3, description = coalesce($4, description), sort_order = coalesce($5, sort_order)
          WHERE tenant_id = $1 AND code = $2`,
        [user.tenantId, code, dto.name, dto.description ?? null, dto.sortOrder ?? null],
      );
      if (updated === 0) throw Problem.notFound(`研修体系「${code}」はありません。`);
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: 'track.updated', target: code, detail: { ...dto } },
        manager,
      );
      return this.trackOrFail(manager, user.tenantId, code);
    });
  }

  private async trackOrFail(manager: EntityManager, tenantId: number, code: string): Promise<TrackView> {
    const track = (await this.listTracks(tenantId, manager)).find((t) => t.code === code);
    if (!track) throw Problem.notFound(`研修体系「${code}」はありません。`);
    return track;
  }

  /** The track's id, or a 422 naming the field: a missing track is a wrong input, not a missing resource. */
  private async trackIdForInput(
    manager: EntityManager,
    tenantId: number,
    trackCode: string,
  ): Promise<number> {
    const [track] = await manager.query(`SELECT id FROM track WHERE tenant_id = $1 AND code = $2`, [
      tenantId,
      trackCode,
    ]);
    if (!track)
      throw Problem.validation([{ field: 'trackCode', message: `研修体系「${trackCode}」はありません。` }]);
    return track.id;
  }

  // --- Courses -----------------------------------------------------------------------------------------------

  async listCourses(tenantId: number): Promise<CourseListItem[]> {
    const rows: {
      code: string;
      title: string;
      track_code: string;
      track_name: string;
      estimated_minutes: number;
      published_version: number;
      has_draft: boolean;
      module_count: number;
      draft_module_count: number;
      rule_count: number;
    }[] = await this.dataSource.query(
      `SELECT c.code, c.title, t.code AS track_code, t.name AS track_name, c.estimated_minutes, c.published_version,
              c.has_draft,
              count(m.id) FILTER (WHERE m.version = c.published_version)::int AS module_count,
              count(m.id) FILTER (WHERE m.version = c.published_version + 1)::int AS draft_module_count,
              (SELECT count(*)::int FROM assignment_rule r WHERE r.course_id = c.id) AS rule_count
         FROM course c
         JOIN track t ON t.id = c.track_id
         LEFT JOIN course_module m ON m.course_id = c.id AND m.version >= c.published_version
        WHERE c.tenant_id = $1
        GROUP BY c.id, t.id
        ORDER BY t.sort_order, t.code, c.code`,
      [tenantId],
    );
    return rows.map((r) => ({
      code: r.code,
      title: r.title,
      trackCode: r.track_code,
      trackName: r.track_name,
      estimatedMinutes: r.estimated_minutes,
      publishedVersion: r.published_version,
      draftVersion: r.has_draft ? r.published_version + 1 : null,
      moduleCount: r.module_count,
      draftModuleCount: r.draft_module_count,
      ruleCount: r.rule_count,
    }));
  }

  /** A new course has nothing published (version 0); it starts with its first draft, version 1, still empty. */
  async createCourse(user: AuthUser, dto: CreateCourseDto): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const trackId = await this.trackIdForInput(manager, user.tenantId, dto.trackCode);
      const inserted = await manager.query(
        `INSERT INTO course (tenant_id, code, track_id, title, description, estimated_minutes, skill_area, published_version, has_draft)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, true)
         ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
        [
          user.tenantId,
          dto.code,
          trackId,
          dto.title,
          dto.description ?? '',
          dto.estimatedMinutes,
          emptyToNull(dto.skillArea),
        ],
      );
      if (inserted.length === 0) {
        throw conflict(
          'duplicate-code',
          'コードが重複しています',
          `研修コード「${dto.code}」は既に使われています。`,
        );
      }
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'course.created',
          target: dto.code,
          detail: { ...dto },
        },
        manager,
      );
      return this.editorView(manager, user.tenantId, dto.code);
    });
  }

  async course(tenantId: number, code: string): Promise<CourseEditorView> {
    return this.editorView(this.dataSource.manager, tenantId, code);
  }

  /** Course-level fields apply to every version at once (they are what lists and certificates show). */
  async updateCourse(user: AuthUser, code: string, dto: UpdateCourseDto): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const trackId = await this.trackIdForInput(manager, user.tenantId, dto.trackCode);
      await manager.query(
        `UPDATE course SET track_id = $2, title = $3, description = $4, estimated_minutes = $5, skill_area = $6 WHERE id = $1`,
        [
          course.id,
          trackId,
          dto.title,
          dto.description ?? '',
          dto.estimatedMinutes,
          emptyToNull(dto.skillArea),
        ],
      );
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: 'course.updated', target: code, detail: { ...dto } },
        manager,
      );
      return this.editorView(manager, user.tenantId, code);
    });
  }

  private async editorView(
    manager: EntityManager,
    tenantId: number,
    code: string,
  ): Promise<CourseEditorView> {
    const [course] = await manager.query(
      `SELECT c.id, c.code, c.title, c.description, c.estimated_minutes, c.skill_area, c.published_version,
              c.has_draft, t.code AS track_code, t.name AS track_name,
              (SELECT count(*)::int FROM enrollment e WHERE e.course_id = c.id) AS enrollment_count
         FROM course c JOIN track t ON t.id = c.track_id
        WHERE c.tenant_id = $1 AND c.code = $2`,
      [tenantId, code],
    );
    if (!course) throw Problem.notFound(`研修「${code}」はありません。`);
    const versions = await this.versionViews(manager, course.id, [
      course.published_version,
      course.published_version + 1,
    ]);
    return {
      code: course.code,
      title: course.title,
      description: course.description,
      estimatedMinutes: course.estimated_minutes,
      skillArea: course.skill_area,
      trackCode: course.track_code,
      trackName: course.track_name,
      publishedVersion: course.published_version,
      enrollmentCount: course.enrollment_count,
      published:
        course.published_version > 0
          ? (versions.get(course.published_version) ?? { version: course.published_version, modules: [] })
          : null,
      draft: course.has_draft
        ? (versions.get(course.published_version + 1) ?? { version: course.published_version + 1, modules: [] })
        : null,
    };
  }

  /** The modules (with quiz questions and their answers) of some versions; a version without modules is absent. */
  private async versionViews(
    manager: EntityManager,
    courseId: number,
    versions: number[],
  ): Promise<Map<number, VersionView>> {
    const modules: ModuleRow[] = await manager.query(
      `SELECT id, version, position, kind, title, required, content FROM course_module
        WHERE course_id = $1 AND version = ANY($2) ORDER BY version, position, id`,
      [courseId, versions],
    );
    const questions = await this.questionsOf(
      manager,
      modules.filter((m) => m.kind === 'quiz').map((m) => m.id),
    );
    const result = new Map<number, VersionView>();
    for (const m of modules) {
      const view = result.get(m.version) ?? { version: m.version, modules: [] };
      view.modules.push(toModuleView(m, questions));
      result.set(m.version, view);
    }
    return result;
  }

  private async questionsOf(
    manager: EntityManager,
    moduleIds: number[],
  ): Promise<Map<number, QuestionView[]>> {
    const byModule = new Map<number, QuestionView[]>();
    if (moduleIds.length === 0) return byModule;
    const rows: QuestionRow[] = await manager.query(
      `SELECT id, module_id, position, kind, text, choices, explanation FROM quiz_question
        WHERE module_id = ANY($1) ORDER BY module_id, position, id`,
      [moduleIds],
    );
    for (const row of rows)
      byModule.set(row.module_id, [...(byModule.get(row.module_id) ?? []), toQuestionView(row)]);
    return byModule;
  }

  // --- The draft ---------------------------------------------------------------------------------------------

  /** Starts the draft by copying the published version (nothing to copy for a course never published). */
  async createDraft(user: AuthUser, code: string): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      await this.ensureDraft(manager, user, course);
      return this.editorView(manager, user.tenantId, code);
    });
  }

  /** Throws the draft away; nobody is ever assigned a draft version, so nothing else refers to it. */
  async discardDraft(user: AuthUser, code: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const draftVersion = this.requireDraftVersion(course);
      await this.deleteModules(manager, course.id, draftVersion);
      await manager.query(`UPDATE course SET has_draft = false WHERE id = $1`, [course.id]);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'course.draft_discarded',
          target: `${code}@v${draftVersion}`,
        },
        manager,
      );
    });
  }

  async addModule(user: AuthUser, code: string, dto: ModuleDto): Promise<ModuleAdminView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const version = await this.ensureDraft(manager, user, course);
      const [row]: ModuleRow[] = await manager.query(
        `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
         SELECT $1, $2, $3, coalesce(max(position), 0) + 1, $4, $5, $6, $7
           FROM course_module WHERE course_id = $2 AND version = $3
         RETURNING id, version, position, kind, title, required, content`,
        [
          user.tenantId,
          course.id,
          version,
          dto.kind,
          dto.title,
          dto.required,
          JSON.stringify(contentOf(dto)),
        ],
      );
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'module.created',
          target: `${code}@v${version}/${row.id}`,
          detail: { kind: dto.kind, title: dto.title },
        },
        manager,
      );
      return toModuleView(row, new Map());
    });
  }

  async updateModule(
    user: AuthUser,
    code: string,
    moduleId: number,
    dto: ModuleDto,
  ): Promise<ModuleAdminView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const module = await this.draftModule(manager, course, moduleId);
      if (module.kind !== dto.kind) {
        throw Problem.validation([
          { field: 'kind', message: 'モジュールの種類は変更できません。削除して追加し直してください。' },
        ]);
      }
      const [[row]]: [ModuleRow[]] = await manager.query(
        `UPDATE course_module SET title = $2, required = $3, content = $4 WHERE id = $1
         RETURNING id, version, position, kind, title, required, content`,
        [moduleId, dto.title, dto.required, JSON.stringify(contentOf(dto))],
      );
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'module.updated',
          target: `${code}@v${module.version}/${moduleId}`,
          detail: { title: dto.title },
        },
        manager,
      );
      return toModuleView(row, await this.questionsOf(manager, [moduleId]));
    });
  }

  async deleteModule(user: AuthUser, code: string, moduleId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const module = await this.draftModule(manager, course, moduleId);
      await manager.query(`DELETE FROM quiz_question WHERE module_id = $1`, [moduleId]);
      await manager.query(`DELETE FROM course_module WHERE id = $1`, [moduleId]);
      await this.renumberModules(manager, course.id, module.version);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'module.deleted',
          target: `${code}@v${module.version}/${moduleId}`,
          detail: { title: module.title },
        },
        manager,
      );
    });
  }

  /** The draft's modules in a new order: the list must name each draft module exactly once. */
  async reorderModules(user: AuthUser, code: string, moduleIds: number[]): Promise<VersionView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const version = this.requireDraftVersion(course);
      const current: { id: number }[] = await manager.query(
        `SELECT id FROM course_module WHERE course_id = $1 AND version = $2`,
        [course.id, version],
      );
      const known = new Set(current.map((m) => m.id));
      if (moduleIds.length !== known.size || moduleIds.some((id) => !known.has(id))) {
        throw Problem.validation([
          { field: 'moduleIds', message: '下書きのモジュールIDをすべて、1回ずつ指定してください。' },
        ]);
      }
      await manager.query(
        `UPDATE course_module m SET position = x.position
           FROM unnest($1::int[]) WITH ORDINALITY AS x(id, position) WHERE m.id = x.id`,
        [moduleIds],
      );
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'modules.reordered',
          target: `${code}@v${version}`,
          detail: { moduleIds },
        },
        manager,
      );
      return (await this.versionViews(manager, course.id, [version])).get(version)!;
    });
  }

  // --- Quiz questions ----------------------------------------------------------------------------------------

  async addQuestion(user: AuthUser, code: string, moduleId: number, dto: QuestionDto): Promise<QuestionView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const module = await this.draftQuizModule(manager, course, moduleId);
      const [row]: QuestionRow[] = await manager.query(
        `INSERT INTO quiz_question (tenant_id, module_id, position, kind, text, choices, explanation)
         SELECT $1, $2, coalesce(max(position), 0) + 1, $3, $4, $5, $6 FROM quiz_question WHERE module_id = $2
         RETURNING id, module_id, position, kind, text, choices, explanation`,
        [user.tenantId, moduleId, dto.kind, dto.text, JSON.stringify(choicesOf(dto)), dto.explanation ?? ''],
      );
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'question.created',
          target: `${code}@v${module.version}/${moduleId}/${row.id}`,
        },
        manager,
      );
      return toQuestionView(row);
    });
  }

  async updateQuestion(
    user: AuthUser,
    code: string,
    moduleId: number,
    questionId: number,
    dto: QuestionDto,
  ): Promise<QuestionView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const module = await this.draftQuizModule(manager, course, moduleId);
      const [updated]: [QuestionRow[]] = await manager.query(
        `UPDATE quiz_question SET kind = $3, text = $4, choices = $5, explanation = $6 WHERE id = $1 AND module_id = $2
         RETURNING id, module_id, position, kind, text, choices, explanation`,
        [questionId, moduleId, dto.kind, dto.text, JSON.stringify(choicesOf(dto)), dto.explanation ?? ''],
      );
      if (updated.length === 0) throw Problem.notFound('指定された問題はこの確認テストにありません。');
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'question.updated',
          target: `${code}@v${module.version}/${moduleId}/${questionId}`,
        },
        manager,
      );
      return toQuestionView(updated[0]);
    });
  }

  async deleteQuestion(user: AuthUser, code: string, moduleId: number, questionId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const module = await this.draftQuizModule(manager, course, moduleId);
      const [, deleted] = await manager.query(`DELETE FROM quiz_question WHERE id = $1 AND module_id = $2`, [
        questionId,
        moduleId,
      ]);
      if (deleted === 0) throw Problem.notFound('指定された問題はこの確認テストにありません。');
      await manager.query(
        `UPDATE quiz_question q SET position = r.rn
           FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rn FROM quiz_question WHERE module_id = $1) r
          WHERE q.id = r.id`,
        [moduleId],
      );
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'question.deleted',
          target: `${code}@v${module.version}/${moduleId}/${questionId}`,
        },
        manager,
      );
    });
  }

  // --- Publishing --------------------------------------------------------------------------------------------

  /**
   * The draft becomes the published version: assignments made from now on get it; everyone already assigned keeps
   * the version they had. Refused (422) while the draft is incomplete.
   */
  async publish(user: AuthUser, code: string): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.lockCourse(manager, user.tenantId, code);
      const version = course.published_version + 1;
      const draft = course.has_draft
        ? (await this.versionViews(manager, course.id, [version])).get(version)
        : undefined;
      if (!draft) {
        throw Problem.validation(
          [{ field: 'draft', message: '公開する下書きがありません。モジュールを追加してください。' }],
          '下書きにモジュールがないため公開できません。',
        );
      }
      const errors = publishErrors(draft);
      if (errors.length > 0) throw Problem.validation(errors, '下書きに不足があるため公開できません。');
      await manager.query(`UPDATE course SET published_version = $2, has_draft = false WHERE id = $1`, [
        course.id,
        version,
      ]);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'course.published',
          target: code,
          detail: { from: course.published_version, to: version, modules: draft.modules.length },
        },
        manager,
      );
      return this.editorView(manager, user.tenantId, code);
    });
  }

  // --- Assignment rules --------------------------------------------------------------------------------------

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
      const course = await this.lockCourse(manager, user.tenantId, code);
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

  // --- Draft plumbing ----------------------------------------------------------------------------------------

  private async lockCourse(manager: EntityManager, tenantId: number, code: string): Promise<LockedCourse> {
    const [course] = await manager.query(
      `SELECT id, code, published_version, has_draft FROM course WHERE tenant_id = $1 AND code = $2 FOR UPDATE`,
      [tenantId, code],
    );
    if (!course) throw Problem.notFound(`研修「${code}」はありません。`);
    return course;
  }

  private requireDraftVersion(course: LockedCourse): number {
    if (!course.has_draft)
      throw Problem.notFound(`研修「${course.code}」には下書きがありません。先に下書きを作成してください。`);
    return course.published_version + 1;
  }

  /**
   * The draft's version, starting it when there is none: the published modules and their questions are copied
   * into it in two set-based statements (a new course has nothing to copy and starts with an empty draft).
   */
  private async ensureDraft(manager: EntityManager, user: AuthUser, course: LockedCourse): Promise<number> {
    const draftVersion = course.published_version + 1;
    if (course.has_draft) return draftVersion;
    const [{ modules }]: { modules: number }[] = await manager.query(
      `WITH source AS (
         SELECT id, row_number() OVER (ORDER BY position, id)::int AS position
           FROM course_module WHERE course_id = $1 AND version = $2
       ), copied AS (
         INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
         SELECT m.tenant_id, m.course_id, $3, s.position, m.kind, m.title, m.required, m.content
           FROM source s JOIN course_module m ON m.id = s.id
         RETURNING id, position
       ), questions AS (
         INSERT INTO quiz_question (tenant_id, module_id, position, kind, text, choices, explanation)
         SELECT q.tenant_id, c.id, q.position, q.kind, q.text, q.choices, q.explanation
           FROM copied c JOIN source s ON s.position = c.position JOIN quiz_question q ON q.module_id = s.id
       )
       SELECT count(*)::int AS modules FROM copied`,
      [course.id, course.published_version, draftVersion],
    );
    await manager.query(`UPDATE course SET has_draft = true WHERE id = $1`, [course.id]);
    course.has_draft = true;
    await this.audit.record(
      {
        tenantId: user.tenantId,
        actor: user,
        action: 'course.draft_created',
        target: `${course.code}@v${draftVersion}`,
        detail: { copiedFrom: course.published_version, modules },
      },
      manager,
    );
    return draftVersion;
  }

  /** A module of the draft; a module of the published (or an older) version is read-only: 409. */
  private async draftModule(
    manager: EntityManager,
    course: LockedCourse,
    moduleId: number,
  ): Promise<ModuleRow> {
    const [module]: ModuleRow[] = await manager.query(
      `SELECT id, version, position, kind, title, required, content FROM course_module WHERE id = $1 AND course_id = $2`,
      [moduleId, course.id],
    );
    if (!module) throw Problem.notFound(`研修「${course.code}」にモジュール ${moduleId} はありません。`);
    if (module.version !== course.published_version + 1) {
      throw conflict(
        'published-read-only',
        '公開済みの版は編集できません',
        '受講者が利用している公開済みの版のモジュールは変更できません。下書きを作成して編集してください。',
      );
    }
    return module;
  }

  private async draftQuizModule(
    manager: EntityManager,
    course: LockedCourse,
    moduleId: number,
  ): Promise<ModuleRow> {
    const module = await this.draftModule(manager, course, moduleId);
    if (module.kind !== 'quiz') throw Problem.notFound(`モジュール ${moduleId} は確認テストではありません。`);
    return module;
  }

  private async deleteModules(manager: EntityManager, courseId: number, version: number): Promise<number> {
    await manager.query(
      `DELETE FROM quiz_question WHERE module_id IN (SELECT id FROM course_module WHERE course_id = $1 AND version = $2)`,
      [courseId, version],
    );
    const [, deleted] = await manager.query(
      `DELETE FROM course_module WHERE course_id = $1 AND version = $2`,
      [courseId, version],
    );
    return deleted;
  }

  private async renumberModules(manager: EntityManager, courseId: number, version: number): Promise<void> {
    await manager.query(
      `UPDATE course_module m SET position = r.rn
         FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rn
                 FROM course_module WHERE course_id = $1 AND version = $2) r
        WHERE m.id = r.id`,
      [courseId, version],
    );
  }
}

// --- Pure helpers --------------------------------------------------------------------------------------------

function emptyToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The validated content as stored: only the kind's own fields, with defaults for the optional ones. */
function contentOf(dto: ModuleDto): Record<string, unknown> {
  const content = { ...(dto.content as Record<string, unknown>) };
  for (const [key, value] of Object.entries(content)) {
    if (value === undefined || (typeof value === 'string' && value.trim() === '' && key !== 'markdown'))
      delete content[key];
  }
  if (dto.kind === 'quiz' && content['drawCount'] === undefined) content['drawCount'] = null;
  if (dto.kind === 'assignment') {
    content['allowedExtensions'] = [
      ...new Set((content['allowedExtensions'] as string[]).map((e) => e.replace(/^\./, '').toLowerCase())),
    ];
  }
  return content;
}

function choicesOf(dto: QuestionDto): QuizChoice[] {
  return dto.choices.map((choice, i) => ({ id: i + 1, text: choice.text, correct: choice.correct }));
}

function toModuleView(m: ModuleRow, questions: Map<number, QuestionView[]>): ModuleAdminView {
  const view: ModuleAdminView = {
    id: m.id,
    position: m.position,
    kind: m.kind,
    title: m.title,
    required: m.required,
    content: m.content,
  };
  if (m.kind === 'quiz') view.questions = questions.get(m.id) ?? [];
  return view;
}

function toQuestionView(row: QuestionRow): QuestionView {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    text: row.text,
    choices: row.choices.map((c) => ({ id: c.id, text: c.text, correct: c.correct })),
    explanation: row.explanation,
  };
}

/** What keeps a draft from being published, one error per module at fault. */
export function publishErrors(draft: VersionView): FieldError[] {
  const errors: FieldError[] = [];
  draft.modules.forEach((m, i) => {
    if (m.kind !== 'quiz') return;
    const count = m.questions?.length ?? 0;
    const drawCount = typeof m.content['drawCount'] === 'number' ? (m.content['drawCount'] as number) : null;
    if (count === 0) {
      errors.push({
        field: `draft.modules.${i}`,
        message: `確認テスト「${m.title}」に問題がありません。問題を追加してください。`,
      });
    } else if (drawCount !== null && drawCount > count) {
      errors.push({
        field: `draft.modules.${i}`,
        message: `確認テスト「${m.title}」の出題数（${drawCount}問）が問題数（${count}問）を超えています。`,
      });
    }
  });
  return errors;
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
