import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { PasswordOwner } from '@dx/domain';
import { hashPassword, passwordPolicyErrors, verifyPassword } from './passwords';
import { SessionCache } from './session-cache';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {}

  /** First start: a tenant without any user gets the system administrator named by the environment. */
  async ensureFirstAdministrator(tenantId: number, loginId?: string, password?: string): Promise<boolean> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*) AS count FROM app_user WHERE tenant_id = $1`,
      [tenantId],
    );
    if (count > 0) return false;
    if (!loginId || !password) {
      this.logger.warn(
        'No user exists yet: set ADMIN_LOGIN_ID and ADMIN_PASSWORD to create the first administrator.',
      );
      return false;
    }
    await this.createUser(tenantId, {
      loginId,
      displayName: 'システム管理者',
      password,
      roles: ['sysadmin', 'hr'],
    });
    await this.audit.record({ tenantId, actorLoginId: 'system', action: 'user.created', target: loginId });
    this.logger.log(`Created the first system administrator "${loginId}".`);
    return true;
  }

  /**
   * The platform operator (PLATFORM_ADMIN_LOGIN_ID / PLATFORM_ADMIN_PASSWORD) is a user of the platform tenant with
   * the one role `platform_admin`. Created once; a later start leaves the account (and its password) as it is.
   */
  async ensurePlatformOperator(
    platformTenantId: number,
    loginId: string,
    password: string,
  ): Promise<boolean> {
    const [existing] = await this.dataSource.query(
      `SELECT 1 FROM app_user WHERE tenant_id = $1 AND login_id = $2`,
      [platformTenantId, loginId],
    );
    if (existing) return false;
    await this.createUser(platformTenantId, {
      loginId,
      displayName: 'プラットフォーム運用者',
      password,
      roles: ['platform_admin'],
    });
    await this.audit.record({
      tenantId: platformTenantId,
      actorLoginId: 'system',
      action: 'user.created',
      target: loginId,
    });
    this.logger.log(`Created the platform operator "${loginId}".`);
    return true;
  }

  async createUser(
    tenantId: number,
    user: { loginId: string; displayName: string; password: string; roles: Role[]; staffId?: number | null },
    mustChangePassword = false,
  ): Promise<number> {
    const [row] = await this.dataSource.query(
      `INSERT INTO app_user (tenant_id, login_id, display_name, password_hash, roles, staff_id, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        tenantId,
        user.loginId,
        user.displayName,
        await hashPassword(user.password),
        user.roles,
        user.staffId ?? null,
        mustChangePassword,
      ],
    );
    return row.id;
  }

  /**
   * An administrator sets a password. A staff member without an account yet gets one (login id = 職員番号).
   * Tokens issued before stop working, and the user must choose their own password next.
   */
  async setPasswordByAdministrator(
    admin: AuthUser,
    loginId: string,
    password: string,
    ip: string,
  ): Promise<void> {
    const errors = passwordPolicyErrors(password, await this.ownerOf(admin.tenantId, loginId));
    if (errors.length) throw Problem.validation(errors);
    const hash = await hashPassword(password);
    const revoked = await this.dataSource.transaction(async (manager) => {
      const updated = await manager.query(
        `UPDATE app_user SET password_hash = $3, must_change_password = true, session_version = session_version + 1,
                failed_login_count = 0, locked_until = NULL
          WHERE tenant_id = $1 AND login_id = $2 RETURNING id`,
        [admin.tenantId, loginId, hash],
      );
      if (updated[0].length === 0) {
        const created = await manager.query(
          `INSERT INTO app_user (tenant_id, login_id, display_name, password_hash, roles, staff_id, must_change_password)
           SELECT tenant_id, employee_no, name, $3, '{}', id, true FROM staff
            WHERE tenant_id = $1 AND employee_no = $2 AND NOT EXISTS (SELECT 1 FROM app_user WHERE staff_id = staff.id)
           RETURNING id`,
          [admin.tenantId, loginId, hash],
        );
        if (created.length === 0)
          throw Problem.notFound(`ログインID「${loginId}」の利用者・職員は見つかりません。`);
      }
      await this.audit.record(
        { tenantId: admin.tenantId, actor: admin, action: 'password.set_by_admin', target: loginId, ip },
        manager,
      );
      return updated[0] as { id: number }[];
    });
    // Committed: the old tokens' cached user goes now, so the next request with one is refused.
    for (const { id } of revoked) this.sessions.evictUser(id);
  }

  /** What a password must not be built from: the login id and the person's names (kanji, kana, as displayed). */
  private async ownerOf(tenantId: number, loginId: string): Promise<PasswordOwner> {
    const rows: { display_name: string | null; name: string | null; name_kana: string | null }[] =
      await this.dataSource.query(
        `SELECT u.display_name, s.name, s.name_kana
           FROM (SELECT $2::text AS login_id) k
           LEFT JOIN app_user u ON u.tenant_id = $1 AND u.login_id = k.login_id
           LEFT JOIN staff s ON s.tenant_id = $1 AND (s.id = u.staff_id OR (u.id IS NULL AND s.employee_no = k.login_id))`,
        [tenantId, loginId],
      );
    return { loginId, names: rows.flatMap((r) => [r.display_name, r.name, r.name_kana]) };
  }

  async changeOwnPassword(
    user: AuthUser,
    currentPassword: string,
    password: string,
    ip: string,
  ): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT password_hash FROM app_user WHERE id = $1`, [
      user.userId,
    ]);
    if (!row?.password_hash || !(await verifyPassword(row.password_hash, currentPassword))) {
      throw Problem.validation([
        { field: 'currentPassword', message: '現在のパスワードが正しくありません。' },
      ]);
    }
    const errors = passwordPolicyErrors(password, await this.ownerOf(user.tenantId, user.loginId));
    if (currentPassword === password) {
      errors.push({
        field: 'password',
        message: '新しいパスワードは現在のパスワードと別のものにしてください。',
      });
    }
    if (errors.length) throw Problem.validation(errors);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE app_user SET password_hash = $2, must_change_password = false, session_version = session_version + 1
          WHERE id = $1`,
        [user.userId, await hashPassword(password)],
      );
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: 'password.changed', ip },
        manager,
      );
    });
    // Every token issued before is refused from the next request on (the caller issues this session a new one).
    this.sessions.evictUser(user.userId);
  }
}
