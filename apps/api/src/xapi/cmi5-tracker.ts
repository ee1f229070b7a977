import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PackageScoView } from '@dx/contract';
import {
  CMI5_CATEGORY,
  CMI5_SESSION_EXTENSION,
  CMI5_VERBS,
  cmi5MoveOnSatisfied,
  cmi5StatementRefusal,
  type Cmi5MoveOnValue,
  type Cmi5SessionFacts,
  isCmi5Defined,
} from '@dx/domain';
import { recordModuleDone } from '../learning/learning.service';
import { type Cmi5Launch, launchActor } from './cmi5-sessions';
import type { StatementRecord } from './statements/statement-record';
import { agentIfi, isObject } from './statements/statement-validation';
import { XapiError } from './xapi-error';

type Json = Record<string, unknown>;

interface AuRow {
  completion_status: string | null;
  success_status: string | null;
  done_at: Date | null;
}

/** The package a cmi5 module plays: its AUs and the course's publisher id. */
export interface Cmi5Course {
  courseIri: string;
  aus: PackageScoView[];
}

export async function cmi5CourseOf(manager: EntityManager, moduleId: number): Promise<Cmi5Course | null> {
  const [row] = await manager.query(
    `SELECT p.scos, p.course_iri FROM course_module m
       JOIN content_package p ON p.id = (m.content->>'packageId')::int
      WHERE m.id = $1 AND p.standard = 'cmi5'`,
    [moduleId],
  );
  return row ? { courseIri: row.course_iri, aus: row.scos } : null;
}

/**
 * The course is satisfied when every AU is (moveOn met, or NotApplicable): then, once per registration, the LMS's
 * `satisfied` statement (returned, for the caller to store in its transaction) and the module's completion.
 */
export async function satisfyModuleIfDone(
  manager: EntityManager,
  scope: {
    tenantId: number;
    enrollmentId: number;
    moduleId: number;
    registration: string;
    sessionId: string;
  },
  course: Cmi5Course,
  actor: Json,
): Promise<Json | null> {
  const done: { sco_id: string }[] = await manager.query(
    `SELECT sco_id FROM package_sco_state
      WHERE tenant_id = $1 AND enrollment_id = $2 AND module_id = $3 AND done_at IS NOT NULL`,
    [scope.tenantId, scope.enrollmentId, scope.moduleId],
  );
  const doneIds = new Set(done.map((d) => d.sco_id));
  if (!course.aus.every((au) => au.moveOn === 'NotApplicable' || doneIds.has(au.id))) return null;
  const marked = await manager.query(
    `WITH s AS (UPDATE cmi5_registration SET satisfied_at = now()
                 WHERE tenant_id = $1 AND registration = $2 AND satisfied_at IS NULL RETURNING 1)
     SELECT count(*)::int AS n FROM s`,
    [scope.tenantId, scope.registration],
  );
  if (marked[0].n === 0) return null;
  await recordModuleDone(manager, scope.enrollmentId, scope.moduleId, 'package');
  return {
    id: randomUUID(),
    actor,
    verb: { id: CMI5_VERBS.satisfied, display: { 'en-US': 'satisfied', ja: '修了条件を満たした' } },
    object: {
      objectType: 'Activity',
      id: course.courseIri,
      definition: { type: 'https://w3id.org/xapi/cmi5/activitytype/course' },
    },
    context: {
      registration: scope.registration,
      contextActivities: { category: [{ id: CMI5_CATEGORY }], grouping: [{ id: course.courseIri }] },
      extensions: { [CMI5_SESSION_EXTENSION]: scope.sessionId },
    },
    timestamp: new Date().toISOString(),
  };
}

/**
 * The LMS side of cmi5 for statements an AU sends with its launch token (cmi5 9.3 and 10): each is about the
 * launch's actor and registration; cmi5 defined ones come in order (initialized first, nothing after terminated,
 * completed once, passed or failed once and consistent with the mastery score); completed / passed decide the AU's
 * moveOn, and all AUs the module's completion: in the transaction that stores the statements, with the registration
 * row locked so concurrent posts complete it once.
 */
@Injectable()
export class Cmi5Tracker {
  /** Before anything is stored: the statements speak for this launch's actor and registration only. */
  checkScope(launch: Cmi5Launch, records: StatementRecord[]): void {
    const actor = agentIfi(launchActor(launch));
    for (const r of records) {
      if (agentIfi(r.statement['actor']) !== actor)
        throw new XapiError(
          403,
          'cmi5 の起動トークンでは、起動した学習者（actor）の Statement だけを送れます。',
        );
      if (r.registration !== launch.registration)
        throw new XapiError(403, 'Statement の context.registration がこの起動の registration と違います。');
    }
  }

