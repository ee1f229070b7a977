import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-ins, for the idle timeout and the "last login" shown after the next one. */
export class UserSessions1795000000009 implements MigrationInterface {
  name = 'UserSessions1795000000009';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_session" ("sid" character varying(32) NOT NULL, "tenant_id" integer NOT NULL, "user_id" integer NOT NULL, "ip" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_user_session_sid" PRIMARY KEY ("sid"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_user_session_user" ON "user_session" ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "user_session" ADD CONSTRAINT "FK_13275383dcdf095ee29f2b3455a" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_session"`);
  }
}
