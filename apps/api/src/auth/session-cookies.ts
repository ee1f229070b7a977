import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResponse } from '@dx/contract';
import { SESSION_COOKIE, XSRF_COOKIE } from '../common/auth-user';
import type { AppConfig } from '../config/app-config';

/**
 * Gives the browser its session: the httpOnly session cookie and the readable CSRF cookie. They are Secure when
 * configured so and whenever the browser came over HTTPS (directly or per TRUST_PROXY).
 */
export function setSessionCookies(
  config: AppConfig,
  request: FastifyRequest,
  reply: FastifyReply,
  session: { response: LoginResponse; token: string; xsrf: string },
): void {
  const secure = config.COOKIE_SECURE || request.protocol === 'https';
  const common = { path: '/', sameSite: 'strict' as const, secure };
  const maxAge = session.response.expiresIn;
  void reply.setCookie(SESSION_COOKIE, session.token, { ...common, httpOnly: true, maxAge });
  void reply.setCookie(XSRF_COOKIE, session.xsrf, { ...common, httpOnly: false, maxAge });
}
