import { MigrationInterface, QueryRunner } from 'typeorm';

/** A tenant's logo (PNG or JPEG, at most 200 KB), shown on its login page; HR uploads it. */
export class TenantLogo1795000000121 implements MigrationInterface {
  name = 'TenantLogo1795000000121';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" ADD "logo" bytea`);
    await queryRunner.query(`ALTER TABLE "tenant" ADD "logo_type" character varying(20)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "logo_type"`);
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "logo"`);
  }
}
