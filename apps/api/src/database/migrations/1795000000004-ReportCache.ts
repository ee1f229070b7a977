import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of `enrollment` the counts need, and each change's sign (+1 a row as it is now, −1 as it was). */
const ROWS = (table: 'new_rows' | 'old_rows', sign: 1 | -1) =>
  `SELECT tenant_id, fiscal_year, staff_id, course_id, completed_on, exempt_reason, due_date, started_at, ${sign} AS n FROM ${table}`;

const STATES = ['assigned', 'completed', 'in_progress', 'not_started', 'overdue', 'exempt'];
const sums = STATES.map((s) => `sum(${s})::int`).join(', ');
const added = (table: string) => STATES.map((s) => `${s} = ${table}.${s} + excluded.${s}`).join(', ');
const nonZero = `HAVING (${STATES.map((s) => `sum(${s})`).join(', ')}) <> (${STATES.map(() => '0').join(', ')})`;

/**
 * Applies a statement's changed enrolments to the counts of the years whose figures are current, in the writing
 * transaction. Each year gets its row first (never built, if new), and the row is share-locked: a rebuild holds it
 * FOR UPDATE, so a change is either in the rebuild's snapshot or applied after it, never lost or counted twice, and
 * a reader building a year for the first time waits for writers already under way. A first assignment of a person
 * the figures have not placed marks the year stale instead (the next reader rebuilds it). Marks go to report_stale,
 * never to the locked row, so no writer upgrades its lock (which would deadlock with the others).
 */
function applyFunction(name: string, source: string, insert: boolean): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET enable_nestloop = on AS $fn$
BEGIN
  -- A bulk statement (an import, a load): hash joins whatever the statistics say, which inside the loading
  -- transaction still describe the tables before it; nested loops chosen on them go quadratic. (Restored on return.)
  IF (SELECT count(*) FROM (${source}) s) > 1000 THEN
    PERFORM set_config('enable_nestloop', 'off', true);
  END IF;
  INSERT INTO report_year (tenant_id, fiscal_year)
  SELECT DISTINCT tenant_id, fiscal_year FROM (${source}) s ORDER BY 1, 2 ON CONFLICT DO NOTHING;
  ${
    insert
      ? `INSERT INTO report_stale (tenant_id, fiscal_year)
  SELECT DISTINCT d.tenant_id, d.fiscal_year FROM (${source}) d
   WHERE NOT EXISTS (SELECT 1 FROM report_person p
                      WHERE p.tenant_id = d.tenant_id AND p.fiscal_year = d.fiscal_year AND p.staff_id = d.staff_id);`
      : ''
  }
  PERFORM 1 FROM report_year r
   WHERE (r.tenant_id, r.fiscal_year) IN (SELECT DISTINCT tenant_id, fiscal_year FROM (${source}) s)
   ORDER BY r.tenant_id, r.fiscal_year FOR SHARE;
  WITH years AS (
    -- Read after the lock: a rebuild that held it has committed, and its counts are the ones to change.
    SELECT r.tenant_id, r.fiscal_year, r.as_of FROM report_year r
     WHERE (r.tenant_id, r.fiscal_year) IN (SELECT DISTINCT tenant_id, fiscal_year FROM (${source}) s)
       AND r.as_of IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM report_stale m WHERE m.tenant_id = r.tenant_id AND m.fiscal_year = r.fiscal_year)
  ), counted AS (
    SELECT d.tenant_id, d.fiscal_year, d.staff_id, d.course_id, p.path, p.kind, p.position_id, c.track_id,
           d.n AS assigned, (st.s = 1)::int * d.n AS completed, (st.s = 4)::int * d.n AS in_progress,
           (st.s = 5)::int * d.n AS not_started, (st.s = 3)::int * d.n AS overdue, (st.s = 2)::int * d.n AS exempt
      FROM (${source}) d
      JOIN years y ON y.tenant_id = d.tenant_id AND y.fiscal_year = d.fiscal_year
      JOIN report_person p ON p.tenant_id = d.tenant_id AND p.fiscal_year = d.fiscal_year AND p.staff_id = d.staff_id
      JOIN course c ON c.id = d.course_id
      CROSS JOIN LATERAL (SELECT report_state(d.completed_on, d.exempt_reason, d.due_date, d.started_at, y.as_of) AS s) st
  ), per_person AS (
    UPDATE report_person p SET ${STATES.map((s) => `${s} = p.${s} + x.${s}`).join(', ')}
      FROM (SELECT tenant_id, fiscal_year, staff_id, ${STATES.map((s) => `sum(${s})::int AS ${s}`).join(', ')}
              FROM counted GROUP BY 1, 2, 3 ${nonZero}) x
     WHERE p.tenant_id = x.tenant_id AND p.fiscal_year = x.fiscal_year AND p.staff_id = x.staff_id
  ), per_course AS (
    INSERT INTO report_unit_course AS r (tenant_id, fiscal_year, path, course_id, kind, ${STATES.join(', ')})
    SELECT tenant_id, fiscal_year, path, course_id, min(kind), ${sums} FROM counted
     GROUP BY 1, 2, 3, 4 ${nonZero} ORDER BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, fiscal_year, path, course_id) DO UPDATE SET ${added('r')}
  )
  INSERT INTO report_position_track AS r (tenant_id, fiscal_year, path, position_id, track_id, kind, ${STATES.join(', ')})
  SELECT tenant_id, fiscal_year, path, position_id, track_id, min(kind), ${sums} FROM counted
   GROUP BY 1, 2, 3, 4, 5 ${nonZero} ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (tenant_id, fiscal_year, path, position_id, track_id) DO UPDATE SET ${added('r')};
  RETURN NULL;
