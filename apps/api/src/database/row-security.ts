import type { Pool, PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { currentTenantScope, tenantSetting, type TenantScope } from './tenant-context';

/**
 * The role a tenant's work runs as. It owns nothing and cannot bypass row-level security, so every tenant-owned
 * table shows it only the rows whose `tenant_id` is the connection's `app.tenant_id`. System work runs as the
 * role that connected (the tables' owner, which the policies do not bind: they are not FORCEd).
 */
export const TENANT_ROLE = 'dx_tenant';

/** The policy every tenant-owned table carries (`tenant_id` compared with the connection's tenant). */
export const TENANT_POLICY = 'tenant_isolation';

/**
 * The policy's condition. The setting is read in a scalar subquery, which PostgreSQL evaluates once per statement
 * (an InitPlan) instead of calling `current_setting` again for every row it checks.
 */
export const TENANT_CONDITION = `tenant_id = (SELECT current_setting('app.tenant_id')::int)`;

export class UnscopedDatabaseAccess extends Error {
  constructor() {
    super(
      'Database access outside a tenant scope: wrap the work in withTenant(tenantId, …) or, for work across tenants, asSystem(…) (database/tenant-context.ts).',
    );
  }
}

type ScopedClient = PoolClient & { dxScope?: string };
type ConnectCallback = (
  error: Error | undefined,
  client?: PoolClient,
  release?: (error?: Error) => void,
) => void;

/**
 * Every connection the data source hands out runs in the scope of the work that asked for it: before the first
 * query of a tenant's work, the connection becomes TENANT_ROLE with that tenant's id; for system work, the
 * connecting role again. A connection keeps its scope between uses, so the switch costs one round trip only when the
 * scope changes (never on a server that serves one tenant at a time). Work outside any scope gets an error instead
 * of a connection: a forgotten scope is a bug to find in the tests, not an empty page.
 */
export function scopeConnections(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const connect = pool.connect.bind(pool) as (callback: ConnectCallback) => void;
  (pool as unknown as { connect: (callback: ConnectCallback) => void }).connect = (callback) => {
    const scope = currentTenantScope();
    if (scope === undefined) return callback(new UnscopedDatabaseAccess());
    connect((error, client, release) => {
      if (error || !client || !release) return callback(error, client, release);
      const scoped = client as ScopedClient;
      const wanted = tenantSetting(scope);
      if (scoped.dxScope === wanted) return callback(undefined, client, release);
      client.query(...switchTo(scope), (switchError: Error | undefined) => {
        if (switchError) {
          release(switchError);
          return callback(switchError);
        }
        scoped.dxScope = wanted;
        callback(undefined, client, release);
      });
    });
  };
}

function switchTo(scope: TenantScope): [string, string[]] {
  return scope === 'system'
    ? [`SELECT set_config('role', 'none', false), set_config('app.tenant_id', '', false)`, []]
    : [
        `SELECT set_config('role', '${TENANT_ROLE}', false), set_config('app.tenant_id', $1, false)`,
        [String(scope)],
      ];
}

/** The tables of the public schema with a `tenant_id` column. */
export async function tenantOwnedTables(queryRunner: QueryRunner): Promise<string[]> {
  const rows: { table_name: string }[] = await queryRunner.query(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  return rows.map((r) => r.table_name);
}

/**
 * Puts tables under tenant isolation: row-level security on, the tenant policy, and TENANT_ROLE's rights. Every
 * migration that creates a tenant-owned table calls it (`test/row-security.spec.ts` fails on a table without).
 * Tables whose rows are never changed (the audit log) get SELECT and INSERT only.
 */
export async function isolateTenantTables(
  queryRunner: QueryRunner,
  tables: string[],
  options: { appendOnly?: string[] } = {},
): Promise<void> {
  // On Citus the policies are off (DistributeByTenant1795000000160; README: "Citus"): the tenant role gets its
  // rights only. Citus refuses the policy anyway on a table keyed to `tenant`, which is a Citus table by then.
  const [citus] = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
  for (const table of tables) {
    const rights = options.appendOnly?.includes(table) ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE';
    if (citus) {
      await queryRunner.query(`GRANT ${rights} ON "${table}" TO ${TENANT_ROLE}`);
      continue;
    }
    await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`DROP POLICY IF EXISTS ${TENANT_POLICY} ON "${table}"`);
    await queryRunner.query(
      `CREATE POLICY ${TENANT_POLICY} ON "${table}" TO ${TENANT_ROLE}
         USING (${TENANT_CONDITION}) WITH CHECK (${TENANT_CONDITION})`,
    );
    await queryRunner.query(`GRANT ${rights} ON "${table}" TO ${TENANT_ROLE}`);
  }
  await queryRunner.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${TENANT_ROLE}`);
}

/**
 * For a migration numbered before RowLevelSecurity1795000000090: on a fresh database that one isolates every table
 * it finds; on a database migrated past it, this isolates the new tables (the role exists by then).
 */
export async function isolateNewTenantTables(queryRunner: QueryRunner, tables: string[]): Promise<void> {
  const [role] = await queryRunner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [TENANT_ROLE]);
  if (role) await isolateTenantTables(queryRunner, tables);
}
