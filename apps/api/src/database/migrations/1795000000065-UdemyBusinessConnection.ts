import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateNewTenantTables } from '../row-security';

/**
 * A tenant's connection to the Udemy Business Reporting API: one row per tenant (the key is `tenant_id`). The client
 * secret is kept only as AES-256-GCM ciphertext (`secret_ciphertext`, see udemy-sync/secret-box.ts). `last_sync_at`
 * and `last_result` describe the last attempt (success or failure); `last_success_started_at` is when the last
 * successful sync began, from which the next one asks (`from_date`).
 */
export class UdemyBusinessConnection1795000000065 implements MigrationInterface {
  name = 'UdemyBusinessConnection1795000000065';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "udemy_business_connection" (
        "tenant_id" integer NOT NULL,
        "base_url" character varying(500) NOT NULL,
        "organization_id" character varying(100) NOT NULL,
        "client_id" character varying(200) NOT NULL,
        "secret_ciphertext" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_sync_at" TIMESTAMP WITH TIME ZONE,
        "last_success_started_at" TIMESTAMP WITH TIME ZONE,
        "last_result" jsonb,
        CONSTRAINT "pk_udemy_business_connection" PRIMARY KEY ("tenant_id")
      )`,
    );
    await isolateNewTenantTables(queryRunner, ['udemy_business_connection']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "udemy_business_connection"`);
  }
}
