import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** One SCO's run-time data of one commit, merged into what is kept (package_sco_state). */
export interface ScoCommit {
  tenantId: number;
  enrollmentId: number;
  moduleId: number;
  scoId: string;
  lessonStatus: string | null;
  completionStatus: string | null;
  successStatus: string | null;
  scoreRaw: number | null;
  scoreScaled: number | null;
  status: string;
  suspendData: string | null;
  location: string | null;
  /** Seconds to add to the SCO's total. */
  addSeconds: number;
  /** Failed attempts to add. */
  addFailures: number;
  /** The SCO is done now (a done SCO stays done on its first day). */
  done: boolean;
}

/** A SCO's stored run-time data, as the player resumes with it. */
export interface ScoStateRow {
  lesson_status: string | null;
  completion_status: string | null;
  success_status: string | null;
  score_raw: number | null;
  score_scaled: number | null;
  suspend_data: string | null;
  location: string | null;
  total_seconds: string | number;
}

/** The SQL of package modules at run time: the module of an enrolment, the learner, the SCOs' stored state. */
@Injectable()
export class PackageRuntimeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A signed-in learner's 職員番号 and name (the cmi5 actor). */
  async findLearner(staffId: number | null): Promise<{ employee_no: string; name: string }> {
    const [learner] = await this.dataSource.query(`SELECT employee_no, name FROM staff WHERE id = $1`, [
      staffId,
    ]);
    return learner;
  }

  /** The learner of an enrolment of the tenant. */
  async findLearnerOfEnrollment(
    tenantId: number,
    enrollmentId: number,
  ): Promise<{ employee_no: string; name: string } | undefined> {
    const [learner] = await this.dataSource.query(
      `SELECT st.employee_no, st.name FROM enrollment e JOIN staff st ON st.id = e.staff_id
        WHERE e.tenant_id = $1 AND e.id = $2`,
      [tenantId, enrollmentId],
    );
    return learner;
  }

  /** A module of the enrolment's course version, with the package it names (when it is a package module). */
  async findModuleOfCourseVersion(
    moduleId: number,
    courseId: number,
    courseVersion: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: number; kind: string; title: string; package_id: number | null } | undefined> {
    const [row] = await manager.query(
      `SELECT m.id, m.kind, m.title, (m.content->>'packageId')::int AS package_id
         FROM course_module m WHERE m.id = $1 AND m.course_id = $2 AND m.version = $3`,
      [moduleId, courseId, courseVersion],
    );
    return row;
  }

  /** Locks the enrolment row until the caller's transaction ends (commits of one enrolment, one at a time). */
  async lockEnrollment(manager: EntityManager, enrollmentId: number): Promise<void> {
    await manager.query(`SELECT id FROM enrollment WHERE id = $1 FOR UPDATE`, [enrollmentId]);
  }

  /** Merges a commit into the SCO's state: values only ever set, time and failures added; its done_at after. */
  async upsertScoState(manager: EntityManager, commit: ScoCommit): Promise<{ done_at: Date | null }> {
    const [state]: { done_at: Date | null }[] = await manager.query(
      `INSERT INTO package_sco_state AS s (tenant_id, enrollment_id, module_id, sco_id, lesson_status, completion_status,
              success_status, score_raw, score_scaled, status, suspend_data, location, total_seconds, failed_attempts,
              done_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::int, CASE WHEN $15 THEN now() END, now())
       ON CONFLICT (tenant_id, enrollment_id, module_id, sco_id) DO UPDATE SET
         lesson_status = coalesce(EXCLUDED.lesson_status, s.lesson_status),
         completion_status = coalesce(EXCLUDED.completion_status, s.completion_status),
         success_status = coalesce(EXCLUDED.success_status, s.success_status),
         score_raw = coalesce(EXCLUDED.score_raw, s.score_raw),
         score_scaled = coalesce(EXCLUDED.score_scaled, s.score_scaled),
         status = CASE WHEN s.done_at IS NOT NULL THEN s.status ELSE EXCLUDED.status END,
         suspend_data = coalesce(EXCLUDED.suspend_data, s.suspend_data),
         location = coalesce(EXCLUDED.location, s.location),
         total_seconds = s.total_seconds + EXCLUDED.total_seconds,
         failed_attempts = s.failed_attempts + EXCLUDED.failed_attempts,
         done_at = coalesce(s.done_at, EXCLUDED.done_at),
         updated_at = now()
       RETURNING done_at`,
      [
        commit.tenantId,
        commit.enrollmentId,
        commit.moduleId,
        commit.scoId,
        commit.lessonStatus,
        commit.completionStatus,
        commit.successStatus,
        commit.scoreRaw,
        commit.scoreScaled,
        commit.status,
        commit.suspendData,
        commit.location,
        commit.addSeconds,
        commit.addFailures,
        commit.done,
      ],
    );
    return state;
  }

  /** The ids of the module's SCOs the enrolment has done, in the caller's transaction. */
  async findDoneScoIds(
    manager: EntityManager,
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
  ): Promise<string[]> {
    const done: { sco_id: string }[] = await manager.query(
      `SELECT sco_id FROM package_sco_state
        WHERE tenant_id = $1 AND enrollment_id = $2 AND module_id = $3 AND done_at IS NOT NULL`,
      [tenantId, enrollmentId, moduleId],
    );
    return done.map((d) => d.sco_id);
  }

  /** The ids of the module's SCOs the enrolment has done (where a launch resumes). */
  async findDoneScoIdsOfEnrollment(enrollmentId: number, moduleId: number): Promise<string[]> {
    const done: { sco_id: string }[] = await this.dataSource.query(
      `SELECT sco_id FROM package_sco_state WHERE enrollment_id = $1 AND module_id = $2 AND done_at IS NOT NULL`,
      [enrollmentId, moduleId],
    );
    return done.map((d) => d.sco_id);
  }

  /** One SCO's stored run-time data, or undefined before its first commit. */
  async findScoState(
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
    scoId: string,
  ): Promise<ScoStateRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT s.lesson_status, s.completion_status, s.success_status, s.score_raw, s.score_scaled, s.suspend_data,
              s.location, s.total_seconds
         FROM package_sco_state s
        WHERE s.tenant_id = $1 AND s.enrollment_id = $2 AND s.module_id = $3 AND s.sco_id = $4`,
      [tenantId, enrollmentId, moduleId, scoId],
    );
    return row;
  }
}
