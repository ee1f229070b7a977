import { withTenant } from '../database/tenant-context';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { LoginResponse, Role } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth-user';
import { AppConfig } from '../config/app-config';
import { DECOY_HASH_PROMISE, verifyPassword } from '../users/passwords';
import { CachedUser, SessionCache } from '../users/session-cache';
import { SignInAccountRow, SignInsRepository } from './sign-ins.repository';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** One message for every failed credential check: no hint whether the login id exists or is locked. */
export const LOGIN_FAILED_MESSAGE = 'ログインIDまたはパスワードが正しくありません。';

export interface TokenClaims {
  sub: number;
  tid: number;
  sv: number;
  /** The CSRF token bound to this session; cookie-authenticated writes must echo it in a header. */
  xsrf: string;
  /** The sign-in (user_session row) this token belongs to; a token without one is from before sessions were kept. */
  sid?: string;
}

/** How often a busy session writes its last activity (the idle timeout is minutes, so this is precise enough). */
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly sessions: SessionCache,
    private readonly signIns: SignInsRepository,
  ) {}

  /** Sessions whose activity this process wrote in the last minute, by sid. */
  private readonly touched = new Map<string, number>();

  /** Checks a login; counts failures and locks the account for a while after too many. */
  async verifyCredentials(
    tenantId: number,
    loginId: string,
    password: string,
    ip: string,
  ): Promise<AuthUser | null> {
    const row = await this.signIns.findAccountByLogin(tenantId, loginId, todayInTokyo());
    const usable = row && row.password_hash && isActiveStaff(row);
    const passwordOk = await verifyPassword(usable ? row.password_hash! : await DECOY_HASH_PROMISE, password);
    const locked = row?.locked_until != null && row.locked_until.getTime() > Date.now();
    if (!row || !usable || locked || !passwordOk) {
      if (row && !locked)
        await this.signIns.countFailedLogin(
          tenantId,
          row.id,
          MAX_FAILED_LOGINS,
          new Date(Date.now() + LOCK_MINUTES * 60_000),
        );
      await this.audit.record({
        tenantId,
        actorLoginId: loginId.slice(0, 50),
        action: locked ? 'login.locked' : 'login.failed',
        ip,
      });
      return null;
    }
    await this.signIns.clearFailedLogins(tenantId, row.id);
    await this.audit.record({
      tenantId,
      actor: { userId: row.id, loginId: row.login_id },
      action: 'login.succeeded',
      ip,
    });
    return toAuthUser(row, 'bearer');
  }

  /**
   * A sign-in vouched for by the tenant's identity provider: the staff member whose 職員番号 it named. Nobody is
   * created: a 職員番号 the roster does not hold, or a person who has left, is refused. A person on the roster
   * without an account yet gets one (login id = 職員番号, no password), as when an administrator first sets one.
   */
  async verifyIdentityProviderSignIn(
    tenantId: number,
    employeeNo: string,
    ip: string,
  ): Promise<AuthUser | 'unknown' | 'left'> {
    const today = todayInTokyo();
    const person = await this.signIns.findStaffByEmployeeNo(tenantId, employeeNo);
    const refusal = !person ? 'unknown' : person.left_on !== null && person.left_on < today ? 'left' : null;
    if (refusal) {
      await this.audit.record({
        tenantId,
        actorLoginId: employeeNo.slice(0, 50),
        action: 'login.sso_refused',
        detail: { reason: refusal },
        ip,
      });
      return refusal;
    }
    await this.signIns.openAccountForStaff(tenantId, person!.id);
    const row = await this.signIns.findAccountOfStaff(tenantId, person!.id, today);
    if (!row) return 'unknown';
    await this.audit.record({
      tenantId,
      actor: { userId: row.id, loginId: row.login_id },
      action: 'login.succeeded',
      detail: { method: 'oidc' },
      ip,
    });
    // The password need not be changed first: this sign-in used none.
    return { ...toAuthUser(row, 'cookie'), mustChangePassword: false };
  }

  /** Whether the tenant's sysadmin sent its staff to the identity provider (sso/: OpenID Connect or SAML). */
  passwordLoginClosedToStaff(tenantId: number): Promise<boolean> {
    return this.signIns.isPasswordLoginClosedToStaff(tenantId);
  }

  /**
   * Starts a sign-in: a user_session row and its token. The answer tells when and from where the previous sign-in
   * was, so a user notices one that was not theirs. `continuing` renews the token of an existing sign-in (after a
   * password change) instead of starting another, so it does not become its own "previous sign-in". A new sign-in
   * through OpenID Connect keeps the provider's `sealedIdToken` with it, for single logout.
   */
  async issueToken(
    user: AuthUser,
    ip: string,
    session: { continuing?: string; sealedIdToken?: string } = {},
  ): Promise<{ response: LoginResponse; token: string; xsrf: string }> {
    const { continuing, sealedIdToken } = session;
    const xsrf = randomBytes(24).toString('base64url');
    const { sid, previous, sessionVersion } = await this.dataSource.transaction(async (manager) => {
      const current = continuing
        ? await this.signIns.renewSession(manager, user.tenantId, continuing, user.userId)
        : undefined;
      const sid = current ?? randomBytes(24).toString('base64url');
      const before = await this.signIns.findLatestOtherSession(manager, user.tenantId, user.userId, sid);
      if (!current) {
        await this.signIns.deleteExpiredSessions(
          manager,
          user.tenantId,
          user.userId,
          this.config.ACCESS_TOKEN_TTL_SECONDS,
        );
        await this.signIns.insertSession(manager, {
          sid,
          tenantId: user.tenantId,
          userId: user.userId,
          ip,
          sealedIdToken,
        });
      }
      const sessionVersion = await this.signIns.findSessionVersion(manager, user.tenantId, user.userId);
      return { sid, previous: before, sessionVersion };
    });
    this.touched.set(sid, Date.now());
    const claims: TokenClaims = { sub: user.userId, tid: user.tenantId, sv: sessionVersion, xsrf, sid };
    const token = await this.jwt.signAsync(claims, { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS });
    return {
      token,
      xsrf,
      response: {
        accessToken: token,
        expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
        mustChangePassword: user.mustChangePassword,
        user: { loginId: user.loginId, displayName: user.displayName, roles: user.roles },
        lastLogin: previous ? { at: previous.created_at.toISOString(), ip: previous.ip } : null,
      },
    };
  }

  /**
   * True while the sign-in is alive: a browser session (cookie) not idle for SESSION_IDLE_MINUTES. Its last activity
   * is written at most once a minute per session (in this process), so a learner's requests cost no extra statement
   * in between. A Bearer token (a script, a personnel system) lives for its `expiresIn`: the idle rule is the
   * guideline's for interactive sessions, and a script must not find its token ended mid-run.
   */
  private async touchSession(claims: TokenClaims, via: AuthUser['via']): Promise<boolean> {
    if (via === 'bearer') return true;
    if (!claims.sid) return false;
    const now = Date.now();
    const last = this.touched.get(claims.sid);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return true;
    const live = await this.signIns.touchLiveSession(
      claims.tid,
      claims.sid,
      claims.sub,
      this.config.SESSION_IDLE_MINUTES,
    );
    if (!live) {
      this.touched.delete(claims.sid);
      return false;
    }
    if (this.touched.size > 50_000) this.touched.clear();
    this.touched.set(claims.sid, now);
    return true;
  }

  /** When and from where the user signed in before the session `sessionId`, if ever. */
  async previousLogin(
    tenantId: number,
    userId: number,
    sessionId: string | undefined,
  ): Promise<{ at: string; ip: string } | null> {
    const row = await this.signIns.findSessionBefore(tenantId, userId, sessionId ?? null);
    return row ? { at: row.created_at.toISOString(), ip: row.ip } : null;
  }

  /**
   * Logout ends the session's token on the server too: its user's session version moves on (as when a password is
   * set), so a copied token or cookie is refused from the next request, here and, after the session cache's few
   * seconds, on any other instance. The user's sessions on other devices end with it. A cookie session must show
   * its CSRF token (X-XSRF-TOKEN, as for any cookie-authenticated write), so another page cannot end it; a token
   * that is no longer valid ends nothing. The caller clears the cookies in every case. What ended: its tenant, and
   * the sealed ID token when it was an OpenID Connect sign-in (for single logout); null when nothing did.
   */
  async endSessions(
    session: { token: string; via: AuthUser['via'] } | null,
    xsrfHeader: string | undefined,
    ip: string,
  ): Promise<{ tenantId: number; sealedIdToken: string | null } | null> {
    if (!session) return null;
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(session.token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (session.via === 'cookie' && xsrfHeader !== claims.xsrf) return null;
    const ended = await withTenant(claims.tid, () =>
      this.dataSource.transaction(async (manager) => {
        const loginId = await this.signIns.advanceSessionVersion(manager, claims.sub, claims.tid, claims.sv);
        if (loginId === null) return null;
        await this.audit.record(
          {
            tenantId: claims.tid,
            actor: { userId: claims.sub, loginId },
            action: 'logout.succeeded',
            ip,
          },
          manager,
        );
        const sealedIdToken = claims.sid
          ? await this.signIns.findSessionIdToken(manager, claims.tid, claims.sid, claims.sub)
          : null;
        return { tenantId: claims.tid, sealedIdToken };
      }),
    );
    if (ended) this.sessions.evictUser(claims.sub);
    return ended;
  }

  /**
   * The user behind a valid token, or null when the account was revoked, the person left, or it is gone. Kept for
   * a moment in the session cache (see `SessionCache` for what evicts it and the trade-off of its TTL).
   */
  async resolveUser(claims: TokenClaims, via: AuthUser['via']): Promise<AuthUser | null> {
    const today = todayInTokyo();
    const cached = this.sessions.find(claims.tid, claims.sub, claims.sv, today);
    if (cached)
      return (await this.touchSession(claims, via)) ? { ...cached, via, sessionId: claims.sid } : null;
    const epoch = this.sessions.epoch;
    const row = await this.signIns.findAccountById(claims.sub, claims.tid, today);
    if (!row || row.session_version !== claims.sv || !isActiveStaff(row, today)) return null;
    if (!(await this.touchSession(claims, via))) return null;
    const user = toAuthUser(row, via);
    const { via: _, ...resolved } = user;
    this.sessions.remember(claims.sv, today, freezeUser(resolved), epoch);
    return { ...user, sessionId: claims.sid };
  }
}

