import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateNewTenantTables } from '../row-security';

/**
 * The xAPI Learning Record Store: per-tenant Basic credentials (the secret kept as a SHA-256 hash of 32 random bytes,
 * so checking one costs microseconds, not an argon2 run per statement batch), and the statements as JSONB with the
 * columns the statement queries filter on. `related_activities` / `related_agents` hold every activity id and agent
 * identifier a statement names anywhere (context, sub-statement), for the `related_*` query parameters (GIN).
 * `seq` is the storage order: the `more` cursor and `since`/`until` follow it, so paging is stable while new
 * statements arrive. `content_hash` is the digest of the statement as the client sent it (without what the LRS
 * adds), so a repeated id is told apart from a conflicting one without comparing JSON.
 */
export class XapiLrs1795000000070 implements MigrationInterface {
  name = 'XapiLrs1795000000070';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "xapi_client" (
        "id" SERIAL PRIMARY KEY,
        "tenant_id" integer NOT NULL,
        "key" character varying(64) NOT NULL,
        "secret_hash" bytea NOT NULL,
        "name" character varying(200) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" character varying(100),
        "revoked_at" timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_xapi_client_key" ON "xapi_client" ("key")`);
    await queryRunner.query(`CREATE INDEX "ix_xapi_client_tenant" ON "xapi_client" ("tenant_id", "id")`);
    await queryRunner.query(`
      CREATE TABLE "xapi_statement" (
        "tenant_id" integer NOT NULL,
        "seq" bigserial NOT NULL,
        "id" uuid NOT NULL,
        "statement" jsonb NOT NULL,
        "content_hash" character varying(64) NOT NULL,
        "stored" timestamptz NOT NULL,
        "verb_id" text NOT NULL,
        "activity_id" text,
        "actor_ids" text[] NOT NULL,
        "object_agent_ids" text[] NOT NULL DEFAULT '{}',
        "registration" uuid,
        "related_activities" text[] NOT NULL DEFAULT '{}',
        "related_agents" text[] NOT NULL DEFAULT '{}',
        "voiding_target" uuid,
        "ref_target" uuid,
        "voided" boolean NOT NULL DEFAULT false,
        "client_id" integer,
        PRIMARY KEY ("tenant_id", "id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_xapi_statement_seq" ON "xapi_statement" ("tenant_id", "seq")`);
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_verb" ON "xapi_statement" ("tenant_id", "verb_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_activity" ON "xapi_statement" ("tenant_id", "activity_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_registration" ON "xapi_statement" ("tenant_id", "registration", "seq") WHERE registration IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_ref" ON "xapi_statement" ("tenant_id", "ref_target") WHERE ref_target IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_actor" ON "xapi_statement" USING gin ("actor_ids")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_related_activities" ON "xapi_statement" USING gin ("related_activities")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_related_agents" ON "xapi_statement" USING gin ("related_agents")`,
    );
    await queryRunner.query(`
      CREATE TABLE "xapi_attachment" (
        "tenant_id" integer NOT NULL,
        "sha2" character varying(128) NOT NULL,
        "content_type" text NOT NULL,
        "content" bytea NOT NULL,
        PRIMARY KEY ("tenant_id", "sha2")
      )`);
    await isolateNewTenantTables(queryRunner, ['xapi_client', 'xapi_statement', 'xapi_attachment']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "xapi_attachment"`);
    await queryRunner.query(`DROP TABLE "xapi_statement"`);
    await queryRunner.query(`DROP TABLE "xapi_client"`);
  }
}
