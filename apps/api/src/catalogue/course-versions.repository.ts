import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CourseEditorView, ModuleAdminView, QuestionView, VersionView } from '@dx/contract';
import { sortDssCodes } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { ModuleKind, QuizChoice } from './catalogue.entities';

/** The course row an editing transaction holds locked (SELECT … FOR UPDATE), so two editors never fork a draft. */
export interface LockedCourse {
  id: number;
  code: string;
  published_version: number;
  has_draft: boolean;
}

export interface ModuleRow {
  id: number;
  version: number;
  position: number;
  kind: ModuleKind;
  title: string;
  required: boolean;
  content: Record<string, unknown>;
}

export interface QuestionRow {
  id: number;
  module_id: number;
  position: number;
  kind: 'single' | 'multiple';
  text: string;
  choices: QuizChoice[];
  explanation: string;
}

export const conflict = (slug: string, title: string, detail: string) =>
  new Problem(HttpStatus.CONFLICT, slug, title, detail);

/**
 * The versions of a course and their modules, as the editor's services share them: the locked course row, the
 * draft (published version + 1, started once and copied from the published one in two set-based statements),
 * the draft's modules and questions, and the editor's view of a course. Learners follow the version they were
 * assigned, so nothing here ever changes a published version's modules.
 */
@Injectable()
export class CourseVersionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async lockCourse(manager: EntityManager, tenantId: number, code: string): Promise<LockedCourse> {
    const [course] = await manager.query(
      `SELECT id, code, published_version, has_draft FROM course WHERE tenant_id = $1 AND code = $2 FOR UPDATE`,
      [tenantId, code],
    );
    if (!course) throw Problem.notFound(`研修「${code}」はありません。`);
    return course;
  }

  requireDraftVersion(course: LockedCourse): number {
    if (!course.has_draft)
      throw Problem.notFound(`研修「${course.code}」には下書きがありません。先に下書きを作成してください。`);
    return course.published_version + 1;
  }

  /**
   * The draft's version, starting it when there is none: the published modules and their questions are copied
   * into it in two set-based statements (a new course has nothing to copy and starts with an empty draft).
   */
  async ensureDraft(manager: EntityManager, user: AuthUser, course: LockedCourse): Promise<number> {
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
  async draftModule(manager: EntityManager, course: LockedCourse, moduleId: number): Promise<ModuleRow> {
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

  async draftQuizModule(manager: EntityManager, course: LockedCourse, moduleId: number): Promise<ModuleRow> {
    const module = await this.draftModule(manager, course, moduleId);
    if (module.kind !== 'quiz') throw Problem.notFound(`モジュール ${moduleId} は確認テストではありません。`);
    return module;
  }

  async deleteModules(manager: EntityManager, courseId: number, version: number): Promise<number> {
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

  async renumberModules(manager: EntityManager, courseId: number, version: number): Promise<void> {
    await manager.query(
      `UPDATE course_module m SET position = r.rn
         FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rn
                 FROM course_module WHERE course_id = $1 AND version = $2) r
        WHERE m.id = r.id`,
      [courseId, version],
    );
  }

  async editorView(manager: EntityManager, tenantId: number, code: string): Promise<CourseEditorView> {
    const [course] = await manager.query(
      `SELECT c.id, c.code, c.title, c.description, c.estimated_minutes, c.published_version,
              c.has_draft, t.code AS track_code, t.name AS track_name, c.recurrence,
              (SELECT coalesce(array_agg(cs.code), '{}') FROM course_skill cs
                WHERE cs.tenant_id = c.tenant_id AND cs.course_id = c.id) AS dss_codes,
              (SELECT count(*)::int FROM enrollment e WHERE e.tenant_id = c.tenant_id AND e.course_id = c.id) AS enrollment_count
         FROM course c JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
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
      dssCodes: sortDssCodes(course.dss_codes),
      trackCode: course.track_code,
      trackName: course.track_name,
      publishedVersion: course.published_version,
      enrollmentCount: course.enrollment_count,
      recurrence: course.recurrence,
      published:
        course.published_version > 0
          ? (versions.get(course.published_version) ?? { version: course.published_version, modules: [] })
          : null,
      draft: course.has_draft
        ? (versions.get(course.published_version + 1) ?? {
            version: course.published_version + 1,
            modules: [],
          })
        : null,
    };
  }

  /** The modules (with quiz questions and their answers) of some versions; a version without modules is absent. */
  async versionViews(
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

  async questionsOf(manager: EntityManager, moduleIds: number[]): Promise<Map<number, QuestionView[]>> {
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
}

export function toModuleView(m: ModuleRow, questions: Map<number, QuestionView[]>): ModuleAdminView {
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

export function toQuestionView(row: QuestionRow): QuestionView {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    text: row.text,
    choices: row.choices.map((c) => ({ id: c.id, text: c.text, correct: c.correct })),
    explanation: row.explanation,
  };
}
