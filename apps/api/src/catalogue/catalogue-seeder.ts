import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_RULES } from '@dx/domain';
import { DEFAULT_COURSES, DEFAULT_TRACKS, SeedCourse } from './default-catalogue';

/**
 * The contract's default catalogue, present in every tenant. Only what is missing is added, so a content
 * administrator's edits to the seeded courses are never overwritten.
 */
@Injectable()
export class CatalogueSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ensureDefaultCatalogue(
    tenantId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    for (const track of DEFAULT_TRACKS) {
      await manager.query(
        `INSERT INTO track (tenant_id, code, name, description, sort_order) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, code) DO NOTHING`,
        [tenantId, track.code, track.name, track.description, track.sortOrder],
      );
    }
    for (const course of DEFAULT_COURSES) await this.ensureCourse(manager, tenantId, course);
  }

  private async ensureCourse(manager: EntityManager, tenantId: number, course: SeedCourse): Promise<void> {
    const inserted: { id: number }[] = await manager.query(
      `INSERT INTO course (tenant_id, code, track_id, title, description, estimated_minutes, skill_area, published_version)
       SELECT $1, $2, t.id, $4, $5, $6, $7, 1 FROM track t WHERE t.tenant_id = $1 AND t.code = $3
       ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
      [
        tenantId,
        course.code,
        course.trackCode,
        course.title,
        course.description,
        course.estimatedMinutes,
        course.skillArea,
      ],
    );
    if (inserted.length === 0) return;
    const courseId = inserted[0].id;
    for (const [index, module] of course.modules.entries()) {
      const [row] = await manager.query(
        `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
         VALUES ($1, $2, 1, $3, $4, $5, $6, $7) RETURNING id`,
        [
          tenantId,
          courseId,
          index + 1,
          module.kind,
          module.title,
          module.required,
          JSON.stringify(module.content),
        ],
      );
      for (const [position, question] of (module.questions ?? []).entries()) {
        await manager.query(
          `INSERT INTO quiz_question (tenant_id, module_id, position, kind, text, choices, explanation)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            tenantId,
            row.id,
            position + 1,
            question.kind,
            question.text,
            JSON.stringify(question.choices.map((choice, i) => ({ id: i + 1, ...choice }))),
            question.explanation,
          ],
        );
      }
    }
    for (const rule of DEFAULT_RULES.filter((r) => r.courseCode === course.code)) {
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
}