  /** Applies the rules to the newly stored statements; returns the LMS's own statements to store with them. */
  async apply(
    manager: EntityManager,
    tenantId: number,
    launch: Cmi5Launch,
    fresh: StatementRecord[],
  ): Promise<Json[]> {
    const [registration] = await manager.query(
      `SELECT satisfied_at FROM cmi5_registration WHERE tenant_id = $1 AND registration = $2 FOR UPDATE`,
      [tenantId, launch.registration],
    );
    const [session] = await manager.query(
      `SELECT initialized_at, terminated_at FROM cmi5_session WHERE tenant_id = $1 AND id = $2`,
      [tenantId, launch.sessionId],
    );
    const course = await cmi5CourseOf(manager, launch.moduleId);
    const au = course?.aus.find((a) => a.id === launch.auId);
    if (!registration || !session || !course || !au) throw new XapiError(403, 'この起動は無効です。');
    const [state]: AuRow[] = await manager.query(
      `SELECT completion_status, success_status, done_at FROM package_sco_state
        WHERE tenant_id = $1 AND enrollment_id = $2 AND module_id = $3 AND sco_id = $4`,
      [tenantId, launch.enrollmentId, launch.moduleId, au.id],
    );
    const facts: Cmi5SessionFacts = {
      initialized: session.initialized_at !== null,
      terminated: session.terminated_at !== null,
      completed: state?.completion_status === 'completed',
      passed: state?.success_status === 'passed',
      failed: state?.success_status === 'failed',
      masteryScore: au.masteryScore,
    };
    const start = { ...facts };
    let scaled: number | null = null;
    let failures = 0;
    for (const r of fresh) {
      if (facts.terminated)
        throw new XapiError(403, 'この起動（セッション）はすでに終了（terminated）しています。');
      if (!isCmi5Defined(r.statement)) continue;
      if (r.activityId !== au.id)
        throw new XapiError(403, `cmi5 の Statement の object はこの AU（${au.id}）にしてください。`);
      const score = scoreOf(r.statement);
      const refusal = cmi5StatementRefusal(r.verbId, facts, score);
      if (refusal) throw new XapiError(403, refusal);
      if (r.verbId === CMI5_VERBS.initialized) facts.initialized = true;
      if (r.verbId === CMI5_VERBS.completed) facts.completed = true;
      if (r.verbId === CMI5_VERBS.passed) facts.passed = true;
      if (r.verbId === CMI5_VERBS.failed) {
        facts.failed = true;
        failures++;
      }
      if (r.verbId === CMI5_VERBS.terminated || r.verbId === CMI5_VERBS.abandoned) facts.terminated = true;
      if (score !== undefined && (r.verbId === CMI5_VERBS.passed || r.verbId === CMI5_VERBS.failed))
        scaled = score;
    }
    if (facts.initialized !== start.initialized || facts.terminated !== start.terminated) {
      await manager.query(
        `UPDATE cmi5_session SET initialized_at = CASE WHEN $3 THEN coalesce(initialized_at, now()) END,
                terminated_at = CASE WHEN $4 THEN coalesce(terminated_at, now()) END
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, launch.sessionId, facts.initialized, facts.terminated],
      );
    }
    if (facts.initialized && !start.initialized && !state) {
      // The AU is under way: the course page shows it 学習中 (and offers to resume) like a SCORM SCO.
      await manager.query(
        `INSERT INTO package_sco_state (tenant_id, enrollment_id, module_id, sco_id, status)
         VALUES ($1, $2, $3, $4, 'incomplete') ON CONFLICT DO NOTHING`,
        [tenantId, launch.enrollmentId, launch.moduleId, au.id],
      );
    }
    const outcome = { completed: facts.completed, passed: facts.passed };
    const satisfied = cmi5MoveOnSatisfied((au.moveOn ?? 'NotApplicable') as Cmi5MoveOnValue, outcome);
    const changed = facts.completed !== start.completed || facts.passed !== start.passed || failures > 0;
    if (!changed) return [];
    await manager.query(
      `INSERT INTO package_sco_state AS s (tenant_id, enrollment_id, module_id, sco_id, completion_status,
              success_status, score_scaled, status, failed_attempts, done_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END, now())
       ON CONFLICT (tenant_id, enrollment_id, module_id, sco_id) DO UPDATE SET
         completion_status = coalesce(EXCLUDED.completion_status, s.completion_status),
         success_status = coalesce(EXCLUDED.success_status, s.success_status),
         score_scaled = coalesce(EXCLUDED.score_scaled, s.score_scaled),
         status = CASE WHEN s.done_at IS NOT NULL THEN s.status ELSE EXCLUDED.status END,
         failed_attempts = s.failed_attempts + EXCLUDED.failed_attempts,
         done_at = coalesce(s.done_at, EXCLUDED.done_at), updated_at = now()`,
      [
        tenantId,
        launch.enrollmentId,
        launch.moduleId,
        au.id,
        facts.completed ? 'completed' : null,
        facts.passed ? 'passed' : facts.failed ? 'failed' : null,
        scaled,
        satisfied ? 'satisfied' : facts.passed ? 'passed' : facts.failed ? 'failed' : 'completed',
        failures,
        satisfied,
      ],
    );
    if (!satisfied || state?.done_at) return [];
    const statement = await satisfyModuleIfDone(
      manager,
      { tenantId, ...launch },
      course,
      launchActor(launch),
    );
    return statement ? [statement] : [];
  }
}

function scoreOf(statement: Json): number | undefined {
  const result = statement['result'];
  if (!isObject(result) || !isObject(result['score'])) return undefined;
  const scaled = result['score']['scaled'];
  return typeof scaled === 'number' ? scaled : undefined;
}
