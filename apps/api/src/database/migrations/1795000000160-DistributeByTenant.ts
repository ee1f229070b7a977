import { MigrationInterface, QueryRunner } from 'typeorm';
import { TENANT_POLICY, TENANT_ROLE, tenantOwnedTables } from '../row-security';

/**
 * Tables that stay on the coordinator on Citus. The audit log has rows of no tenant (the platform operator's
 * actions, failed sign-ins of unknown ids), and a distribution column may not be NULL; it is read alone, never
 * joined with a distributed table, so it stays a local table of the coordinator.
 */
export const CITUS_LOCAL_TABLES = ['audit_log'];
/** Tenant-independent tables every node needs for joins and foreign keys: copied to every node. */
export const CITUS_REFERENCE_TABLES = ['tenant'];
/** The table every distributed table is co-located with (its shards are the tenants' shards). */
export const CITUS_COLOCATION_ANCHOR = 'staff';

interface KeyConstraint {
  table: string;
  name: string;
  type: 'p' | 'u';
  columns: string[];
}

interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  target: string;
  targetColumns: string[];
  onDelete: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const list = (columns: string[]) => columns.map(quote).join(', ');

/**
 * On a Citus cluster only (the `citus` extension is present; elsewhere nothing happens): distributes every
 * tenant-owned table by `tenant_id`, all co-located, so a tenant's rows of every table sit in the same shard group
 * and every join and foreign key stays inside one node. Citus needs the distribution column in every primary key,
 * unique constraint and foreign key of a distributed table, so they are rebuilt here as (tenant_id, …) under their
 * old names (the app's `ON CONFLICT ON CONSTRAINT` targets keep working on both kinds of server). `tenant` becomes a
 * reference table; the audit log stays on the coordinator (CITUS_LOCAL_TABLES); TypeORM's `migrations` and the
 * queue's schema are the coordinator's. The report triggers and row-level security: see the README's "Citus".
 */
