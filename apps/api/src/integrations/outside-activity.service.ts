import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  externalIdAsEmployeeNo,
  type OutsideActivity,
  outsideActivityKey,
  todayInTokyo,
  udemyCourseKey,
  udemyModuleKeys,
} from '@dx/domain';

export interface ApplyOutsideOptions {
  /** Count only: everything is done inside a savepoint that is rolled back. */
  dryRun: boolean;
  /**
   * Also apply the tenant's pending unmatched rows that now match (the roster has the e-mail now, a module now names
   * the course). Default: true (not in a dry run).
   */
  rematchPending?: boolean;
}

export interface OutsideApplyCounts {
  /** Rows that completed at least one module (of one fiscal year's assignment). */
  completed: number;
  /** Rows of a known person and course that changed nothing (already completed, or not completed on Udemy). */
  unchanged: number;
  /** Rows of an unknown person or course, a person who had left, no assignment that year, or a dismissed row. */
  skipped: number;
}

export interface OutsideApplyResult extends OutsideApplyCounts {
  /** Pending unmatched rows (of earlier calls) that matched and were applied by this call. */
  rematched: number;
}

/** The module_progress.source of a channel. */
const PROGRESS_SOURCE = { csv: 'udemy_csv', api: 'udemy_api', xapi: 'xapi' } as const;

interface InputRow extends OutsideActivity {
  pendingId: number | null;
}

/**
 * Applies outside completions (Udemy Business CSV rows, Reporting API results, xAPI statements) to a tenant's
 * assignments, set-based, inside the caller's transaction:
 * - the person: the 職員番号 named by externalId, else the e-mail (case-insensitive), else HR's resolution;
 * - the modules: external Udemy Business modules whose content.courseId or content.url names the course (any version:
 *   the module of the assignment's own version is the one completed), else the module HR resolved it to;
 * - the assignment: the person's enrolment in the course for the fiscal year of the completion day (and of a later
 *   completion in a later fiscal year). No enrolment is created: a completion of a course the person is not assigned
 *   that year waits (reason `not_assigned`, not in HR's queue) and applies when the assignment appears;
 * - the module is recorded done on that day; a module already done is left as it is (no date moves, nothing is ever
 *   un-completed); the enrolment completes when all its required modules are done, on the day of the last one.
 * Unmatched rows are kept once each in outside_unmatched. Statements: a fixed number whatever the number of rows.
 */
@Injectable()
export class OutsideActivityService {
  async applyOutsideActivities(
    manager: EntityManager,
    tenantId: number,
    rows: OutsideActivity[],
    options: ApplyOutsideOptions,
  ): Promise<OutsideApplyResult> {
    if (!options.dryRun) return this.apply(manager, tenantId, rows, options.rematchPending ?? true);
    await manager.query(`SAVEPOINT outside_dry_run`);
    try {
      return await this.apply(manager, tenantId, rows, false);
    } finally {
      await manager.query(`ROLLBACK TO SAVEPOINT outside_dry_run`);
    }
  }

  /** Re-examines the tenant's pending unmatched rows only (after a roster import, a catalogue change or HR's resolve). */
  async rematchPending(manager: EntityManager, tenantId: number): Promise<number> {
    return (await this.apply(manager, tenantId, [], true)).rematched;
  }

