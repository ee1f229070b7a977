import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables } from '../row-security';
import { distributeTenantTables } from './1795000000160-DistributeByTenant';

/**
 * The デジタルスキル標準 codes a course is mapped to (`course_skill`, one row per code; the codes are @dx/domain's
 * digital-skill-standard.ts), replacing the free-text `course.skill_area`. Existing text is mapped where it names an
 * area or a role (the patterns below are frozen here: the default catalogue's texts all match). The old text is kept,
 * renamed `skill_area_legacy`, read by nothing, so no one's wording is lost; a later release may drop it.
 */
const LEGACY_PATTERNS: [code: string, pattern: string][] = [
  ['lit.why', 'Why'],
  ['lit.what', 'What'],
  ['lit.how', 'How'],
  ['lit.mind', 'マインド|スタンス'],
  ['role.business_architect', 'ビジネスアーキテクト'],
  ['role.designer', 'デザイナー'],
  ['role.data_scientist', 'データサイエンティスト'],
  ['role.software_engineer', 'ソフトウェアエンジニア'],
  ['role.cyber_security', 'サイバーセキュリティ'],
];

export class CourseSkills1795000000190 implements MigrationInterface {
  name = 'CourseSkills1795000000190';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "course_skill" (
        "tenant_id" integer NOT NULL,
        "course_id" integer NOT NULL,
        "code" character varying(60) NOT NULL,
        CONSTRAINT "pk_course_skill" PRIMARY KEY ("tenant_id", "course_id", "code")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "ix_course_skill_code" ON "course_skill" ("tenant_id", "code")`);
    await queryRunner.query(
      `ALTER TABLE "course_skill" ADD CONSTRAINT "fk_course_skill_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    const [citus] = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
    // On Citus `course` is keyed (tenant_id, id) by now: the key to it is added once the table is distributed.
    if (!citus)
      await queryRunner.query(
        `ALTER TABLE "course_skill" ADD CONSTRAINT "fk_course_skill_course" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    await queryRunner.query(
      `INSERT INTO course_skill (tenant_id, course_id, code)
       SELECT c.tenant_id, c.id, m.code FROM course c
         JOIN unnest($1::text[], $2::text[]) AS m(code, pattern) ON c.skill_area ~ m.pattern
       ON CONFLICT DO NOTHING`,
      [LEGACY_PATTERNS.map(([code]) => code), LEGACY_PATTERNS.map(([, pattern]) => pattern)],
    );
    await queryRunner.query(`ALTER TABLE "course" RENAME COLUMN "skill_area" TO "skill_area_legacy"`);
    await isolateTenantTables(queryRunner, ['course_skill']);
    await distributeTenantTables(queryRunner, ['course_skill']);
    if (citus)
      await queryRunner.query(
        `ALTER TABLE "course_skill" ADD CONSTRAINT "fk_course_skill_course" FOREIGN KEY ("tenant_id", "course_id") REFERENCES "course"("tenant_id", "id") ON DELETE CASCADE`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course" RENAME COLUMN "skill_area_legacy" TO "skill_area"`);
    await queryRunner.query(`DROP TABLE "course_skill"`);
  }
}
