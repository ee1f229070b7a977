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
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
    private readonly users: UsersRepository,
  ) {}

  /** First start: a tenant without any user gets the system administrator named by the environment. */
  async ensureFirstAdministrator(tenantId: number, loginId?: string, password?: string): Promise<boolean> {
    if ((await this.users.countAccounts(tenantId)) > 0) return false;
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
    if (await this.users.accountExists(platformTenantId, loginId)) return false;
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
    return this.users.insertAccount({
      tenantId,
      loginId: user.loginId,
      displayName: user.displayName,
      passwordHash: await hashPassword(user.password),
      roles: user.roles,
      staffId: user.staffId ?? null,
      mustChangePassword,
    });
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
      const updated = await this.users.setPasswordByAdministrator(manager, admin.tenantId, loginId, hash);
      if (updated.length === 0) {
        const created = await this.users.openAccountForEmployeeNo(manager, admin.tenantId, loginId, hash);
        if (!created) throw Problem.notFound(`ログインID「${loginId}」の利用者・職員は見つかりません。`);
      }
      await this.audit.record(
        { tenantId: admin.tenantId, actor: admin, action: 'password.set_by_admin', target: loginId, ip },
        manager,
      );
      return updated;
    });
    // Committed: the old tokens' cached user goes now, so the next request with one is refused.
    for (const { id } of revoked) this.sessions.evictUser(id);
  }

  /** What a password must not be built from: the login id and the person's names (kanji, kana, as displayed). */
  private async ownerOf(tenantId: number, loginId: string): Promise<PasswordOwner> {
    return { loginId, names: await this.users.findOwnerNames(tenantId, loginId) };
  }

  async changeOwnPassword(
    user: AuthUser,
    currentPassword: string,
    password: string,
    ip: string,
  ): Promise<void> {
    const hash = await this.users.findPasswordHash(user.tenantId, user.userId);
    if (!hash || !(await verifyPassword(hash, currentPassword))) {
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
      await this.users.setOwnPassword(manager, user.tenantId, user.userId, await hashPassword(password));
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: 'password.changed', ip },
        manager,
      );
    });
    // Every token issued before is refused from the next request on (the caller issues this session a new one).
    this.sessions.evictUser(user.userId);
  }
}
