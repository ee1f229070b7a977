import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  CMI5_CATEGORY,
  CMI5_SESSION_EXTENSION,
  CMI5_VERBS,
  cmi5AllowedRefusal,
  type Cmi5LaunchMode,
  cmi5MoveOnSatisfied,
  type Cmi5MoveOnValue,
  cmi5Satisfaction,
  type Cmi5SessionFacts,
  cmi5StatementRefusal,
  isCmi5Defined,
  isoDuration,
} from '@dx/domain';
import { AppConfig } from '../config/app-config';
import { recordModuleDone } from '../learning/learning.service';
import { type Cmi5Course, Cmi5Repository } from './cmi5.repository';
import { Cmi5Ids } from './cmi5-ids';
import { type Cmi5Launch, launchActor } from './cmi5-sessions';
import type { StatementRecord } from './statements/statement-record';
import { agentIfi, isObject } from './statements/statement-validation';
import { XapiError } from './xapi-error';

type Json = Record<string, unknown>;

/**
 * The LMS side of cmi5 for statements an AU sends with its launch token (cmi5 9.3 and 10): each is about the
 * launch's actor and registration; they come in order (initialized first, nothing after terminated or abandoned,
 * completed once, passed once, one of passed / failed per session, consistent with the mastery score, none of the
 * three in a Review session); completed / passed decide the AU's moveOn, and the AUs the blocks' and the course's
 * satisfied and the module's completion: in the transaction that stores the statements, with the registration row
 * locked so concurrent posts complete it once. Also the LMS's `abandoned` for sessions that never terminated.
 */
@Injectable()
export class Cmi5Tracker {
  private readonly homePage: string;

