import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recertification: a course's recurrence (JSON, evaluated by @dx/domain's recertification rules); an assignment
 * that renews an earlier completion points at that completion's assignment; a 修了証 states the last day of its
 * validity and, once renewed, the certificate that superseded it. The links are plain columns, not foreign keys:
 * on Citus every key must carry tenant_id, and enrollment / certificate are keyed by id alone elsewhere.
 */
export class Recertification1795000000170 implements MigrationInterface {
  name = 'Recertification1795000000170';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "course" ADD "recurrence" jsonb NOT NULL DEFAULT '{"kind": "none"}'`,
    );
    await queryRunner.query(`ALTER TABLE "enrollment" ADD "renews_enrollment_id" integer`);
    await queryRunner.query(
      `CREATE INDEX "ix_enrollment_renewal" ON "enrollment" ("tenant_id", "fiscal_year") WHERE "renews_enrollment_id" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "certificate" ADD "valid_until" date`);
    await queryRunner.query(`ALTER TABLE "certificate" ADD "superseded_by_id" integer`);
    await queryRunner.query(`ALTER TABLE "certificate" ADD "superseded_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificate" DROP COLUMN "superseded_at"`);
    await queryRunner.query(`ALTER TABLE "certificate" DROP COLUMN "superseded_by_id"`);
    await queryRunner.query(`ALTER TABLE "certificate" DROP COLUMN "valid_until"`);
    await queryRunner.query(`DROP INDEX "public"."ix_enrollment_renewal"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP COLUMN "renews_enrollment_id"`);
    await queryRunner.query(`ALTER TABLE "course" DROP COLUMN "recurrence"`);
  }
}
