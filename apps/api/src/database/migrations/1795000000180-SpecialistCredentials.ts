import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables } from '../row-security';
import { distributeTenantTables, serialIdType } from './1795000000160-DistributeByTenant';

/**
 * DX推進スペシャリスト certification as an Open Badges 3.0 credential.
 * - `credential_issuer`: one row per tenant: how many years a certification lasts (HR's setting), the tenant's
 *   Ed25519 key pair once first needed (the public JWK; the private key only sealed with SECRETS_KEY, see
 *   udemy-sync/secret-box.ts), and the next free bit of its revocation status list.
 * - `specialist_certification`: one per cohort membership that completed the programme: the period, the
 *   credential's and the subject's urn:uuid, its bit in the status list, and a revocation with its reason.
 * Keys start with `tenant_id` (distributable by tenant).
 */
export class SpecialistCredentials1795000000180 implements MigrationInterface {
  name = 'SpecialistCredentials1795000000180';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const idType = await serialIdType(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "credential_issuer" (
        "tenant_id" integer NOT NULL,
        "validity_years" smallint NOT NULL DEFAULT 3,
        "public_jwk" jsonb,
        "private_key_sealed" text,
        "key_created_at" TIMESTAMP WITH TIME ZONE,
        "next_status_index" integer NOT NULL DEFAULT 0,
        CONSTRAINT "pk_credential_issuer" PRIMARY KEY ("tenant_id"),
        CONSTRAINT "ck_credential_issuer_years" CHECK ("validity_years" BETWEEN 1 AND 10)
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "specialist_certification" (
        "tenant_id" integer NOT NULL,
        "id" ${idType} NOT NULL,
        "staff_id" integer NOT NULL,
        "cohort_id" integer NOT NULL,
        "certified_on" date NOT NULL,
        "valid_until" date NOT NULL,
        "credential_uuid" uuid NOT NULL,
        "subject_uuid" uuid NOT NULL,
        "status_index" integer NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "revoked_reason" text,
        "revoked_by" integer,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_specialist_certification" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "uq_specialist_certification_member" UNIQUE ("tenant_id", "cohort_id", "staff_id"),
        CONSTRAINT "uq_specialist_certification_status" UNIQUE ("tenant_id", "status_index"),
        CONSTRAINT "uq_specialist_certification_credential" UNIQUE ("tenant_id", "credential_uuid")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_specialist_certification_staff" ON "specialist_certification" ("tenant_id", "staff_id")`,
    );
    for (const table of ['credential_issuer', 'specialist_certification'])
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      );
    await isolateTenantTables(queryRunner, ['credential_issuer', 'specialist_certification']);
    await distributeTenantTables(queryRunner, ['credential_issuer', 'specialist_certification']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "specialist_certification"`);
    await queryRunner.query(`DROP TABLE "credential_issuer"`);
  }
}
