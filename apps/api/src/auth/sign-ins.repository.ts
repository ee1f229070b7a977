import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@dx/contract';
import { MANAGER_LEVEL } from '../common/auth-user';
import { runPrepared, type PreparedStatement } from '../database/prepared';
import { run, sql, type Sql } from '../database/sql';

/** An account as a sign-in needs it: the account, its person, and the unit it manages on the day asked. */
export interface SignInAccountRow {
  id: number;
  tenant_id: number;
  login_id: string;
  display_name: string;
  password_hash: string | null;
  roles: Role[];
  staff_id: number | null;
  employee_no: string | null;
  left_on: string | null;
  must_change_password: boolean;
  failed_login_count: number;
  locked_until: Date | null;
  session_version: number;
  managed_unit_id: number | null;
  managed_code: string | null;
  managed_name: string | null;
  managed_path: string | null;
}

/** The SQL of signing in: accounts, failed-login counting and the sign-ins (user_session) a token belongs to. */
@Injectable()
export class SignInsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findAccountByLogin(
    tenantId: number,
    loginId: string,
    today: string,
  ): Promise<SignInAccountRow | null> {
    const [row] = await run<SignInAccountRow>(
      this.dataSource,
      accountSelect(sql`u.tenant_id = ${tenantId} AND u.login_id = ${loginId}`, sql`${today}::date`),
    );
    return row ?? null;
  }

  async findAccountOfStaff(
    tenantId: number,
    staffId: number,
    today: string,
  ): Promise<SignInAccountRow | null> {
    const [row] = await run<SignInAccountRow>(
      this.dataSource,
      accountSelect(sql`u.tenant_id = ${tenantId} AND u.staff_id = ${staffId}`, sql`${today}::date`),
    );
    return row ?? null;
  }

  /** Every authenticated request not answered from the session cache runs this one: a prepared statement. */
  async findAccountById(userId: number, tenantId: number, today: string): Promise<SignInAccountRow | null> {
    const [row] = await runPrepared<SignInAccountRow>(this.dataSource, ACCOUNT_BY_ID, [
      userId,
      tenantId,
      today,
    ]);
    return row ?? null;
  }

  async clearFailedLogins(tenantId: number, userId: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE app_user SET failed_login_count = 0, locked_until = NULL
        WHERE tenant_id = $1 AND id = $2 AND failed_login_count > 0`,
      [tenantId, userId],
    );
  }

  /**
   * One more failed login; the `limit`th locks the account until `lockedUntil` and starts the count again. The lock's
   * end is a parameter, not `now()`: Citus refuses a volatile function inside the CASE of an UPDATE.
   */
  async countFailedLogin(tenantId: number, userId: number, limit: number, lockedUntil: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE app_user
         SET failed_login_count = CASE WHEN failed_login_count + 1 >= $3 THEN 0 ELSE failed_login_count + 1 END,
             locked_until = CASE WHEN failed_login_count + 1 >= $3 THEN $4::timestamptz END
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, userId, limit, lockedUntil],
    );
  }

  async findStaffByEmployeeNo(
    tenantId: number,
    employeeNo: string,
  ): Promise<{ id: number; left_on: string | null } | undefined> {
    const [person] = await this.dataSource.query(
      `SELECT id, left_on FROM staff WHERE tenant_id = $1 AND employee_no = $2`,
      [tenantId, employeeNo],
    );
    return person;
  }

  /** A person on the roster without an account gets one (login id = 職員番号, no password); others keep theirs. */
  async openAccountForStaff(tenantId: number, staffId: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO app_user (tenant_id, login_id, display_name, password_hash, roles, staff_id, must_change_password)
       SELECT tenant_id, employee_no, name, NULL, '{}', id, false FROM staff
        WHERE tenant_id = $1 AND id = $2
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.tenant_id = staff.tenant_id AND u.staff_id = staff.id)
       ON CONFLICT DO NOTHING`,
      [tenantId, staffId],
    );
  }

  /** Whether an identity provider of the tenant (OpenID Connect or SAML) has closed the password login to staff. */
  async isPasswordLoginClosedToStaff(tenantId: number): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM oidc_provider WHERE tenant_id = $1 AND NOT password_login_for_staff
       UNION ALL
       SELECT 1 FROM saml_provider WHERE tenant_id = $1 AND NOT password_login_for_staff`,
      [tenantId],
    );
    return row !== undefined;
  }

  /** Marks an existing sign-in of the user as active again; undefined when there is none with that sid. */
  async renewSession(
    manager: EntityManager,
    tenantId: number,
    sid: string,
    userId: number,
  ): Promise<string | undefined> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [[current]]: [{ sid: string }[]] = await manager.query(
      `UPDATE user_session SET last_seen_at = now() WHERE tenant_id = $1 AND sid = $2 AND user_id = $3 RETURNING sid`,
      [tenantId, sid, userId],
    );
    return current?.sid;
  }

  /** The user's latest sign-in other than `sid`. */
  async findLatestOtherSession(
    manager: EntityManager,
    tenantId: number,
    userId: number,
    sid: string,
  ): Promise<{ created_at: Date; ip: string } | undefined> {
    const [before] = await manager.query(
      `SELECT created_at, ip FROM user_session WHERE tenant_id = $1 AND user_id = $2 AND sid <> $3
        ORDER BY created_at DESC LIMIT 1`,
      [tenantId, userId, sid],
    );
    return before;
  }

  /** Sign-ins older than any token could live are of no more use, except the latest ("last login"). */
  async deleteExpiredSessions(
    manager: EntityManager,
    tenantId: number,
    userId: number,
    tokenSeconds: number,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM user_session WHERE tenant_id = $1 AND user_id = $2 AND created_at < now() - make_interval(secs => $3)
          AND sid <> (SELECT l.sid FROM user_session l WHERE l.tenant_id = $1 AND l.user_id = $2
                       ORDER BY l.created_at DESC LIMIT 1)`,
      [tenantId, userId, tokenSeconds],
    );
  }

  async insertSession(
    manager: EntityManager,
    session: { sid: string; tenantId: number; userId: number; ip: string; sealedIdToken?: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO user_session (sid, tenant_id, user_id, ip, oidc_id_token) VALUES ($1, $2, $3, $4, $5)`,
      [session.sid, session.tenantId, session.userId, session.ip, session.sealedIdToken ?? null],
    );
  }

  /** The sealed ID token an OpenID Connect sign-in left with its session (null: another kind of sign-in, or gone). */
  async findSessionIdToken(
    manager: EntityManager,
    tenantId: number,
    sid: string,
    userId: number,
  ): Promise<string | null> {
    const [row]: { oidc_id_token: string | null }[] = await manager.query(
      `SELECT oidc_id_token FROM user_session WHERE tenant_id = $1 AND sid = $2 AND user_id = $3`,
      [tenantId, sid, userId],
    );
    return row?.oidc_id_token ?? null;
  }

  async findSessionVersion(manager: EntityManager, tenantId: number, userId: number): Promise<number> {
    const [version]: { session_version: number }[] = await manager.query(
      `SELECT session_version FROM app_user WHERE tenant_id = $1 AND id = $2`,
      [tenantId, userId],
    );
    return version.session_version;
  }

  /** Records activity on a sign-in that has not been idle for `idleMinutes`; false when it has (or is gone). */
  async touchLiveSession(
    tenantId: number,
    sid: string,
    userId: number,
    idleMinutes: number,
  ): Promise<boolean> {
    const [rows] = await this.dataSource.query(
      `UPDATE user_session SET last_seen_at = now()
        WHERE tenant_id = $1 AND sid = $2 AND user_id = $3 AND last_seen_at > now() - make_interval(mins => $4)
        RETURNING 1`,
      [tenantId, sid, userId, idleMinutes],
    );
    return rows.length > 0;
  }

  /** The sign-in before the session `sid` (or the latest, without one). */
  async findSessionBefore(
    tenantId: number,
    userId: number,
    sid: string | null,
  ): Promise<{ created_at: Date; ip: string } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT created_at, ip FROM user_session WHERE tenant_id = $1 AND user_id = $2 AND sid IS DISTINCT FROM $3
         AND created_at <= coalesce((SELECT c.created_at FROM user_session c WHERE c.tenant_id = $1 AND c.sid = $3), now())
       ORDER BY created_at DESC LIMIT 1`,
      [tenantId, userId, sid],
    );
    return row;
  }

  /** Ends every token of the user issued under `sessionVersion`; the login id when it did, null when it had moved on. */
  async advanceSessionVersion(
    manager: EntityManager,
    userId: number,
    tenantId: number,
    sessionVersion: number,
  ): Promise<string | null> {
    const [rows] = await manager.query(
      `UPDATE app_user SET session_version = session_version + 1
        WHERE id = $1 AND tenant_id = $2 AND session_version = $3 RETURNING login_id`,
      [userId, tenantId, sessionVersion],
    );
    return rows.length === 0 ? null : rows[0].login_id;
  }
}

