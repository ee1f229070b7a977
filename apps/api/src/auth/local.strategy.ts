import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import type { FastifyRequest } from 'fastify';
import { asSystem, withTenant } from '../database/tenant-context';
import { Problem } from '../common/problem';
import { TenantsService } from '../tenants/tenants.service';
import { AppConfig } from '../config/app-config';
import { AuthService, LOGIN_FAILED_MESSAGE } from './auth.service';
import type { AuthUser } from '../common/auth-user';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly tenants: TenantsService,
    private readonly config: AppConfig,
  ) {
    super({ usernameField: 'loginId', passwordField: 'password', passReqToCallback: true });
  }

  async validate(request: FastifyRequest, loginId: unknown, password: unknown): Promise<AuthUser> {
    if (typeof loginId !== 'string' || typeof password !== 'string') {
      throw new Problem(401, 'login-failed', 'ログインできません', LOGIN_FAILED_MESSAGE);
    }
    const body = (request.body ?? {}) as { tenantCode?: unknown };
    // The tenant named in the body, else the host's (TENANT_HOSTS), else the deployment's default. On a host that
    // belongs to a tenant, no other tenant may be signed in to (its session would be refused there anyway).
    const hostCode = this.tenants.hostTenantCode(request.hostname);
    const named =
      typeof body.tenantCode === 'string' && body.tenantCode.trim() ? body.tenantCode.trim() : undefined;
    const tenantCode = named ?? hostCode ?? this.config.DEFAULT_TENANT_CODE;
    const tenant =
      hostCode !== undefined && hostCode !== tenantCode
        ? null
        : await asSystem(() => this.tenants.findByCode(tenantCode));
    const user = tenant
      ? await withTenant(tenant.id, () =>
          this.auth.verifyCredentials(tenant.id, loginId.trim(), password, request.ip),
        )
      : null;
    if (!user) throw new Problem(401, 'login-failed', 'ログインできません', LOGIN_FAILED_MESSAGE);
    if (
      user.staffId !== null &&
      (await withTenant(user.tenantId, () => this.auth.passwordLoginClosedToStaff(user.tenantId)))
    )
      throw new Problem(
        403,
        'sso-required',
        'シングルサインオンでログインしてください',
        'この団体の職員は、パスワードではなく「シングルサインオンでログイン」からログインします。',
      );
    return user;
  }
}
