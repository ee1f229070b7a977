import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SubmissionListItem, SubmissionStatus } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { recordModuleDoneForMany } from '../enrolments/enrolment-queries';
import { recordModuleDone } from './learning.repository';

export interface LiveSessionItem {
  moduleId: number;
  courseCode: string;
  courseTitle: string;
  title: string;
  format: string;
  startsAt: string;
  place: string | null;
  capacity: number;
  assigned: number;
  attended: number;
}

export interface LiveParticipant {
  employeeNo: string;
  name: string;
  attended: boolean;
}

/** Evaluators judge 課題 submissions; HR records attendance of live sessions. Both complete modules. */
@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, status: string | undefined): Promise<SubmissionListItem[]> {
    const rows = await this.dataSource.query(
      `SELECT sub.id, s.employee_no, s.name, c.code, c.title AS course_title, m.title AS module_title, e.fiscal_year,
              sub.submitted_at, sub.status, sub.text, sub.file_name, sub.evaluator_comment
         FROM assignment_submission sub
         JOIN enrollment e ON e.id = sub.enrollment_id JOIN staff s ON s.id = e.staff_id
         JOIN course c ON c.id = e.course_id JOIN course_module m ON m.id = sub.module_id
        WHERE sub.tenant_id = $1 AND ($2::text IS NULL OR sub.status = $2)
        ORDER BY sub.submitted_at LIMIT 500`,
      [user.tenantId, status ?? null],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as number,
      employeeNo: r.employee_no as string,
      name: r.name as string,
      courseCode: r.code as string,
      courseTitle: r.course_title as string,
      moduleTitle: r.module_title as string,
      fiscalYear: r.fiscal_year as number,
      submittedAt: new Date(r.submitted_at as string).toISOString(),
      status: r.status as SubmissionStatus,
      text: r.text as string | null,
      fileName: r.file_name as string | null,
      comment: r.evaluator_comment as string | null,
    }));
  }

  async file(
    user: AuthUser,
    id: number,
  ): Promise<{ name: string; type: string; data: Buffer; employeeNo: string }> {
    const [row] = await this.dataSource.query(
      `SELECT sub.file_name, sub.file_type, sub.file_data, s.employee_no
         FROM assignment_submission sub JOIN enrollment e ON e.id = sub.enrollment_id JOIN staff s ON s.id = e.staff_id
        WHERE sub.id = $1 AND sub.tenant_id = $2 AND sub.file_data IS NOT NULL`,
      [id, user.tenantId],
    );
    if (!row) throw Problem.notFound('添付ファイルはありません。');
    return {
      name: row.file_name,
      type: row.file_type || 'application/octet-stream',
      data: row.file_data,
      employeeNo: row.employee_no,
    };
  }

  /** Passing a submission completes its module (and the course when it was the last one); returning asks again. */
  async evaluate(user: AuthUser, id: number, result: 'passed' | 'returned', comment: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [submission] = await manager.query(
        `SELECT id, enrollment_id, module_id, status FROM assignment_submission WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
        [id, user.tenantId],
      );
      if (!submission) throw Problem.notFound('この提出物は見つかりません。');
      if (submission.status !== 'submitted') {
        throw new Problem(409, 'already-evaluated', '評価済みです', 'この提出物は既に評価されています。');
      }
      if (result === 'returned' && !comment.trim()) {
        throw Problem.validation([
          { field: 'comment', message: '差し戻すときはコメントを入力してください。' },
        ]);
      }
      await manager.query(
        `UPDATE assignment_submission SET status = $2, evaluator_comment = $3, evaluated_by = $4, evaluated_at = now() WHERE id = $1`,
        [id, result, comment || null, user.userId],
      );
      if (result === 'passed')
        await recordModuleDone(manager, submission.enrollment_id, submission.module_id, 'evaluator');
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: `submission.${result}`, target: String(id) },
        manager,
      );
    });
  }

  /** The live sessions (集合研修 / Web会議) of the published courses, for recording attendance. */
  async liveSessions(user: AuthUser, fiscalYear: number): Promise<LiveSessionItem[]> {
    const rows = await this.dataSource.query(
      `SELECT m.id, c.code, c.title AS course_title, m.title, m.content,
              (SELECT count(*)::int FROM enrollment e WHERE e.course_id = c.id AND e.course_version = m.version AND e.fiscal_year = $2) AS assigned,
              (SELECT count(*)::int FROM module_progress p JOIN enrollment e ON e.id = p.enrollment_id
                WHERE p.module_id = m.id AND e.fiscal_year = $2) AS attended
         FROM course_module m JOIN course c ON c.id = m.course_id
        WHERE m.tenant_id = $1 AND m.kind = 'live' AND m.version <= c.published_version
        ORDER BY m.content->>'startsAt', c.code`,
      [user.tenantId, fiscalYear],
    );
    return rows.map((r: Record<string, unknown>) => {
      const content = r.content as Record<string, unknown>;
      return {
        moduleId: r.id as number,
        courseCode: r.code as string,
        courseTitle: r.course_title as string,
        title: r.title as string,
        format: String(content.format ?? '集合研修'),
        startsAt: String(content.startsAt ?? ''),
        place: (content.place as string) ?? null,
        capacity: Number(content.capacity ?? 0),
        assigned: r.assigned as number,
        attended: r.attended as number,
      };
    });
  }

  /** Everyone assigned the session's course that year, with whether their attendance is recorded. */
  async participants(user: AuthUser, moduleId: number, fiscalYear: number): Promise<LiveParticipant[]> {
    const rows = await this.dataSource.query(
      `SELECT s.employee_no, s.name, p.completed_at
         FROM course_module m
         JOIN enrollment e ON e.course_id = m.course_id AND e.course_version = m.version AND e.fiscal_year = $3
         JOIN staff s ON s.id = e.staff_id
         LEFT JOIN module_progress p ON p.enrollment_id = e.id AND p.module_id = m.id
        WHERE m.id = $1 AND m.tenant_id = $2 AND m.kind = 'live'
        ORDER BY s.employee_no`,
      [moduleId, user.tenantId, fiscalYear],
    );
    return rows.map((r: Record<string, unknown>) => ({
      employeeNo: r.employee_no as string,
      name: r.name as string,
      attended: r.completed_at !== null,
    }));
  }

  /** Attendance of a live session, for the people assigned to its course that year. */
  async recordAttendance(
    user: AuthUser,
    moduleId: number,
    fiscalYear: number,
    employeeNos: string[],
  ): Promise<{ recorded: number; notAssigned: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const [module] = await manager.query(
        `SELECT id, course_id, version, kind FROM course_module WHERE id = $1 AND tenant_id = $2`,
        [moduleId, user.tenantId],
      );
      if (!module || module.kind !== 'live')
        throw Problem.notFound('この集合研修・Web会議のモジュールは見つかりません。');
      const enrollments: { id: number; employee_no: string }[] = await manager.query(
        `SELECT e.id, s.employee_no FROM enrollment e JOIN staff s ON s.id = e.staff_id
          WHERE e.course_id = $1 AND e.course_version = $2 AND e.fiscal_year = $3 AND s.employee_no = ANY($4)`,
        [module.course_id, module.version, fiscalYear, employeeNos],
      );
      await recordModuleDoneForMany(
        manager,
        enrollments.map((e) => e.id),
        moduleId,
        'hr',
      );
      const found = new Set(enrollments.map((e) => e.employee_no));
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'attendance.recorded',
          target: String(moduleId),
          detail: { fiscalYear, count: found.size },
        },
        manager,
      );
      return { recorded: found.size, notAssigned: employeeNos.filter((no) => !found.has(no)) };
    });
  }
}
