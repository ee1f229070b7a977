import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables } from '../row-security';

/**
 * cmi5 packages: the course's publisher id on the package, the registration of each learner's attempt at a package
 * module, and the launch sessions (one-time fetch, the auth token's hash, its scope and expiry). Tenant-owned and
 * isolated by row-level security.
 */
export class Cmi51795000000100 implements MigrationInterface {
  name = 'Cmi51795000000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "content_package" ADD "course_iri" text`);
    await queryRunner.query(
      `CREATE TABLE "cmi5_registration" ("tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "module_id" integer NOT NULL, "registration" uuid NOT NULL, "satisfied_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cmi5_registration" PRIMARY KEY ("tenant_id", "enrollment_id", "module_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_cmi5_registration" ON "cmi5_registration" ("registration") `,
    );
    await queryRunner.query(
      `CREATE TABLE "cmi5_session" ("id" uuid NOT NULL, "tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "module_id" integer NOT NULL, "registration" uuid NOT NULL, "au_id" text NOT NULL, "actor_name" text NOT NULL, "fetch_hash" bytea NOT NULL, "token_hash" bytea, "fetched_at" TIMESTAMP WITH TIME ZONE, "initialized_at" TIMESTAMP WITH TIME ZONE, "terminated_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cmi5_session" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cmi5_session_registration" ON "cmi5_session" ("tenant_id", "registration") `,
    );
    for (const [table, fk, column, target, onDelete] of [
      ['cmi5_registration', 'FK_cmi5_registration_tenant', 'tenant_id', 'tenant', 'NO ACTION'],
      ['cmi5_registration', 'FK_cmi5_registration_enrollment', 'enrollment_id', 'enrollment', 'CASCADE'],
      ['cmi5_registration', 'FK_cmi5_registration_module', 'module_id', 'course_module', 'CASCADE'],
      ['cmi5_session', 'FK_cmi5_session_tenant', 'tenant_id', 'tenant', 'NO ACTION'],
      ['cmi5_session', 'FK_cmi5_session_enrollment', 'enrollment_id', 'enrollment', 'CASCADE'],
    ]) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${fk}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
    await isolateTenantTables(queryRunner, ['cmi5_registration', 'cmi5_session']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "cmi5_session"`);
    await queryRunner.query(`DROP TABLE "cmi5_registration"`);
    await queryRunner.query(`ALTER TABLE "content_package" DROP COLUMN "course_iri"`);
  }
}
