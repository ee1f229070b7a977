import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * cmi5 beyond the first launch (README "cmi5"): each launch session keeps its launch mode (Normal, or Review for an
 * AU already satisfied), when it was abandoned (the LMS's `abandoned` statement went out), when the AU last sent a
 * statement (the abandoned statement's duration) and when it judged (passed / failed, once per session); each
 * registration keeps the blocks it satisfied (their `satisfied` statement goes out once). The partial index finds
 * the expired sessions that neither terminated nor were abandoned yet.
 */
export class Cmi5SessionModes1795000000240 implements MigrationInterface {
  name = 'Cmi5SessionModes1795000000240';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cmi5_session" ADD "launch_mode" character varying(10) NOT NULL DEFAULT 'Normal'`,
    );
    await queryRunner.query(`ALTER TABLE "cmi5_session" ADD "judged_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cmi5_session" ADD "last_statement_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cmi5_session" ADD "abandoned_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "cmi5_registration" ADD "satisfied_blocks" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cmi5_session_open" ON "cmi5_session" ("expires_at") WHERE "terminated_at" IS NULL AND "abandoned_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cmi5_session_open"`);
    await queryRunner.query(`ALTER TABLE "cmi5_registration" DROP COLUMN "satisfied_blocks"`);
    await queryRunner.query(`ALTER TABLE "cmi5_session" DROP COLUMN "abandoned_at"`);
    await queryRunner.query(`ALTER TABLE "cmi5_session" DROP COLUMN "last_statement_at"`);
    await queryRunner.query(`ALTER TABLE "cmi5_session" DROP COLUMN "judged_at"`);
    await queryRunner.query(`ALTER TABLE "cmi5_session" DROP COLUMN "launch_mode"`);
  }
}