export class DistributeByTenant1795000000160 implements MigrationInterface {
  name = 'DistributeByTenant1795000000160';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [citus] = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
    if (!citus) return;
    const tables = (await tenantOwnedTables(queryRunner)).filter((t) => !CITUS_LOCAL_TABLES.includes(t));
    // The report triggers read and write other co-located tables of the same tenant (README: "Citus").
    await queryRunner.query(`SET LOCAL citus.enable_unsafe_triggers TO on`);
    for (const [table, trigger] of STATEMENT_TRIGGERS)
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger} ON ${quote(table)}`);
    // The policies go first, on every table: the local tables with a key to a reference table become Citus tables
    // too, and Citus refuses a policy whose condition has a subquery (TENANT_CONDITION).
    for (const table of [...CITUS_REFERENCE_TABLES, ...CITUS_LOCAL_TABLES, ...tables]) {
      await queryRunner.query(`DROP POLICY IF EXISTS ${TENANT_POLICY} ON ${quote(table)}`);
      await queryRunner.query(`ALTER TABLE ${quote(table)} DISABLE ROW LEVEL SECURITY`);
    }
    await distributeTenantTables(queryRunner, tables, CITUS_REFERENCE_TABLES);
    for (const statement of ROW_TRIGGERS) await queryRunner.query(statement);
    // The tenant role keeps its grants, and may log in: the coordinator opens its worker connections as the role the
    // session switched to.
    // Roles are the cluster's, not the database's: only the first database distributed changes it (suites migrating
    // side by side would otherwise update the same role row at once).
    const [role] = await queryRunner.query(`SELECT rolcanlogin FROM pg_roles WHERE rolname = $1`, [
      TENANT_ROLE,
    ]);
    if (!role?.rolcanlogin) await queryRunner.query(`ALTER ROLE ${TENANT_ROLE} LOGIN`);
  }

  public async down(): Promise<void> {
    // Undistributing (undistribute_table) a tenant's data back onto one server is an operator's step, not a migration's.
  }
}

/**
 * The id type of a tenant table created after DistributeByTenant: `BIGSERIAL` on Citus, where a table keyed to the
 * reference table `tenant` is a Citus table at once and its sequence can no longer be widened; `SERIAL` elsewhere.
 */
export async function serialIdType(queryRunner: QueryRunner): Promise<'SERIAL' | 'BIGSERIAL'> {
  const [citus] = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
  return citus ? 'BIGSERIAL' : 'SERIAL';
}

/**
 * On a Citus cluster only (elsewhere nothing happens): distributes tenant-owned tables by `tenant_id`, co-located
 * with CITUS_COLOCATION_ANCHOR, with their keys and foreign keys rebuilt as (tenant_id, …) and their ids widened to
 * bigint. DistributeByTenant does it for every table there was; a later migration that creates a tenant table calls
 * it after `isolateTenantTables`. `referenceTables` (tenant-independent) are copied to every node first. The table's tenant policy is dropped first: Citus cannot propagate a policy whose
 * condition has a subquery (TENANT_CONDITION), and on Citus the policies are off anyway (README: "Citus").
 */
export async function distributeTenantTables(
  queryRunner: QueryRunner,
  tables: string[],
  referenceTables: string[] = [],
): Promise<void> {
  const [citus] = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
  if (!citus) return;
  // One transaction runs every migration: Citus must then use one connection per node for what follows.
  await queryRunner.query(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
  const fks = await foreignKeys(queryRunner, tables);
  for (const fk of fks)
    await queryRunner.query(`ALTER TABLE ${quote(fk.table)} DROP CONSTRAINT ${quote(fk.name)}`);
  await widenIds(queryRunner, tables);
  for (const key of await keys(queryRunner, tables)) {
    if (key.columns.includes('tenant_id')) continue;
    const kind = key.type === 'p' ? 'PRIMARY KEY' : 'UNIQUE';
    await queryRunner.query(`ALTER TABLE ${quote(key.table)} DROP CONSTRAINT ${quote(key.name)}`);
    await queryRunner.query(
      `ALTER TABLE ${quote(key.table)} ADD CONSTRAINT ${quote(key.name)} ${kind} (tenant_id, ${list(key.columns)})`,
    );
  }
  for (const index of await uniqueIndexes(queryRunner, tables)) {
    await queryRunner.query(`DROP INDEX ${quote(index.name)}`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ${quote(index.name)} ON ${quote(index.table)} (tenant_id, ${list(index.columns)})`,
    );
  }
  // Row-level security: Citus evaluates a policy on the worker that holds the shard, in a session of its own that
  // has no `app.tenant_id` (a session setting of the coordinator's connection; Citus passes on only SET LOCAL, with
  // citus.propagate_set_commands = 'local'), so every policy would fail there. On Citus the policies are off and the
  // tenant boundary is the app's own `tenant_id` conditions (README: "Citus").
  for (const table of tables) {
    await queryRunner.query(`DROP POLICY IF EXISTS ${TENANT_POLICY} ON ${quote(table)}`);
    await queryRunner.query(`ALTER TABLE ${quote(table)} DISABLE ROW LEVEL SECURITY`);
  }
  // With the keys to them dropped and the ids widened: a local table keyed to a reference table becomes a Citus
  // table itself, and Citus cannot alter the sequences of those.
  for (const table of referenceTables) await queryRunner.query(`SELECT create_reference_table($1)`, [table]);
  const [anchor] = await queryRunner.query(
    `SELECT 1 FROM pg_dist_partition WHERE logicalrelid = $1::regclass`,
    [CITUS_COLOCATION_ANCHOR],
  );
  const ordered = anchor
    ? tables
    : [CITUS_COLOCATION_ANCHOR, ...tables.filter((t) => t !== CITUS_COLOCATION_ANCHOR)];
  for (const table of ordered)
    await queryRunner.query(
      table === CITUS_COLOCATION_ANCHOR
        ? `SELECT create_distributed_table($1, 'tenant_id')`
        : `SELECT create_distributed_table($1, 'tenant_id', colocate_with => '${CITUS_COLOCATION_ANCHOR}')`,
      [table],
    );
  for (const fk of fks) {
    const toTenant = fk.target === 'tenant';
    const columns = toTenant ? fk.columns : ['tenant_id', ...fk.columns];
    const targetColumns = toTenant ? fk.targetColumns : ['tenant_id', ...fk.targetColumns];
    // SET NULL clears the referencing column only, never the row's tenant_id.
    const onDelete =
      fk.onDelete === 'n' && !toTenant ? `SET NULL (${list(fk.columns)})` : action(fk.onDelete);
    await queryRunner.query(
      `ALTER TABLE ${quote(fk.table)} ADD CONSTRAINT ${quote(fk.name)} FOREIGN KEY (${list(columns)})
         REFERENCES ${quote(fk.target)} (${list(targetColumns)}) ON DELETE ${onDelete}`,
    );
  }
}

