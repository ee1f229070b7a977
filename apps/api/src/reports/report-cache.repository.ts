import { EntityManager } from 'typeorm';
import { reportDateFor } from '@dx/domain';
import { run, sql } from '../database/sql';
import { placementSql } from './placement';

const STATES = ['assigned', 'completed', 'in_progress', 'not_started', 'overdue', 'exempt'] as const;
const SUMS = STATES.map((s) => `sum(${s})::int AS ${s}`).join(', ');

/**
 * Whether a year's kept figures must be rebuilt before they are read `today`. `tenant`: the year's tenant, a parameter
 * where the statement is about one tenant (so Citus routes the subquery, under an OR, to that tenant's shard too), or
 * `r.tenant_id` across tenants.
 */
const outOfDate = (today: string, tenant: string) => `(r.as_of IS DISTINCT FROM ${today}::date
  OR EXISTS (SELECT 1 FROM report_stale m WHERE m.tenant_id = ${tenant} AND m.fiscal_year = r.fiscal_year))`;

/** Anything with pg's `query(text, values)`: the DataSource, or a transaction's manager. */
type Runner = Pick<EntityManager, 'query'>;

/**
 * The SQL of the kept report figures (report_year, report_stale and the three figure tables the triggers maintain).
 * Every method runs on the runner it is given, so the caller decides the transaction and the lock order.
 */
export class ReportCacheRepository {
  /** Locks the year's row (writers' triggers share-lock it); false when the year has no kept figures. */
  async lockYear(manager: EntityManager, tenantId: number, fiscalYear: number): Promise<boolean> {
    const [year] = await manager.query(
      `SELECT 1 FROM report_year WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE`,
      [tenantId, fiscalYear],
    );
    return year !== undefined;
  }

  async findStaleMarks(manager: EntityManager, tenantId: number, fiscalYear: number): Promise<number[]> {
    const marks: { id: number }[] = await manager.query(
      `SELECT id FROM report_stale WHERE tenant_id = $1 AND fiscal_year = $2`,
      [tenantId, fiscalYear],
    );
    return marks.map((m) => m.id);
  }

