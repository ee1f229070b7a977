import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { IdentityProviderCallback, type SignedInUser } from './identity-provider';
import { SsoService } from './sso.service';

export const SSO_PENDING_COOKIE = 'dx_sso_pending';

/** OpenID Connect sign-in beside the password login ('local'): the callback of `GET /auth/sso/{tenantCode}`. */
@Injectable()
export class OidcStrategy extends PassportStrategy(IdentityProviderCallback, 'oidc') {
  constructor(private readonly sso: SsoService) {
    super();
  }

  validate(request: FastifyRequest): Promise<SignedInUser> {
    const { tenantCode } = request.params as { tenantCode: string };
    const callbackUrl = new URL(request.url, this.sso.redirectUri(tenantCode));
    return this.sso.finish(tenantCode, callbackUrl, request.cookies?.[SSO_PENDING_COOKIE], request.ip);
  }
}
