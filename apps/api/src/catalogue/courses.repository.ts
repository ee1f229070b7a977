import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface CourseListRow {
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
}

export interface TrackRow {
  code: string;
  name: string;
  description: string;
  sort_order: number;
  course_count: number;
}

/** A course's fields, shared by every version (what lists and certificates show). */
export interface CourseFieldsRow {
  trackId: number;
  title: string;
  description: string;
  estimatedMinutes: number;
}

/**
 * The SQL of the catalogue's tracks and courses as the editor lists and changes them: the course fields, the draft's
 * end and publishing (the versions' modules are in CourseVersionsRepository and DraftModulesRepository).
 */
@Injectable()
export class CoursesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every course of the tenant with its module counts (published and draft) and rule count, by track then code. */
  findCourseList(tenantId: number): Promise<CourseListRow[]> {
    return this.dataSource.query(
      `SELECT c.code, c.title, t.code AS track_code, t.name AS track_name, c.estimated_minutes, c.published_version,
              c.has_draft,
              count(m.id) FILTER (WHERE m.version = c.published_version)::int AS module_count,
              count(m.id) FILTER (WHERE m.version = c.published_version + 1)::int AS draft_module_count,
              (SELECT count(*)::int FROM assignment_rule r WHERE r.tenant_id = c.tenant_id AND r.course_id = c.id) AS rule_count
         FROM course c
         JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
         LEFT JOIN course_module m ON m.tenant_id = c.tenant_id AND m.course_id = c.id AND m.version >= c.published_version
        WHERE c.tenant_id = $1
        GROUP BY c.tenant_id, c.id, t.tenant_id, t.id
        ORDER BY t.sort_order, t.code, c.code`,
      [tenantId],
    );
  }

  /** A new course, nothing published and an empty first draft: its id, or null when the code is taken. */
  async insertCourse(
    manager: EntityManager,
    tenantId: number,
    code: string,
    fields: CourseFieldsRow,
  ): Promise<number | null> {
    const inserted: { id: number }[] = await manager.query(
      `INSERT INTO course (tenant_id, code, track_id, title, description, estimated_minutes, published_version, has_draft)
       VALUES ($1, $2, $3, $4, $5, $6, 0, true)
       ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
      [tenantId, code, fields.trackId, fields.title, fields.description, fields.estimatedMinutes],
    );
    return inserted[0]?.id ?? null;
  }

  async updateCourseFields(manager: EntityManager, courseId: number, fields: CourseFieldsRow): Promise<void> {
    await manager.query(
      `UPDATE course SET track_id = $2, title = $3, description = $4, estimated_minutes = $5 WHERE id = $1`,
      [courseId, fields.trackId, fields.title, fields.description, fields.estimatedMinutes],
    );
  }

  /** The course's デジタルスキル標準 codes become exactly these (validated by the caller). */
  async replaceSkillCodes(
    manager: EntityManager,
    tenantId: number,
    courseId: number,
    codes: readonly string[],
  ): Promise<void> {
    await manager.query(
      `DELETE FROM course_skill WHERE tenant_id = $1 AND course_id = $2 AND NOT (code = ANY($3::text[]))`,
      [tenantId, courseId, codes],
    );
    await manager.query(
      `INSERT INTO course_skill (tenant_id, course_id, code) SELECT $1, $2, unnest($3::text[])
       ON CONFLICT DO NOTHING`,
      [tenantId, courseId, codes],
    );
  }

  /** The course has no draft any more (its modules are deleted by the caller). */
  async endDraft(manager: EntityManager, courseId: number): Promise<void> {
    await manager.query(`UPDATE course SET has_draft = false WHERE id = $1`, [courseId]);
  }

  /** The draft becomes the published version. */
  async publishDraft(manager: EntityManager, courseId: number, version: number): Promise<void> {
    await manager.query(`UPDATE course SET published_version = $2, has_draft = false WHERE id = $1`, [
      courseId,
      version,
    ]);
  }

  /** The tenant's tracks with their course counts, in their order. */
  findTracks(manager: EntityManager, tenantId: number): Promise<TrackRow[]> {
    return manager.query(
      `SELECT t.code, t.name, t.description, t.sort_order,
                (SELECT count(*)::int FROM course c WHERE c.tenant_id = t.tenant_id AND c.track_id = t.id) AS course_count
           FROM track t WHERE t.tenant_id = $1 ORDER BY t.sort_order, t.code`,
      [tenantId],
    );
  }

  /** A new track at the end of the order; false when the code is taken. */
  async insertTrack(
    manager: EntityManager,
    tenantId: number,
    track: { code: string; name: string; description: string },
  ): Promise<boolean> {
    const inserted = await manager.query(
      `INSERT INTO track (tenant_id, code, name, description, sort_order)
       SELECT $1, $2, $3, $4, coalesce(max(sort_order), 0) + 1 FROM track WHERE tenant_id = $1
       ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
      [tenantId, track.code, track.name, track.description],
    );
    return inserted.length > 0;
  }

  /** Changes a track (a field left null keeps its value); false when the tenant has no such track. */
  async updateTrack(
    manager: EntityManager,
    tenantId: number,
    code: string,
    track: { name: string; description: string | null; sortOrder: number | null },
  ): Promise<boolean> {
    const [, updated] = await manager.query(
      `UPDATE track SET name = $3, description = coalesce($4, description), sort_order = coalesce($5, sort_order)
        WHERE tenant_id = $1 AND code = $2`,
      [tenantId, code, track.name, track.description, track.sortOrder],
    );
    return updated !== 0;
  }

  async findTrackId(manager: EntityManager, tenantId: number, code: string): Promise<number | undefined> {
    const [track] = await manager.query(`SELECT id FROM track WHERE tenant_id = $1 AND code = $2`, [
      tenantId,
      code,
    ]);
    return track?.id;
  }
}
