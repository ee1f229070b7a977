import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import { placementSql, reportDateFor } from './placement';

const STATES = ['assigned', 'completed', 'in_progress', 'not_started', 'overdue', 'exempt'] as const;
const SUMS = STATES.map((s) => `sum(${s})::int AS ${s}`).join(', ');

/**
 * Recomputes one year's cached figures from the raw tables, as of `today`, in the caller's transaction. The year's
 * row is locked FOR UPDATE first: writers' triggers share-lock it, so no change is lost between the snapshot read
 * here and the commit. The row must already exist committed (see ensureYearRow) for that to hold.
 */
export async function rebuildReportYear(manager: EntityManager, tenantId: number, fiscalYear: number, today: string): Promise<void> {
  const [year] = await manager.query(
    `SELECT changes FROM report_year WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE`,
    [tenantId, fiscalYear],
  );
  if (!year) return;
  // One pass over the year's assignments, hashed three ways: room for it in memory rather than batches on disk.
  await manager.query(`SET LOCAL work_mem = '64MB'`);
  for (const table of ['report_person', 'report_unit_course', 'report_position_track']) {
    await manager.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND fiscal_year = $2`, [tenantId, fiscalYear]);
  }
  await manager.query(
    `WITH people AS MATERIALIZED (${placementSql('$1', '$2', '$3')}),
     counted AS (
       SELECT p.staff_id, p.path, p.kind, p.position_id, e.course_id, c.track_id,
              1 AS assigned, (st.s = 1)::int AS completed, (st.s = 4)::int AS in_progress, (st.s = 5)::int AS not_started,
              (st.s = 3)::int AS overdue, (st.s = 2)::int AS exempt
         FROM enrollment e
         JOIN people p ON p.staff_id = e.staff_id
         JOIN course c ON c.id = e.course_id
         CROSS JOIN LATERAL (SELECT report_state(e.completed_on, e.exempt_reason, e.due_date, e.started_at, $4::date) AS s) st
        WHERE e.tenant_id = $1 AND e.fiscal_year = $2
     ),
     grouped AS MATERIALIZED (
       SELECT GROUPING(staff_id, course_id, track_id) AS set, staff_id, path, min(kind) AS kind, course_id, position_id, track_id, ${SUMS}
         FROM counted
        GROUP BY GROUPING SETS ((staff_id), (path, course_id), (path, position_id, track_id))
     ),
     person_rows AS (
       INSERT INTO report_person (tenant_id, fiscal_year, staff_id, employee_no, staff_name, position_id, employment_type, path, kind, ${STATES.join(', ')})
       SELECT $1, $2, p.staff_id, p.employee_no, p.staff_name, p.position_id, p.employment_type, p.path, p.kind, ${STATES.map((s) => `g.${s}`).join(', ')}
         FROM people p JOIN grouped g ON g.set = 3 AND g.staff_id = p.staff_id
     ),
     course_rows AS (
       INSERT INTO report_unit_course (tenant_id, fiscal_year, path, course_id, kind, ${STATES.join(', ')})
       SELECT $1, $2, path, course_id, kind, ${STATES.join(', ')} FROM grouped WHERE set = 5
     )
     INSERT INTO report_position_track (tenant_id, fiscal_year, path, position_id, track_id, kind, ${STATES.join(', ')})
     SELECT $1, $2, path, position_id, track_id, kind, ${STATES.join(', ')} FROM grouped WHERE set = 6`,
    [tenantId, fiscalYear, reportDateFor(fiscalYear, today), today],
  );
  // Fresh statistics for the planner: the tables were just emptied and filled (an export's plan depends on them).
  await manager.query(`ANALYZE report_person, report_unit_course, report_position_track`);
  await manager.query(
    `UPDATE report_year SET as_of = $3, built_changes = $4, built_at = now() WHERE tenant_id = $1 AND fiscal_year = $2`,
    [tenantId, fiscalYear, today, year.changes],
  );
}

/**
 * Rebuilds, in the caller's transaction, those of the given years that are out of date and already have a cache
 * (an import refreshes what readers use; a year nobody has read yet is built on its first read).
 */
export async function rebuildStaleReportYears(manager: EntityManager, tenantId: number, years: number[]): Promise<void> {
  const today = todayInTokyo();
  const stale: { fiscal_year: number }[] = await manager.query(
    `SELECT fiscal_year FROM report_year
      WHERE tenant_id = $1 AND fiscal_year = ANY($2) AND (changes <> built_changes OR as_of <> $3)
      ORDER BY fiscal_year`,
    [tenantId, years, today],
  );
  for (const { fiscal_year } of stale) await rebuildReportYear(manager, tenantId, fiscal_year, today);
}

/** Keeps the report cache current for readers: built on first use, rebuilt when stale or when the Tokyo day turns. */
@Injectable()
export class ReportCache {
  private readonly logger = new Logger(ReportCache.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes the year's figures current for today (rebuilding them if not) and returns the day they are as of. */
  async ensureCurrent(tenantId: number, fiscalYear: number): Promise<string> {
    const today = todayInTokyo();
    const [year] = await this.dataSource.query(
      `SELECT as_of, changes = built_changes AS current FROM report_year WHERE tenant_id = $1 AND fiscal_year = $2`,
      [tenantId, fiscalYear],
    );
    if (year?.current && year.as_of === today) return today;
    if (!year) {
      // A year nobody was assigned in has nothing to keep (and any year can be asked for).
      const [assigned] = await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM enrollment WHERE tenant_id = $1 AND fiscal_year = $2) AS any`,
        [tenantId, fiscalYear],
      );
      if (!assigned.any) return today;
      // Committed before the rebuild locks it, so writers from now on either wait for the rebuild or are in it.
      await this.dataSource.query(
        `INSERT INTO report_year (tenant_id, fiscal_year, as_of) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [tenantId, fiscalYear, today],
      );
    }
    const started = performance.now();
    await this.dataSource.transaction(async (manager) => {
      // Another reader may have rebuilt it while this one waited for the lock.
      const [locked] = await manager.query(
        `SELECT as_of, changes = built_changes AS current FROM report_year WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE`,
        [tenantId, fiscalYear],
      );
      if (locked?.current && locked.as_of === today) return;
      await rebuildReportYear(manager, tenantId, fiscalYear, today);
      this.logger.log(`Report figures of tenant ${tenantId}, FY${fiscalYear} rebuilt in ${Math.round(performance.now() - started)} ms`);
    });
    return today;
  }

  /** Rebuilds what is out of date among the years already cached (after the day turns, before anyone asks). */
  async refreshAll(): Promise<void> {
    const today = todayInTokyo();
    const years: { tenant_id: number; fiscal_year: number }[] = await this.dataSource.query(
      `SELECT tenant_id, fiscal_year FROM report_year WHERE changes <> built_changes OR as_of <> $1
        ORDER BY fiscal_year >= $2 DESC, fiscal_year DESC, tenant_id`,
      [today, fiscalYearOf(today)],
    );
    for (const y of years) await this.ensureCurrent(y.tenant_id, y.fiscal_year);
  }
}
