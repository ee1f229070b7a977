import { MigrationInterface, QueryRunner } from 'typeorm';

/** The matrix shows when each person on its page was last reminded: their reminders by person, newest day last. */
export class ReminderStaffIndex1795000000020 implements MigrationInterface {
  name = 'ReminderStaffIndex1795000000020';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_reminder_staff" ON "reminder" ("staff_id", "sent_on")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_reminder_staff"`);
  }
}
