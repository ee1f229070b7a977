import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { Problem } from '../common/problem';

/**
 * Refuses a browser request that another site made (login CSRF: a hidden form that signs the victim's browser in
 * as the attacker). Browsers say where a request comes from in `Origin` and `Sec-Fetch-Site`; scripts and personnel
 * systems send neither and are not affected. Allowed: the app's own origin (as the browser reached it) and
 * PUBLIC_URL's.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  private readonly publicOrigin: string;

  constructor(config: AppConfig) {
    this.publicOrigin = new URL(config.PUBLIC_URL).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== '') {
      if (origin === this.publicOrigin || origin === `${request.protocol}://${request.host}`) return true;
      throw crossSite();
    }
    const site = request.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw crossSite();
    return true;
  }
}

function crossSite(): Problem {
  return new Problem(
    403,
    'cross-site',
    '他のサイトからの要求です',
    'このシステムのページ以外からのログインは受け付けません。',
  );
}
