import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the matrix and the learner's list:
 * - a person's assignments of a year with every column those read (an index-only scan: the rows of one person are
 *   spread over as many heap pages as they have assignments);
 * - the units on a placed path (GIN on its codes), so that a subtree is found without testing every person's and
 *   every unit's path of the tenant with LIKE '%/<code>/%'. The expression is `pathCodesSql` (placement.ts).
 */
export class ReadIndexes1795000000005 implements MigrationInterface {
  name = 'ReadIndexes1795000000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_enrollment_person_year" ON "enrollment" ("staff_id", "fiscal_year")
         INCLUDE ("tenant_id", "id", "course_id", "course_version", "due_date", "completed_on", "started_at", "exempt_reason")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_report_person_codes" ON "report_person" USING gin ((string_to_array(btrim(path, '/'), '/')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_report_unit_course_codes" ON "report_unit_course" USING gin ((string_to_array(btrim(path, '/'), '/')))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_report_unit_course_codes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_person_codes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_enrollment_person_year"`);
  }
}
