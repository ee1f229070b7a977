import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager, QueryRunner } from 'typeorm';
import { type PreparedStatement, runPreparedIn } from '../database/prepared';
import { rebuildStaleReportYears } from '../reports/report-cache';
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
   * the course). Default: true (not in a dry run). Each call then carries the whole pending queue along (75,000
   * pending rows cost a few seconds): a caller on a hot path (the LRS, a statement batch at a time) passes false and
   * calls `rematchPending` now and then instead (a job, or the nightly sync does it anyway).
   */
  rematchPending?: boolean;
  /**
   * From this many rows on (default: never), the report figures of the years the apply writes are marked stale
   * before its big statements and rebuilt once at its end, in the same transaction, instead of counted by the
   * report triggers.
   */
  deferFiguresFrom?: number;
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

const RAW_COLUMNS = [
  { name: 'n', type: 'int' },
  { name: 'source', type: 'text' },
  { name: 'src', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'email_lower', type: 'text' },
  { name: 'external_id', type: 'text' },
  { name: 'employee_no', type: 'text' },
  { name: 'course_ref', type: 'text' },
  { name: 'course_key', type: 'text' },
  { name: 'course_title', type: 'text' },
  { name: 'completed_on', type: 'date' },
  { name: 'later_on', type: 'date' },
  { name: 'received_at', type: 'timestamptz' },
  { name: 'row_key', type: 'text' },
  { name: 'pending_id', type: 'int' },
] as const;

/** A value in COPY's text format: \N for null; backslash, tab, line breaks escaped. */
function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** The temporary tables of one apply (dropped at its end, and at the commit in any case). */
const TEMP_TABLES = ['outside_raw', 'outside_in', 'outside_mod', 'outside_hit', 'outside_row']
  .map((t) => `pg_temp.${t}`)
  .join(', ');

/**
 * From this many rows on, the report figures are rebuilt once after the apply instead of counted by the triggers.
 * Off by default: on the bench's 300,000-row sync the rebuild (5–10 s) cost about what the counting saved (see README
 * "Udemy Business Reporting API"), and it holds the year's figures FOR UPDATE until the commit.
 */
const DEFERRED_FIGURES_ROWS = Number.POSITIVE_INFINITY;

/** Up to this many rows, new rows of unknown people are kept by one statement before the full apply. */
const SMALL_INPUT = 1000;

