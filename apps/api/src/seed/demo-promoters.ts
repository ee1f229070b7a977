import { DataSource, EntityManager } from 'typeorm';
import type { CohortStage } from '@dx/contract';
import {
  addDays,
  compareDates,
  fiscalYearEnd,
  fiscalYearOf,
  fiscalYearStart,
  formatFiscalYear,
  todayInTokyo,
} from '@dx/domain';
import { run, type Sql, sql } from '../database/sql';
import type { EnrolmentEngine } from '../enrolments/enrolment-engine';

/**
 * The demo's デジタル活用推進員 and DX推進スペシャリスト cohorts, so that 推進員の配置状況 and the KPI page's coverage and
 * specialist charts show real figures on first start. Set-based SQL (a handful of statements, whatever the size),
 * deterministic (md5 of codes and 職員番号, no random numbers), run after the demo's two rosters are imported:
 *
 * - Last year: a promoter in every 所属 but a few, chosen from last year's staff.
 * - This year: HR named them in March from last year's roster (指定日 1 April), so some were moved or retired by the
 *   April roster and their 所属 shows as without one; a few 所属 were never given one. About 90 % are covered.
 * - Cohorts: last year's (mostly 認定) and this year's with people at every stage (基礎・応用・実践・認定), their
 *   programme courses assigned by the rules engine, the certified members' courses completed on their 認定 day.
 */

/** Shares of the 所属 that end up without a promoter this year: never named, and named but moved away in April. */
export const DEMO_PROMOTER_SHARES = { withoutDesignation: 0.06, endedByRoster: 0.04 } as const;

/** How many of `sections` 所属 get no designation, and how many get one the April roster ends. */
export function demoPromoterPlan(sections: number): { withoutDesignation: number; endedByRoster: number } {
  return {
    withoutDesignation: Math.round(sections * DEMO_PROMOTER_SHARES.withoutDesignation),
    endedByRoster: Math.round(sections * DEMO_PROMOTER_SHARES.endedByRoster),
  };
}

/** The stage of the n-th member (1-based) of this year's cohort: every stage from five members on. */
const THIS_YEAR_STAGES: readonly CohortStage[] = ['基礎', '応用', '実践', '認定', '基礎'];
/** Last year's cohort: two in three certified, the rest still at 実践. */
const LAST_YEAR_STAGES: readonly CohortStage[] = ['認定', '認定', '実践'];

export function demoCohortStage(n: number, cohort: 'this' | 'last'): CohortStage {
  const stages = cohort === 'this' ? THIS_YEAR_STAGES : LAST_YEAR_STAGES;
  return stages[(n - 1) % stages.length];
}

/** Where each person stood on a day (alias pl: staff_id, employee_no, level, the codes of the unit's path). */
function placedOn(tenantId: number, day: string): Sql {
  return sql`SELECT s.id AS staff_id, s.employee_no, pos.level, string_to_array(btrim(v.path, '/'), '/') AS codes
            FROM staff s
            JOIN staff_assignment a ON a.staff_id = s.id AND a.valid_from <= ${day}::date
                 AND (a.valid_to IS NULL OR a.valid_to > ${day}::date)
            JOIN org_unit_version v ON v.unit_id = a.unit_id AND v.valid_from <= ${day}::date
                 AND (v.valid_to IS NULL OR v.valid_to > ${day}::date)
            JOIN position pos ON pos.id = a.position_id
           WHERE s.tenant_id = ${tenantId} AND (s.left_on IS NULL OR s.left_on >= ${day}::date)`;
}

/** Each 所属 of the chart on a day, ranked by a hash of its code. */
function sectionsOn(tenantId: number, day: string): Sql {
  return sql`SELECT u.code, row_number() OVER (ORDER BY md5('demo-promoter-' || u.code)) AS rank
            FROM org_unit u JOIN org_unit_version v ON v.unit_id = u.id
           WHERE u.tenant_id = ${tenantId} AND v.kind = '所属' AND v.valid_from <= ${day}::date
             AND (v.valid_to IS NULL OR v.valid_to > ${day}::date)`;
}

