import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On Citus only (elsewhere nothing happens): the report row triggers of DistributeByTenant1795000000160 mark a
 * tenant's built years stale once per transaction instead of once per row. Each mark is a statement planned by Citus
 * on the worker (a few milliseconds each on the 2-core test cluster): a 5,000-row INSERT into staff_assignment took
 * 26.3 s with the per-row mark and 0.9 s with this one, and the 30,000-person roster import paid two of those
 * (staff_assignment, then the enrolments the rules made). The years marked are kept in transaction-local settings of
 * the worker's session (`dx.report_stale_from_<tenant>`: every year from this one is marked; `dx.report_stale_<tenant>_<year>`:
 * that year is), which end with the transaction and are undone with a rolled-back savepoint, as the marks are.
 * Assumes no report is rebuilt (its marks deleted) between two writes of one transaction; none is.
 */
export class CitusReportMarksOncePerTransaction1795000000250 implements MigrationInterface {
  name = 'CitusReportMarksOncePerTransaction1795000000250';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [citus] = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
    if (!citus) return;
    await queryRunner.query(`SET LOCAL citus.enable_unsafe_triggers TO on`);
    await queryRunner.query(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
    await queryRunner.query(MARK_STALE);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION citus_report_stale_enrollment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM citus_report_mark_stale(OLD.tenant_id, OLD.fiscal_year, true); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM citus_report_mark_stale(NEW.tenant_id, NEW.fiscal_year, true); END IF;
  RETURN NULL;
END $fn$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION citus_report_stale_dated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM citus_report_mark_stale(OLD.tenant_id, ${fiscalYearOf('least(OLD.valid_from, OLD.valid_to)')}, false);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM citus_report_mark_stale(NEW.tenant_id, ${fiscalYearOf('least(NEW.valid_from, NEW.valid_to)')}, false);
  END IF;
  RETURN NULL;
END $fn$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION citus_report_stale_tenant() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM citus_report_mark_stale(NEW.tenant_id, 0, false);
  RETURN NULL;
END $fn$`);
  }

  public async down(): Promise<void> {
    // The per-row marks of DistributeByTenant1795000000160 were only slower: nothing to put back.
  }
}

const fiscalYearOf = (day: string) => `extract(year FROM ${day} - interval '3 months')::int`;

/** Marks the tenant's built years stale: `year` alone (`oneYear`) or every year from it; once per transaction. */
const MARK_STALE = `CREATE OR REPLACE FUNCTION citus_report_mark_stale(p_tenant int, p_year int, p_one_year boolean)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  marked_from text := current_setting('dx.report_stale_from_' || p_tenant, true);
BEGIN
  IF coalesce(marked_from, '') <> '' AND marked_from::int <= p_year THEN RETURN; END IF;
  IF p_one_year AND current_setting('dx.report_stale_' || p_tenant || '_' || p_year, true) = '1' THEN RETURN; END IF;
  INSERT INTO report_stale (tenant_id, fiscal_year)
  SELECT y.tenant_id, y.fiscal_year FROM report_year y
   WHERE y.tenant_id = p_tenant AND y.as_of IS NOT NULL
     AND (y.fiscal_year = p_year OR (NOT p_one_year AND y.fiscal_year > p_year))
     AND NOT EXISTS (SELECT 1 FROM report_stale m WHERE m.tenant_id = y.tenant_id AND m.fiscal_year = y.fiscal_year);
  IF p_one_year THEN
    PERFORM set_config('dx.report_stale_' || p_tenant || '_' || p_year, '1', true);
  ELSE
    PERFORM set_config('dx.report_stale_from_' || p_tenant, p_year::text, true);
  END IF;
END $fn$`;
