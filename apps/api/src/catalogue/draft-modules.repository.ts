import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QuizChoice } from './catalogue.entities';
import type { ModuleRow, QuestionRow } from './course-versions.repository';

/** A module as it is written: its kind, title, whether it is required, and its kind's content. */
export interface ModuleFields {
  kind: string;
  title: string;
  required: boolean;
  content: Record<string, unknown>;
}

/** A quiz question as it is written. */
export interface QuestionFields {
  kind: string;
  text: string;
  choices: QuizChoice[];
  explanation: string;
}

/**
 * The SQL of a draft's modules and their questions, inside the editing transaction that holds the course locked
 * (CourseVersionsRepository.lockCourse): modules appended, changed, removed and reordered; questions likewise.
 */
@Injectable()
export class DraftModulesRepository {
  /** Appends a module at the end of the version. */
  async appendModule(
    manager: EntityManager,
    tenantId: number,
    courseId: number,
    version: number,
    module: ModuleFields,
  ): Promise<ModuleRow> {
    const [row]: ModuleRow[] = await manager.query(
      `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
       SELECT $1, $2, $3, coalesce(max(position), 0) + 1, $4, $5, $6, $7
         FROM course_module WHERE course_id = $2 AND version = $3
       RETURNING id, version, position, kind, title, required, content`,
      [
        tenantId,
        courseId,
        version,
        module.kind,
        module.title,
        module.required,
        JSON.stringify(module.content),
      ],
    );
    return row;
  }

  async updateModule(
    manager: EntityManager,
    moduleId: number,
    module: Omit<ModuleFields, 'kind'>,
  ): Promise<ModuleRow> {
    const [[row]]: [ModuleRow[]] = await manager.query(
      `UPDATE course_module SET title = $2, required = $3, content = $4 WHERE id = $1
       RETURNING id, version, position, kind, title, required, content`,
      [moduleId, module.title, module.required, JSON.stringify(module.content)],
    );
    return row;
  }

  /** Removes a module with its questions (the caller renumbers the rest). */
  async deleteModuleWithQuestions(manager: EntityManager, moduleId: number): Promise<void> {
    await manager.query(`DELETE FROM quiz_question WHERE module_id = $1`, [moduleId]);
    await manager.query(`DELETE FROM course_module WHERE id = $1`, [moduleId]);
  }

  async findModuleIds(manager: EntityManager, courseId: number, version: number): Promise<number[]> {
    const rows: { id: number }[] = await manager.query(
      `SELECT id FROM course_module WHERE course_id = $1 AND version = $2`,
      [courseId, version],
    );
    return rows.map((r) => r.id);
  }

  /** Puts the modules in the order given (positions 1…n), in one statement. */
  async setModuleOrder(manager: EntityManager, moduleIds: number[]): Promise<void> {
    await manager.query(
      `UPDATE course_module m SET position = x.position
         FROM unnest($1::int[]) WITH ORDINALITY AS x(id, position) WHERE m.id = x.id`,
      [moduleIds],
    );
  }

  /** Whether a package was uploaded to this tenant. */
  async packageExists(manager: EntityManager, tenantId: number, packageId: number): Promise<boolean> {
    const [found] = await manager.query(`SELECT 1 FROM content_package WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      packageId,
    ]);
    return Boolean(found);
  }

  /** Appends a question at the end of the quiz. */
  async appendQuestion(
    manager: EntityManager,
    tenantId: number,
    moduleId: number,
    question: QuestionFields,
  ): Promise<QuestionRow> {
    const [row]: QuestionRow[] = await manager.query(
      `INSERT INTO quiz_question (tenant_id, module_id, position, kind, text, choices, explanation)
       SELECT $1, $2, coalesce(max(position), 0) + 1, $3, $4, $5, $6 FROM quiz_question WHERE module_id = $2
       RETURNING id, module_id, position, kind, text, choices, explanation`,
      [
        tenantId,
        moduleId,
        question.kind,
        question.text,
        JSON.stringify(question.choices),
        question.explanation,
      ],
    );
    return row;
  }

  /** Changes a question of the quiz; undefined when the quiz has no such question. */
  async updateQuestion(
    manager: EntityManager,
    moduleId: number,
    questionId: number,
    question: QuestionFields,
  ): Promise<QuestionRow | undefined> {
    const [updated]: [QuestionRow[]] = await manager.query(
      `UPDATE quiz_question SET kind = $3, text = $4, choices = $5, explanation = $6 WHERE id = $1 AND module_id = $2
       RETURNING id, module_id, position, kind, text, choices, explanation`,
      [
        questionId,
        moduleId,
        question.kind,
        question.text,
        JSON.stringify(question.choices),
        question.explanation,
      ],
    );
    return updated[0];
  }

  /** Removes a question and renumbers the rest of the quiz (1…n); false when the quiz has no such question. */
  async deleteQuestion(manager: EntityManager, moduleId: number, questionId: number): Promise<boolean> {
    const [, deleted] = await manager.query(`DELETE FROM quiz_question WHERE id = $1 AND module_id = $2`, [
      questionId,
      moduleId,
    ]);
    if (deleted === 0) return false;
    await manager.query(
      `UPDATE quiz_question q SET position = r.rn
         FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rn FROM quiz_question WHERE module_id = $1) r
        WHERE q.id = r.id`,
      [moduleId],
    );
    return true;
  }
}
