import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The SQL of assigning by hand and of exemptions (the rules engine's is in assignments.repository.ts). */
@Injectable()
export class EnrolmentsRepository {
  /**
   * Sets or clears (null) the exemption of a person's assignment of a course in a fiscal year, recording who and when;
   * false when they have no such assignment.
   */
  async setExemption(
    manager: EntityManager,
    tenantId: number,
    staffId: number,
    courseCode: string,
    fiscalYear: number,
    reason: string | null,
    exemptedBy: number,
  ): Promise<boolean> {
    const updated = await manager.query(
      `UPDATE enrollment e SET exempt_reason = $5, exempted_at = CASE WHEN $5::text IS NULL THEN NULL ELSE $7::timestamptz END,
              exempted_by = CASE WHEN $5::text IS NULL THEN NULL ELSE $6::bigint END
         FROM course c
        WHERE c.tenant_id = e.tenant_id AND c.id = e.course_id
          AND e.tenant_id = $1 AND e.staff_id = $2 AND c.code = $3 AND e.fiscal_year = $4
        RETURNING e.id`,
      [tenantId, staffId, courseCode, fiscalYear, reason, exemptedBy, new Date()],
    );
    return updated[0].length > 0;
  }

  async findCourse(
    manager: EntityManager,
    tenantId: number,
    code: string,
  ): Promise<{ id: number; published_version: number } | undefined> {
    const [course] = await manager.query(
      `SELECT id, published_version FROM course WHERE tenant_id = $1 AND code = $2`,
      [tenantId, code],
    );
    return course;
  }

  /** Assigns the published version by hand (triggered today, Tokyo); false when the person already has it that year. */
  async insertManualAssignment(
    manager: EntityManager,
    tenantId: number,
    staffId: number,
    course: { id: number; published_version: number },
    fiscalYear: number,
    dueDate: string,
  ): Promise<boolean> {
    const inserted = await manager.query(
      `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, trigger_date, due_date)
       VALUES ($1, $2, $3, $4, $5, 'manual', (now() AT TIME ZONE 'Asia/Tokyo')::date, $6)
       ON CONFLICT ON CONSTRAINT uq_enrollment DO NOTHING RETURNING id`,
      [tenantId, staffId, course.id, fiscalYear, course.published_version, dueDate],
    );
    return inserted.length > 0;
  }
}