  private async apply(
    manager: EntityManager,
    tenantId: number,
    activities: OutsideActivity[],
    rematch: boolean,
  ): Promise<OutsideApplyResult> {
    const rows: InputRow[] = activities.map((a) => ({ ...a, pendingId: null }));
    if (rematch) rows.push(...(await this.pendingRows(manager, tenantId)));
    if (rows.length === 0) return { completed: 0, unchanged: 0, skipped: 0, rematched: 0 };
    await this.load(manager, tenantId, rows);
    await this.matchPeople(manager, tenantId);
    await this.loadModules(manager, tenantId);
    await manager.query(`
      UPDATE pg_temp.outside_in x SET course_key = 'module:' || x.forced_module WHERE x.forced_module IS NOT NULL`);
    await manager.query(`
      CREATE TEMP TABLE outside_hit ON COMMIT DROP AS
      WITH days AS (
        SELECT n, staff_id, course_key, src, completed_on AS day FROM pg_temp.outside_in
         WHERE staff_id IS NOT NULL AND reason IS NULL AND completed_on IS NOT NULL
        UNION
        SELECT n, staff_id, course_key, src, later_on FROM pg_temp.outside_in
         WHERE staff_id IS NOT NULL AND reason IS NULL AND later_on IS NOT NULL
      ), named AS (
        SELECT DISTINCT d.n, d.staff_id, d.course_key, d.src, d.day, k.course_id
          FROM days d JOIN pg_temp.outside_mod k ON k.key = d.course_key
      )
      SELECT DISTINCT t.n, t.src, t.day, e.id AS enrollment_id, k.module_id
        FROM named t
        JOIN enrollment e ON e.tenant_id = ${Number(tenantId)} AND e.staff_id = t.staff_id AND e.course_id = t.course_id
         AND e.fiscal_year = extract(year FROM t.day - interval '3 months')::int
        JOIN pg_temp.outside_mod k ON k.key = t.course_key AND k.course_id = e.course_id AND k.version = e.course_version`);
    // Why a row applies nothing: no person; the person had left before the day; no module names the course; no
    // assignment of the course in that fiscal year.
    await manager.query(`
      UPDATE pg_temp.outside_in x SET reason = CASE
          WHEN NOT EXISTS (SELECT 1 FROM pg_temp.outside_mod k WHERE k.key = x.course_key) THEN 'unknown_course'
          WHEN x.completed_on IS NULL THEN NULL
          ELSE 'not_assigned' END
       WHERE x.reason IS NULL AND NOT EXISTS (SELECT 1 FROM pg_temp.outside_hit h WHERE h.n = x.n)`);
    await manager.query(
      `
      SELECT id FROM enrollment WHERE tenant_id = $1 AND id IN (SELECT enrollment_id FROM pg_temp.outside_hit)
       ORDER BY id FOR NO KEY UPDATE`,
      [tenantId],
    );
    const [{ completed_rows }] = await manager.query(
      `WITH first AS (
         SELECT enrollment_id, module_id, min(day) AS day, min(src) AS src FROM pg_temp.outside_hit
          GROUP BY enrollment_id, module_id
       ), ins AS (
         INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source, completed_at)
         SELECT $1, enrollment_id, module_id, src, (day::timestamp AT TIME ZONE 'Asia/Tokyo') FROM first
          ORDER BY enrollment_id, module_id
         ON CONFLICT (enrollment_id, module_id) DO NOTHING
         RETURNING enrollment_id, module_id
       )
       SELECT count(DISTINCT h.n)::int AS completed_rows
         FROM pg_temp.outside_hit h JOIN ins ON ins.enrollment_id = h.enrollment_id AND ins.module_id = h.module_id
         JOIN pg_temp.outside_in x ON x.n = h.n AND x.pending_id IS NULL`,
      [tenantId],
    );
    await manager.query(
      `UPDATE enrollment e SET completed_on = d.last_day,
              completed_at = (d.last_day::timestamp AT TIME ZONE 'Asia/Tokyo'), completion_source = d.src
         FROM (
           SELECT e2.id, max((p.completed_at AT TIME ZONE 'Asia/Tokyo')::date) AS last_day,
                  (SELECT min(h.src) FROM pg_temp.outside_hit h WHERE h.enrollment_id = e2.id) AS src
             FROM enrollment e2
             JOIN course_module m ON m.course_id = e2.course_id AND m.version = e2.course_version AND m.required
             LEFT JOIN module_progress p ON p.enrollment_id = e2.id AND p.module_id = m.id
            WHERE e2.tenant_id = $1 AND e2.completed_at IS NULL
              AND e2.id IN (SELECT enrollment_id FROM pg_temp.outside_hit)
            GROUP BY e2.id
           HAVING count(p.id) = count(*)
         ) d
        WHERE e.id = d.id AND e.completed_at IS NULL`,
      [tenantId],
    );
    const [{ matched, skipped }] = await manager.query(`
      SELECT count(*) FILTER (WHERE reason IS NULL AND pending_id IS NULL)::int AS matched,
             count(*) FILTER (WHERE reason IS NOT NULL AND pending_id IS NULL)::int AS skipped
        FROM pg_temp.outside_in`);
    const rematched = await this.keepUnmatched(manager, tenantId);
    await manager.query(`DROP TABLE pg_temp.outside_in, pg_temp.outside_mod, pg_temp.outside_hit`);
    return { completed: completed_rows, unchanged: matched - completed_rows, skipped, rematched };
  }