export async function seedDemoPromoters(
  dataSource: DataSource,
  engine: EnrolmentEngine,
  tenantId: number,
): Promise<void> {
  const today = todayInTokyo();
  const year = fiscalYearOf(today);
  const yearStart = fiscalYearStart(year);
  const lastYear = year - 1;
  const lastYearStart = fiscalYearStart(lastYear);
  await dataSource.transaction(async (manager) => {
    const [{ count }] = await run<{ count: number }>(
      manager,
      sql`SELECT count(*)::int AS count FROM (${sectionsOn(tenantId, yearStart)}) x`,
    );
    const plan = demoPromoterPlan(count);
    const promoters = [
      ...(await designateLastYear(manager, tenantId, lastYear, lastYearStart, plan.withoutDesignation)),
      ...(await designateThisYear(manager, tenantId, year, yearStart, plan)),
    ];
    const members = await seedCohorts(manager, tenantId, today);
    await engine.apply(manager, tenantId, [lastYear, year], [...new Set([...promoters, ...members])], {
      redate: true,
    });
    // A certified member has completed the programme's courses: on the day of their 認定.
    await manager.query(
      `UPDATE enrollment e SET completed_on = m.certified_on, completion_source = 'learner',
              completed_at = m.certified_on::timestamp AT TIME ZONE 'Asia/Tokyo' + interval '15 hours'
         FROM cohort_member m JOIN specialist_cohort c ON c.id = m.cohort_id
        WHERE m.tenant_id = $1 AND m.certified_on IS NOT NULL AND e.staff_id = m.staff_id
          AND e.fiscal_year = c.fiscal_year AND e.completed_on IS NULL
          AND e.course_id IN (SELECT r.course_id FROM assignment_rule r
                               WHERE r.tenant_id = $1 AND r.trigger->>'kind' = 'cohort_member')`,
      [tenantId],
    );
  });
}

/** Last year: one promoter (係長級まで) per 所属 from the staff of 1 April, but for the first `skip` 所属. */
async function designateLastYear(
  manager: EntityManager,
  tenantId: number,
  fiscalYear: number,
  yearStart: string,
  skip: number,
): Promise<number[]> {
  const rows = await run<{ staff_id: number }>(
    manager,
    sql`WITH sections AS (${sectionsOn(tenantId, yearStart)}), before AS (${placedOn(tenantId, yearStart)}),
     picked AS (
       SELECT DISTINCT ON (x.code) b.staff_id
         FROM before b CROSS JOIN LATERAL unnest(b.codes) AS c(code) JOIN sections x ON x.code = c.code
        WHERE b.level <= 3 AND x.rank > ${skip}
        ORDER BY x.code, md5('demo-promoter-last-' || b.employee_no)
     )
     INSERT INTO promoter_designation (tenant_id, staff_id, fiscal_year, designated_on)
     SELECT ${tenantId}, staff_id, ${fiscalYear}, ${addDays(yearStart, 14)}::date FROM picked
     ON CONFLICT (staff_id, fiscal_year) DO NOTHING RETURNING staff_id`,
  );
  return rows.map((r) => r.staff_id);
}

/**
 * This year's roster as HR made it in March, from where people stood on the last day of last year (指定日 1 April):
 * the first 所属 by rank get none; of the rest, the first that had someone the April roster moved out or retired get
 * that person (whose designation the roster then ends); every other 所属 gets someone who stayed.
 */
async function designateThisYear(
  manager: EntityManager,
  tenantId: number,
  fiscalYear: number,
  yearStart: string,
  plan: { withoutDesignation: number; endedByRoster: number },
): Promise<number[]> {
  const lastDay = addDays(yearStart, -1);
  const rows = await run<{ staff_id: number }>(
    manager,
    sql`WITH sections AS (${sectionsOn(tenantId, yearStart)}), before AS (${placedOn(tenantId, lastDay)}),
          now AS (${placedOn(tenantId, yearStart)}),
     candidates AS (
       SELECT x.code, x.rank, b.staff_id, b.employee_no, (n.staff_id IS NULL OR NOT x.code = ANY(n.codes)) AS moved
         FROM before b CROSS JOIN LATERAL unnest(b.codes) AS c(code) JOIN sections x ON x.code = c.code
         LEFT JOIN now n ON n.staff_id = b.staff_id
        WHERE b.level <= 3 AND x.rank > ${plan.withoutDesignation}
     ), ended AS (
       SELECT code FROM (SELECT DISTINCT code, rank FROM candidates WHERE moved) m ORDER BY rank
        LIMIT ${plan.endedByRoster}
     ), picked AS (
       SELECT DISTINCT ON (c.code) c.staff_id FROM candidates c
        ORDER BY c.code, (c.moved = (c.code IN (SELECT code FROM ended))) DESC, md5('demo-promoter-' || c.employee_no)
     )
     INSERT INTO promoter_designation (tenant_id, staff_id, fiscal_year, designated_on)
     SELECT ${tenantId}, staff_id, ${fiscalYear}, ${yearStart}::date FROM picked
     ON CONFLICT (staff_id, fiscal_year) DO NOTHING RETURNING staff_id`,
  );
  return rows.map((r) => r.staff_id);
}

