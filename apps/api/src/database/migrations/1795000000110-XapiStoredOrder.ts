import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statement queries return statements in order of `stored` (Communication 2.1.3: "ascending order of stored
 * time"), ties by `seq`: `stored` is set before the request's transaction and `seq` when its rows are inserted, so
 * under concurrent requests the two orders could disagree (a later `stored` with a smaller `seq`). The query indexes
 * follow the new order; `ix_xapi_statement_seq` stays for the newest `seq` a `more` cursor is bounded by.
 * Also an index on the staff's e-mail as the outside-completions core matches it (lower case), for the short way
 * an LRS batch's completions of unknown people take.
 */
export class XapiStoredOrder1795000000110 implements MigrationInterface {
  name = 'XapiStoredOrder1795000000110';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_verb"`);
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_activity"`);
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_registration"`);
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_stored" ON "xapi_statement" ("tenant_id", "stored", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_verb" ON "xapi_statement" ("tenant_id", "verb_id", "stored", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_activity" ON "xapi_statement" ("tenant_id", "activity_id", "stored", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_registration" ON "xapi_statement" ("tenant_id", "registration", "stored", "seq") WHERE registration IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_email_lower" ON "staff" ("tenant_id", lower("email")) WHERE email IS NOT NULL AND email <> ''`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_staff_email_lower"`);
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_registration"`);
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_activity"`);
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_verb"`);
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_stored"`);
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_verb" ON "xapi_statement" ("tenant_id", "verb_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_activity" ON "xapi_statement" ("tenant_id", "activity_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_registration" ON "xapi_statement" ("tenant_id", "registration", "seq") WHERE registration IS NOT NULL`,
    );
  }
}
