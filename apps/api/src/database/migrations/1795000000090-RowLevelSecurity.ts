import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables, TENANT_POLICY, TENANT_ROLE, tenantOwnedTables } from '../row-security';

/**
 * Tenants are isolated by PostgreSQL itself: every table with a `tenant_id` gets row-level security with a policy
 * that shows TENANT_ROLE the rows of the connection's tenant only (`app.tenant_id`, set per unit of work by
 * database/row-security.ts), so a query that forgets its `tenant_id` condition still sees one tenant. The tenant
 * table shows a tenant its own row. The audit log stays append-only for the tenant role (SELECT and INSERT only).
 *
 * The role is a cluster object: created when missing (the migrating role needs CREATEROLE, or a DBA creates
 * `dx_tenant NOLOGIN` beforehand) and granted to the migrating role, which switches to it per connection.
 */
export class RowLevelSecurity1795000000090 implements MigrationInterface {
  name = 'RowLevelSecurity1795000000090';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
        CREATE ROLE ${TENANT_ROLE} NOLOGIN NOBYPASSRLS;
      END IF;
    END $$`);
    await queryRunner.query(`GRANT ${TENANT_ROLE} TO CURRENT_USER`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO ${TENANT_ROLE}`);
    await isolateTenantTables(queryRunner, await tenantOwnedTables(queryRunner), {
      appendOnly: ['audit_log'],
    });
    await queryRunner.query(`ALTER TABLE "tenant" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY ${TENANT_POLICY} ON "tenant" TO ${TENANT_ROLE} USING (id = current_setting('app.tenant_id')::int)`,
    );
    await queryRunner.query(`GRANT SELECT, UPDATE ON "tenant" TO ${TENANT_ROLE}`);
    await markIndexOperatorsLeakproof(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...(await tenantOwnedTables(queryRunner)), 'tenant']) {
      await queryRunner.query(`DROP POLICY IF EXISTS ${TENANT_POLICY} ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`REVOKE ALL ON "${table}" FROM ${TENANT_ROLE}`);
    }
    await queryRunner.query(`REVOKE USAGE ON ALL SEQUENCES IN SCHEMA public FROM ${TENANT_ROLE}`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM ${TENANT_ROLE}`);
  }
}

/**
 * A policy's condition is a security barrier: the planner evaluates a query's own conditions only after it, and may
 * use them in an index scan only when their operator is LEAKPROOF (cannot reveal a row through an error or a side
 * channel). The subtree conditions of the reports are `path LIKE '/030000/%'` (a btree range) and `path codes @>
 * ARRAY[code]` (the GIN index), whose functions PostgreSQL does not mark so: under the policies a manager's matrix
 * read the tenant's whole report table instead (2–5 × slower in `npm run bench`). These functions raise errors only
 * for a malformed pattern or mismatched element types, never because of a row's value, so they are marked LEAKPROOF
 * in this database (pg_proc is per database; only a superuser may). Without a superuser the isolation holds all
 * the same and the README says what a DBA runs.
 */
export const LEAKPROOF_FUNCTIONS = [
  'textlike(text, text)',
  'arraycontains(anyarray, anyarray)',
  'arrayoverlap(anyarray, anyarray)',
  // The path codes expression of the GIN index: string_to_array(btrim(path, '/'), '/').
  'btrim(text, text)',
  'string_to_array(text, text)',
];

async function markIndexOperatorsLeakproof(queryRunner: QueryRunner): Promise<void> {
  const [{ superuser }] = await queryRunner.query(
    `SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
  );
  if (!superuser) return;
  for (const fn of LEAKPROOF_FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn} LEAKPROOF`);
}
