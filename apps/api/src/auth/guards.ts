import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DECORATORS } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { can, type Permission } from '@dx/contract';
import { AuthUser, XSRF_HEADER } from '../common/auth-user';
import { IS_PUBLIC, REQUIRED_PERMISSION } from '../common/decorators';
import { Problem } from '../common/problem';

type AuthedRequest = FastifyRequest & { user?: AuthUser; csrfToken?: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A body must be of a media type the route takes: JSON, unless its OpenAPI description says
 * `@ApiConsumes('multipart/form-data')` (the uploads; the wildcard of ANY_MEDIA_TYPE for the xAPI documents). The documentation and the behaviour cannot disagree, and a
 * form that another site posts never reaches a route (Fastify itself parses nothing but JSON and multipart).
 */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const type = request.headers['content-type'];
    if (!type || !hasBody(request)) return true;
    const media = type.split(';')[0].trim().toLowerCase();
    const consumes = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
      context.getHandler(),
      context.getClass(),
    ]) ?? ['application/json'];
    // The wildcard type: a route that stores any content (the xAPI document resources).
    if (consumes.includes(media) || consumes.includes('*/*')) return true;
    throw new Problem(
      415,
      'unsupported-media-type',
      '対応していない形式です',
      `本文は ${consumes.join(' または ')} で送ってください。`,
    );
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Every route needs a login unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw Problem.unauthorized();
    return user;
  }
}

/**
 * Cookie-authenticated writes must carry the session's CSRF token in a header (the web app's HttpClient sends
 * the XSRF-TOKEN cookie back as X-XSRF-TOKEN); a cross-site form cannot read the cookie to do that.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (!request.user || request.user.via !== 'cookie' || SAFE_METHODS.has(request.method)) return true;
    const header = request.headers[XSRF_HEADER];
    if (typeof header === 'string' && request.csrfToken && header === request.csrfToken) return true;
    throw Problem.forbidden('CSRFトークンが正しくありません。画面を再読み込みしてください。');
  }
}

/**
 * A route names one permission (@Allow); the caller needs a role the permission map grants it. A route that names
 * none and is not @Public() is refused, so forgetting the declaration never opens a route.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const user = context.switchToHttp().getRequest<AuthedRequest>().user;
    if (permission && can(user?.roles, permission)) return true;
    throw Problem.forbidden();
  }
}
