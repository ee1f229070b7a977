import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QuestionInput } from '@dx/contract';
import type { AssignmentRule } from '@dx/domain';
import type { SeedCourse, SeedModule, SeedTrack } from './default-catalogue';

/**
 * The SQL of seeding the default catalogue into a tenant: every insert adds only what is missing (by code), so a
 * content administrator's edits to seeded tracks and courses are never overwritten. Runs in the caller's manager.
 */
@Injectable()
export class DefaultCatalogueRepository {
  async insertTrackIfMissing(manager: EntityManager, tenantId: number, track: SeedTrack): Promise<void> {
    await manager.query(
      `INSERT INTO track (tenant_id, code, name, description, sort_order) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, code) DO NOTHING`,
      [tenantId, track.code, track.name, track.description, track.sortOrder],
    );
  }

  /** The new course's id (version 1 published), or null when the tenant already has a course of that code. */
  async insertCourseIfMissing(
    manager: EntityManager,
    tenantId: number,
    course: SeedCourse,
  ): Promise<number | null> {
    const inserted: { id: number }[] = await manager.query(
      `INSERT INTO course (tenant_id, code, track_id, title, description, estimated_minutes, published_version)
       SELECT $1, $2, t.id, $4, $5, $6, 1 FROM track t WHERE t.tenant_id = $1 AND t.code = $3
       ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
      [tenantId, course.code, course.trackCode, course.title, course.description, course.estimatedMinutes],
    );
    return inserted[0]?.id ?? null;
  }

  async insertSkillCodes(
    manager: EntityManager,
    tenantId: number,
    courseId: number,
    codes: readonly string[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO course_skill (tenant_id, course_id, code) SELECT $1, $2, unnest($3::text[])
       ON CONFLICT DO NOTHING`,
      [tenantId, courseId, codes],
    );
  }

  /** A module of version 1 at the position (1-based); its id. */
  async insertModule(
    manager: EntityManager,
    tenantId: number,
    courseId: number,
    position: number,
    module: SeedModule,
  ): Promise<number> {
    const [row]: { id: number }[] = await manager.query(
      `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
       VALUES ($1, $2, 1, $3, $4, $5, $6, $7) RETURNING id`,
      [
        tenantId,
        courseId,
        position,
        module.kind,
        module.title,
        module.required,
        JSON.stringify(module.content),
      ],
    );
    return row.id;
  }

  /** A quiz question at the position (1-based), its choices numbered from 1. */
  async insertQuestion(
    manager: EntityManager,
    tenantId: number,
    moduleId: number,
    position: number,
    question: QuestionInput,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO quiz_question (tenant_id, module_id, position, kind, text, choices, explanation)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tenantId,
        moduleId,
        position,
        question.kind,
        question.text,
        JSON.stringify(question.choices.map((choice, i) => ({ id: i + 1, ...choice }))),
        question.explanation,
      ],
    );
  }

  async insertRule(
    manager: EntityManager,
    tenantId: number,
    courseId: number,
    rule: AssignmentRule,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO assignment_rule (tenant_id, course_id, trigger, due, employment_types, active)
       VALUES ($1, $2, $3, $4, $5, true)`,
      [
        tenantId,
        courseId,
        JSON.stringify(rule.trigger),
        JSON.stringify(rule.due),
        rule.employmentTypes ?? [],
      ],
    );
  }
}
