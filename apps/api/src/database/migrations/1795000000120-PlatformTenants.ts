import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared use (共同利用): the platform operator's own tenant (`is_platform`, it holds the operator and no people), a
 * tenant that is switched off (`disabled_at`: its logins and sessions are refused, nothing is deleted), and the
 * 修了証's issuer line each tenant sets for itself (null: its display name). The tenant table is under row-level
 * security already (a tenant sees its own row).
 */
export class PlatformTenants1795000000120 implements MigrationInterface {
  name = 'PlatformTenants1795000000120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" ADD "is_platform" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tenant" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tenant" ADD "issuer_line" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "issuer_line"`);
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "disabled_at"`);
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "is_platform"`);
  }
}
