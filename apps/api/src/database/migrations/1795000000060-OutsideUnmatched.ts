import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateNewTenantTables } from '../row-security';

/**
 * HR's queue of outside records (Udemy Business CSV / Reporting API, xAPI) that matched no person or no module
 * (entity OutsideUnmatched). One row per record key within a tenant, so a repeated file adds nothing.
 */
export class OutsideUnmatched1795000000060 implements MigrationInterface {
  name = 'OutsideUnmatched1795000000060';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outside_unmatched" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "source" character varying(10) NOT NULL, "email" text, "external_id" text, "udemy_course_id" text, "course_title" text, "completed_on" date, "later_completed_on" date, "row_key" text NOT NULL, "reason" character varying(20) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_staff_id" integer, "resolved_module_id" integer, "dismiss_reason" text, "handled_by" text, "handled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_outside_unmatched" UNIQUE ("tenant_id", "row_key"), CONSTRAINT "PK_outside_unmatched" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outside_unmatched_status" ON "outside_unmatched" ("tenant_id", "status", "received_at")`,
    );
    await isolateNewTenantTables(queryRunner, ['outside_unmatched']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outside_unmatched_status"`);
    await queryRunner.query(`DROP TABLE "outside_unmatched"`);
  }
}
