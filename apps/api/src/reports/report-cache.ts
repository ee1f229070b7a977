import { asSystem } from '../database/tenant-context';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fiscalYearOf, reportDateFor, todayInTokyo } from '@dx/domain';
import { awaitTenantImports } from '../database/tenant-locks';
import { run, sql } from '../database/sql';
import { placementSql } from './placement';

const STATES = ['assigned', 'completed', 'in_progress', 'not_started', 'overdue', 'exempt'] as const;
const SUMS = STATES.map((s) => `sum(${s})::int AS ${s}`).join(', ');

/**
 * Recomputes one year's kept figures from the raw tables, as of `today`, in the caller's transaction. Locks, in this
 * order (the same everywhere, so they cannot deadlock): the tenant's imports, shared (a running import is waited
 * for, so its data is read whole or not at all), then the year's row FOR UPDATE (writers' triggers share-lock it,
 * so no change is lost between the snapshot read here and the commit). The stale marks seen at the start are the
 * ones this rebuild answers; marks committed later stay.
 */
export async function rebuildReportYear(
  manager: EntityManager,
  tenantId: number,
  fiscalYear: number,
  today: string,
): Promise<void> {
  await awaitTenantImports(manager, tenantId);
  const [year] = await manager.query(
    `SELECT 1 FROM report_year WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE`,
    [tenantId, fiscalYear],
  );
  if (!year) return;
  const marks: { id: number }[] = await manager.query(
    `SELECT id FROM report_stale WHERE tenant_id = $1 AND fiscal_year = $2`,
    [tenantId, fiscalYear],
  );
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
         JOIN course c ON c.id = e.course_id
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
  await manager.query(`DELETE FROM report_stale WHERE id = ANY($1)`, [marks.map((m) => m.id)]);
  await manager.query(
    `UPDATE report_year SET as_of = $3, built_at = now() WHERE tenant_id = $1 AND fiscal_year = $2`,
    [tenantId, fiscalYear, today],
  );
}

/** Whether a year's kept figures must be rebuilt before they are read today. */
const OUT_OF_DATE = `(r.as_of IS DISTINCT FROM $3::date
  OR EXISTS (SELECT 1 FROM report_stale m WHERE m.tenant_id = r.tenant_id AND m.fiscal_year = r.fiscal_year))`;

/**
 * Rebuilds, in the caller's transaction, those of the given years that are out of date and already have a cache
 * (an import refreshes what readers use; a year nobody has read yet is built on its first read).
 */
export async function rebuildStaleReportYears(
  manager: EntityManager,
  tenantId: number,
  years: number[],
): Promise<void> {
  const today = todayInTokyo();
  const stale: { fiscal_year: number }[] = await manager.query(
    `SELECT r.fiscal_year FROM report_year r WHERE r.tenant_id = $1 AND r.fiscal_year = ANY($2) AND ${OUT_OF_DATE}
      ORDER BY r.fiscal_year`,
    [tenantId, years, today],
  );
  for (const { fiscal_year } of stale) await rebuildReportYear(manager, tenantId, fiscal_year, today);
}

/**
 * A year other than the current one places people on a fixed day (its last day, or its first for a coming year), so
 * when nothing marked it stale only its states can have moved since it was built: an open assignment falling due.
 * Without one, the figures are as good for today and only their day is moved on.
 */
async function onlyTheDayMoved(
  manager: EntityManager,
  tenantId: number,
  fiscalYear: number,
  today: string,
): Promise<boolean> {
  if (fiscalYear === fiscalYearOf(today)) return false;
  const [year] = await manager.query(
    `SELECT r.as_of IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM report_stale m WHERE m.tenant_id = r.tenant_id AND m.fiscal_year = r.fiscal_year)
            AND NOT EXISTS (SELECT 1 FROM enrollment e
                             WHERE e.tenant_id = r.tenant_id AND e.fiscal_year = r.fiscal_year AND e.completed_on IS NULL
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

/** Keeps the report cache current for readers: built on first use, rebuilt when stale or when the Tokyo day turns. */
@Injectable()
export class ReportCache {
  private readonly logger = new Logger(ReportCache.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes the year's figures current for today (rebuilding them if not) and returns the day they are as of. */
  async ensureCurrent(tenantId: number, fiscalYear: number): Promise<string> {
    const today = todayInTokyo();
    const check = `SELECT ${OUT_OF_DATE} AS out_of_date FROM report_year r WHERE r.tenant_id = $1 AND r.fiscal_year = $2`;
    const [year] = await this.dataSource.query(check, [tenantId, fiscalYear, today]);
    if (year && !year.out_of_date) return today;
    if (!year) {
      // A year nobody was assigned in has nothing to keep (and any year can be asked for).
      const [assigned] = await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM enrollment WHERE tenant_id = $1 AND fiscal_year = $2) AS any`,
        [tenantId, fiscalYear],
      );
      if (!assigned.any) return today;
      // Committed on its own, before the rebuild locks it; a writer that created it first is waited for here.
      await this.dataSource.query(
        `INSERT INTO report_year (tenant_id, fiscal_year) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [tenantId, fiscalYear],
      );
    }
    const started = performance.now();
    const rebuilt = await this.dataSource.transaction(async (manager) => {
      await awaitTenantImports(manager, tenantId);
      await manager.query(`SELECT 1 FROM report_year WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE`, [
        tenantId,
        fiscalYear,
      ]);
      // Another reader may have rebuilt it while this one waited for the lock.
      const [locked] = await manager.query(check, [tenantId, fiscalYear, today]);
      if (!locked?.out_of_date) return false;
      if (await onlyTheDayMoved(manager, tenantId, fiscalYear, today)) return false;
      await rebuildReportYear(manager, tenantId, fiscalYear, today);
      return true;
    });
    if (rebuilt) {
      // Fresh statistics for the planner (the tables were just emptied and filled); outside the transaction, so the
      // table lock ANALYZE takes is never held while waiting for another lock.
      // As the tables' owner: ANALYZE skips a table the tenant role does not own.
      await asSystem(() =>
        this.dataSource.query(`ANALYZE report_person, report_unit_course, report_position_track`),
      );
      this.logger.log(
        `Report figures of tenant ${tenantId}, FY${fiscalYear} rebuilt in ${Math.round(performance.now() - started)} ms`,
      );
    }
    return today;
  }

  /** Rebuilds what is out of date among the years already cached (after the day turns, before anyone asks). */
  async refreshAll(): Promise<void> {
    const today = todayInTokyo();
    const years: { tenant_id: number; fiscal_year: number }[] = await this.dataSource.query(
      `SELECT r.tenant_id, r.fiscal_year FROM report_year r WHERE ${OUT_OF_DATE.replace(/\$3/g, '$2')}
        ORDER BY r.fiscal_year >= $1 DESC, r.fiscal_year DESC, r.tenant_id`,
      [fiscalYearOf(today), today],
    );
    for (const y of years) await this.ensureCurrent(y.tenant_id, y.fiscal_year);
  }
}
