import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The completed enrolments of a course, with the person: the スキルマップ reads every completion of the courses
 * mapped to a DXリテラシー area (any fiscal year), index-only from this partial index instead of probing every
 * enrolment of those courses in the heap (README "スキルマップ"). On Citus the index is created on each shard.
 */
export class SkillMapIndex1795000000191 implements MigrationInterface {
  name = 'SkillMapIndex1795000000191';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_enrollment_completed_course" ON "enrollment" ("tenant_id", "course_id", "staff_id")
         WHERE "completed_on" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_enrollment_completed_course"`);
  }
}
