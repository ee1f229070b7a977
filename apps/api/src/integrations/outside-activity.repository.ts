import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager, QueryRunner } from 'typeorm';
import { type PreparedStatement, runPreparedIn } from '../database/prepared';
import { externalIdAsEmployeeNo, type OutsideActivity, outsideActivityKey, udemyCourseKey } from '@dx/domain';

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
  { name: 'pending_id', type: 'bigint' },
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
 * Rows of people the roster has neither by 職員番号 nor by e-mail, whose key has no record or one HR did not resolve
 * to a person: what the full apply makes of them, in one statement. A new key is kept once as `unknown_person`; a
 * pending record of the key gets `unknown_person` (and a later completion day) if it had another reason; a dismissed
 * or applied record is left as it is.
 */
const KEEP_UNKNOWN_PEOPLE: PreparedStatement = {
  name: 'outside_keep_unknown_people',
  text: `WITH x AS (
     SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::text[], $10::date[], $11::date[], $12::timestamptz[], $13::text[])
            AS x(i, source, email, email_lower, external_id, employee_no, course_ref, course_title, completed_on,
                 later_on, received_at, row_key)
   ), unknown AS (
     SELECT x.*, u.id AS known_id FROM x
       LEFT JOIN outside_unmatched u ON u.tenant_id = $1 AND u.row_key = x.row_key
      WHERE u.resolved_staff_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.tenant_id = $1 AND s.employee_no = x.employee_no)
        AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.tenant_id = $1 AND lower(s.email) = x.email_lower
                           AND s.email <> '')
   ), kept AS (
     INSERT INTO outside_unmatched (tenant_id, source, email, external_id, udemy_course_id, course_title,
            completed_on, later_completed_on, row_key, reason, received_at)
     SELECT DISTINCT ON (row_key) $1, source, email, external_id, course_ref, course_title, completed_on, later_on,
            row_key, 'unknown_person', received_at
       FROM unknown WHERE known_id IS NULL AND completed_on IS NOT NULL
      ORDER BY row_key, i
     ON CONFLICT (tenant_id, row_key) DO NOTHING
   ), pending AS (
     UPDATE outside_unmatched u SET reason = 'unknown_person',
            later_completed_on = coalesce(k.later_on, u.later_completed_on)
       FROM (SELECT DISTINCT ON (known_id) known_id, later_on FROM unknown WHERE known_id IS NOT NULL
              ORDER BY known_id, i) k
      WHERE u.id = k.known_id AND u.tenant_id = $1 AND u.status = 'pending'
        AND (u.reason <> 'unknown_person' OR u.later_completed_on IS DISTINCT FROM coalesce(k.later_on, u.later_completed_on))
   )
   SELECT i FROM unknown`,
};

/** An outside activity, or a pending unmatched record being re-examined (`pendingId`). */
export interface OutsideInputRow extends OutsideActivity {
  pendingId: number | null;
}

/** A key that names an external module in outside rows: `module:<id>`, or a Udemy course's id or URL. */
export interface OutsideModuleKey {
  moduleId: number;
  courseId: number;
  version: number;
  key: string;
}

/**
 * The SQL of the outside-completions core, every statement in the caller's transaction. An apply works on temporary
 * tables (outside_raw → outside_in, outside_mod → outside_hit → outside_row; ON COMMIT DROP, and dropped at its
 * end); each method is one step, in the order OutsideActivityService runs them. No state: the bench constructs it.
 */
@Injectable()
export class OutsideActivityRepository {
  /** A dry run starts: everything after it is undone by `rollBackDryRun`. */
  async beginDryRun(manager: EntityManager): Promise<void> {
    await manager.query(`SAVEPOINT outside_dry_run`);
  }

  async rollBackDryRun(manager: EntityManager): Promise<void> {
    await manager.query(`ROLLBACK TO SAVEPOINT outside_dry_run`);
  }

