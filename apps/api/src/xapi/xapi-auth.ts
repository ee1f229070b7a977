import {
  applyDecorators,
  CallHandler,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiConsumes, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { API_BASE } from '@dx/contract';
import { Public } from '../common/decorators';
import { withTenant } from '../database/tenant-context';
import { checkLaunchScope, checkLaunchStatementQuery, Cmi5Sessions } from './cmi5-sessions';
import { type XapiClient, XapiClientsService } from './xapi-clients.service';
import { XapiError } from './xapi-error';

/** Where the LRS's resources start (the rest of a request's path names the resource). */
const XAPI_PREFIX_PATH = `${API_BASE}/xapi/`;

/** The xAPI versions this LRS accepts in `X-Experience-API-Version` (1.0.x), and the one it answers with. */
export const XAPI_VERSION = '1.0.3';
const ACCEPTED_VERSION = /^1\.0(\.[0-3])?$/;

/** Header names the alternate request syntax may carry as form fields (xAPI 1.0.3 Communication 1.3). */
const FORM_HEADERS = new Set([
  'authorization',
  'x-experience-api-version',
  'content-type',
  'content-length',
  'if-match',
  'if-none-match',
]);

export type XapiRequest = FastifyRequest & {
  xapiClient?: XapiClient;
  /** The method the request stands for: its own, or the `method` of the alternate request syntax. */
  xapiMethod?: string;
};

/**
 * The door of every xAPI route: the alternate request syntax unwrapped (a form POST with `?method=`), the version
 * header (400 without a 1.0.x one), then HTTP Basic against the tenant's credentials (401). The credential is found
 * across tenants (`asSystem`, inside XapiClientsService.verify); the handler then runs in its tenant
 * (XapiTenantInterceptor). Handlers read `request.xapiClient` (see @XapiCaller()).
 */
@Injectable()
export class XapiGuard implements CanActivate {
  constructor(
    private readonly clients: XapiClientsService,
    private readonly cmi5: Cmi5Sessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<XapiRequest>();
    unwrapAlternateSyntax(request);
    const version = request.headers['x-experience-api-version'];
    if (typeof version !== 'string' || !ACCEPTED_VERSION.test(version.trim())) {
      throw new XapiError(
        400,
        version === undefined
          ? 'X-Experience-API-Version ヘッダーが必要です。'
          : `X-Experience-API-Version ${String(version)} には対応していません（1.0.x）。`,
      );
    }
    // A cmi5 launch's auth token (cmi5 8.2), else a credential of the tenant.
    const launch = await this.cmi5.verify(request.headers.authorization);
    const client = launch === null ? await this.clients.verify(request.headers.authorization) : launch;
    if (!client || client === 'invalid')
      throw new XapiError(401, 'xAPI の接続情報（Basic 認証）が正しくありません。');
    if (client.launch) {
      const path = request.url.split('?')[0].slice(XAPI_PREFIX_PATH.length);
      const query = (request.query ?? {}) as Record<string, unknown>;
      const method = request.xapiMethod ?? request.method;
      checkLaunchScope(client.launch, path, method, query);
      if (path.startsWith('statements') && (method === 'GET' || method === 'HEAD'))
        checkLaunchStatementQuery(client.launch, query);
    }
    request.xapiClient = client;
    return true;
  }
}

/**
 * xAPI 1.0.3's alternate request syntax: `POST …?method=PUT` with an `application/x-www-form-urlencoded` body whose
 * fields are the headers, the parameters and `content`. Rewritten in place so handlers see an ordinary request of
 * `request.xapiMethod` (a POST handler dispatches on it).
 */
export function unwrapAlternateSyntax(request: XapiRequest): void {
  const query = (request.query ?? {}) as Record<string, unknown>;
  request.xapiMethod = request.method;
  if (query['method'] === undefined) return;
  if (request.method !== 'POST') throw new XapiError(400, 'method パラメーターは POST でのみ使えます。');
  const method = String(query['method']).toUpperCase();
  if (!['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(method)) {
    throw new XapiError(400, `method=${String(query['method'])} には対応していません。`);
  }
  if (Object.keys(query).length > 1) {
    throw new XapiError(400, '代替リクエスト構文では method 以外のパラメーターは本文に入れてください。');
  }
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new XapiError(
      400,
      '代替リクエスト構文の本文は application/x-www-form-urlencoded で送ってください。',
    );
  }
  const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
  const form = new URLSearchParams(raw);
  const newQuery: Record<string, string> = {};
  let content: string | undefined;
  for (const [name, value] of form) {
    const lower = name.toLowerCase();
    if (FORM_HEADERS.has(lower)) request.headers[lower] = value;
    else if (name === 'content') content = value;
    else newQuery[name] = value;
  }
  request.query = newQuery;
  request.xapiMethod = method;
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  if (content === undefined) {
    request.body = undefined;
    delete request.headers['content-type'];
  } else if (
    contentType.startsWith('application/x-www-form-urlencoded') ||
    contentType.startsWith('application/json')
  ) {
    // The form's own content type says nothing about `content`: statements and JSON documents are JSON.
    try {
      request.body = JSON.parse(content);
      request.headers['content-type'] = 'application/json';
    } catch {
      request.body = Buffer.from(content, 'utf8');
    }
  } else {
    request.body = Buffer.from(content, 'utf8');
  }
}

/** Runs the handler in the tenant of the credential the guard verified. */
@Injectable()
export class XapiTenantInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const client = context.switchToHttp().getRequest<XapiRequest>().xapiClient;
    if (!client) throw new XapiError(401, 'xAPI の接続情報（Basic 認証）が正しくありません。');
    // next.handle() binds the handler to the async context it is called in: inside withTenant, so the tenant's.
    return from(withTenant(client.tenantId, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}

/** Every media type a document resource may store (xAPI documents are any content). */
export const ANY_MEDIA_TYPE = '*/*';

/**
 * Marks a controller (or route) of the LRS: public for the app's JWT guard (xAPI clients sign in with Basic, not a
 * user token), guarded by XapiGuard, run in the credential's tenant, and taking the media types given (JSON and the
 * alternate syntax's form always; statements add multipart/mixed; documents take ANY_MEDIA_TYPE).
 */
export const XapiRoute = (...consumes: string[]) =>
  applyDecorators(
    Public(),
    ApiSecurity('xapi-basic'),
    ApiConsumes('application/json', 'application/x-www-form-urlencoded', ...consumes),
    UseGuards(XapiGuard),
    UseInterceptors(XapiTenantInterceptor),
  );

/** The verified credential of the request: `{ tenantId, clientId, key, name }`. */
export const XapiCaller = createParamDecorator((_: unknown, context: ExecutionContext): XapiClient => {
  const client = context.switchToHttp().getRequest<XapiRequest>().xapiClient;
  if (!client) throw new XapiError(401, 'xAPI の接続情報（Basic 認証）が正しくありません。');
  return client;
});
