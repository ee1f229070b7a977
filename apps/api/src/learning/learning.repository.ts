import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ModuleView, PackageStandard } from '@dx/contract';
import type { QuizChoice } from '../catalogue/catalogue.entities';
import { completeIfAllRequiredDone, type EnrollmentRow } from '../enrolments/enrolment-queries';

export interface ModuleRow {
  id: number;
  position: number;
  kind: ModuleView['kind'];
  title: string;
  required: boolean;
  content: Record<string, unknown>;
  completed_at: Date | null;
}

export interface QuestionRow {
  id: number;
  kind: 'single' | 'multiple';
  text: string;
  choices: QuizChoice[];
  explanation: string;
}

/** The questions an attempt drew, in order, each with its choices in the order shown. */
export type DrawnQuestions = { questionId: number; choiceIds: number[] }[];

export interface QuizStats {
  question_count: number;
  used: number;
  best: number | null;
  passed: boolean | null;
  open_id: number | null;
}

export interface AttemptRow {
  id: number;
  attempt_no: number;
  submitted_at: Date | null;
  passed: boolean | null;
}

/** An attempt being submitted, locked, with its module's settings. */
export interface LockedAttempt {
  id: number;
  module_id: number;
  drawn: DrawnQuestions;
  submitted_at: Date | null;
  enrollment_id: number;
  content: Record<string, unknown>;
}

export interface SubmissionRow {
  status: 'submitted' | 'passed' | 'returned';
  submitted_at: Date;
  evaluator_comment: string | null;
  file_name: string | null;
}

export interface PackageStateRow {
  title: string;
  standard: PackageStandard;
  scos: { id: string; title: string }[];
  states: Record<string, { status: string; done: boolean }>;
}

/** A new submission of an assignment. */
export interface NewSubmission {
  tenantId: number;
  enrollmentId: number;
  moduleId: number;
  text: string | null;
  fileName: string | null;
  fileType: string | null;
  fileData: Buffer | null;
}

/**
 * The learner's SQL: the modules of an assigned version with their progress and state (quiz attempts, the latest
 * submission, a package's SCOs), quiz attempts from start to grade, submissions, and certificates.
 */
