import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PackageScoView } from '@dx/contract';
import { documentKey, scopeKey, type XapiDocumentAddress } from './documents/xapi-documents.repository';

/** The package a cmi5 module plays: its id, its AUs and the course's publisher id. */
export interface Cmi5Course {
  packageId: number;
  courseIri: string;
  aus: PackageScoView[];
}

/** What the LMS knows of one launch session when its AU's statements arrive. */
export interface Cmi5SessionStateRow {
  initialized_at: Date | null;
  terminated_at: Date | null;
  abandoned_at: Date | null;
  judged_at: Date | null;
  launch_mode: string;
}

/** A session the LMS has just marked abandoned: what its `abandoned` statement needs. */
export interface Cmi5AbandonedSessionRow {
  id: string;
  au_id: string;
  actor_name: string;
  registration: string;
  created_at: Date;
  last_statement_at: Date | null;
}

/** A launch session as a cmi5 auth token names it. */
export interface Cmi5SessionRow {
  id: string;
  tenant_id: number;
  enrollment_id: number;
  module_id: number;
  registration: string;
  au_id: string;
  actor_name: string;
  token_hash: Buffer;
}

/** What the LMS keeps of one AU of a learner's module (package_sco_state). */
export interface Cmi5AuStateRow {
  completion_status: string | null;
  success_status: string | null;
  done_at: Date | null;
}

/** One AU's outcome after a batch of its statements (package_sco_state, merged into what is kept). */
export interface Cmi5AuOutcome {
  tenantId: number;
  enrollmentId: number;
  moduleId: number;
  auId: string;
  completionStatus: 'completed' | null;
  successStatus: 'passed' | 'failed' | null;
  scoreScaled: number | null;
  status: string;
  failedAttempts: number;
  /** The AU's moveOn is met: done now (a done AU stays done on its first day). */
  done: boolean;
}

/** A new launch session: its one-time fetch URL's hash and its expiry. */
export interface Cmi5NewSession {
  id: string;
  tenantId: number;
  enrollmentId: number;
  moduleId: number;
  registration: string;
  auId: string;
  actorName: string;
  fetchHash: Buffer;
  expiresAt: Date;
  launchMode: string;
}

