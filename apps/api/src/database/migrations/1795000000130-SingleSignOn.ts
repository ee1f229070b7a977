import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables } from '../row-security';

/**
 * A tenant's OpenID Connect identity provider: one row per tenant (the key is `tenant_id`). The client secret is kept
 * only as AES-256-GCM ciphertext (see udemy-sync/secret-box.ts); `claim` names the ID token claim that holds the
 * 職員番号. `password_login_for_staff` false refuses the password login to accounts of staff (administrators without
 * a staff record keep theirs).
 */
export class SingleSignOn1795000000130 implements MigrationInterface {
  name = 'SingleSignOn1795000000130';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oidc_provider" (
        "tenant_id" integer NOT NULL,
        "issuer" character varying(500) NOT NULL,
        "client_id" character varying(200) NOT NULL,
        "secret_ciphertext" text NOT NULL,
        "claim" character varying(100) NOT NULL DEFAULT 'preferred_username',
        "password_login_for_staff" boolean NOT NULL DEFAULT true,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_oidc_provider" PRIMARY KEY ("tenant_id")
      )`,
    );
    await isolateTenantTables(queryRunner, ['oidc_provider']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "oidc_provider"`);
  }
}
