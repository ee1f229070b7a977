import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A completion of the file, matched: the person's assignment of the completion's fiscal year is completed. */
export interface ImportedCompletion {
  staffId: number;
  courseId: number;
  version: number;
  fiscalYear: number;
  completedOn: string;
}

/** The SQL of the 修了実績 import, set-based, inside the import's one transaction (`manager`). */
@Injectable()
export class CompletionImportRepository {
  /** Every person of the tenant, left or not, by 職員番号. */
  async findStaffIdsByEmployeeNo(manager: EntityManager, tenantId: number): Promise<Map<string, number>> {
    const rows: { employee_no: string; id: number }[] = await manager.query(
      `SELECT employee_no, id FROM staff WHERE tenant_id = $1`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.employee_no, r.id]));
  }

  /** The published courses, by code, with their published version. */
  async findPublishedCourses(
    manager: EntityManager,
    tenantId: number,
  ): Promise<Map<string, { id: number; version: number }>> {
    const rows: { code: string; id: number; published_version: number }[] = await manager.query(
      `SELECT code, id, published_version FROM course WHERE tenant_id = $1 AND published_version >= 1`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.code, { id: r.id, version: r.published_version }]));
  }

  /** How many of the completions' assignments are completed already. */
  async countAlreadyCompleted(
    manager: EntityManager,
    tenantId: number,
    completions: ImportedCompletion[],
  ): Promise<number> {
    const [{ done }] = await manager.query(
      `SELECT count(*)::int AS done FROM enrollment e
       JOIN unnest($2::bigint[], $3::bigint[], $4::int[]) AS x(staff_id, course_id, fy)
         ON e.staff_id = x.staff_id AND e.course_id = x.course_id AND e.fiscal_year = x.fy
      WHERE e.tenant_id = $1 AND e.completed_at IS NOT NULL`,
      [
        tenantId,
        completions.map((r) => r.staffId),
        completions.map((r) => r.courseId),
        completions.map((r) => r.fiscalYear),
      ],
    );
    return done;
  }

  /**
   * Completes each completion's assignment of its fiscal year; a person without one gets it as a manual assignment
   * first. Assignments completed already are left as they are. How many were completed now.
   */
  async completeAssignments(
    manager: EntityManager,
    tenantId: number,
    completions: ImportedCompletion[],
  ): Promise<number> {
    const columns = [
      completions.map((r) => r.staffId),
      completions.map((r) => r.courseId),
      completions.map((r) => r.version),
      completions.map((r) => r.fiscalYear),
      completions.map((r) => r.completedOn),
    ];
    await manager.query(
      `INSERT INTO enrollment (tenant_id, staff_id, course_id, course_version, fiscal_year, source, trigger_date, due_date)
       SELECT $1, x.staff_id, x.course_id, x.version, x.fy, 'manual', x.day, x.day
         FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::date[]) AS x(staff_id, course_id, version, fy, day)
       ON CONFLICT ON CONSTRAINT uq_enrollment DO NOTHING`,
      [tenantId, ...columns],
    );
    const [, completed] = await manager.query(
      `UPDATE enrollment e SET completed_on = x.day, completed_at = (x.day::timestamp AT TIME ZONE 'Asia/Tokyo'),
              completion_source = 'import'
         FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::date[]) AS x(staff_id, course_id, version, fy, day)
        WHERE e.tenant_id = $1 AND e.staff_id = x.staff_id AND e.course_id = x.course_id AND e.fiscal_year = x.fy
          AND e.completed_at IS NULL`,
      [tenantId, ...columns],
    );
    return completed;
  }
}