/** An account of a tenant that is not disabled, with its person, and the unit it manages on the day `today`. */
function accountSelect(where: Sql, today: Sql): Sql {
  return sql`SELECT u.id, u.tenant_id, u.login_id, coalesce(s.name, u.display_name) AS display_name, u.password_hash, u.roles, u.staff_id,
                 u.must_change_password, u.failed_login_count, u.locked_until, u.session_version,
                 s.employee_no, s.left_on,
                 mu.id AS managed_unit_id, mu.code AS managed_code, mv.name AS managed_name, mv.path AS managed_path
            FROM app_user u
            JOIN tenant t ON t.id = u.tenant_id AND t.disabled_at IS NULL
            LEFT JOIN staff s ON s.tenant_id = u.tenant_id AND s.id = u.staff_id
            LEFT JOIN staff_assignment a ON a.tenant_id = u.tenant_id AND a.staff_id = s.id
                 AND a.valid_from <= ${today} AND (a.valid_to IS NULL OR a.valid_to > ${today})
            LEFT JOIN position p ON p.tenant_id = u.tenant_id AND p.id = a.position_id
                 AND p.level >= ${sql.raw(String(MANAGER_LEVEL))}
            LEFT JOIN org_unit mu ON mu.tenant_id = u.tenant_id AND mu.id = a.unit_id AND p.id IS NOT NULL
            LEFT JOIN org_unit_version mv ON mv.tenant_id = u.tenant_id AND mv.unit_id = mu.id
                 AND mv.valid_from <= ${today} AND (mv.valid_to IS NULL OR mv.valid_to > ${today})
           WHERE ${where}`;
}

/** Prepared once per connection: the same text on every run ($1 user, $2 tenant, $3 the day). */
const ACCOUNT_BY_ID: PreparedStatement = {
  name: 'auth_user_by_id',
  text: accountSelect(sql.raw('u.id = $1 AND u.tenant_id = $2'), sql.raw('$3::date')).toQuery().text,
};