  private async pendingRows(manager: EntityManager, tenantId: number): Promise<InputRow[]> {
    const pending: {
      id: number;
      source: OutsideActivity['source'];
      email: string | null;
      external_id: string | null;
      udemy_course_id: string | null;
      course_title: string | null;
      completed_on: string | null;
      later_completed_on: string | null;
      received_at: Date;
    }[] = await manager.query(
      `SELECT id, source, email, external_id, udemy_course_id, course_title, completed_on::text,
              later_completed_on::text, received_at
         FROM outside_unmatched WHERE tenant_id = $1 AND status = 'pending' ORDER BY id`,
      [tenantId],
    );
    return pending.map((p) => ({
      source: p.source,
      email: p.email,
      externalId: p.external_id,
      udemyCourseId: p.udemy_course_id,
      courseTitle: p.course_title,
      completedOn: p.completed_on,
      laterCompletedOn: p.later_completed_on,
      receivedAt: new Date(p.received_at).toISOString(),
      pendingId: p.id,
    }));
  }

  /** The rows into a temporary table, with what the domain computes of each (keys, 職員番号 candidate). */
  private async load(manager: EntityManager, tenantId: number, rows: InputRow[]): Promise<void> {
    await manager.query(`DROP TABLE IF EXISTS pg_temp.outside_in, pg_temp.outside_mod, pg_temp.outside_hit`);
    await manager.query(`
      CREATE TEMP TABLE outside_in (
        n int PRIMARY KEY, source text NOT NULL, src text NOT NULL, email text, email_lower text, external_id text,
        employee_no text, course_ref text, course_key text, course_title text, completed_on date, later_on date,
        received_at timestamptz NOT NULL, row_key text NOT NULL, pending_id int,
        known_id int, known_status text, forced_staff int, forced_module int, staff_id int, reason text
      ) ON COMMIT DROP`);
    const now = new Date().toISOString();
    await manager.query(
      `INSERT INTO pg_temp.outside_in (n, source, src, email, email_lower, external_id, employee_no, course_ref,
              course_key, course_title, completed_on, later_on, received_at, row_key, pending_id)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::text[], $9::text[], $10::text[], $11::date[], $12::date[], $13::timestamptz[], $14::text[], $15::int[])`,
      [
        rows.map((_, i) => i + 1),
        rows.map((r) => r.source),
        rows.map((r) => PROGRESS_SOURCE[r.source] ?? r.source),
        rows.map((r) => r.email),
        rows.map((r) => (r.email ? r.email.trim().toLowerCase() : null)),
        rows.map((r) => r.externalId),
        rows.map((r) => externalIdAsEmployeeNo(r.externalId)),
        rows.map((r) => r.udemyCourseId),
        rows.map((r) => (r.udemyCourseId ? udemyCourseKey(r.udemyCourseId) : null)),
        rows.map((r) => r.courseTitle),
        rows.map((r) => r.completedOn),
        rows.map((r) => r.laterCompletedOn ?? null),
        rows.map((r) => r.receivedAt ?? now),
        rows.map((r) => outsideActivityKey(r)),
        rows.map((r) => r.pendingId),
      ],
    );
    // What HR decided about the same record before (resolved to a person or a module, or dismissed).
    await manager.query(
      `UPDATE pg_temp.outside_in x SET known_id = u.id, known_status = u.status,
              forced_staff = u.resolved_staff_id, forced_module = u.resolved_module_id
         FROM outside_unmatched u WHERE u.tenant_id = $1 AND u.row_key = x.row_key`,
      [tenantId],
    );
    // A record HR dismissed stays dismissed, whatever it would match now.
    await manager.query(
      `UPDATE pg_temp.outside_in SET reason = 'dismissed' WHERE known_status = 'dismissed'`,
    );
    await manager.query(`ANALYZE pg_temp.outside_in`);
  }

  private async matchPeople(manager: EntityManager, tenantId: number): Promise<void> {
    await manager.query(
      `UPDATE pg_temp.outside_in x SET staff_id = s.id FROM staff s
        WHERE s.tenant_id = $1 AND x.forced_staff IS NOT NULL AND s.id = x.forced_staff`,
      [tenantId],
    );
    await manager.query(
      `UPDATE pg_temp.outside_in x SET staff_id = s.id FROM staff s
        WHERE s.tenant_id = $1 AND x.staff_id IS NULL AND x.forced_staff IS NULL AND s.employee_no = x.employee_no`,
      [tenantId],
    );
    // The same address on two records (a re-hired person): the one still employed, else the one who left last.
    await manager.query(
      `UPDATE pg_temp.outside_in x SET staff_id = s.id
         FROM (SELECT DISTINCT ON (lower(email)) id, lower(email) AS email_lower FROM staff
                WHERE tenant_id = $1 AND email IS NOT NULL AND email <> ''
                ORDER BY lower(email), left_on IS NOT NULL, left_on DESC, id) s
        WHERE x.staff_id IS NULL AND x.forced_staff IS NULL AND s.email_lower = x.email_lower`,
      [tenantId],
    );
    // Left: the completion (or, without one, today) is after the person's last day.
    await manager.query(
      `UPDATE pg_temp.outside_in x SET reason = CASE WHEN x.staff_id IS NULL THEN 'unknown_person' ELSE 'left' END
        WHERE x.reason IS NULL AND (x.staff_id IS NULL
           OR EXISTS (SELECT 1 FROM staff s WHERE s.id = x.staff_id AND s.left_on IS NOT NULL
                         AND s.left_on < coalesce(x.completed_on, $1::date)))`,
      [todayInTokyo()],
    );
  }

