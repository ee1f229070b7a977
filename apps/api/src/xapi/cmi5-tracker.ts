import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
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
import { type Cmi5Course, Cmi5Repository } from './cmi5.repository';
import { type Cmi5Launch, launchActor } from './cmi5-sessions';
import type { StatementRecord } from './statements/statement-record';
import { agentIfi, isObject } from './statements/statement-validation';
import { XapiError } from './xapi-error';

type Json = Record<string, unknown>;

/**
 * The LMS side of cmi5 for statements an AU sends with its launch token (cmi5 9.3 and 10): each is about the
 * launch's actor and registration; cmi5 defined ones come in order (initialized first, nothing after terminated,
 * completed once, passed or failed once and consistent with the mastery score); completed / passed decide the AU's
 * moveOn, and all AUs the module's completion: in the transaction that stores the statements, with the registration
 * row locked so concurrent posts complete it once.
 */
@Injectable()
export class Cmi5Tracker {
  constructor(private readonly repository: Cmi5Repository) {}

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
    const registration = await this.repository.lockRegistration(manager, tenantId, launch.registration);
    const session = await this.repository.findSession(manager, tenantId, launch.sessionId);
    const course = await this.repository.findCourseOfModule(manager, launch.moduleId);
    const au = course?.aus.find((a) => a.id === launch.auId);
    if (!registration || !session || !course || !au) throw new XapiError(403, 'この起動は無効です。');
    const state = await this.repository.findAuState(
      manager,
      tenantId,
      launch.enrollmentId,
      launch.moduleId,
      au.id,
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
      await this.repository.markSessionProgress(
        manager,
        tenantId,
        launch.sessionId,
        facts.initialized,
        facts.terminated,
      );
    }
    if (facts.initialized && !start.initialized && !state) {
      // The AU is under way: the course page shows it 学習中 (and offers to resume) like a SCORM SCO.
      await this.repository.insertAuUnderway(manager, tenantId, launch.enrollmentId, launch.moduleId, au.id);
    }
    const outcome = { completed: facts.completed, passed: facts.passed };
    const satisfied = cmi5MoveOnSatisfied((au.moveOn ?? 'NotApplicable') as Cmi5MoveOnValue, outcome);
    const changed = facts.completed !== start.completed || facts.passed !== start.passed || failures > 0;
    if (!changed) return [];
    await this.repository.upsertAuOutcome(manager, {
      tenantId,
      enrollmentId: launch.enrollmentId,
      moduleId: launch.moduleId,
      auId: au.id,
      completionStatus: facts.completed ? 'completed' : null,
      successStatus: facts.passed ? 'passed' : facts.failed ? 'failed' : null,
      scoreScaled: scaled,
      status: satisfied ? 'satisfied' : facts.passed ? 'passed' : facts.failed ? 'failed' : 'completed',
      failedAttempts: failures,
      done: satisfied,
    });
    if (!satisfied || state?.done_at) return [];
    const statement = await this.satisfyModuleIfDone(
      manager,
      { tenantId, ...launch },
      course,
      launchActor(launch),
    );
    return statement ? [statement] : [];
  }

  /**
   * The course is satisfied when every AU is (moveOn met, or NotApplicable): then, once per registration, the LMS's
   * `satisfied` statement (returned, for the caller to store in its transaction) and the module's completion.
   */
  async satisfyModuleIfDone(
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
    const doneIds = new Set(
      await this.repository.findDoneAuIds(manager, scope.tenantId, scope.enrollmentId, scope.moduleId),
    );
    if (!course.aus.every((au) => au.moveOn === 'NotApplicable' || doneIds.has(au.id))) return null;
    if (!(await this.repository.markRegistrationSatisfied(manager, scope.tenantId, scope.registration)))
      return null;
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
}

function scoreOf(statement: Json): number | undefined {
  const result = statement['result'];
  if (!isObject(result) || !isObject(result['score'])) return undefined;
  const scaled = result['score']['scaled'];
  return typeof scaled === 'number' ? scaled : undefined;
}