  constructor(
    private readonly repository: Cmi5Repository,
    config: AppConfig,
  ) {
    this.homePage = config.PUBLIC_URL;
  }

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
    if (fresh.length === 0) return [];
    const activityId = this.idsOf(course).au(au.id);
    const state = await this.repository.findAuState(
      manager,
      tenantId,
      launch.enrollmentId,
      launch.moduleId,
      au.id,
    );
    const facts: Cmi5SessionFacts = {
      initialized: session.initialized_at !== null,
      // An abandoned session (the LMS's statement, cmi5 9.3.6) takes nothing more, as a terminated one.
      terminated: session.terminated_at !== null || session.abandoned_at !== null,
      launchMode: session.launch_mode as Cmi5LaunchMode,
      judged: session.judged_at !== null,
      completed: state?.completion_status === 'completed',
      passed: state?.success_status === 'passed',
      failed: state?.success_status === 'failed',
      masteryScore: au.masteryScore,
    };
    const start = { ...facts };
    let scaled: number | null = null;
    let failures = 0;
    for (const r of fresh) {
      if (!isCmi5Defined(r.statement)) {
        // "cmi5 allowed": any verb, between initialized and terminated (cmi5 7.1.3); no effect on completion.
        const refusal = cmi5AllowedRefusal(facts);
        if (refusal) throw new XapiError(403, refusal);
        continue;
      }
      if (facts.terminated)
        throw new XapiError(403, 'この起動（セッション）はすでに終了（terminated）しています。');
      if (r.activityId !== activityId)
        throw new XapiError(
          403,
          `cmi5 の Statement の object は起動時の activityId（${activityId}）にしてください。`,
        );
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
      if (r.verbId === CMI5_VERBS.passed || r.verbId === CMI5_VERBS.failed) facts.judged = true;
      if (r.verbId === CMI5_VERBS.terminated || r.verbId === CMI5_VERBS.abandoned) facts.terminated = true;
      if (score !== undefined && (r.verbId === CMI5_VERBS.passed || r.verbId === CMI5_VERBS.failed))
        scaled = score;
    }
    await this.repository.recordSessionStatements(manager, tenantId, launch.sessionId, facts);
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
    return this.satisfyWhatIsDone(manager, { tenantId, ...launch }, course, launchActor(launch));
  }

  /**
   * What the learner's satisfied AUs satisfy now (cmi5 9.3.9): each block whose AUs all met their moveOn (or are
   * NotApplicable), and the course when every AU did, each once per registration. Returns the LMS's `satisfied`
   * statements (for the caller to store in its transaction, which holds the registration's lock) and completes the
   * module when the course is satisfied.
   */
  async satisfyWhatIsDone(
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
  ): Promise<Json[]> {
    const doneIds = new Set(
      await this.repository.findDoneAuIds(manager, scope.tenantId, scope.enrollmentId, scope.moduleId),
    );
    const now = cmi5Satisfaction(course.aus, doneIds);
    const ids = this.idsOf(course);
    const blocks = await this.repository.markBlocksSatisfied(
      manager,
      scope.tenantId,
      scope.registration,
      now.blocks,
    );
    const statements = blocks.map((block) =>
      satisfiedStatement(actor, scope, ids.block(block), 'block', block),
    );
    if (
      now.course &&
      (await this.repository.markRegistrationSatisfied(manager, scope.tenantId, scope.registration))
    ) {
      await recordModuleDone(manager, scope.tenantId, scope.enrollmentId, scope.moduleId, 'package');
      statements.push(satisfiedStatement(actor, scope, ids.course(), 'course', course.courseIri));
    }
    return statements;
  }

  /**
   * Ends the registration's open sessions (cmi5 9.3.6: a session without terminated is abandoned when the learner
   * launches again, or when it expired): marks them and returns the LMS's `abandoned` statement of each, with the
   * session's duration from its launch to the AU's last statement. The caller holds the registration's lock.
   */
  async abandonOpenSessions(
    manager: EntityManager,
    tenantId: number,
    registration: string,
    course: Cmi5Course,
    expiredOnly: boolean,
  ): Promise<Json[]> {
    const sessions = await this.repository.abandonOpenSessions(manager, tenantId, registration, expiredOnly);
    const ids = this.idsOf(course);
    return sessions.map((s) => ({
      id: randomUUID(),
      actor: launchActor({ homePage: this.homePage, actorName: s.actor_name }),
      verb: { id: CMI5_VERBS.abandoned, display: { 'en-US': 'abandoned', ja: '中断した' } },
      object: { objectType: 'Activity', id: ids.au(s.au_id) },
      result: {
        duration: isoDuration(
          new Date(s.last_statement_at ?? s.created_at).getTime() - new Date(s.created_at).getTime(),
        ),
      },
      context: {
        registration: s.registration,
        contextActivities: { grouping: [{ id: s.au_id }], category: [{ id: CMI5_CATEGORY }] },
        extensions: { [CMI5_SESSION_EXTENSION]: s.id },
      },
      timestamp: new Date().toISOString(),
    }));
  }

  idsOf(course: Cmi5Course): Cmi5Ids {
    return new Cmi5Ids(this.homePage, course.packageId);
  }
}

/** The LMS's `satisfied` for a block or the course: its own id as the object, the publisher's id in grouping. */
function satisfiedStatement(
  actor: Json,
  scope: { registration: string; sessionId: string },
  objectId: string,
  type: 'block' | 'course',
  publisherId: string,
): Json {
  return {
    id: randomUUID(),
    actor,
    verb: { id: CMI5_VERBS.satisfied, display: { 'en-US': 'satisfied', ja: '修了条件を満たした' } },
    object: {
      objectType: 'Activity',
      id: objectId,
      definition: { type: `https://w3id.org/xapi/cmi5/activitytype/${type}` },
    },
    context: {
      registration: scope.registration,
      contextActivities: { category: [{ id: CMI5_CATEGORY }], grouping: [{ id: publisherId }] },
      extensions: { [CMI5_SESSION_EXTENSION]: scope.sessionId },
    },
    timestamp: new Date().toISOString(),
  };
}

function scoreOf(statement: Json): number | undefined {
  const result = statement['result'];
  if (!isObject(result) || !isObject(result['score'])) return undefined;
  const scaled = result['score']['scaled'];
  return typeof scaled === 'number' ? scaled : undefined;
}
