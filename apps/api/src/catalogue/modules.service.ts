import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ModuleAdminView, QuestionView, VersionView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { QuizChoice } from './catalogue.entities';
import type { ModuleDto, QuestionDto } from './catalogue-admin.dto';
import {
  CourseVersionsRepository,
  type ModuleRow,
  type QuestionRow,
  toModuleView,
  toQuestionView,
} from './course-versions.repository';

/** A draft's modules and their quiz questions. Every change is audited in its transaction. */
@Injectable()
export class ModulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly versions: CourseVersionsRepository,
  ) {}

  async addModule(user: AuthUser, code: string, dto: ModuleDto): Promise<ModuleAdminView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const version = await this.versions.ensureDraft(manager, user, course);
      await requireUploadedPackage(manager, user.tenantId, dto);
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
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const module = await this.versions.draftModule(manager, course, moduleId);
      if (module.kind !== dto.kind) {
        throw Problem.validation([
          { field: 'kind', message: 'モジュールの種類は変更できません。削除して追加し直してください。' },
        ]);
      }
      await requireUploadedPackage(manager, user.tenantId, dto);
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
      return toModuleView(row, await this.versions.questionsOf(manager, [moduleId]));
    });
  }

  async deleteModule(user: AuthUser, code: string, moduleId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const module = await this.versions.draftModule(manager, course, moduleId);
      await manager.query(`DELETE FROM quiz_question WHERE module_id = $1`, [moduleId]);
      await manager.query(`DELETE FROM course_module WHERE id = $1`, [moduleId]);
      await this.versions.renumberModules(manager, course.id, module.version);
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
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const version = this.versions.requireDraftVersion(course);
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
      return (await this.versions.versionViews(manager, course.id, [version])).get(version)!;
    });
  }

  async addQuestion(user: AuthUser, code: string, moduleId: number, dto: QuestionDto): Promise<QuestionView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const module = await this.versions.draftQuizModule(manager, course, moduleId);
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
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const module = await this.versions.draftQuizModule(manager, course, moduleId);
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
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const module = await this.versions.draftQuizModule(manager, course, moduleId);
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

/** A package module names a package uploaded to this tenant (packages are never changed: a new upload is a new id). */
async function requireUploadedPackage(
  manager: EntityManager,
  tenantId: number,
  dto: ModuleDto,
): Promise<void> {
  if (dto.kind !== 'package') return;
  const packageId = (dto.content as { packageId: number }).packageId;
  const [found] = await manager.query(`SELECT 1 FROM content_package WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    packageId,
  ]);
  if (!found)
    throw Problem.validation([
      {
        field: 'content.packageId',
        message: '指定された教材パッケージはありません。アップロードし直してください。',
      },
    ]);
}

function choicesOf(dto: QuestionDto): QuizChoice[] {
  return dto.choices.map((choice, i) => ({ id: i + 1, text: choice.text, correct: choice.correct }));
}
