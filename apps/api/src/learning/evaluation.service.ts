import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SubmissionListItem } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { CredentialsService } from '../credentials/credentials.service';
import { recordModuleDoneForMany } from '../enrolments/enrolment-queries';
import { EvaluationRepository } from './evaluation.repository';
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
    private readonly repository: EvaluationRepository,
    private readonly audit: AuditService,
    private readonly credentials: CredentialsService,
  ) {}

  async list(user: AuthUser, status: string | undefined): Promise<SubmissionListItem[]> {
    const rows = await this.repository.findSubmissions(user.tenantId, status);
    return rows.map((r) => ({
      id: r.id,
      employeeNo: r.employee_no,
      name: r.name,
      courseCode: r.code,
      courseTitle: r.course_title,
      moduleTitle: r.module_title,
      fiscalYear: r.fiscal_year,
      submittedAt: new Date(r.submitted_at).toISOString(),
      status: r.status,
      text: r.text,
      fileName: r.file_name,
      comment: r.evaluator_comment,
    }));
  }

  async file(
    user: AuthUser,
    id: number,
  ): Promise<{ name: string; type: string; data: Buffer; employeeNo: string }> {
    const row = await this.repository.findSubmissionFile(user.tenantId, id);
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
      const submission = await this.repository.lockSubmission(manager, user.tenantId, id);
      if (!submission) throw Problem.notFound('この提出物は見つかりません。');
      if (submission.status !== 'submitted') {
        throw new Problem(409, 'already-evaluated', '評価済みです', 'この提出物は既に評価されています。');
      }
      if (result === 'returned' && !comment.trim()) {
        throw Problem.validation([
          { field: 'comment', message: '差し戻すときはコメントを入力してください。' },
        ]);
      }
      await this.repository.recordEvaluation(
        manager,
        user.tenantId,
        id,
        result,
        comment || null,
        user.userId,
      );
      // Passing the last 課題 of the DX推進スペシャリスト programme certifies the person, in this transaction.
      if (
        result === 'passed' &&
        (await recordModuleDone(
          manager,
          user.tenantId,
          submission.enrollment_id,
          submission.module_id,
          'evaluator',
        ))
      )
        await this.credentials.certifyAfterCompletion(manager, user.tenantId, submission.enrollment_id, user);
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: `submission.${result}`, target: String(id) },
        manager,
      );
    });
  }

  /** The live sessions (集合研修 / Web会議) of the published courses, for recording attendance. */
  async liveSessions(user: AuthUser, fiscalYear: number): Promise<LiveSessionItem[]> {
    const rows = await this.repository.findLiveSessions(user.tenantId, fiscalYear);
    return rows.map((r) => {
      const content = r.content;
      return {
        moduleId: r.id,
        courseCode: r.code,
        courseTitle: r.course_title,
        title: r.title,
        format: String(content.format ?? '集合研修'),
        startsAt: String(content.startsAt ?? ''),
        place: (content.place as string) ?? null,
        capacity: Number(content.capacity ?? 0),
        assigned: r.assigned,
        attended: r.attended,
      };
    });
  }

  /** Everyone assigned the session's course that year, with whether their attendance is recorded. */
  async participants(user: AuthUser, moduleId: number, fiscalYear: number): Promise<LiveParticipant[]> {
    const rows = await this.repository.findParticipants(user.tenantId, moduleId, fiscalYear);
    return rows.map((r) => ({
      employeeNo: r.employee_no,
      name: r.name,
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
      const module = await this.repository.findModule(manager, user.tenantId, moduleId);
      if (!module || module.kind !== 'live')
        throw Problem.notFound('この集合研修・Web会議のモジュールは見つかりません。');
      const enrollments = await this.repository.findEnrolmentsOf(
        manager,
        user.tenantId,
        module,
        fiscalYear,
        employeeNos,
      );
      await recordModuleDoneForMany(
        manager,
        user.tenantId,
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
