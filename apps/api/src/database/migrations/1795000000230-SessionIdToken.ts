import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ID token of an OpenID Connect sign-in, sealed (SecretBox, bound to the tenant), kept with its session: logout
 * gives it to the provider's end_session_endpoint as `id_token_hint` (RP-initiated logout). Null for other sign-ins.
 */
export class SessionIdToken1795000000230 implements MigrationInterface {
  name = 'SessionIdToken1795000000230';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_session" ADD "oidc_id_token" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_session" DROP COLUMN "oidc_id_token"`);
  }
}
