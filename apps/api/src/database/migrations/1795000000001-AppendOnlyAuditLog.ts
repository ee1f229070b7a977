import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log must be trustworthy: the application can add to it but never change or remove a line, so the
 * database itself refuses UPDATE, DELETE and TRUNCATE on it.
 */
export class AppendOnlyAuditLog1795000000001 implements MigrationInterface {
  name = 'AppendOnlyAuditLog1795000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
    // Current versions are what nearly every query reads; a partial index keeps those lookups small.
    await queryRunner.query(
      `CREATE INDEX ix_staff_assignment_open ON staff_assignment (tenant_id, unit_id) WHERE valid_to IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_staff_assignment_open`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_update_delete ON audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_is_append_only()`);
  }
}