/** New rows (no record of their key) of people the roster has neither by 職員番号 nor by e-mail, kept once each. */
const KEEP_UNKNOWN_PEOPLE: PreparedStatement = {
  name: 'outside_keep_unknown_people',
  text: `WITH x AS (
     SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::text[], $10::date[], $11::date[], $12::timestamptz[], $13::text[])
            AS x(i, source, email, email_lower, external_id, employee_no, course_ref, course_title, completed_on,
                 later_on, received_at, row_key)
   ), unknown AS (
     SELECT x.* FROM x
      WHERE NOT EXISTS (SELECT 1 FROM outside_unmatched u WHERE u.tenant_id = $1 AND u.row_key = x.row_key)
        AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.tenant_id = $1 AND s.employee_no = x.employee_no)
        AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.tenant_id = $1 AND lower(s.email) = x.email_lower
                           AND s.email <> '')
   ), kept AS (
     INSERT INTO outside_unmatched (tenant_id, source, email, external_id, udemy_course_id, course_title,
            completed_on, later_completed_on, row_key, reason, received_at)
     SELECT DISTINCT ON (row_key) $1, source, email, external_id, course_ref, course_title, completed_on, later_on,
            row_key, 'unknown_person', received_at
       FROM unknown WHERE completed_on IS NOT NULL
      ORDER BY row_key, i
     ON CONFLICT (tenant_id, row_key) DO NOTHING
   )
   SELECT i FROM unknown`,
};

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
    const defer = options.deferFiguresFrom ?? DEFERRED_FIGURES_ROWS;
    if (!options.dryRun) return this.apply(manager, tenantId, rows, options.rematchPending ?? true, defer);
    await manager.query(`SAVEPOINT outside_dry_run`);
    try {
      return await this.apply(manager, tenantId, rows, false, defer, true);
    } finally {
      await manager.query(`ROLLBACK TO SAVEPOINT outside_dry_run`);
    }
  }

  /**
   * Re-examines the tenant's pending unmatched rows only (after a roster import, a catalogue change or HR's resolve);
   * `ids`: only these. Returns how many applied.
   */
  async rematchPending(manager: EntityManager, tenantId: number, ids?: number[]): Promise<number> {
    const rows = await this.pendingRows(manager, tenantId, ids);
    if (rows.length === 0) return 0;
    return (await this.apply(manager, tenantId, rows, false)).rematched;
  }

  private async apply(
    manager: EntityManager,
    tenantId: number,
    activities: (OutsideActivity | InputRow)[],
    rematch: boolean,
    deferFrom = DEFERRED_FIGURES_ROWS,
    dryRun = false,
  ): Promise<OutsideApplyResult> {
    let rows: InputRow[] = activities.map((a) => ({
      ...a,
      pendingId: 'pendingId' in a ? a.pendingId : null,
    }));
    if (rematch) rows.push(...(await this.pendingRows(manager, tenantId)));
    const known =
      rows.length <= SMALL_INPUT ? await this.keepUnknownPeople(manager, tenantId, rows) : new Set<number>();
    const kept = known.size;
    if (kept > 0) rows = rows.filter((_, i) => !known.has(i));
    if (rows.length === 0) return { completed: 0, unchanged: 0, skipped: kept, rematched: 0 };
    await this.load(manager, rows);
    await this.matchPeople(manager, tenantId);
    await this.loadModules(manager, tenantId);
    // (row, day, enrolment, module): what each row completes, in the fiscal year of each of its days.
    await manager.query(`
      CREATE TEMP TABLE outside_hit ON COMMIT DROP AS
      WITH days AS (
        SELECT n, pending_id IS NOT NULL AS pending, staff_id, course_key, src, completed_on AS day
          FROM pg_temp.outside_in WHERE staff_id IS NOT NULL AND reason IS NULL AND completed_on IS NOT NULL
        UNION
        SELECT n, pending_id IS NOT NULL, staff_id, course_key, src, later_on
          FROM pg_temp.outside_in WHERE staff_id IS NOT NULL AND reason IS NULL AND later_on IS NOT NULL
      ), named AS (
        SELECT DISTINCT d.n, d.pending, d.staff_id, d.course_key, d.src, d.day, k.course_id
          FROM days d JOIN pg_temp.outside_mod k ON k.key = d.course_key
      )
      SELECT DISTINCT t.n, t.pending, t.src, t.day, e.id AS enrollment_id, k.module_id
        FROM named t
        JOIN enrollment e ON e.tenant_id = ${Number(tenantId)} AND e.staff_id = t.staff_id AND e.course_id = t.course_id
         AND e.fiscal_year = extract(year FROM t.day - interval '3 months')::int
        JOIN pg_temp.outside_mod k ON k.key = t.course_key AND k.course_id = e.course_id AND k.version = e.course_version`);
    await manager.query(`ANALYZE pg_temp.outside_hit`);
    const deferred = rows.length >= deferFrom ? await this.deferFigures(manager, tenantId) : [];
    // Why a row applies nothing: no person, or the person had left before the day (already set); no module names
    // the course; no assignment of the course in that fiscal year. A row without a completion and with a known
    // person and course is simply unchanged.
    await manager.query(`
      CREATE TEMP TABLE outside_row ON COMMIT DROP AS
      SELECT x.n, x.pending_id, x.known_id, x.source, x.email, x.external_id, x.course_ref, x.course_title, x.completed_on, x.later_on,
             x.row_key, x.received_at,
             CASE WHEN x.reason IS NOT NULL THEN x.reason
                  WHEN h.n IS NOT NULL THEN NULL
                  WHEN km.key IS NULL THEN 'unknown_course'
                  WHEN x.completed_on IS NULL THEN NULL
                  ELSE 'not_assigned' END AS reason
        FROM pg_temp.outside_in x
        LEFT JOIN (SELECT DISTINCT n FROM pg_temp.outside_hit) h ON h.n = x.n
        LEFT JOIN (SELECT DISTINCT key FROM pg_temp.outside_mod) km ON km.key = x.course_key`);
    await manager.query(`ANALYZE pg_temp.outside_row`);
    await manager.query(
      `SELECT id FROM enrollment WHERE tenant_id = $1 AND id IN (SELECT enrollment_id FROM pg_temp.outside_hit)
        ORDER BY id FOR NO KEY UPDATE`,
      [tenantId],
    );
    // The enrolments first, then the progress: the courses whose required modules are all done once the new ones
    // are (on the day of the last), and started_at, which module_progress's trigger would otherwise set in a second
    // pass over the same enrolments (each pass also runs the report counting triggers).
    await manager.query(
      `WITH first AS (
         SELECT enrollment_id, module_id, min(day) AS day, min(src) AS src FROM pg_temp.outside_hit
          GROUP BY enrollment_id, module_id
       ), required AS (
         SELECT e.id, coalesce(p.completed_at, (f.day::timestamp AT TIME ZONE 'Asia/Tokyo')) AS done_at, f.src
           FROM (SELECT DISTINCT enrollment_id FROM first) x
           JOIN enrollment e ON e.id = x.enrollment_id
           JOIN course_module m ON m.course_id = e.course_id AND m.version = e.course_version AND m.required
           LEFT JOIN module_progress p ON p.enrollment_id = e.id AND p.module_id = m.id
           LEFT JOIN first f ON f.enrollment_id = e.id AND f.module_id = m.id
          WHERE e.tenant_id = $1
       ), d AS (
         SELECT r.id, bool_and(r.done_at IS NOT NULL) AS all_done, min(r.done_at) AS first_at,
                max((r.done_at AT TIME ZONE 'Asia/Tokyo')::date) AS last_day,
                coalesce(min(r.src), 'outside') AS src
           FROM required r GROUP BY r.id
       )
       UPDATE enrollment e
          SET started_at = coalesce(e.started_at, d.first_at),
              completed_on = CASE WHEN d.all_done AND e.completed_at IS NULL THEN d.last_day ELSE e.completed_on END,
              completed_at = CASE WHEN d.all_done AND e.completed_at IS NULL
                                  THEN (d.last_day::timestamp AT TIME ZONE 'Asia/Tokyo') ELSE e.completed_at END,
              completion_source = CASE WHEN d.all_done AND e.completed_at IS NULL THEN d.src
                                       ELSE e.completion_source END
         FROM d
        WHERE e.id = d.id
          AND ((e.started_at IS NULL AND d.first_at IS NOT NULL) OR (d.all_done AND e.completed_at IS NULL))`,
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
        WHERE NOT h.pending`,
      [tenantId],
    );
    if (deferred.length > 0 && !dryRun) await rebuildStaleReportYears(manager, tenantId, deferred);
    const [{ matched, skipped }] = await manager.query(`
      SELECT count(*) FILTER (WHERE reason IS NULL AND pending_id IS NULL)::int AS matched,
             count(*) FILTER (WHERE reason IS NOT NULL AND pending_id IS NULL)::int AS skipped
        FROM pg_temp.outside_row`);
    const rematched = await this.keepUnmatched(manager, tenantId);
    await manager.query(`DROP TABLE ${TEMP_TABLES}`);
    return {
      completed: completed_rows,
      unchanged: matched - completed_rows,
      skipped: skipped + kept,
      rematched,
    };
  }

  /**
   * The short way for a few rows (an LRS batch): a new row (no unmatched record of its key, so no HR resolution or
   * dismissal) of a person the roster has neither by 職員番号 nor by e-mail is what the full apply would make of it,
   * `unknown_person` kept once by its key, in one statement, without the temporary tables (about 40 ms a batch).
   * Returns the indexes of the rows it kept.
   */
  private async keepUnknownPeople(
    manager: EntityManager,
    tenantId: number,
    rows: InputRow[],
  ): Promise<Set<number>> {
    const fresh = rows.flatMap((r, i) => (r.pendingId === null ? [{ r, i }] : []));
    if (fresh.length === 0) return new Set();
    const now = new Date().toISOString();
    const column = <T>(f: (r: InputRow) => T) => fresh.map(({ r }) => f(r));
    const found = await runPreparedIn<{ i: number }>(manager, KEEP_UNKNOWN_PEOPLE, [
      tenantId,
      fresh.map(({ i }) => i),
      column((r) => r.source),
      column((r) => r.email),
      column((r) => (r.email ? r.email.trim().toLowerCase() : null)),
      column((r) => r.externalId),
      column((r) => externalIdAsEmployeeNo(r.externalId)),
      column((r) => r.udemyCourseId),
      column((r) => r.courseTitle),
      column((r) => r.completedOn),
      column((r) => r.laterCompletedOn ?? null),
      column((r) => r.receivedAt ?? now),
      column((r) => outsideActivityKey(r)),
    ]);
    return new Set(found.map((f) => f.i));
  }

  /**
   * For a large apply (`deferFiguresFrom`), the kept report figures of the fiscal years it writes are marked stale
   * first, so the report triggers of its two big statements skip their counting (what imports do), and rebuilt once
   * at the end in the same transaction. Only years
   * whose figures were built are marked (the others are built by their first reader anyway). Returns those years.
   */
  private async deferFigures(manager: EntityManager, tenantId: number): Promise<number[]> {
    const marked: { fiscal_year: number }[] = await manager.query(
      `INSERT INTO report_stale (tenant_id, fiscal_year)
       SELECT r.tenant_id, r.fiscal_year FROM report_year r
        WHERE r.tenant_id = $1 AND r.as_of IS NOT NULL
          AND r.fiscal_year IN (SELECT DISTINCT extract(year FROM day - interval '3 months')::int FROM pg_temp.outside_hit)
       RETURNING fiscal_year`,
      [tenantId],
    );
    return marked.map((m) => Number(m.fiscal_year));
  }

  private async pendingRows(manager: EntityManager, tenantId: number, ids?: number[]): Promise<InputRow[]> {
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
         FROM outside_unmatched WHERE tenant_id = $1 AND status = 'pending' AND ($2::int[] IS NULL OR id = ANY($2))
        ORDER BY id`,
      [tenantId, ids ?? null],
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

  /**
   * The rows into a temporary table, with what the domain computes of each (keys, 職員番号 candidate), by COPY on the
   * transaction's own connection: sending fifteen 300,000-element arrays to unnest took 20 s, one JSON parameter
   * about as long.
   */
  private async load(manager: EntityManager, rows: InputRow[]): Promise<void> {
    await manager.query(`DROP TABLE IF EXISTS ${TEMP_TABLES}`);
    await manager.query(
      `CREATE TEMP TABLE outside_raw (${RAW_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ')}) ON COMMIT DROP`,
    );
    const now = new Date().toISOString();
    const values = (r: InputRow, i: number): (string | number | null)[] => [
      i + 1,
      r.source,
      PROGRESS_SOURCE[r.source] ?? r.source,
      r.email,
      r.email ? r.email.trim().toLowerCase() : null,
      r.externalId,
      externalIdAsEmployeeNo(r.externalId),
      r.udemyCourseId,
      r.udemyCourseId ? udemyCourseKey(r.udemyCourseId) : null,
      r.courseTitle,
      r.completedOn,
      r.laterCompletedOn ?? null,
      r.receivedAt ?? now,
      outsideActivityKey(r),
      r.pendingId,
    ];
    // The caller's transaction (temporary tables ON COMMIT DROP would not outlive a statement without one).
    const runner = manager.queryRunner as (QueryRunner & { connect(): Promise<PoolClient> }) | undefined;
    if (!runner?.isTransactionActive)
      throw new Error('applyOutsideActivities runs inside the caller’s transaction');
    const client = await runner.connect();
    const text = rows.map((r, i) => values(r, i).map(copyText).join('\t')).join('\n') + '\n';
    await new Promise<void>((done, fail) => {
      const stream = client.query(copyFrom(`COPY pg_temp.outside_raw FROM STDIN`));
      stream.on('finish', done);
      stream.on('error', fail);
      stream.end(Buffer.from(text, 'utf8'));
    });
    await manager.query(`ANALYZE pg_temp.outside_raw`);
  }

  /**
   * Each row's person: HR's resolution of the same record, else the 職員番号 its external id names, else its e-mail
   * (the same address on two records, as for a re-hired person: the one still employed, else the one who left
   * last). Unknown: `unknown_person`; the completion (without one, today) after the person's last day: `left`; a
   * record HR dismissed stays dismissed. One statement.
   */
  private async matchPeople(manager: EntityManager, tenantId: number): Promise<void> {
    await manager.query(
      `CREATE TEMP TABLE outside_in ON COMMIT DROP AS
       WITH mail AS (
         SELECT DISTINCT ON (lower(email)) id, lower(email) AS email_lower FROM staff
          WHERE tenant_id = $1 AND email IS NOT NULL AND email <> ''
          ORDER BY lower(email), left_on IS NOT NULL, left_on DESC, id
       ), k AS (
         SELECT r.*, u.id AS known_id, u.status AS known_status, u.resolved_module_id AS forced_module,
                CASE WHEN u.resolved_staff_id IS NOT NULL THEN fs.id ELSE coalesce(se.id, sm.id) END AS staff_id
           FROM pg_temp.outside_raw r
           LEFT JOIN outside_unmatched u ON u.tenant_id = $1 AND u.row_key = r.row_key
           LEFT JOIN staff fs ON fs.tenant_id = $1 AND fs.id = u.resolved_staff_id
           LEFT JOIN staff se ON se.tenant_id = $1 AND se.employee_no = r.employee_no
           LEFT JOIN mail sm ON sm.email_lower = r.email_lower
       )
       SELECT k.n, k.source, k.src, k.email, k.external_id, k.course_ref,
              CASE WHEN k.forced_module IS NOT NULL THEN 'module:' || k.forced_module ELSE k.course_key END AS course_key,
              k.course_title, k.completed_on, k.later_on, k.received_at, k.row_key, k.pending_id, k.known_id,
              k.staff_id,
              CASE WHEN k.known_status = 'dismissed' THEN 'dismissed'
                   WHEN k.staff_id IS NULL THEN 'unknown_person'
                   WHEN s.left_on IS NOT NULL AND s.left_on < coalesce(k.completed_on, $2::date) THEN 'left' END AS reason
         FROM k LEFT JOIN staff s ON s.id = k.staff_id`,
      [tenantId, todayInTokyo()],
    );
    await manager.query(`ANALYZE pg_temp.outside_in`);
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
         FROM pg_temp.outside_row
        WHERE known_id IS NULL AND reason IS NOT NULL AND reason <> 'dismissed' AND completed_on IS NOT NULL
        ORDER BY row_key, n
       ON CONFLICT (tenant_id, row_key) DO NOTHING`,
      [tenantId],
    );
    await manager.query(
      `UPDATE outside_unmatched u SET reason = x.reason,
              later_completed_on = coalesce(x.later_on, u.later_completed_on)
         FROM (SELECT DISTINCT ON (known_id) known_id, reason, later_on FROM pg_temp.outside_row
                WHERE known_id IS NOT NULL AND reason IS NOT NULL AND reason <> 'dismissed'
                ORDER BY known_id, pending_id NULLS FIRST) x
        WHERE u.id = x.known_id AND u.tenant_id = $1 AND u.status = 'pending'
          AND (u.reason IS DISTINCT FROM x.reason OR u.later_completed_on IS DISTINCT FROM coalesce(x.later_on, u.later_completed_on))`,
      [tenantId],
    );
    const [, applied] = await manager.query(
      `UPDATE outside_unmatched u SET status = 'applied', handled_at = coalesce(u.handled_at, now())
         FROM (SELECT DISTINCT known_id FROM pg_temp.outside_row WHERE known_id IS NOT NULL AND reason IS NULL) x
        WHERE u.id = x.known_id AND u.tenant_id = $1 AND u.status = 'pending'`,
      [tenantId],
    );
    return applied;
  }
}