  /**
   * Keeps the given new rows of people the roster has neither by 職員番号 nor by e-mail (and HR did not resolve to a
   * person) as the full apply would, in one prepared statement without the temporary tables
   * (KEEP_UNKNOWN_PEOPLE). Returns the indexes (`i`) of those rows.
   */
  async keepUnknownPeople(
    manager: EntityManager,
    tenantId: number,
    fresh: { r: OutsideInputRow; i: number }[],
  ): Promise<Set<number>> {
    const now = new Date().toISOString();
    const column = <T>(f: (r: OutsideInputRow) => T) => fresh.map(({ r }) => f(r));
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

  /** The tenant's pending unmatched records (`ids`: only these), by id, as input rows. */
  async findPendingRows(
    manager: EntityManager,
    tenantId: number,
    ids?: number[],
  ): Promise<OutsideInputRow[]> {
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
   * The rows into a temporary table (outside_raw), with what the domain computes of each (keys, 職員番号
   * candidate), by COPY on the transaction's own connection: sending fifteen 300,000-element arrays to unnest took
   * 20 s, one JSON parameter about as long.
   */
  async loadRows(manager: EntityManager, rows: OutsideInputRow[]): Promise<void> {
    await manager.query(`DROP TABLE IF EXISTS ${TEMP_TABLES}`);
    await manager.query(
      `CREATE TEMP TABLE outside_raw (${RAW_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ')}) ON COMMIT DROP`,
    );
    const now = new Date().toISOString();
    const values = (r: OutsideInputRow, i: number): (string | number | null)[] => [
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
   * outside_in: each loaded row with its person (HR's resolution of the same record, else the 職員番号 its external
   * id names, else its e-mail: the one still employed, else the one who left last) and why it cannot apply
   * (`unknown_person`, `left` when the completion, or `today` without one, is after the person's last day,
   * `dismissed`). One statement.
   */
  async matchPeople(manager: EntityManager, tenantId: number, today: string): Promise<void> {
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
         FROM k LEFT JOIN staff s ON s.tenant_id = $1 AND s.id = k.staff_id`,
      [tenantId, today],
    );
    await manager.query(`ANALYZE pg_temp.outside_in`);
  }

  /** The tenant's external modules (every version) with their content. */
  findExternalModules(
    manager: EntityManager,
    tenantId: number,
  ): Promise<{ id: number; course_id: number; version: number; content: Record<string, unknown> }[]> {
    return manager.query(
      `SELECT m.id, m.course_id, m.version, m.content FROM course_module m
          WHERE m.tenant_id = $1 AND m.kind = 'external'`,
      [tenantId],
    );
  }

  /** outside_mod: the keys that name each external module, indexed by key. */
  async loadModuleKeys(manager: EntityManager, keys: OutsideModuleKey[]): Promise<void> {
    await manager.query(`
      CREATE TEMP TABLE outside_mod (module_id bigint NOT NULL, course_id bigint NOT NULL, version int NOT NULL,
        key text NOT NULL) ON COMMIT DROP`);
    await manager.query(
      `INSERT INTO pg_temp.outside_mod SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[])`,
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

  /** outside_hit: (row, day, enrolment, module), what each row completes, in the fiscal year of each of its days. */
  async findHits(manager: EntityManager, tenantId: number): Promise<void> {
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
  }

  /**
   * Marks stale the kept report figures (only years whose figures were built) of the fiscal years the hits write;
   * returns those years.
   */
  async markFiguresStale(manager: EntityManager, tenantId: number): Promise<number[]> {
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

  /**
   * outside_row: each row with why it applies nothing: no person, or the person had left before the day (already
   * set); no module names the course (`unknown_course`); no assignment of the course in that fiscal year
   * (`not_assigned`). A row without a completion and with a known person and course is simply unchanged.
   */
  async findRowOutcomes(manager: EntityManager): Promise<void> {
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
  }

  /** Locks the enrolments the hits write, in id order, until the caller's transaction ends. */
  async lockHitEnrollments(manager: EntityManager, tenantId: number): Promise<void> {
    await manager.query(
      `SELECT id FROM enrollment WHERE tenant_id = $1 AND id IN (SELECT enrollment_id FROM pg_temp.outside_hit)
        ORDER BY id FOR NO KEY UPDATE`,
      [tenantId],
    );
  }

  /**
   * The hit enrolments: completed (on the day of the last required module) when all their required modules are done
   * once the new ones are, and started_at, which module_progress's trigger would otherwise set in a second pass.
   */
  async completeHitEnrollments(manager: EntityManager, tenantId: number): Promise<void> {
    await manager.query(
      `WITH first AS (
         SELECT enrollment_id, module_id, min(day) AS day, min(src) AS src FROM pg_temp.outside_hit
          GROUP BY enrollment_id, module_id
       ), required AS (
         SELECT e.id, coalesce(p.completed_at, (f.day::timestamp AT TIME ZONE 'Asia/Tokyo')) AS done_at, f.src
           FROM (SELECT DISTINCT enrollment_id FROM first) x
           JOIN enrollment e ON e.tenant_id = $1 AND e.id = x.enrollment_id
           JOIN course_module m ON m.tenant_id = e.tenant_id AND m.course_id = e.course_id AND m.version = e.course_version
                AND m.required
           LEFT JOIN module_progress p ON p.tenant_id = e.tenant_id AND p.enrollment_id = e.id AND p.module_id = m.id
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
        WHERE e.tenant_id = $1 AND e.id = d.id
          AND ((e.started_at IS NULL AND d.first_at IS NOT NULL) OR (d.all_done AND e.completed_at IS NULL))`,
      [tenantId],
    );
  }

  /**
   * The hit modules recorded done on their first day (a module already done is left as it is); returns how many
   * input rows (not pending records) completed at least one.
   */
  async insertHitProgress(manager: EntityManager, tenantId: number): Promise<number> {
    const [{ completed_rows }] = await manager.query(
      `WITH first AS (
         SELECT enrollment_id, module_id, min(day) AS day, min(src) AS src FROM pg_temp.outside_hit
          GROUP BY enrollment_id, module_id
       ), ins AS (
         INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source, completed_at)
         SELECT $1, enrollment_id, module_id, src, (day::timestamp AT TIME ZONE 'Asia/Tokyo') FROM first
          ORDER BY enrollment_id, module_id
         ON CONFLICT ON CONSTRAINT uq_module_progress DO NOTHING
         RETURNING enrollment_id, module_id
       )
       SELECT count(DISTINCT h.n)::int AS completed_rows
         FROM pg_temp.outside_hit h JOIN ins ON ins.enrollment_id = h.enrollment_id AND ins.module_id = h.module_id
        WHERE NOT h.pending`,
      [tenantId],
    );
    return completed_rows;
  }

  /** The input rows (not pending records) that matched, and those that did not. */
  async countRowOutcomes(manager: EntityManager): Promise<{ matched: number; skipped: number }> {
    const [{ matched, skipped }] = await manager.query(`
      SELECT count(*) FILTER (WHERE reason IS NULL AND pending_id IS NULL)::int AS matched,
             count(*) FILTER (WHERE reason IS NOT NULL AND pending_id IS NULL)::int AS skipped
        FROM pg_temp.outside_row`);
    return { matched, skipped };
  }

  /**
   * A new unmatched record once per key for each row that did not apply and has a completion (a concurrent call
   * inserting the same one does nothing).
   */
  async insertNewUnmatched(manager: EntityManager, tenantId: number): Promise<void> {
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
  }

  /** A pending record that still does not apply gets its new reason (and a later completion day). */
  async updatePendingReasons(manager: EntityManager, tenantId: number): Promise<void> {
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
  }

  /** The pending records that applied now are marked applied; returns how many. */
  async markPendingApplied(manager: EntityManager, tenantId: number): Promise<number> {
    const [, applied] = await manager.query(
      // The time is a parameter: Citus refuses now() (volatile) inside a COALESCE of an UPDATE.
      `UPDATE outside_unmatched u SET status = 'applied', handled_at = coalesce(u.handled_at, $2::timestamptz)
         FROM (SELECT DISTINCT known_id FROM pg_temp.outside_row WHERE known_id IS NOT NULL AND reason IS NULL) x
        WHERE u.id = x.known_id AND u.tenant_id = $1 AND u.status = 'pending'`,
      [tenantId, new Date()],
    );
    return applied;
  }

  /** The apply's temporary tables, dropped at its end. */
  async dropTempTables(manager: EntityManager): Promise<void> {
    await manager.query(`DROP TABLE ${TEMP_TABLES}`);
  }
}
