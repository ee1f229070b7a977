import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads of personal data are audited with the person whose records were read (職員番号), so HR can answer "who looked
 * at X": a column of its own (not a field of `detail`), indexed by tenant and person, newest first. Searches by the
 * acting login id get an index too; by date alone the existing (tenant_id, occurred_at) index serves.
 * Adding a nullable column rewrites nothing, so the append-only triggers are untouched.
 */
export class AuditSubjects1795000000050 implements MigrationInterface {
  name = 'AuditSubjects1795000000050';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_log" ADD "subject_employee_no" character varying(20)`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_subject" ON "audit_log" ("tenant_id", "subject_employee_no", "occurred_at") WHERE subject_employee_no IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_actor" ON "audit_log" ("tenant_id", "actor_login_id", "occurred_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_actor"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_subject"`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "subject_employee_no"`);
  }
}
