import { MigrationInterface, QueryRunner } from 'typeorm';

/** Serials now carry 80 random bits (16 characters in four groups) after a tenant code of up to 50 characters. */
export class LongCertificateSerials1795000000008 implements MigrationInterface {
  name = 'LongCertificateSerials1795000000008';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificate" ALTER COLUMN "serial" TYPE character varying(80)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificate" ALTER COLUMN "serial" TYPE character varying(40)`);
  }
}