@Injectable()
export class LearningRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The modules of the version the person was assigned, in order, with when each was completed. */
  /** The デジタルスキル標準 codes the course is mapped to. */
  async findCourseSkillCodes(tenantId: number, courseId: number): Promise<string[]> {
    const rows: { code: string }[] = await this.dataSource.query(
      `SELECT code FROM course_skill WHERE tenant_id = $1 AND course_id = $2`,
      [tenantId, courseId],
    );
    return rows.map((r) => r.code);
  }

  findModulesWithProgress(tenantId: number, enrollment: EnrollmentRow): Promise<ModuleRow[]> {
    return this.dataSource.query(
      `SELECT m.id, m.position, m.kind, m.title, m.required, m.content, p.completed_at
         FROM course_module m
         LEFT JOIN module_progress p ON p.tenant_id = m.tenant_id AND p.module_id = m.id AND p.enrollment_id = $3
        WHERE m.tenant_id = $4 AND m.course_id = $1 AND m.version = $2 ORDER BY m.position`,
      [enrollment.course_id, enrollment.course_version, enrollment.id, tenantId],
    );
  }

  /** A quiz's question count and the person's attempts: how many, the best score, a pass, the open one. */
  async findQuizStats(tenantId: number, enrollmentId: number, moduleId: number): Promise<QuizStats> {
    const [stats] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM quiz_question q WHERE q.tenant_id = $3 AND q.module_id = $2) AS question_count,
              count(a.id)::int AS used, max(a.score) AS best, bool_or(coalesce(a.passed, false)) AS passed,
              max(a.id) FILTER (WHERE a.submitted_at IS NULL) AS open_id
         FROM quiz_attempt a WHERE a.tenant_id = $3 AND a.enrollment_id = $1 AND a.module_id = $2`,
      [enrollmentId, moduleId, tenantId],
    );
    return stats;
  }

  /** The person's latest submission of an assignment, if any. */
  async findLatestSubmission(
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
  ): Promise<SubmissionRow | undefined> {
    const [submission] = await this.dataSource.query(
      `SELECT status, submitted_at, evaluator_comment, file_name FROM assignment_submission
        WHERE tenant_id = $3 AND enrollment_id = $1 AND module_id = $2 ORDER BY submitted_at DESC LIMIT 1`,
      [enrollmentId, moduleId, tenantId],
    );
    return submission;
  }

  /** A package module's package, with the person's state of each SCO. */
  async findPackageState(
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
    packageId: number,
  ): Promise<PackageStateRow | undefined> {
    const [pkg] = await this.dataSource.query(
      `SELECT p.title, p.standard, p.scos,
              coalesce((SELECT json_object_agg(s.sco_id, json_build_object('status', s.status, 'done', s.done_at IS NOT NULL))
                          FROM package_sco_state s
                         WHERE s.tenant_id = p.tenant_id AND s.enrollment_id = $1 AND s.module_id = $2), '{}') AS states
         FROM content_package p WHERE p.tenant_id = $4 AND p.id = $3`,
      [enrollmentId, moduleId, packageId, tenantId],
    );
    return pkg;
  }

  /** A module of the version the person was assigned (none for a module of another course or version). */
  async findModuleOfEnrollment(
    manager: EntityManager,
    tenantId: number,
    enrollment: EnrollmentRow,
    moduleId: number,
  ): Promise<ModuleRow | undefined> {
    const [module] = await manager.query(
      `SELECT id, position, kind, title, required, content FROM course_module
        WHERE tenant_id = $4 AND id = $1 AND course_id = $2 AND version = $3`,
      [moduleId, enrollment.course_id, enrollment.course_version, tenantId],
    );
    return module;
  }

  findAttempts(tenantId: number, enrollmentId: number, moduleId: number): Promise<AttemptRow[]> {
    return this.dataSource.query(
      `SELECT id, attempt_no, submitted_at, passed FROM quiz_attempt
        WHERE tenant_id = $3 AND enrollment_id = $1 AND module_id = $2 ORDER BY attempt_no`,
      [enrollmentId, moduleId, tenantId],
    );
  }

  /** Every question of a quiz, in order: what an attempt draws from. */
  findQuestionBank(tenantId: number, moduleId: number): Promise<QuestionRow[]> {
    return this.dataSource.query(
      `SELECT id, kind, text, choices, explanation FROM quiz_question WHERE tenant_id = $2 AND module_id = $1 ORDER BY position`,
      [moduleId, tenantId],
    );
  }

  /** Starts an attempt with its drawn questions; null when a concurrent start took the number first. */
  async insertAttempt(
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
    attemptNo: number,
    drawn: DrawnQuestions,
  ): Promise<number | null> {
    const inserted: { id: number }[] = await this.dataSource.query(
      `INSERT INTO quiz_attempt (tenant_id, enrollment_id, module_id, attempt_no, drawn) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_quiz_attempt DO NOTHING RETURNING id`,
      [tenantId, enrollmentId, moduleId, attemptNo, JSON.stringify(drawn)],
    );
    return inserted.length === 0 ? null : inserted[0].id;
  }

  async findDrawnQuestions(tenantId: number, attemptId: number): Promise<DrawnQuestions> {
    const [attempt] = await this.dataSource.query(
      `SELECT drawn FROM quiz_attempt WHERE tenant_id = $1 AND id = $2`,
      [tenantId, attemptId],
    );
    return attempt.drawn as DrawnQuestions;
  }

  async findQuestionsById(tenantId: number, ids: number[]): Promise<Map<number, QuestionRow>> {
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT id, kind, text, choices, explanation FROM quiz_question WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      [tenantId, ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The person's own attempt, locked while it is graded (none for someone else's). */
  async lockOwnAttempt(
    manager: EntityManager,
    tenantId: number,
    attemptId: number,
    staffId: number,
  ): Promise<LockedAttempt | undefined> {
    const [attempt] = await manager.query(
      `SELECT a.id, a.module_id, a.drawn, a.submitted_at, a.enrollment_id, m.content
         FROM quiz_attempt a JOIN enrollment e ON e.tenant_id = a.tenant_id AND e.id = a.enrollment_id
         JOIN course_module m ON m.tenant_id = a.tenant_id AND m.id = a.module_id
        WHERE a.tenant_id = $3 AND a.id = $1 AND e.staff_id = $2
        FOR UPDATE OF a`,
      [attemptId, staffId, tenantId],
    );
    return attempt;
  }

  async recordGrade(
    manager: EntityManager,
    tenantId: number,
    attemptId: number,
    grade: { score: number; passed: boolean },
    answers: unknown,
  ): Promise<void> {
    await manager.query(
      `UPDATE quiz_attempt SET submitted_at = now(), score = $2, passed = $3, answers = $4 WHERE tenant_id = $5 AND id = $1`,
      [attemptId, grade.score, grade.passed, JSON.stringify(answers), tenantId],
    );
  }

  async countAttempts(
    manager: EntityManager,
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
  ): Promise<number> {
    const [{ used }] = await manager.query(
      `SELECT count(*)::int AS used FROM quiz_attempt WHERE tenant_id = $3 AND enrollment_id = $1 AND module_id = $2`,
      [enrollmentId, moduleId, tenantId],
    );
    return used;
  }

  /** Locks the enrolment, so two submissions of the same person are made one after the other. */
  async lockEnrollment(manager: EntityManager, tenantId: number, enrollmentId: number): Promise<void> {
    await manager.query(`SELECT id FROM enrollment WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [
      tenantId,
      enrollmentId,
    ]);
  }

  async findLatestSubmissionStatus(
    manager: EntityManager,
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
  ): Promise<SubmissionRow['status'] | undefined> {
    const [latest] = await manager.query(
      `SELECT status FROM assignment_submission WHERE tenant_id = $3 AND enrollment_id = $1 AND module_id = $2
        ORDER BY submitted_at DESC LIMIT 1`,
      [enrollmentId, moduleId, tenantId],
    );
    return latest?.status;
  }

  async insertSubmission(manager: EntityManager, s: NewSubmission): Promise<void> {
    await manager.query(
      `INSERT INTO assignment_submission (tenant_id, enrollment_id, module_id, text, file_name, file_type, file_data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.tenantId, s.enrollmentId, s.moduleId, s.text, s.fileName, s.fileType, s.fileData],
    );
  }

  async findCertificateSerial(tenantId: number, enrollmentId: number): Promise<string | undefined> {
    const [certificate] = await this.dataSource.query(
      `SELECT serial FROM certificate WHERE tenant_id = $1 AND enrollment_id = $2`,
      [tenantId, enrollmentId],
    );
    return certificate?.serial;
  }

  async findTenantCode(tenantId: number): Promise<string> {
    const [tenant] = await this.dataSource.query(`SELECT code FROM tenant WHERE id = $1`, [tenantId]);
    return tenant.code;
  }

  /**
   * Issues a certificate unless the enrolment has one (or the serial is taken): the caller reads which won. It states
   * the last day of its validity (null: no end). A renewal's certificate supersedes the one of the completion it
   * renews (which stays verifiable); one issued late for a completion already renewed is superseded at once.
   */
  async insertCertificate(
    tenantId: number,
    enrollmentId: number,
    serial: string,
    validUntil: string | null = null,
  ): Promise<void> {
    await this.dataSource.query(
      `WITH issued AS (
         INSERT INTO certificate (tenant_id, enrollment_id, serial, valid_until, superseded_by_id, superseded_at)
         SELECT $1, $2, $3, $4, newer.id, CASE WHEN newer.id IS NOT NULL THEN $5::timestamptz END
           FROM (SELECT 1) one
           LEFT JOIN LATERAL (
             SELECT c.id FROM enrollment r JOIN certificate c ON c.tenant_id = r.tenant_id AND c.enrollment_id = r.id
              WHERE r.tenant_id = $1 AND r.renews_enrollment_id = $2 ORDER BY c.id DESC LIMIT 1) newer ON true
         ON CONFLICT DO NOTHING
         RETURNING id, tenant_id, enrollment_id
       )
       UPDATE certificate old SET superseded_by_id = issued.id, superseded_at = $5::timestamptz
         FROM issued JOIN enrollment e ON e.tenant_id = issued.tenant_id AND e.id = issued.enrollment_id
        WHERE old.tenant_id = $1 AND old.tenant_id = e.tenant_id AND old.enrollment_id = e.renews_enrollment_id
          AND old.superseded_by_id IS NULL`,
      // The time is a parameter: Citus refuses now() (volatile) inside a CASE.
      [tenantId, enrollmentId, serial, validUntil, new Date()],
    );
  }
}

/**
 * Records a module as done (once) and completes the course when it was the last required one, every statement by
 * the enrolment's tenant (on Citus: routed to the tenant's shard, where the enrolment can be locked).
 */
export async function recordModuleDone(
  manager: EntityManager,
  tenantId: number,
  enrollmentId: number,
  moduleId: number,
  source: string,
): Promise<boolean> {
  // One row of VALUES (the foreign key checks the enrolment): Citus then evaluates its default now() on the
  // coordinator, as it does the completion's below, so both carry the same time.
  await manager.query(
    `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT uq_module_progress DO NOTHING`,
    [tenantId, enrollmentId, moduleId, source],
  );
  return completeIfAllRequiredDone(manager, tenantId, enrollmentId, source);
}
