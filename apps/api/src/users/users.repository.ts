import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@dx/contract';

/** The SQL of accounts: creating them and the passwords people and administrators set. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countAccounts(tenantId: number): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM app_user WHERE tenant_id = $1`,
      [tenantId],
    );
    return count;
  }

  async accountExists(tenantId: number, loginId: string): Promise<boolean> {
    const [existing] = await this.dataSource.query(
      `SELECT 1 FROM app_user WHERE tenant_id = $1 AND login_id = $2`,
      [tenantId, loginId],
    );
    return existing !== undefined;
  }

  async insertAccount(account: {
    tenantId: number;
    loginId: string;
    displayName: string;
    passwordHash: string;
    roles: Role[];
    staffId: number | null;
    mustChangePassword: boolean;
  }): Promise<number> {
    const [row] = await this.dataSource.query(
      `INSERT INTO app_user (tenant_id, login_id, display_name, password_hash, roles, staff_id, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        account.tenantId,
        account.loginId,
        account.displayName,
        account.passwordHash,
        account.roles,
        account.staffId,
        account.mustChangePassword,
      ],
    );
    return row.id;
  }

  /**
   * A password set by an administrator: the account's tokens end, it must be changed at the next sign-in, a lock is
   * lifted. The ids of the accounts it was set on (none when the login id has no account).
   */
  async setPasswordByAdministrator(
    manager: EntityManager,
    tenantId: number,
    loginId: string,
    passwordHash: string,
  ): Promise<{ id: number }[]> {
    const [rows] = await manager.query(
      `UPDATE app_user SET password_hash = $3, must_change_password = true, session_version = session_version + 1,
              failed_login_count = 0, locked_until = NULL
        WHERE tenant_id = $1 AND login_id = $2 RETURNING id`,
      [tenantId, loginId, passwordHash],
    );
    return rows;
  }

  /** A staff member without an account gets one, login id = 職員番号; false when no such person needs one. */
  async openAccountForEmployeeNo(
    manager: EntityManager,
    tenantId: number,
    employeeNo: string,
    passwordHash: string,
  ): Promise<boolean> {
    const created = await manager.query(
      `INSERT INTO app_user (tenant_id, login_id, display_name, password_hash, roles, staff_id, must_change_password)
       SELECT tenant_id, employee_no, name, $3, '{}', id, true FROM staff
        WHERE tenant_id = $1 AND employee_no = $2
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.tenant_id = staff.tenant_id AND u.staff_id = staff.id)
       RETURNING id`,
      [tenantId, employeeNo, passwordHash],
    );
    return created.length > 0;
  }

  /** The names a login id's owner goes by: the account's, and its person's (or the staff member's of that 職員番号). */
  async findOwnerNames(tenantId: number, loginId: string): Promise<(string | null)[]> {
    const rows: { display_name: string | null; name: string | null; name_kana: string | null }[] =
      await this.dataSource.query(
        `SELECT u.display_name, s.name, s.name_kana
           FROM (SELECT $2::text AS login_id) k
           LEFT JOIN app_user u ON u.tenant_id = $1 AND u.login_id = k.login_id
           LEFT JOIN staff s ON s.tenant_id = $1 AND (s.id = u.staff_id OR (u.id IS NULL AND s.employee_no = k.login_id))`,
        [tenantId, loginId],
      );
    return rows.flatMap((r) => [r.display_name, r.name, r.name_kana]);
  }

  async findPasswordHash(tenantId: number, userId: number): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT password_hash FROM app_user WHERE tenant_id = $1 AND id = $2`,
      [tenantId, userId],
    );
    return row?.password_hash ?? null;
  }

  /** The user's own new password: their other tokens end. */
  async setOwnPassword(
    manager: EntityManager,
    tenantId: number,
    userId: number,
    passwordHash: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE app_user SET password_hash = $3, must_change_password = false, session_version = session_version + 1
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, userId, passwordHash],
    );
  }
}