/** A cached user is shared by the requests that find it: nothing may change it. */
function freezeUser(user: CachedUser): CachedUser {
  Object.freeze(user.roles);
  if (user.managedUnit) Object.freeze(user.managedUnit);
  return Object.freeze(user);
}

/** A person who left keeps no access from the day after their last day. */
function isActiveStaff(row: Pick<SignInAccountRow, 'staff_id' | 'left_on'>, today = todayInTokyo()): boolean {
  return row.staff_id === null || row.left_on === null || row.left_on >= today;
}

function toAuthUser(row: SignInAccountRow, via: AuthUser['via']): AuthUser {
  const roles = new Set<Role>(row.roles);
  if (row.staff_id !== null) roles.add('learner');
  if (row.managed_unit_id !== null && row.managed_path !== null) roles.add('manager');
  if (roles.has('sysadmin')) roles.add('hr');
  return {
    userId: row.id,
    tenantId: row.tenant_id,
    loginId: row.login_id,
    displayName: row.display_name,
    roles: [...roles],
    staffId: row.staff_id,
    employeeNo: row.employee_no,
    mustChangePassword: row.must_change_password,
    managedUnit:
      row.managed_unit_id !== null && row.managed_path !== null
        ? {
            id: row.managed_unit_id,
            code: row.managed_code!,
            name: row.managed_name!,
            path: row.managed_path,
          }
        : null,
    via,
  };
}
