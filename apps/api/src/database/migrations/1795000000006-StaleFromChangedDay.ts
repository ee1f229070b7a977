import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['staff_assignment', 'org_unit_version'] as const;

/** Marks the kept years from the fiscal year of the earliest day in `source` (as in ReportCache). */
function staleFrom(name: string, source: string): string {
  return `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO report_stale (tenant_id, fiscal_year)
  SELECT r.tenant_id, r.fiscal_year FROM report_year r
    JOIN (SELECT tenant_id, min(day) AS day FROM (${source}) s GROUP BY tenant_id) c ON c.tenant_id = r.tenant_id
   WHERE r.fiscal_year >= extract(year FROM c.day - interval '3 months');
  RETURN NULL;
END $fn$`;
}

/**
 * The first day an updated row places anyone differently: the earlier start when anything but its dates changed
 * or its start moved, else the earlier end when its end moved (a row closed on 1 April changes nothing before).
 */
const CHANGED_DAY = `
  SELECT n.tenant_id,
         CASE WHEN (to_jsonb(n) - 'valid_from' - 'valid_to') IS DISTINCT FROM (to_jsonb(o) - 'valid_from' - 'valid_to')
                OR n.valid_from IS DISTINCT FROM o.valid_from
              THEN least(n.valid_from, o.valid_from)
              WHEN n.valid_to IS DISTINCT FROM o.valid_to THEN least(n.valid_to, o.valid_to) END AS day
    FROM new_rows n JOIN old_rows o ON o.id = n.id`;

/** Before: both rows' earliest dates, so closing a row marked every year since it began. */
const BOTH_ROWS = ['new_rows', 'old_rows']
  .map((rows) => `SELECT tenant_id, least(valid_from, valid_to) AS day FROM ${rows}`)
  .join(' UNION ALL ');

/**
 * An update of a placement row (assignment, unit version) marks the years from the day it actually changed.
 * Closing last year's assignment on 1 April (every April transfer) used to mark every kept year since the row
 * began, so the next read of last year's figures rebuilt them for nothing.
 */
export class StaleFromChangedDay1795000000006 implements MigrationInterface {
  name = 'StaleFromChangedDay1795000000006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(staleFrom(`report_stale_${table}_both`, CHANGED_DAY));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(staleFrom(`report_stale_${table}_both`, BOTH_ROWS));
  }
}
