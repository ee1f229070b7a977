import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A course's draft exists because a content administrator started it, not because it has modules: a new course
 * (nothing published, nothing to copy) and a draft whose last module was removed are still drafts to build on.
 */
export class CourseDraftFlag1795000000007 implements MigrationInterface {
  name = 'CourseDraftFlag1795000000007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course" ADD "has_draft" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `UPDATE course c SET has_draft = true
        WHERE EXISTS (SELECT 1 FROM course_module m WHERE m.course_id = c.id AND m.version = c.published_version + 1)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course" DROP COLUMN "has_draft"`);
  }
}