END $fn$`;
}

/** Marks the years from the fiscal year of the earliest day a statement's dated rows touch (placement on later days moves). */
function staleFromFunction(name: string, source: string): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO report_stale (tenant_id, fiscal_year)
  SELECT r.tenant_id, r.fiscal_year FROM report_year r
    JOIN (SELECT tenant_id, min(day) AS day FROM (${source}) s GROUP BY tenant_id) c ON c.tenant_id = r.tenant_id
   WHERE r.fiscal_year >= extract(year FROM c.day - interval '3 months');
  RETURN NULL;
END $fn$`;
}

const datedRows = (table: 'new_rows' | 'old_rows') =>
  `SELECT tenant_id, least(valid_from, valid_to) AS day FROM ${table}`;

/**
 * Figures kept ready for the reports (see report-cache.entities.ts), with the triggers that keep them current,
 * and `enrollment.started_at` (受講中 without a lookup into module_progress).
 */
export class ReportCache1795000000004 implements MigrationInterface {
  name = 'ReportCache1795000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_year" ("tenant_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "as_of" date, "built_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d39d10db47e93e56a2cf079dbf0" PRIMARY KEY ("tenant_id", "fiscal_year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_stale" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bb300c8ef41d012b57fd4d2bae2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_report_stale_year" ON "report_stale"  ("tenant_id", "fiscal_year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_person" ("assigned" integer NOT NULL DEFAULT '0', "completed" integer NOT NULL DEFAULT '0', "in_progress" integer NOT NULL DEFAULT '0', "not_started" integer NOT NULL DEFAULT '0', "overdue" integer NOT NULL DEFAULT '0', "exempt" integer NOT NULL DEFAULT '0', "tenant_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "staff_id" integer NOT NULL, "employee_no" character varying(20) NOT NULL, "staff_name" text NOT NULL, "position_id" integer NOT NULL, "employment_type" character varying(20) NOT NULL, "path" text COLLATE "C" NOT NULL, "kind" character varying(4) NOT NULL, CONSTRAINT "PK_67d253ca765febef3191d3fda41" PRIMARY KEY ("tenant_id", "fiscal_year", "staff_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_report_person_order" ON "report_person"  ("tenant_id", "fiscal_year", "path", "employee_no") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_unit_course" ("assigned" integer NOT NULL DEFAULT '0', "completed" integer NOT NULL DEFAULT '0', "in_progress" integer NOT NULL DEFAULT '0', "not_started" integer NOT NULL DEFAULT '0', "overdue" integer NOT NULL DEFAULT '0', "exempt" integer NOT NULL DEFAULT '0', "tenant_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "path" text COLLATE "C" NOT NULL, "course_id" integer NOT NULL, "kind" character varying(4) NOT NULL, CONSTRAINT "PK_5be658d4363b8c96b8078d15a77" PRIMARY KEY ("tenant_id", "fiscal_year", "path", "course_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_position_track" ("assigned" integer NOT NULL DEFAULT '0', "completed" integer NOT NULL DEFAULT '0', "in_progress" integer NOT NULL DEFAULT '0', "not_started" integer NOT NULL DEFAULT '0', "overdue" integer NOT NULL DEFAULT '0', "exempt" integer NOT NULL DEFAULT '0', "tenant_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "path" text COLLATE "C" NOT NULL, "position_id" integer NOT NULL, "track_id" integer NOT NULL, "kind" character varying(4) NOT NULL, CONSTRAINT "PK_4e6f17b37ecc426112ffa0214d7" PRIMARY KEY ("tenant_id", "fiscal_year", "path", "position_id", "track_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "started_at" TIMESTAMP WITH TIME ZONE`);