  /** The tenant's external modules that name a Udemy course (by id or URL), and every external module by its id. */
  private async loadModules(manager: EntityManager, tenantId: number): Promise<void> {
    const modules: { id: number; course_id: number; version: number; content: Record<string, unknown> }[] =
      await manager.query(
        `SELECT m.id, m.course_id, m.version, m.content FROM course_module m
          WHERE m.tenant_id = $1 AND m.kind = 'external'`,
        [tenantId],
      );
    const keys: { moduleId: number; courseId: number; version: number; key: string }[] = [];
    for (const m of modules) {
      const base = { moduleId: m.id, courseId: m.course_id, version: m.version };
      keys.push({ ...base, key: `module:${m.id}` });
      if (m.content?.['provider'] === 'udemy_business') {
        for (const key of udemyModuleKeys(m.content)) keys.push({ ...base, key });
      }
    }
    await manager.query(`
      CREATE TEMP TABLE outside_mod (module_id int NOT NULL, course_id int NOT NULL, version int NOT NULL,
        key text NOT NULL) ON COMMIT DROP`);
    await manager.query(
      `INSERT INTO pg_temp.outside_mod SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[])`,
      [
        keys.map((k) => k.moduleId),
        keys.map((k) => k.courseId),
        keys.map((k) => k.version),
        keys.map((k) => k.key),
      ],
    );
    await manager.query(`CREATE INDEX ON pg_temp.outside_mod (key)`);
    await manager.query(`ANALYZE pg_temp.outside_mod`);
  }

  /**
   * Keeps what did not apply: a new unmatched record once (by its key; a concurrent call inserting the same one
   * does nothing); a pending record whose reason changed gets the new one; a pending record that applied now is
   * marked applied. Records without a completion are not kept (they would complete nothing). Returns how many
   * pending records applied.
   */
  private async keepUnmatched(manager: EntityManager, tenantId: number): Promise<number> {
    await manager.query(
      `INSERT INTO outside_unmatched (tenant_id, source, email, external_id, udemy_course_id, course_title,
              completed_on, later_completed_on, row_key, reason, received_at)
       SELECT DISTINCT ON (row_key) $1, source, email, external_id, course_ref, course_title, completed_on, later_on,
              row_key, reason, received_at
         FROM pg_temp.outside_in
        WHERE known_id IS NULL AND reason IS NOT NULL AND reason <> 'dismissed' AND completed_on IS NOT NULL
        ORDER BY row_key, n
       ON CONFLICT (tenant_id, row_key) DO NOTHING`,
      [tenantId],
    );
    await manager.query(
      `UPDATE outside_unmatched u SET reason = x.reason,
              later_completed_on = coalesce(x.later_on, u.later_completed_on)
         FROM (SELECT DISTINCT ON (known_id) known_id, reason, later_on FROM pg_temp.outside_in
                WHERE known_id IS NOT NULL AND reason IS NOT NULL AND reason <> 'dismissed'
                ORDER BY known_id, pending_id NULLS FIRST) x
        WHERE u.id = x.known_id AND u.tenant_id = $1 AND u.status = 'pending'
          AND (u.reason IS DISTINCT FROM x.reason OR u.later_completed_on IS DISTINCT FROM coalesce(x.later_on, u.later_completed_on))`,
      [tenantId],
    );
    const [, applied] = await manager.query(
      `UPDATE outside_unmatched u SET status = 'applied', handled_at = coalesce(u.handled_at, now())
        WHERE u.tenant_id = $1 AND u.status = 'pending'
          AND u.id IN (SELECT known_id FROM pg_temp.outside_in WHERE known_id IS NOT NULL AND reason IS NULL)`,
      [tenantId],
    );
    return applied;
  }
}
