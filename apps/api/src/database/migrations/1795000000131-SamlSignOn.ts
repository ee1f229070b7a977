import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables } from '../row-security';

/**
 * A tenant's SAML 2.0 identity provider (one per tenant; a tenant has either this or an OpenID Connect provider),
 * the authentication requests it has been sent (their ids, so that only an answer to one of them is taken, once),
 * and the assertion ids already used (so that a replayed assertion is refused until it has expired anyway).
 */
export class SamlSignOn1795000000131 implements MigrationInterface {
  name = 'SamlSignOn1795000000131';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "saml_provider" (
        "tenant_id" integer NOT NULL,
        "entry_point" character varying(500) NOT NULL,
        "idp_certificate" text NOT NULL,
        "attribute" character varying(200) NOT NULL DEFAULT 'employeeNumber',
        "password_login_for_staff" boolean NOT NULL DEFAULT true,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_saml_provider" PRIMARY KEY ("tenant_id")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "saml_request" (
        "tenant_id" integer NOT NULL,
        "request_id" character varying(100) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_saml_request" PRIMARY KEY ("tenant_id", "request_id")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "saml_assertion_seen" (
        "tenant_id" integer NOT NULL,
        "assertion_id" character varying(200) NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_saml_assertion_seen" PRIMARY KEY ("tenant_id", "assertion_id")
      )`,
    );
    await isolateTenantTables(queryRunner, ['saml_provider', 'saml_request', 'saml_assertion_seen']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "saml_assertion_seen"`);
    await queryRunner.query(`DROP TABLE "saml_request"`);
    await queryRunner.query(`DROP TABLE "saml_provider"`);
  }
}
