import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SubmissionStatus } from '@dx/contract';

export interface SubmissionListRow {
  id: number;
  employee_no: string;
  name: string;
  code: string;
  course_title: string;
  module_title: string;
  fiscal_year: number;
  submitted_at: string;
  status: SubmissionStatus;
  text: string | null;
  file_name: string | null;
  evaluator_comment: string | null;
}

export interface SubmissionFileRow {
  file_name: string;
  file_type: string | null;
  file_data: Buffer;
  employee_no: string;
}

export interface LiveSessionRow {
  id: number;
  code: string;
  course_title: string;
  title: string;
  content: Record<string, unknown>;
  assigned: number;
  attended: number;
}

/** The SQL of evaluating 課題 submissions and recording the attendance of live sessions. */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tenant's submissions (of one status, or all), the oldest first, at most 500. */
  findSubmissions(tenantId: number, status: string | undefined): Promise<SubmissionListRow[]> {
    return this.dataSource.query(
      `SELECT sub.id, s.employee_no, s.name, c.code, c.title AS course_title, m.title AS module_title, e.fiscal_year,
              sub.submitted_at, sub.status, sub.text, sub.file_name, sub.evaluator_comment
         FROM assignment_submission sub
         JOIN enrollment e ON e.tenant_id = sub.tenant_id AND e.id = sub.enrollment_id
         JOIN staff s ON s.tenant_id = e.tenant_id AND s.id = e.staff_id
         JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
         JOIN course_module m ON m.tenant_id = sub.tenant_id AND m.id = sub.module_id
        WHERE sub.tenant_id = $1 AND ($2::text IS NULL OR sub.status = $2)
        ORDER BY sub.submitted_at LIMIT 500`,
      [tenantId, status ?? null],
    );
  }

  /** A submission's attached file, with whose it is; undefined when it has none. */
  async findSubmissionFile(tenantId: number, id: number): Promise<SubmissionFileRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT sub.file_name, sub.file_type, sub.file_data, s.employee_no
         FROM assignment_submission sub JOIN enrollment e ON e.tenant_id = sub.tenant_id AND e.id = sub.enrollment_id
         JOIN staff s ON s.tenant_id = e.tenant_id AND s.id = e.staff_id
        WHERE sub.id = $1 AND sub.tenant_id = $2 AND sub.file_data IS NOT NULL`,
      [id, tenantId],
    );
    return row;
  }

  /** A submission, locked while it is evaluated. */
  async lockSubmission(
    manager: EntityManager,
    tenantId: number,
    id: number,
  ): Promise<{ id: number; enrollment_id: number; module_id: number; status: SubmissionStatus } | undefined> {
    const [submission] = await manager.query(
      `SELECT id, enrollment_id, module_id, status FROM assignment_submission WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [id, tenantId],
    );
    return submission;
  }

  async recordEvaluation(
    manager: EntityManager,
    tenantId: number,
    id: number,
    result: 'passed' | 'returned',
    comment: string | null,
    evaluatedBy: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE assignment_submission SET status = $2, evaluator_comment = $3, evaluated_by = $4, evaluated_at = now()
        WHERE tenant_id = $5 AND id = $1`,
      [id, result, comment, evaluatedBy, tenantId],
    );
  }

  /** The live modules of published versions, with how many are assigned and attended in the fiscal year. */
  findLiveSessions(tenantId: number, fiscalYear: number): Promise<LiveSessionRow[]> {
    return this.dataSource.query(
      `SELECT m.id, c.code, c.title AS course_title, m.title, m.content,
              (SELECT count(*)::int FROM enrollment e
                WHERE e.tenant_id = c.tenant_id AND e.course_id = c.id AND e.course_version = m.version AND e.fiscal_year = $2) AS assigned,
              (SELECT count(*)::int FROM module_progress p JOIN enrollment e ON e.tenant_id = p.tenant_id AND e.id = p.enrollment_id
                WHERE p.tenant_id = m.tenant_id AND p.module_id = m.id AND e.fiscal_year = $2) AS attended
         FROM course_module m JOIN course c ON c.tenant_id = m.tenant_id AND c.id = m.course_id
        WHERE m.tenant_id = $1 AND m.kind = 'live' AND m.version <= c.published_version
        ORDER BY m.content->>'startsAt', c.code`,
      [tenantId, fiscalYear],
    );
  }

  /** Everyone assigned a live module's course version that year, by 職員番号, with when they attended. */
  findParticipants(
    tenantId: number,
    moduleId: number,
    fiscalYear: number,
  ): Promise<{ employee_no: string; name: string; completed_at: Date | null }[]> {
    return this.dataSource.query(
      `SELECT s.employee_no, s.name, p.completed_at
         FROM course_module m
         JOIN enrollment e ON e.tenant_id = m.tenant_id AND e.course_id = m.course_id AND e.course_version = m.version
              AND e.fiscal_year = $3
         JOIN staff s ON s.tenant_id = e.tenant_id AND s.id = e.staff_id
         LEFT JOIN module_progress p ON p.tenant_id = e.tenant_id AND p.enrollment_id = e.id AND p.module_id = m.id
        WHERE m.id = $1 AND m.tenant_id = $2 AND m.kind = 'live'
        ORDER BY s.employee_no`,
      [moduleId, tenantId, fiscalYear],
    );
  }

  async findModule(
    manager: EntityManager,
    tenantId: number,
    moduleId: number,
  ): Promise<{ id: number; course_id: number; version: number; kind: string } | undefined> {
    const [module] = await manager.query(
      `SELECT id, course_id, version, kind FROM course_module WHERE id = $1 AND tenant_id = $2`,
      [moduleId, tenantId],
    );
    return module;
  }

  /** The enrolments in a course version and year of the given 職員番号 (those not assigned are absent). */
  findEnrolmentsOf(
    manager: EntityManager,
    tenantId: number,
    module: { course_id: number; version: number },
    fiscalYear: number,
    employeeNos: string[],
  ): Promise<{ id: number; employee_no: string }[]> {
    return manager.query(
      `SELECT e.id, s.employee_no FROM enrollment e JOIN staff s ON s.tenant_id = e.tenant_id AND s.id = e.staff_id
        WHERE e.tenant_id = $5 AND e.course_id = $1 AND e.course_version = $2 AND e.fiscal_year = $3
          AND s.employee_no = ANY($4)`,
      [module.course_id, module.version, fiscalYear, employeeNos, tenantId],
    );
  }
}