    // 受講中 from the first required module done; kept by a trigger so bulk loads and every writer agree.
    await queryRunner.query(
      `UPDATE enrollment e SET started_at = f.first FROM (
         SELECT mp.enrollment_id, min(mp.completed_at) AS first FROM module_progress mp
           JOIN course_module m ON m.id = mp.module_id AND m.required GROUP BY 1) f
        WHERE e.id = f.enrollment_id`,
    );
    await queryRunner.query(`CREATE FUNCTION enrollment_mark_started() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE enrollment e SET started_at = f.first
    FROM (SELECT n.enrollment_id, min(n.completed_at) AS first FROM new_rows n
            JOIN course_module m ON m.id = n.module_id AND m.required GROUP BY 1 ORDER BY 1) f
   WHERE e.id = f.enrollment_id AND e.started_at IS NULL;
  RETURN NULL;
END $fn$`);
    await queryRunner.query(
      `CREATE TRIGGER module_progress_marks_started AFTER INSERT ON module_progress
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollment_mark_started()`,
    );

    // The state of an enrolment on a day (1 修了, 2 免除, 3 期限超過, 4 受講中, 5 未着手: the contract's order of
    // precedence). A plain SQL expression, so PostgreSQL inlines it into the statements that use it.
    await queryRunner.query(`CREATE FUNCTION report_state(completed_on date, exempt_reason text, due_date date, started_at timestamptz, as_of date)
      RETURNS int LANGUAGE sql IMMUTABLE AS $fn$
        SELECT CASE WHEN completed_on IS NOT NULL THEN 1 WHEN exempt_reason IS NOT NULL THEN 2 WHEN due_date < as_of THEN 3
                    WHEN started_at IS NOT NULL THEN 4 ELSE 5 END
      $fn$`);

