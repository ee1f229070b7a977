import { Injectable, type Type } from '@nestjs/common';
import { AuthGuard, type IAuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Strategy } from 'passport-strategy';
import type { AuthUser } from '../common/auth-user';
import type { AppConfig } from '../config/app-config';
import type { AuthService } from '../auth/auth.service';
import { setSessionCookies } from '../auth/session-cookies';
import { SsoRefusal } from './sso-refusal';

/** The person a provider vouched for; after OpenID Connect also its ID token (sealed), kept for single logout. */
export type SignedInUser = AuthUser & { sealedIdToken?: string };

type Verify = (request: FastifyRequest, done: (error: unknown, user?: SignedInUser | false) => void) => void;

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

/** The guard of a provider's answer (strategy `name`): every failure becomes a refusal page, never problem JSON. */
export function IdentityProviderGuard(name: 'oidc' | 'saml'): Type<IAuthGuard> {
  @Injectable()
  class Guard extends AuthGuard(name) {
    override handleRequest<T>(error: unknown, user: T): T {
      if (error instanceof SsoRefusal) throw error;
      if (error || !user) throw new SsoRefusal('provider', error);
      return user;
    }
  }
  return Guard;
}

/**
 * Gives the person the provider vouched for the password login's session and opens the web app. `status`: 302 after
 * a GET (OpenID Connect), 303 after a POST (SAML), so the browser follows with a GET.
 */
export async function openSignedInApp(
  auth: AuthService,
  config: AppConfig,
  signedIn: SignedInUser,
  request: FastifyRequest,
  reply: FastifyReply,
  status: 302 | 303,
): Promise<void> {
  const { sealedIdToken, ...user } = signedIn;
  setSessionCookies(config, request, reply, await auth.issueToken(user, request.ip, { sealedIdToken }));
  void reply.header('cache-control', 'no-store').redirect('/', status);
}
