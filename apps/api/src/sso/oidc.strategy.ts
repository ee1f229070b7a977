import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-strategy';
import type { AuthUser } from '../common/auth-user';
import { SsoService } from './sso.service';

export const SSO_PENDING_COOKIE = 'dx_sso_pending';

type Verify = (request: FastifyRequest, done: (error: unknown, user?: AuthUser | false) => void) => void;

/** A passport strategy for an identity provider's answer: the whole check is the verify function's (the service). */
export class IdentityProviderCallback extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  // passport's types name Express' request; @nestjs/passport hands the strategy Fastify's.
  override authenticate(request: unknown): void {
    this.verify(request as FastifyRequest, (error, user) => {
      if (error) this.error(error as Error);
      else if (user) this.success(user);
      else this.fail(401);
    });
  }
}

/** OpenID Connect sign-in beside the password login ('local'): the callback of `GET /auth/sso/{tenantCode}`. */
@Injectable()
export class OidcStrategy extends PassportStrategy(IdentityProviderCallback, 'oidc') {
  constructor(private readonly sso: SsoService) {
    super();
  }

  validate(request: FastifyRequest): Promise<AuthUser> {
    const { tenantCode } = request.params as { tenantCode: string };
    const callbackUrl = new URL(request.url, this.sso.redirectUri(tenantCode));
    return this.sso.finish(tenantCode, callbackUrl, request.cookies?.[SSO_PENDING_COOKIE], request.ip);
  }
}
