import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateNewTenantTables } from '../row-security';

/**
 * E-learning packages (SCORM): the uploaded packages (their files live on disk under DATA_DIR/packages/) and each
 * learner's run-time data per SCO. Both are tenant-owned and isolated by row-level security. On a fresh database this
 * runs before RowLevelSecurity1795000000090 (which then isolates these tables with all others); on a database that
 * already has the tenant role it isolates them itself.
 */
export class ContentPackages1795000000080 implements MigrationInterface {
  name = 'ContentPackages1795000000080';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "content_package" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "title" text NOT NULL, "standard" character varying(10) NOT NULL, "version" character varying(40) NOT NULL, "scos" jsonb NOT NULL, "file_name" text NOT NULL, "file_count" integer NOT NULL, "total_bytes" bigint NOT NULL, "storage_key" character varying(64) NOT NULL, "uploaded_by" integer, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b90daee8b7c1298bbf4833fa95" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "package_sco_state" ("tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "module_id" integer NOT NULL, "sco_id" character varying(255) NOT NULL, "lesson_status" character varying(20), "completion_status" character varying(20), "success_status" character varying(20), "score_raw" real, "score_scaled" real, "status" character varying(20) NOT NULL DEFAULT 'not attempted', "suspend_data" text, "location" text, "total_seconds" double precision NOT NULL DEFAULT '0', "failed_attempts" integer NOT NULL DEFAULT '0', "done_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3a4186d01c2a16df8ff667c853" PRIMARY KEY ("tenant_id", "enrollment_id", "module_id", "sco_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "content_package" ADD CONSTRAINT "FK_ad672f50488be865f96df076f57" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_sco_state" ADD CONSTRAINT "FK_70d957d97914ba5739095209c48" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "package_sco_state" ADD CONSTRAINT "FK_71b0eb141866cff22cb5eeded2e" FOREIGN KEY ("module_id") REFERENCES "course_module"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await isolateNewTenantTables(queryRunner, ['content_package', 'package_sco_state']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "package_sco_state"`);
    await queryRunner.query(`DROP TABLE "content_package"`);
  }
}