async function foreignKeys(queryRunner: QueryRunner, tables: string[]): Promise<ForeignKey[]> {
  const rows: {
    table: string;
    name: string;
    columns: string[];
    target: string;
    target_columns: string[];
    on_delete: string;
  }[] = await queryRunner.query(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.confrelid::regclass::text AS target,
              c.confdeltype AS on_delete,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
              ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS target_columns
         FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1))
        ORDER BY 1, 2`,
    [tables.map(quote).concat(tables)],
  );
  return rows.map((r) => ({
    table: unquote(r.table),
    name: r.name,
    columns: r.columns,
    target: unquote(r.target),
    targetColumns: r.target_columns,
    onDelete: r.on_delete,
  }));
}

/**
 * Citus leaves an `integer` sequence usable on the coordinator only (on a worker, nextval fails at once), and a
 * statement routed to one shard (an INSERT … SELECT of one tenant) takes its ids on the worker. A `bigint`
 * sequence gets a range of its own on every node (the node's group id in the top bits, below 2^53, so ids stay JS
 * numbers): every id and every column holding one (`…_id`) becomes bigint, their sequences too.
 */
async function widenIds(queryRunner: QueryRunner, tables: string[]): Promise<void> {
  const columns: { table: string; column: string }[] = await queryRunner.query(
    `SELECT table_name AS table, column_name AS column FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ANY($1) AND data_type IN ('integer', 'smallint')
          AND (column_name = 'id' OR (column_name LIKE '%\\_id' AND column_name <> 'tenant_id'))
        ORDER BY 1, 2`,
    [tables],
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns) byTable.set(table, [...(byTable.get(table) ?? []), column]);
  for (const [table, names] of byTable)
    await queryRunner.query(
      `ALTER TABLE ${quote(table)} ${names.map((c) => `ALTER COLUMN ${quote(c)} TYPE bigint`).join(', ')}`,
    );
  const sequences: { sequence: string }[] = await queryRunner.query(
    `SELECT s.seqrelid::regclass::text AS sequence FROM pg_sequence s
         JOIN pg_depend d ON d.objid = s.seqrelid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         JOIN pg_class t ON t.oid = d.refobjid
        WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1) AND s.seqtypid <> 'bigint'::regtype`,
    [tables],
  );
  for (const { sequence } of sequences) await queryRunner.query(`ALTER SEQUENCE ${sequence} AS bigint`);
}

async function keys(queryRunner: QueryRunner, tables: string[]): Promise<KeyConstraint[]> {
  const rows: { table: string; name: string; type: 'p' | 'u'; columns: string[] }[] = await queryRunner.query(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns
         FROM pg_constraint c
        WHERE c.contype IN ('p', 'u') AND c.connamespace = 'public'::regnamespace
          AND c.conrelid::regclass::text = ANY($1)
        ORDER BY c.contype, 1, 2`,
    [tables.map(quote).concat(tables)],
  );
  return rows.map((r) => ({ ...r, table: unquote(r.table) }));
}

/** Unique indexes that back no constraint (e.g. one version of a unit per day). */
async function uniqueIndexes(
  queryRunner: QueryRunner,
  tables: string[],
): Promise<{ table: string; name: string; columns: string[] }[]> {
  const rows: { table: string; name: string; columns: string[] }[] = await queryRunner.query(
    `SELECT i.indrelid::regclass::text AS table, i.indexrelid::regclass::text AS name,
              ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE i.indisunique AND t.relnamespace = 'public'::regnamespace
          AND i.indrelid::regclass::text = ANY($1)
          AND i.indexprs IS NULL AND i.indpred IS NULL
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1, 2`,
    [tables.map(quote).concat(tables)],
  );
  return rows
    .map((r) => ({ table: unquote(r.table), name: unquote(r.name), columns: r.columns }))
    .filter((r) => !r.columns.includes('tenant_id'));
}

