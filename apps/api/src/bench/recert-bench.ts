import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { fiscalYearEnd, fiscalYearStart } from '@dx/domain';
import { dataSourceOptions } from '../database/data-source';
import { asSystem } from '../database/tenant-context';
import { AssignmentsRepository } from '../enrolments/assignments.repository';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';
import { log, median, ms, thousands } from './bench-kit';

const RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 3);
const TARGET_MS = 30_000;

export interface RecertBenchContext {
  databaseUrl: string;
  db: Client;
  tenantId: number;
  fiscalYear: number;
}

export interface RecertBenchRow {
  measurement: string;
  api: string;
  floor: string;
  target: string;
  met: boolean | null;
}

/**
 * The same rows the engine makes, by one plain INSERT … SELECT: 職場内DX研修 for everyone on the staff next year (their
 * completion of this year linked as the one renewed), and the renewal of the other recurring course for everyone who
 * completed it this year. No rules evaluated, no per-person history read.
 */
const FLOOR_SQL = `
  WITH people AS (
    SELECT s.id FROM staff s
     WHERE s.tenant_id = $1 AND s.hired_on <= $4::date AND (s.left_on IS NULL OR s.left_on >= $3::date)
  ), workplace AS (
    SELECT p.id AS staff_id, c.id AS course_id, c.published_version AS version, 'rule' AS source, r.id AS rule_id,
           e.id AS renews
      FROM people p
      CROSS JOIN course c JOIN assignment_rule r ON r.course_id = c.id
      LEFT JOIN enrollment e ON e.staff_id = p.id AND e.course_id = c.id AND e.fiscal_year = $2 AND e.completed_on IS NOT NULL
     WHERE c.tenant_id = $1 AND c.code = 'WORKPLACE-DX'
  ), renewals AS (
    SELECT e.staff_id, e.course_id, 1 AS version, 'renewal' AS source, NULL::int AS rule_id, e.id AS renews
      FROM enrollment e JOIN people p ON p.id = e.staff_id
     WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND e.course_id = $5 AND e.completed_on IS NOT NULL
  )
  INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, rule_id, trigger_date, due_date,
                          renews_enrollment_id)
  SELECT $1, x.staff_id, x.course_id, $2 + 1, x.version, x.source, x.rule_id, $3::date, $4::date, x.renews
    FROM (SELECT * FROM workplace UNION ALL SELECT * FROM renewals) x
  ON CONFLICT (staff_id, course_id, fiscal_year) DO NOTHING`;

/**
 * `BENCH_ONLY=recert`: the start of the next fiscal year for the whole tenant — every rule and every renewal (更新),
 * the fiscal-year job's work — with 職場内DX研修 renewed every fiscal year and the busiest bench course valid for one
 * year (renewal from 1 April), beside the plain INSERT … SELECT of the same rows. Each run in a transaction rolled
 * back, so every run starts from the same state; engine and floor in turn.
 */
export async function recertificationBench(ctx: RecertBenchContext): Promise<RecertBenchRow> {
  const { db, tenantId, fiscalYear } = ctx;
  const next = fiscalYear + 1;
  const [busiest] = (
    await db.query(
      `SELECT e.course_id FROM enrollment e JOIN course c ON c.id = e.course_id
        WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND c.code LIKE 'BENCH-%' AND e.completed_on IS NOT NULL
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [tenantId, fiscalYear],
    )
  ).rows as { course_id: number }[];
  await db.query(
    `UPDATE course SET recurrence = CASE WHEN code = 'WORKPLACE-DX' THEN '{"kind": "every_fiscal_year"}'::jsonb
                       ELSE '{"kind": "valid_for_years", "years": 1, "window": {"kind": "date_before_expiry", "month": 4, "day": 1}}'::jsonb END
      WHERE tenant_id = $1 AND (code = 'WORKPLACE-DX' OR id = $2)`,
    [tenantId, busiest.course_id],
  );
  // The app's options: its date parsing (a DATE is a Tokyo calendar day, not a JS Date) and session settings.
  const dataSource = new DataSource(dataSourceOptions(ctx.databaseUrl));
  await dataSource.initialize();
  const engine = new EnrolmentEngine(dataSource, new AssignmentsRepository(dataSource));
  try {
    const engineRun = async (): Promise<{ elapsed: number; rows: number }> => {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        const started = performance.now();
        const result = await asSystem(() => engine.apply(runner.manager, tenantId, [next]));
        return { elapsed: performance.now() - started, rows: result.assigned };
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    };
    const floorRun = async (): Promise<{ elapsed: number; rows: number }> => {
      await db.query('BEGIN');
      try {
        const started = performance.now();
        const result = await db.query(FLOOR_SQL, [
          tenantId,
          fiscalYear,
          fiscalYearStart(next),
          fiscalYearEnd(next),
          busiest.course_id,
        ]);
        return { elapsed: performance.now() - started, rows: result.rowCount ?? 0 };
      } finally {
        await db.query('ROLLBACK');
      }
    };
    const warm = await engineRun();
    const warmFloor = await floorRun();
    log(
      `recert warm-up: engine ${ms(warm.elapsed)} (${thousands(warm.rows)} assignments), floor ${ms(warmFloor.elapsed)} (${thousands(warmFloor.rows)})`,
    );
    const engineTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      engineTimes.push((await engineRun()).elapsed);
      floorTimes.push((await floorRun()).elapsed);
    }
    const elapsed = median(engineTimes);
    const same = warm.rows === warmFloor.rows ? '' : `; the floor made ${thousands(warmFloor.rows)} rows`;
    log(`recert: ${ms(elapsed)} (floor ${ms(median(floorTimes))})${same}`);
    return {
      measurement: `Recertification: start of FY${next} for the tenant, rules and renewals (${thousands(warm.rows)} assignments)${same}`,
      api: ms(elapsed),
      floor: `${ms(median(floorTimes))} (one INSERT … SELECT of the same rows)`,
      target: '≤ 30 s',
      met: elapsed <= TARGET_MS,
    };
  } finally {
    await dataSource.destroy();
    await db.query(`UPDATE course SET recurrence = '{"kind": "none"}' WHERE tenant_id = $1`, [tenantId]);
  }
}
