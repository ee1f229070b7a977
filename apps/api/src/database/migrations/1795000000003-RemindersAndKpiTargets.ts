import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reminders sent by managers (one per assignment per day) and the DX plan's KPI targets. */
export class RemindersAndKpiTargets1795000000003 implements MigrationInterface {
  name = 'RemindersAndKpiTargets1795000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "kpi_target" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "key" character varying(40) NOT NULL, "baseline" numeric, "target" numeric, CONSTRAINT "uq_kpi_target" UNIQUE ("tenant_id", "fiscal_year", "key"), CONSTRAINT "PK_c34adc0d9347ab04e2a4f80909e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reminder" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "staff_id" integer NOT NULL, "sent_by" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_on" date NOT NULL, "email" text NOT NULL, CONSTRAINT "uq_reminder_per_day" UNIQUE ("enrollment_id", "sent_on"), CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reminder_tenant" ON "reminder"  ("tenant_id", "sent_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_reminder_tenant"`);
    await queryRunner.query(`DROP TABLE "reminder"`);
    await queryRunner.query(`DROP TABLE "kpi_target"`);
  }
}