/** The SQL of cmi5: registrations, launch sessions, the AUs' state and the LMS.LaunchData document. */
@Injectable()
export class Cmi5Repository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The unexpired session of a token that was fetched, in any tenant (the caller runs it as system). */
  async findFetchedSession(sessionId: string): Promise<Cmi5SessionRow | undefined> {
    const rows: Cmi5SessionRow[] = await this.db.query(
      `SELECT id, tenant_id, enrollment_id, module_id, registration, au_id, actor_name, token_hash
         FROM cmi5_session WHERE id = $1 AND expires_at > now() AND token_hash IS NOT NULL`,
      [sessionId],
    );
    return rows[0];
  }

  /**
   * Issues the auth token of a session's fetch URL once: `valid` when this call issued it; the row (with its
   * `fetched_at`) whenever the URL is the session's, so a second fetch can be told apart from an unknown one.
   */
  async issueAuthToken(
    sessionId: string,
    fetchHash: Buffer,
    tokenHash: Buffer,
  ): Promise<{ id: string; fetched_at: Date | null; valid: boolean } | undefined> {
    const rows: { id: string; fetched_at: Date | null; valid: boolean }[] = await this.db.query(
      `WITH issued AS (
         UPDATE cmi5_session SET fetched_at = now(), token_hash = $3
          WHERE id = $1 AND fetch_hash = $2 AND fetched_at IS NULL AND expires_at > now() RETURNING id)
       SELECT s.id, i.id IS NOT NULL AS valid, s.fetched_at
         FROM cmi5_session s LEFT JOIN issued i ON i.id = s.id
        WHERE s.id = $1 AND s.fetch_hash = $2`,
      [sessionId, fetchHash, tokenHash],
    );
    return rows[0];
  }

  /** The cmi5 package a module plays, or null (no package, or not a cmi5 one). */
  async findCourseOfModule(manager: EntityManager, moduleId: number): Promise<Cmi5Course | null> {
    const [row] = await manager.query(
      `SELECT p.id, p.scos, p.course_iri FROM course_module m
         JOIN content_package p ON p.id = (m.content->>'packageId')::int
        WHERE m.id = $1 AND p.standard = 'cmi5'`,
      [moduleId],
    );
    return row ? { packageId: Number(row.id), courseIri: row.course_iri, aus: row.scos } : null;
  }

  /** The ids of the module's AUs the learner has done (moveOn met). */
  async findDoneAuIds(
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

  /** Marks the registration satisfied; false when it already was (so the course is satisfied once). */
  async markRegistrationSatisfied(
    manager: EntityManager,
    tenantId: number,
    registration: string,
  ): Promise<boolean> {
    const marked = await manager.query(
      `WITH s AS (UPDATE cmi5_registration SET satisfied_at = now()
                   WHERE tenant_id = $1 AND registration = $2 AND satisfied_at IS NULL RETURNING 1)
       SELECT count(*)::int AS n FROM s`,
      [tenantId, registration],
    );
    return marked[0].n !== 0;
  }

  /**
   * Adds blocks to those the registration satisfied; the ones that were not yet (so each block is satisfied once).
   * The caller holds the registration's lock (ensureRegistration or lockRegistration).
   */
  async markBlocksSatisfied(
    manager: EntityManager,
    tenantId: number,
    registration: string,
    blocks: string[],
  ): Promise<string[]> {
    if (blocks.length === 0) return [];
    const [row] = await manager.query(
      `SELECT satisfied_blocks FROM cmi5_registration WHERE tenant_id = $1 AND registration = $2`,
      [tenantId, registration],
    );
    const before = new Set<string>(row?.satisfied_blocks ?? []);
    const added = blocks.filter((b) => !before.has(b));
    if (added.length > 0)
      await manager.query(
        `UPDATE cmi5_registration SET satisfied_blocks = satisfied_blocks || $3::text[]
          WHERE tenant_id = $1 AND registration = $2`,
        [tenantId, registration, added],
      );
    return added;
  }

  /** The registration, locked until the caller's transaction ends (concurrent posts complete it once). */
  async lockRegistration(
    manager: EntityManager,
    tenantId: number,
    registration: string,
  ): Promise<{ satisfied_at: Date | null; module_id: number } | undefined> {
    const [row] = await manager.query(
      `SELECT satisfied_at, module_id FROM cmi5_registration
        WHERE tenant_id = $1 AND registration = $2 FOR UPDATE`,
      [tenantId, registration],
    );
    return row;
  }

  async findSession(
    manager: EntityManager,
    tenantId: number,
    sessionId: string,
  ): Promise<Cmi5SessionStateRow | undefined> {
    const [row] = await manager.query(
      `SELECT initialized_at, terminated_at, abandoned_at, judged_at, launch_mode FROM cmi5_session
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, sessionId],
    );
    return row;
  }

  /**
   * Marks the registration's sessions that neither terminated nor were abandoned as abandoned (all of them, or only
   * the expired ones) and returns them: once each, as the caller holds the registration's lock. After this the
   * sessions take no more statements.
   */
  async abandonOpenSessions(
    manager: EntityManager,
    tenantId: number,
    registration: string,
    expiredOnly: boolean,
  ): Promise<Cmi5AbandonedSessionRow[]> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows]: [Cmi5AbandonedSessionRow[], number] = await manager.query(
      `UPDATE cmi5_session SET abandoned_at = now()
        WHERE tenant_id = $1 AND registration = $2 AND terminated_at IS NULL AND abandoned_at IS NULL
          AND (NOT $3 OR expires_at <= now())
        RETURNING id, au_id, actor_name, registration, created_at, last_statement_at`,
      [tenantId, registration, expiredOnly],
    );
    return rows;
  }

  /** Registrations (of any tenant: the caller runs as system) with an expired session still open, oldest first. */
  async findRegistrationsWithExpiredOpenSessions(
    limit: number,
  ): Promise<{ tenant_id: number; registration: string }[]> {
    return this.db.query(
      `SELECT tenant_id, registration FROM cmi5_session
        WHERE terminated_at IS NULL AND abandoned_at IS NULL AND expires_at <= now()
        GROUP BY tenant_id, registration ORDER BY min(expires_at) LIMIT $1`,
      [limit],
    );
  }

  async findAuState(
    manager: EntityManager,
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
    auId: string,
  ): Promise<Cmi5AuStateRow | undefined> {
    const [state]: Cmi5AuStateRow[] = await manager.query(
      `SELECT completion_status, success_status, done_at FROM package_sco_state
        WHERE tenant_id = $1 AND enrollment_id = $2 AND module_id = $3 AND sco_id = $4`,
      [tenantId, enrollmentId, moduleId, auId],
    );
    return state;
  }

  /**
   * Records a batch of the AU's statements in its session: when it last sent one, and the first time it was
   * initialized, terminated and judged (passed / failed).
   */
  async recordSessionStatements(
    manager: EntityManager,
    tenantId: number,
    sessionId: string,
    seen: { initialized: boolean; terminated: boolean; judged: boolean },
  ): Promise<void> {
    await manager.query(
      `UPDATE cmi5_session SET last_statement_at = now(),
              initialized_at = CASE WHEN $3 THEN coalesce(initialized_at, now()) END,
              terminated_at = CASE WHEN $4 THEN coalesce(terminated_at, now()) END,
              judged_at = CASE WHEN $5 THEN coalesce(judged_at, now()) END
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, sessionId, seen.initialized, seen.terminated, seen.judged],
    );
  }

  /** The AU is under way (incomplete) unless it has a state already. */
  async insertAuUnderway(
    manager: EntityManager,
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
    auId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO package_sco_state (tenant_id, enrollment_id, module_id, sco_id, status)
       VALUES ($1, $2, $3, $4, 'incomplete') ON CONFLICT DO NOTHING`,
      [tenantId, enrollmentId, moduleId, auId],
    );
  }

  /** Merges an AU's outcome into its state: statuses only ever set, failures added, a done AU stays done. */
  async upsertAuOutcome(manager: EntityManager, outcome: Cmi5AuOutcome): Promise<void> {
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
        outcome.tenantId,
        outcome.enrollmentId,
        outcome.moduleId,
        outcome.auId,
        outcome.completionStatus,
        outcome.successStatus,
        outcome.scoreScaled,
        outcome.status,
        outcome.failedAttempts,
        outcome.done,
      ],
    );
  }

  /**
   * The registration of the learner's attempt at the module: created once (the given one) and reused on resume,
   * locked until the caller's transaction ends.
   */
  async ensureRegistration(
    manager: EntityManager,
    tenantId: number,
    enrollmentId: number,
    moduleId: number,
    newRegistration: string,
  ): Promise<string> {
    await manager.query(
      `INSERT INTO cmi5_registration (tenant_id, enrollment_id, module_id, registration) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, enrollment_id, module_id) DO NOTHING`,
      [tenantId, enrollmentId, moduleId, newRegistration],
    );
    const [row] = await manager.query(
      `SELECT registration FROM cmi5_registration
        WHERE tenant_id = $1 AND enrollment_id = $2 AND module_id = $3 FOR UPDATE`,
      [tenantId, enrollmentId, moduleId],
    );
    return String(row.registration);
  }

  async insertSession(manager: EntityManager, session: Cmi5NewSession): Promise<void> {
    await manager.query(
      `INSERT INTO cmi5_session (id, tenant_id, enrollment_id, module_id, registration, au_id, actor_name,
                                 fetch_hash, expires_at, launch_mode)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        session.id,
        session.tenantId,
        session.enrollmentId,
        session.moduleId,
        session.registration,
        session.auId,
        session.actorName,
        session.fetchHash,
        session.expiresAt,
        session.launchMode,
      ],
    );
  }

  /** Writes (or rewrites) the LMS.LaunchData state document of a launch (JSON, its etag given). */
  async upsertLaunchData(
    manager: EntityManager,
    tenantId: number,
    address: XapiDocumentAddress,
    content: Buffer,
    etag: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO xapi_document (tenant_id, doc_key, scope_key, kind, activity_id, agent_key, registration,
                                  document_id, content, content_type, etag, updated_at)
       VALUES ($1, $2, $3, 'state', $4, $5, $6, $7, $8, 'application/json', $9, clock_timestamp())
       ON CONFLICT (tenant_id, doc_key) DO UPDATE SET content = EXCLUDED.content, etag = EXCLUDED.etag,
              updated_at = EXCLUDED.updated_at`,
      [
        tenantId,
        documentKey(address),
        scopeKey(address),
        address.activityId,
        address.agentKey,
        address.registration,
        address.documentId,
        content,
        etag,
      ],
    );
  }
}
