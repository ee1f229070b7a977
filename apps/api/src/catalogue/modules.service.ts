import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ModuleAdminView, QuestionView, VersionView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { ModuleDto, QuestionDto } from './catalogue-admin.dto';
import { CourseVersionsRepository, toModuleView, toQuestionView } from './course-versions.repository';
import { DraftModulesRepository, type QuestionFields } from './draft-modules.repository';

/** A draft's modules and their quiz questions. Every change is audited in its transaction. */
@Injectable()
export class ModulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly versions: CourseVersionsRepository,
    private readonly modules: DraftModulesRepository,
  ) {}

  async addModule(user: AuthUser, code: string, dto: ModuleDto): Promise<ModuleAdminView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const version = await this.versions.ensureDraft(manager, user, course);
      await this.requireUploadedPackage(manager, user.tenantId, dto);
      const row = await this.modules.appendModule(manager, user.tenantId, course.id, version, {
        kind: dto.kind,
        title: dto.title,
        required: dto.required,
        content: contentOf(dto),
      });
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
      await this.requireUploadedPackage(manager, user.tenantId, dto);
      const row = await this.modules.updateModule(manager, moduleId, {
        title: dto.title,
        required: dto.required,
        content: contentOf(dto),
      });
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
      await this.modules.deleteModuleWithQuestions(manager, moduleId);
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
      const known = new Set(await this.modules.findModuleIds(manager, course.id, version));
      if (moduleIds.length !== known.size || moduleIds.some((id) => !known.has(id))) {
        throw Problem.validation([
          { field: 'moduleIds', message: '下書きのモジュールIDをすべて、1回ずつ指定してください。' },
        ]);
      }
      await this.modules.setModuleOrder(manager, moduleIds);
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
      const row = await this.modules.appendQuestion(manager, user.tenantId, moduleId, questionOf(dto));
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
      const updated = await this.modules.updateQuestion(manager, moduleId, questionId, questionOf(dto));
      if (!updated) throw Problem.notFound('指定された問題はこの確認テストにありません。');
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'question.updated',
          target: `${code}@v${module.version}/${moduleId}/${questionId}`,
        },
        manager,
      );
      return toQuestionView(updated);
    });
  }

  async deleteQuestion(user: AuthUser, code: string, moduleId: number, questionId: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const module = await this.versions.draftQuizModule(manager, course, moduleId);
      const deleted = await this.modules.deleteQuestion(manager, moduleId, questionId);
      if (!deleted) throw Problem.notFound('指定された問題はこの確認テストにありません。');
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

  /** A package module names a package uploaded to this tenant (packages are never changed: a new upload is a new id). */
  private async requireUploadedPackage(
    manager: EntityManager,
    tenantId: number,
    dto: ModuleDto,
  ): Promise<void> {
    if (dto.kind !== 'package') return;
    const packageId = (dto.content as { packageId: number }).packageId;
    if (!(await this.modules.packageExists(manager, tenantId, packageId)))
      throw Problem.validation([
        {
          field: 'content.packageId',
          message: '指定された教材パッケージはありません。アップロードし直してください。',
        },
      ]);
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

/** The question as stored: the choices numbered 1…n, an empty explanation when none was given. */
function questionOf(dto: QuestionDto): QuestionFields {
  return {
    kind: dto.kind,
    text: dto.text,
    choices: dto.choices.map((choice, i) => ({ id: i + 1, text: choice.text, correct: choice.correct })),
    explanation: dto.explanation ?? '',
  };
}
