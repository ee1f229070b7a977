import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables } from '../row-security';

/**
 * Slack notices. `slack_webhook`: a tenant's incoming webhooks, the tenant's own (`org_unit_code` '', the default
 * channel) and one per 所属 for that unit's channel; the URL only as AES-256-GCM ciphertext (see
 * udemy-sync/secret-box.ts), its host kept apart for display. `notification_delivery`: every message handed to the
 * queue (a reminder or a weekly digest, to Slack or by e-mail) with its outcome, so a failed one is shown to HR.
 * `status` is pending, sent or failed; `channel` email or slack. The keys include `tenant_id` (distributable).
 */
export class SlackNotifications1795000000150 implements MigrationInterface {
  name = 'SlackNotifications1795000000150';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "slack_webhook" (
        "tenant_id" integer NOT NULL,
        "org_unit_code" character varying(20) NOT NULL DEFAULT '',
        "url_ciphertext" text NOT NULL,
        "host" character varying(255) NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_slack_webhook" PRIMARY KEY ("tenant_id", "org_unit_code")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_delivery" (
        "tenant_id" integer NOT NULL,
        "id" SERIAL NOT NULL,
        "kind" character varying(30) NOT NULL,
        "channel" character varying(10) NOT NULL,
        "target" character varying(320) NOT NULL,
        "payload" jsonb NOT NULL,
        "status" character varying(10) NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_notification_delivery" PRIMARY KEY ("tenant_id", "id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notification_delivery_failed" ON "notification_delivery" ("tenant_id", "updated_at")
        WHERE "status" = 'failed'`,
    );
    await isolateTenantTables(queryRunner, ['slack_webhook', 'notification_delivery']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_delivery"`);
    await queryRunner.query(`DROP TABLE "slack_webhook"`);
  }
}
