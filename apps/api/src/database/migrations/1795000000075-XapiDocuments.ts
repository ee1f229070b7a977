import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateNewTenantTables } from '../row-security';

/**
 * The xAPI document resources (state, activity profile, agent profile) in one table: the content as bytes with its
 * content type and SHA-1 ETag. Keyed by tenant and a SHA-256 of what names the document (long IRIs and ids would
 * not fit a B-tree entry together); listed and deleted by tenant, scope digest and update time.
 */
export class XapiDocuments1795000000075 implements MigrationInterface {
  name = 'XapiDocuments1795000000075';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "xapi_document" ("tenant_id" integer NOT NULL, "doc_key" bytea NOT NULL, "scope_key" bytea NOT NULL, "kind" character varying(16) NOT NULL, "activity_id" text, "agent_key" text, "registration" uuid, "document_id" text NOT NULL, "content" bytea NOT NULL, "content_type" text NOT NULL, "etag" character varying(40) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_xapi_document" PRIMARY KEY ("tenant_id", "doc_key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_document_scope" ON "xapi_document" ("tenant_id", "scope_key", "updated_at") `,
    );
    await isolateNewTenantTables(queryRunner, ['xapi_document']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_xapi_document_scope"`);
    await queryRunner.query(`DROP TABLE "xapi_document"`);
  }
}
