import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { SESSION_COOKIE, type AuthUser } from '../common/auth-user';
import { asSystem, withTenant } from '../database/tenant-context';
import { TenantsService } from '../tenants/tenants.service';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { AuthService, TokenClaims } from './auth.service';

const fromBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

function fromCookie(request: FastifyRequest): string | null {
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

/** A request's session token and where it came from: a Bearer header (API clients) or the session cookie (the web app). */
export function sessionOf(request: FastifyRequest): { token: string; via: AuthUser['via'] } | null {
  const bearer = fromBearer(request as never);
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = fromCookie(request);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

function sessionTokenOf(request: FastifyRequest): string | null {
  return sessionOf(request)?.token ?? null;
}

/** A Bearer token (API clients) or the httpOnly session cookie (the web app), checked against the database. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly auth: AuthService,
    private readonly tenants: TenantsService,
    config: AppConfig,
  ) {
    super({
      jwtFromRequest: sessionTokenOf,
      // A KeyObject: given the string, jsonwebtoken first tries it as a public key on every request and builds the
      // secret key only after that has thrown (a tenth of the CPU of a short authenticated request). passport-jwt
      // hands it to jsonwebtoken as it is; its types predate KeyObject.
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET)) as unknown as Buffer,
      algorithms: ['HS256'],
      passReqToCallback: true,
    });
  }

  async validate(request: FastifyRequest & { csrfToken?: string }, claims: TokenClaims): Promise<AuthUser> {
    const via = fromBearer(request as never) ? 'bearer' : 'cookie';
    // A host that belongs to one tenant (TENANT_HOSTS) takes that tenant's sessions only: one of another tenant,
    // replayed there, is refused.
    if (this.tenants.hostTenantCode(request.hostname) !== undefined) {
      const hostTenant = await asSystem(() => this.tenants.hostTenantId(request.hostname));
      if (hostTenant !== claims.tid)
        throw Problem.unauthorized('この団体のセッションではありません。もう一度ログインしてください。');
    }
    const user = await withTenant(claims.tid, () => this.auth.resolveUser(claims, via));
    if (!user) throw Problem.unauthorized('セッションが無効です。もう一度ログインしてください。');
    request.csrfToken = claims.xsrf;
    return user;
  }
}
