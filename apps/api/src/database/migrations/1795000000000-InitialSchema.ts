import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants, the org chart with history, positions, staff with their assignments, users and the audit log. */
export class InitialSchema1795000000000 implements MigrationInterface {
  name = 'InitialSchema1795000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "tenant_id" integer, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_user_id" integer, "actor_login_id" text, "action" character varying(60) NOT NULL, "target" text, "detail" jsonb, "ip" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_log_tenant_time" ON "audit_log"  ("tenant_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "tenant" ("id" SERIAL NOT NULL, "code" character varying(50) NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b1bb8505abe259d04b317bd7999" UNIQUE ("code"), CONSTRAINT "PK_da8c6efd67bb301e810e56ac139" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "org_unit" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "code" character varying(20) NOT NULL, CONSTRAINT "uq_org_unit_code" UNIQUE ("tenant_id", "code"), CONSTRAINT "PK_ba1c59043dc14bb66023c1d07c7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "org_unit_version" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "unit_id" integer NOT NULL, "name" text NOT NULL, "kind" character varying(4) NOT NULL, "parent_unit_id" integer, "path" text COLLATE "C" NOT NULL, "valid_from" date NOT NULL, "valid_to" date, CONSTRAINT "PK_672ad62119788d6bb35223f0880" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ix_org_unit_version_unit" ON "org_unit_version"  ("unit_id", "valid_from")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_org_unit_version_path" ON "org_unit_version"  ("tenant_id", "path")`,
    );
    await queryRunner.query(
      `CREATE TABLE "position" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "name" character varying(50) NOT NULL, "level" smallint NOT NULL, "sort_order" smallint NOT NULL DEFAULT '0', CONSTRAINT "uq_position_name" UNIQUE ("tenant_id", "name"), CONSTRAINT "PK_b7f483581562b4dc62ae1a5b7e2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "employee_no" character varying(20) NOT NULL, "name" text NOT NULL, "name_kana" text NOT NULL, "email" text, "employment_type" character varying(20) NOT NULL, "hired_on" date NOT NULL, "promoted_on" date NOT NULL, "left_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_staff_employee_no" UNIQUE ("tenant_id", "employee_no"), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_staff_email" ON "staff"  ("tenant_id", "email")`);
    await queryRunner.query(
      `CREATE TABLE "staff_assignment" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "staff_id" integer NOT NULL, "unit_id" integer NOT NULL, "position_id" integer NOT NULL, "employment_type" character varying(20) NOT NULL, "assigned_on" date NOT NULL, "valid_from" date NOT NULL, "valid_to" date, CONSTRAINT "PK_886669dd0645418f1d6009427b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_assignment_unit" ON "staff_assignment"  ("tenant_id", "unit_id", "valid_from")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ix_staff_assignment_staff" ON "staff_assignment"  ("staff_id", "valid_from")`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "login_id" character varying(50) NOT NULL, "staff_id" integer, "display_name" text NOT NULL, "password_hash" text, "roles" text array NOT NULL DEFAULT '{}', "must_change_password" boolean NOT NULL DEFAULT false, "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "session_version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_5e8b805bbea21a5a44ce1176bb9" UNIQUE ("staff_id"), CONSTRAINT "uq_app_user_login" UNIQUE ("tenant_id", "login_id"), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD CONSTRAINT "FK_6fc20b83b5063b4da856e862050" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_version" ADD CONSTRAINT "FK_4197262127cba4e23295b4eb3cc" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_version" ADD CONSTRAINT "FK_5c1bf99fb88a60029733d96a980" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_version" ADD CONSTRAINT "FK_9b9f48fc36fc749ba11a61aa72d" FOREIGN KEY ("parent_unit_id") REFERENCES "org_unit"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "position" ADD CONSTRAINT "FK_9a2892fc145d4a275a67bc591bb" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_dd6d1520e1075d9c09b4e2659bd" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" ADD CONSTRAINT "FK_2b09a0805c725f6440ca8ad5c2c" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" ADD CONSTRAINT "FK_653eeba91139474ac0994f8656b" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" ADD CONSTRAINT "FK_f684d3591f1c23192e9c88fc7fa" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" ADD CONSTRAINT "FK_4c9c5f28b41fdcf84e766f8b87b" FOREIGN KEY ("position_id") REFERENCES "position"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_29ed668eb2c458a129aa6bbd31a" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_5e8b805bbea21a5a44ce1176bb9" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_5e8b805bbea21a5a44ce1176bb9"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_29ed668eb2c458a129aa6bbd31a"`);
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" DROP CONSTRAINT "FK_4c9c5f28b41fdcf84e766f8b87b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" DROP CONSTRAINT "FK_f684d3591f1c23192e9c88fc7fa"`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" DROP CONSTRAINT "FK_653eeba91139474ac0994f8656b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_assignment" DROP CONSTRAINT "FK_2b09a0805c725f6440ca8ad5c2c"`,
    );
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_dd6d1520e1075d9c09b4e2659bd"`);
    await queryRunner.query(`ALTER TABLE "position" DROP CONSTRAINT "FK_9a2892fc145d4a275a67bc591bb"`);
    await queryRunner.query(
      `ALTER TABLE "org_unit_version" DROP CONSTRAINT "FK_9b9f48fc36fc749ba11a61aa72d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_version" DROP CONSTRAINT "FK_5c1bf99fb88a60029733d96a980"`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_version" DROP CONSTRAINT "FK_4197262127cba4e23295b4eb3cc"`,
    );
    await queryRunner.query(`ALTER TABLE "org_unit" DROP CONSTRAINT "FK_6fc20b83b5063b4da856e862050"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_assignment_staff"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_assignment_unit"`);
    await queryRunner.query(`DROP TABLE "staff_assignment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_email"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TABLE "position"`);
    await queryRunner.query(`DROP INDEX "public"."ix_org_unit_version_path"`);
    await queryRunner.query(`DROP INDEX "public"."ix_org_unit_version_unit"`);
    await queryRunner.query(`DROP TABLE "org_unit_version"`);
    await queryRunner.query(`DROP TABLE "org_unit"`);
    await queryRunner.query(`DROP TABLE "tenant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_tenant_time"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