  /** The year's figures computed again from the raw tables, as of `today`, in one statement. */
  async rebuildFigures(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    today: string,
  ): Promise<void> {
    // One pass over the year's assignments, hashed three ways: room for it in memory rather than batches on disk. Hash
    // joins only: inside an import the planner's statistics still describe the tables before the roster, and a
    // nested loop chosen on them ran a 30,000-person rebuild for 55 s instead of 1 s.
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    await manager.query(`SET LOCAL enable_nestloop = off`);
    for (const table of ['report_person', 'report_unit_course', 'report_position_track']) {
      await manager.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND fiscal_year = $2`, [
        tenantId,
        fiscalYear,
      ]);
    }
    await run(
      manager,
      sql`WITH people AS MATERIALIZED (${placementSql(tenantId, fiscalYear, reportDateFor(fiscalYear, today))}),
       counted AS (
         SELECT p.staff_id, p.path, p.kind, p.position_id, e.course_id, c.track_id,
                1 AS assigned, (st.s = 1)::int AS completed, (st.s = 4)::int AS in_progress, (st.s = 5)::int AS not_started,
                (st.s = 3)::int AS overdue, (st.s = 2)::int AS exempt
           FROM enrollment e
           JOIN people p ON p.staff_id = e.staff_id
           JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
           CROSS JOIN LATERAL (SELECT report_state(e.completed_on, e.exempt_reason, e.due_date, e.started_at, ${today}::date) AS s) st
          WHERE e.tenant_id = ${tenantId} AND e.fiscal_year = ${fiscalYear}
       ),
       grouped AS MATERIALIZED (
         SELECT GROUPING(staff_id, course_id, track_id) AS set, staff_id, path, min(kind) AS kind, course_id, position_id, track_id, ${sql.raw(SUMS)}
           FROM counted
          GROUP BY GROUPING SETS ((staff_id), (path, course_id), (path, position_id, track_id))
       ),
       person_rows AS (
         INSERT INTO report_person (tenant_id, fiscal_year, staff_id, employee_no, staff_name, position_id, employment_type, path, kind, ${sql.raw(STATES.join(', '))})
         SELECT ${tenantId}, ${fiscalYear}, p.staff_id, p.employee_no, p.staff_name, p.position_id, p.employment_type, p.path, p.kind, ${sql.raw(STATES.map((s) => `g.${s}`).join(', '))}
           FROM people p JOIN grouped g ON g.set = 3 AND g.staff_id = p.staff_id
       ),
       course_rows AS (
         INSERT INTO report_unit_course (tenant_id, fiscal_year, path, course_id, kind, ${sql.raw(STATES.join(', '))})
         SELECT ${tenantId}, ${fiscalYear}, path, course_id, kind, ${sql.raw(STATES.join(', '))} FROM grouped WHERE set = 5
       )
       INSERT INTO report_position_track (tenant_id, fiscal_year, path, position_id, track_id, kind, ${sql.raw(STATES.join(', '))})
       SELECT ${tenantId}, ${fiscalYear}, path, position_id, track_id, kind, ${sql.raw(STATES.join(', '))} FROM grouped WHERE set = 6`,
    );
    await manager.query(`SET LOCAL enable_nestloop = DEFAULT`);
    await manager.query(`SET LOCAL work_mem = DEFAULT`);
  }

  /** The year's figures are as of `today`; the stale marks they answer are cleared. */
  async markBuilt(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    today: string,
    answeredMarks: number[],
  ): Promise<void> {
    await manager.query(`DELETE FROM report_stale WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
      tenantId,
      answeredMarks,
    ]);
    await manager.query(
      `UPDATE report_year SET as_of = $3, built_at = now() WHERE tenant_id = $1 AND fiscal_year = $2`,
      [tenantId, fiscalYear, today],
    );
  }

  /** Those of the years that have kept figures and are out of date for `today`. */
  async findOutOfDateYears(
    runner: Runner,
    tenantId: number,
    years: number[],
    today: string,
  ): Promise<number[]> {
    const stale: { fiscal_year: number }[] = await runner.query(
      `SELECT r.fiscal_year FROM report_year r WHERE r.tenant_id = $1 AND r.fiscal_year = ANY($2) AND ${outOfDate('$3', '$1')}
        ORDER BY r.fiscal_year`,
      [tenantId, years, today],
    );
    return stale.map((s) => s.fiscal_year);
  }

  /** Whether the year's figures are out of date for `today`; undefined when it has none kept. */
  async isOutOfDate(
    runner: Runner,
    tenantId: number,
    fiscalYear: number,
    today: string,
  ): Promise<boolean | undefined> {
    const [year] = await runner.query(
      `SELECT ${outOfDate('$3', '$1')} AS out_of_date FROM report_year r WHERE r.tenant_id = $1 AND r.fiscal_year = $2`,
      [tenantId, fiscalYear, today],
    );
    return year?.out_of_date;
  }

  /**
   * Moves the year's figures on to `today` when nothing marked them stale and no open assignment fell due since they
   * were built; false (and nothing changed) otherwise.
   */
  async moveDayIfUnchanged(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    today: string,
  ): Promise<boolean> {
    const [year] = await manager.query(
      `SELECT r.as_of IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM report_stale m WHERE m.tenant_id = $1 AND m.fiscal_year = r.fiscal_year)
              AND NOT EXISTS (SELECT 1 FROM enrollment e
                               WHERE e.tenant_id = $1 AND e.fiscal_year = r.fiscal_year AND e.completed_on IS NULL
                                 AND e.exempt_reason IS NULL AND e.due_date >= r.as_of AND e.due_date < $3::date) AS unchanged
         FROM report_year r WHERE r.tenant_id = $1 AND r.fiscal_year = $2`,
      [tenantId, fiscalYear, today],
    );
    if (!year?.unchanged) return false;
    await manager.query(`UPDATE report_year SET as_of = $3 WHERE tenant_id = $1 AND fiscal_year = $2`, [
      tenantId,
      fiscalYear,
      today,
    ]);
    return true;
  }

  async hasAssignments(runner: Runner, tenantId: number, fiscalYear: number): Promise<boolean> {
    const [assigned] = await runner.query(
      `SELECT EXISTS (SELECT 1 FROM enrollment WHERE tenant_id = $1 AND fiscal_year = $2) AS any`,
      [tenantId, fiscalYear],
    );
    return assigned.any;
  }

  /** The year's row of kept figures, made if missing (committed by the caller before a rebuild locks it). */
  async ensureYear(runner: Runner, tenantId: number, fiscalYear: number): Promise<void> {
    await runner.query(
      `INSERT INTO report_year (tenant_id, fiscal_year) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [tenantId, fiscalYear],
    );
  }

  /** Fresh planner statistics for the figure tables (as their owner: the caller runs it `asSystem`). */
  async analyzeFigures(runner: Runner): Promise<void> {
    await runner.query(`ANALYZE report_person, report_unit_course, report_position_track`);
  }

  /** Every tenant's years of kept figures that are out of date for `today`: the current and coming ones first. */
  findAllOutOfDateYears(
    runner: Runner,
    currentFiscalYear: number,
    today: string,
  ): Promise<{ tenant_id: number; fiscal_year: number }[]> {
    return runner.query(
      `SELECT r.tenant_id, r.fiscal_year FROM report_year r WHERE ${outOfDate('$2', 'r.tenant_id')}
        ORDER BY r.fiscal_year >= $1 DESC, r.fiscal_year DESC, r.tenant_id`,
      [currentFiscalYear, today],
    );
  }
}