/**
 * Last year's cohort (the third pick of each 部局) and this year's (the first two of each 部局), from today's staff at
 * 主任 to 係長 level, each member's stage by their place in the cohort (demoCohortStage). Answers the members' ids.
 */
async function seedCohorts(manager: EntityManager, tenantId: number, today: string): Promise<number[]> {
  const year = fiscalYearOf(today);
  const cohorts: { id: number; fiscal_year: number }[] = await manager.query(
    `INSERT INTO specialist_cohort (tenant_id, code, name, fiscal_year, due_date)
     SELECT $1, x.code, x.name, x.fiscal_year, x.due_date
       FROM unnest($2::varchar[], $3::text[], $4::smallint[], $5::date[]) AS x(code, name, fiscal_year, due_date)
     ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id, fiscal_year`,
    [
      tenantId,
      [`SP-${year - 1}`, `SP-${year}`],
      [year - 1, year].map((fy) => `${formatFiscalYear(fy)} DX推進スペシャリスト養成`),
      [year - 1, year],
      [fiscalYearEnd(year - 1), fiscalYearEnd(year)],
    ],
  );
  const idOf = (fy: number) => cohorts.find((c) => c.fiscal_year === fy)?.id ?? null;
  const joinedThisYear = minDate(addDays(fiscalYearStart(year), 30), today);
  const lastYearId = idOf(year - 1);
  const thisYearId = idOf(year);
  const rows = await run<{ staff_id: number }>(
    manager,
    sql`WITH staff_now AS (${placedOn(tenantId, today)}),
     ranked AS (
       SELECT staff_id, employee_no,
              row_number() OVER (PARTITION BY codes[1] ORDER BY md5('demo-specialist-' || employee_no)) AS pick
         FROM staff_now WHERE level IN (2, 3)
     ), chosen AS (
       SELECT staff_id, pick > 2 AS last_year,
              row_number() OVER (PARTITION BY pick > 2 ORDER BY md5('demo-specialist-' || employee_no)) AS n
         FROM ranked WHERE pick <= 3
     ), members AS (
       SELECT c.staff_id,
              CASE WHEN c.last_year THEN ${lastYearId}::int ELSE ${thisYearId}::int END AS cohort_id,
              CASE WHEN c.last_year THEN (${[...LAST_YEAR_STAGES]}::text[])[(c.n - 1) % ${LAST_YEAR_STAGES.length} + 1]
                   ELSE (${[...THIS_YEAR_STAGES]}::text[])[(c.n - 1) % ${THIS_YEAR_STAGES.length} + 1] END AS stage,
              CASE WHEN c.last_year THEN ${addDays(fiscalYearStart(year - 1), 30)}::date
                   ELSE ${joinedThisYear}::date END AS joined_on,
              c.last_year
         FROM chosen c
     )
     INSERT INTO cohort_member (tenant_id, cohort_id, staff_id, stage, joined_on, certified_on)
     SELECT ${tenantId}, m.cohort_id, m.staff_id, m.stage, m.joined_on,
            -- Last year's certified in February, before that year's end; this year's two weeks ago (or on joining).
            CASE WHEN m.stage = '認定' THEN CASE WHEN m.last_year THEN ${`${year}-02-20`}::date
                                                ELSE greatest(m.joined_on, ${addDays(today, -14)}::date) END END
       FROM members m WHERE m.cohort_id IS NOT NULL
     ON CONFLICT (cohort_id, staff_id) DO NOTHING RETURNING staff_id`,
  );
  return rows.map((r) => r.staff_id);
}

function minDate(a: string, b: string): string {
  return compareDates(a, b) <= 0 ? a : b;
}