    await queryRunner.query(applyFunction('report_count_inserted', ROWS('new_rows', 1), true));
    await queryRunner.query(
      applyFunction(
        'report_count_updated',
        `${ROWS('new_rows', 1)} UNION ALL ${ROWS('old_rows', -1)}`,
        false,
      ),
    );
    await queryRunner.query(applyFunction('report_count_deleted', ROWS('old_rows', -1), false));
    for (const [event, fn, tables] of [
      ['INSERT', 'report_count_inserted', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'report_count_updated', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
      ['DELETE', 'report_count_deleted', 'OLD TABLE AS old_rows'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER enrollment_report_${event.toLowerCase()} AFTER ${event} ON enrollment
         REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }

    // Placement inputs: assignments and unit versions move years from the day they touch; a renamed or leaving
    // person, or a course moved to another track, every year of the tenant.
    for (const table of ['staff_assignment', 'org_unit_version']) {
      await queryRunner.query(staleFromFunction(`report_stale_${table}_new`, datedRows('new_rows')));
      await queryRunner.query(staleFromFunction(`report_stale_${table}_old`, datedRows('old_rows')));
      await queryRunner.query(
        staleFromFunction(
          `report_stale_${table}_both`,
          `${datedRows('new_rows')} UNION ALL ${datedRows('old_rows')}`,
        ),
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_report_insert AFTER INSERT ON ${table}
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_${table}_new()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_report_update AFTER UPDATE ON ${table}
         REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_${table}_both()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_report_delete AFTER DELETE ON ${table}
         REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_${table}_old()`,
      );
    }
    await queryRunner.query(`CREATE FUNCTION report_stale_staff() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO report_stale (tenant_id, fiscal_year)
  SELECT r.tenant_id, r.fiscal_year FROM report_year r
   WHERE r.tenant_id IN (SELECT n.tenant_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE (n.name, n.employee_no, n.left_on) IS DISTINCT FROM (o.name, o.employee_no, o.left_on));
  RETURN NULL;
END $fn$`);
    await queryRunner.query(
      `CREATE TRIGGER staff_report_update AFTER UPDATE ON staff
       REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_staff()`,
    );
    await queryRunner.query(`CREATE FUNCTION report_stale_course() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO report_stale (tenant_id, fiscal_year)
  SELECT r.tenant_id, r.fiscal_year FROM report_year r
   WHERE r.tenant_id IN (SELECT n.tenant_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.track_id <> o.track_id);
  RETURN NULL;
END $fn$`);
    await queryRunner.query(
      `CREATE TRIGGER course_report_update AFTER UPDATE ON course
       REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_course()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER course_report_update ON course`);
    await queryRunner.query(`DROP FUNCTION report_stale_course()`);
    await queryRunner.query(`DROP TRIGGER staff_report_update ON staff`);
    await queryRunner.query(`DROP FUNCTION report_stale_staff()`);
    for (const table of ['staff_assignment', 'org_unit_version']) {
      for (const event of ['insert', 'update', 'delete'])
        await queryRunner.query(`DROP TRIGGER ${table}_report_${event} ON ${table}`);
      await queryRunner.query(`DROP FUNCTION report_stale_${table}_new()`);
      await queryRunner.query(`DROP FUNCTION report_stale_${table}_old()`);
      await queryRunner.query(`DROP FUNCTION report_stale_${table}_both()`);
    }
    for (const event of ['insert', 'update', 'delete'])
      await queryRunner.query(`DROP TRIGGER enrollment_report_${event} ON enrollment`);
    for (const fn of ['report_count_inserted', 'report_count_updated', 'report_count_deleted'])
      await queryRunner.query(`DROP FUNCTION ${fn}()`);
    await queryRunner.query(`DROP FUNCTION report_state(date, text, date, timestamptz, date)`);
    await queryRunner.query(`DROP TRIGGER module_progress_marks_started ON module_progress`);
    await queryRunner.query(`DROP FUNCTION enrollment_mark_started()`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "started_at"`);
    await queryRunner.query(`DROP TABLE "report_position_track"`);
    await queryRunner.query(`DROP TABLE "report_unit_course"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_person_order"`);
    await queryRunner.query(`DROP TABLE "report_person"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_stale_year"`);
    await queryRunner.query(`DROP TABLE "report_stale"`);
    await queryRunner.query(`DROP TABLE "report_year"`);
  }
}
