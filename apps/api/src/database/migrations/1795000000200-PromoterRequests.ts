import { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateTenantTables } from '../row-security';
import { distributeTenantTables, serialIdType } from './1795000000160-DistributeByTenant';

/**
 * `promoter_request`: HR asking a 所属長 to name a デジタル活用推進員 for a fiscal year (推進員の配置状況). One row per
 * 所属, year and day (`uq_promoter_request_day`): a second press the same day asks nobody twice. It records who asked
 * and when, where the e-mail went (or why it did not) and the Slack channel the notice was queued for. Keys begin
 * with `tenant_id`; on a Citus cluster the table is distributed with the others (co-located with `staff`).
 */
export class PromoterRequests1795000000200 implements MigrationInterface {
  name = 'PromoterRequests1795000000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const idType = await serialIdType(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "promoter_request" (
        "tenant_id" integer NOT NULL,
        "id" ${idType} NOT NULL,
        "fiscal_year" smallint NOT NULL,
        "unit_code" character varying(20) NOT NULL,
        "requested_on" date NOT NULL,
        "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "requested_by_user_id" integer,
        "requested_by" character varying(50) NOT NULL,
        "head_employee_no" character varying(20),
        "emailed_to" text,
        "email_error" text,
        "slack_target" character varying(40),
        CONSTRAINT "pk_promoter_request" PRIMARY KEY ("tenant_id", "id"),
        CONSTRAINT "uq_promoter_request_day" UNIQUE ("tenant_id", "fiscal_year", "unit_code", "requested_on"),
        CONSTRAINT "fk_promoter_request_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id")
      )`,
    );
    await isolateTenantTables(queryRunner, ['promoter_request']);
    await distributeTenantTables(queryRunner, ['promoter_request']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "promoter_request"`);
  }
}
