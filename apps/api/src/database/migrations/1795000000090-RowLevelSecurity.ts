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
