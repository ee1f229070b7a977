import { MigrationInterface, QueryRunner } from 'typeorm';

/** The catalogue (tracks, courses, versioned modules, quiz questions, rules), enrolments and progress,
 * certificates, and the promoter and specialist rosters. */
export class CatalogueAndEnrolments1795000000002 implements MigrationInterface {
  name = 'CatalogueAndEnrolments1795000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "track" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "code" character varying(30) NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "sort_order" smallint NOT NULL DEFAULT '0', CONSTRAINT "uq_track_code" UNIQUE ("tenant_id", "code"), CONSTRAINT "PK_0631b9bcf521f8fab3a15f2c37e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "course" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "code" character varying(40) NOT NULL, "track_id" integer NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "estimated_minutes" integer NOT NULL DEFAULT '0', "skill_area" text, "published_version" integer NOT NULL DEFAULT '1', CONSTRAINT "uq_course_code" UNIQUE ("tenant_id", "code"), CONSTRAINT "PK_bf95180dd756fd204fb01ce4916" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "course_module" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "course_id" integer NOT NULL, "version" integer NOT NULL DEFAULT '1', "position" smallint NOT NULL, "kind" character varying(20) NOT NULL, "title" text NOT NULL, "required" boolean NOT NULL DEFAULT true, "content" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_9d04c56010223c5997cc71093b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_course_module_course" ON "course_module"  ("course_id", "version", "position")`,
    );
    await queryRunner.query(
      `CREATE TABLE "quiz_question" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "module_id" integer NOT NULL, "position" smallint NOT NULL, "kind" character varying(10) NOT NULL, "text" text NOT NULL, "choices" jsonb NOT NULL, "explanation" text NOT NULL DEFAULT '', CONSTRAINT "PK_0bab74c2a71b9b3f8a941104083" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_quiz_question_module" ON "quiz_question"  ("module_id", "position")`,
    );
    await queryRunner.query(
      `CREATE TABLE "assignment_rule" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "course_id" integer NOT NULL, "trigger" jsonb NOT NULL, "due" jsonb NOT NULL, "employment_types" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_c4cc990e5e2382ac7eeec949b57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_assignment_rule_tenant" ON "assignment_rule"  ("tenant_id")`);
    await queryRunner.query(
      `CREATE TABLE "enrollment" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "staff_id" integer NOT NULL, "course_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "course_version" integer NOT NULL, "source" character varying(10) NOT NULL, "rule_id" integer, "trigger_date" date NOT NULL, "due_date" date NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "completed_on" date, "completion_source" character varying(20), "exempt_reason" text, "exempted_at" TIMESTAMP WITH TIME ZONE, "exempted_by" integer, "ended_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_enrollment" UNIQUE ("staff_id", "course_id", "fiscal_year"), CONSTRAINT "PK_7e200c699fa93865cdcdd025885" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_enrollment_year_course" ON "enrollment"  ("tenant_id", "fiscal_year", "course_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "module_progress" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "module_id" integer NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "source" character varying(20) NOT NULL, CONSTRAINT "uq_module_progress" UNIQUE ("enrollment_id", "module_id"), CONSTRAINT "PK_29f00069652b2ea973d36e6db99" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "quiz_attempt" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "module_id" integer NOT NULL, "attempt_no" smallint NOT NULL, "drawn" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP WITH TIME ZONE, "score" smallint, "passed" boolean, "answers" jsonb, CONSTRAINT "uq_quiz_attempt" UNIQUE ("enrollment_id", "module_id", "attempt_no"), CONSTRAINT "PK_9a6c33ec08b4bcb74ca27701a94" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "assignment_submission" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "module_id" integer NOT NULL, "text" text, "file_name" text, "file_type" text, "file_data" bytea, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" character varying(10) NOT NULL DEFAULT 'submitted', "evaluator_comment" text, "evaluated_by" integer, "evaluated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_098e58241f975dce9d82c759034" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_submission_enrollment" ON "assignment_submission"  ("enrollment_id", "module_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "certificate" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "enrollment_id" integer NOT NULL, "serial" character varying(40) NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a11a0623f33563e8f878875553a" UNIQUE ("enrollment_id"), CONSTRAINT "UQ_088cd8b7854860bc8669b6898e1" UNIQUE ("serial"), CONSTRAINT "PK_8daddfc65f59e341c2bbc9c9e43" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "promoter_designation" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "staff_id" integer NOT NULL, "fiscal_year" smallint NOT NULL, "designated_on" date NOT NULL, CONSTRAINT "uq_promoter_designation" UNIQUE ("staff_id", "fiscal_year"), CONSTRAINT "PK_abb40eac4b17d7c42ac9cda4f23" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "specialist_cohort" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "code" character varying(40) NOT NULL, "name" text NOT NULL, "fiscal_year" smallint NOT NULL, "due_date" date, CONSTRAINT "uq_specialist_cohort" UNIQUE ("tenant_id", "code"), CONSTRAINT "PK_4c3f6f6bf1ad27f1907288911a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cohort_member" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "cohort_id" integer NOT NULL, "staff_id" integer NOT NULL, "stage" character varying(10) NOT NULL DEFAULT '基礎', "joined_on" date NOT NULL, "certified_on" date, CONSTRAINT "uq_cohort_member" UNIQUE ("cohort_id", "staff_id"), CONSTRAINT "PK_d657d5d8d44f0b4d2577f6fd327" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "track" ADD CONSTRAINT "FK_a8cd95ff322ea780810c024eea8" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course" ADD CONSTRAINT "FK_436db49b44a433f2a64210ee503" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course" ADD CONSTRAINT "FK_0476bafe4696e27d9748637f35a" FOREIGN KEY ("track_id") REFERENCES "track"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "course_module" ADD CONSTRAINT "FK_65395710ac88af450c5123f0306" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "quiz_question" ADD CONSTRAINT "FK_b20c44bf62dd187a8267cf3f33d" FOREIGN KEY ("module_id") REFERENCES "course_module"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rule" ADD CONSTRAINT "FK_374824d7dd25c5b10b0de7484d3" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollment" ADD CONSTRAINT "FK_045e7bce82010f02a8df86bd959" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollment" ADD CONSTRAINT "FK_dd1ce01d1164c8bbdda052ced74" FOREIGN KEY ("course_id") REFERENCES "course"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "module_progress" ADD CONSTRAINT "FK_0a74a687b5ec47710e798b11294" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "module_progress" ADD CONSTRAINT "FK_f8100e4c38116de5fce6d21b063" FOREIGN KEY ("module_id") REFERENCES "course_module"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "quiz_attempt" ADD CONSTRAINT "FK_1fc7c68a73aeaa1be5a3326760c" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_submission" ADD CONSTRAINT "FK_1e7d2b0e04ebbeb8f4a1e0e176d" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate" ADD CONSTRAINT "FK_a11a0623f33563e8f878875553a" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "promoter_designation" ADD CONSTRAINT "FK_929b34b56d0e826b91d35959e75" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_member" ADD CONSTRAINT "FK_de0063c169e19702b1391a8dc8c" FOREIGN KEY ("cohort_id") REFERENCES "specialist_cohort"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cohort_member" ADD CONSTRAINT "FK_a32f58d7b6fdf77417d0f33488c" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cohort_member" DROP CONSTRAINT "FK_a32f58d7b6fdf77417d0f33488c"`);
    await queryRunner.query(`ALTER TABLE "cohort_member" DROP CONSTRAINT "FK_de0063c169e19702b1391a8dc8c"`);
    await queryRunner.query(
      `ALTER TABLE "promoter_designation" DROP CONSTRAINT "FK_929b34b56d0e826b91d35959e75"`,
    );
    await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_a11a0623f33563e8f878875553a"`);
    await queryRunner.query(
      `ALTER TABLE "assignment_submission" DROP CONSTRAINT "FK_1e7d2b0e04ebbeb8f4a1e0e176d"`,
    );
    await queryRunner.query(`ALTER TABLE "quiz_attempt" DROP CONSTRAINT "FK_1fc7c68a73aeaa1be5a3326760c"`);
    await queryRunner.query(`ALTER TABLE "module_progress" DROP CONSTRAINT "FK_f8100e4c38116de5fce6d21b063"`);
    await queryRunner.query(`ALTER TABLE "module_progress" DROP CONSTRAINT "FK_0a74a687b5ec47710e798b11294"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "FK_dd1ce01d1164c8bbdda052ced74"`);
    await queryRunner.query(`ALTER TABLE "enrollment" DROP CONSTRAINT "FK_045e7bce82010f02a8df86bd959"`);
    await queryRunner.query(`ALTER TABLE "assignment_rule" DROP CONSTRAINT "FK_374824d7dd25c5b10b0de7484d3"`);
    await queryRunner.query(`ALTER TABLE "quiz_question" DROP CONSTRAINT "FK_b20c44bf62dd187a8267cf3f33d"`);
    await queryRunner.query(`ALTER TABLE "course_module" DROP CONSTRAINT "FK_65395710ac88af450c5123f0306"`);
    await queryRunner.query(`ALTER TABLE "course" DROP CONSTRAINT "FK_0476bafe4696e27d9748637f35a"`);
    await queryRunner.query(`ALTER TABLE "course" DROP CONSTRAINT "FK_436db49b44a433f2a64210ee503"`);
    await queryRunner.query(`ALTER TABLE "track" DROP CONSTRAINT "FK_a8cd95ff322ea780810c024eea8"`);
    await queryRunner.query(`DROP TABLE "cohort_member"`);
    await queryRunner.query(`DROP TABLE "specialist_cohort"`);
    await queryRunner.query(`DROP TABLE "promoter_designation"`);
    await queryRunner.query(`DROP TABLE "certificate"`);
    await queryRunner.query(`DROP INDEX "public"."ix_submission_enrollment"`);
    await queryRunner.query(`DROP TABLE "assignment_submission"`);
    await queryRunner.query(`DROP TABLE "quiz_attempt"`);
    await queryRunner.query(`DROP TABLE "module_progress"`);
    await queryRunner.query(`DROP INDEX "public"."ix_enrollment_year_course"`);
    await queryRunner.query(`DROP TABLE "enrollment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_assignment_rule_tenant"`);
    await queryRunner.query(`DROP TABLE "assignment_rule"`);
    await queryRunner.query(`DROP INDEX "public"."ix_quiz_question_module"`);
    await queryRunner.query(`DROP TABLE "quiz_question"`);
    await queryRunner.query(`DROP INDEX "public"."ix_course_module_course"`);
    await queryRunner.query(`DROP TABLE "course_module"`);
    await queryRunner.query(`DROP TABLE "course"`);
    await queryRunner.query(`DROP TABLE "track"`);
  }
}