/**
 * The report triggers are statement triggers reading their transition tables (`new_rows`, `old_rows`). On Citus a
 * trigger fires on the shard, on a worker, and the statements in its body are planned again as distributed queries,
 * which cannot see the shard's transition tables ("could not find named tuplestore"). On Citus they are replaced by
 * row triggers that touch the same tenant only (a router query to a co-located shard on the same node): a change to
 * an enrolment, an assignment, a unit version, a person or a course marks the tenant's built years stale (from the
 * fiscal year it touches), and the next reader rebuilds them; 受講中 is kept by a row trigger on module_progress.
 */
const STATEMENT_TRIGGERS: [string, string][] = [
  ['module_progress', 'module_progress_marks_started'],
  ...['insert', 'update', 'delete'].flatMap((event): [string, string][] => [
    ['enrollment', `enrollment_report_${event}`],
    ['staff_assignment', `staff_assignment_report_${event}`],
    ['org_unit_version', `org_unit_version_report_${event}`],
  ]),
  ['staff', 'staff_report_update'],
  ['course', 'course_report_update'],
];

const markStale = (tenant: string, years: string) => `INSERT INTO report_stale (tenant_id, fiscal_year)
    SELECT y.tenant_id, y.fiscal_year FROM report_year y
     WHERE y.tenant_id = ${tenant} AND y.fiscal_year ${years} AND y.as_of IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM report_stale m WHERE m.tenant_id = y.tenant_id AND m.fiscal_year = y.fiscal_year)`;
const fiscalYearOf = (day: string) => `extract(year FROM ${day} - interval '3 months')`;

const ROW_TRIGGERS = [
  `CREATE FUNCTION citus_report_stale_enrollment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN ${markStale('OLD.tenant_id', '= OLD.fiscal_year')}; END IF;
  IF TG_OP <> 'DELETE' THEN ${markStale('NEW.tenant_id', '= NEW.fiscal_year')}; END IF;
  RETURN NULL;
END $fn$`,
  `CREATE FUNCTION citus_report_stale_dated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN ${markStale('OLD.tenant_id', `>= ${fiscalYearOf('least(OLD.valid_from, OLD.valid_to)')}`)}; END IF;
  IF TG_OP <> 'DELETE' THEN ${markStale('NEW.tenant_id', `>= ${fiscalYearOf('least(NEW.valid_from, NEW.valid_to)')}`)}; END IF;
  RETURN NULL;
END $fn$`,
  `CREATE FUNCTION citus_report_stale_tenant() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${markStale('NEW.tenant_id', '>= 0')};
  RETURN NULL;
END $fn$`,
  `CREATE FUNCTION citus_enrollment_mark_started() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE enrollment e SET started_at = NEW.completed_at
   WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.enrollment_id AND e.started_at IS NULL
     AND EXISTS (SELECT 1 FROM course_module m WHERE m.tenant_id = NEW.tenant_id AND m.id = NEW.module_id AND m.required);
  RETURN NULL;
END $fn$`,
  `CREATE TRIGGER citus_enrollment_report AFTER INSERT OR UPDATE OR DELETE ON enrollment
     FOR EACH ROW EXECUTE FUNCTION citus_report_stale_enrollment()`,
  ...['staff_assignment', 'org_unit_version'].map(
    (table) => `CREATE TRIGGER citus_${table}_report AFTER INSERT OR UPDATE OR DELETE ON ${table}
     FOR EACH ROW EXECUTE FUNCTION citus_report_stale_dated()`,
  ),
  `CREATE TRIGGER citus_staff_report AFTER UPDATE ON staff FOR EACH ROW
     WHEN ((NEW.name, NEW.employee_no, NEW.left_on) IS DISTINCT FROM (OLD.name, OLD.employee_no, OLD.left_on))
     EXECUTE FUNCTION citus_report_stale_tenant()`,
  `CREATE TRIGGER citus_course_report AFTER UPDATE ON course FOR EACH ROW
     WHEN (NEW.track_id IS DISTINCT FROM OLD.track_id) EXECUTE FUNCTION citus_report_stale_tenant()`,
  `CREATE TRIGGER citus_module_progress_marks_started AFTER INSERT ON module_progress
     FOR EACH ROW EXECUTE FUNCTION citus_enrollment_mark_started()`,
];

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

function action(code: string): string {
  return (
    { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' }[code] ?? 'NO ACTION'
  );
}
