import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import type { AuthUser } from './auth-user';
import type { ProblemDetails } from '@dx/contract';
import { problemBody } from './problem';

const TITLES: Record<number, [string, string]> = {
  400: ['bad-request', '不正なリクエストです'],
  401: ['unauthorized', '認証が必要です'],
  403: ['forbidden', '権限がありません'],
  404: ['not-found', '見つかりません'],
  405: ['method-not-allowed', '許可されていない操作です'],
  409: ['conflict', '競合が発生しました'],
  413: ['too-large', 'ファイルが大きすぎます'],
  415: ['unsupported-media-type', '対応していない形式です'],
  422: ['validation', '入力エラー'],
  429: ['too-many-requests', 'リクエストが多すぎます'],
  431: ['headers-too-large', 'リクエストヘッダーが大きすぎます'],
};

/** Turns every error into RFC 9457 problem details; anything unexpected is logged and becomes a plain 500. */
@Catch()
@Injectable()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');
  private readonly indexHtml: Buffer | null;

  constructor(
    config: AppConfig,
    private readonly audit: AuditService,
  ) {
    const indexFile = resolve(config.WEB_ROOT, 'index.html');
    this.indexHtml = existsSync(indexFile) ? readFileSync(indexFile) : null;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = toProblem(exception);
    if (
      problem.status === 404 &&
      this.indexHtml &&
      request.method === 'GET' &&
      !request.url.startsWith('/api/')
    ) {
      // A client-side route of the web app (a reload on /staff, say): the app itself decides what to show.
      void reply
        .status(200)
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(this.indexHtml);
      return;
    }
    if (problem.status === 403) this.recordDenied(request);
    if (problem.status === 503) {
      this.logger.warn(
        `database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem);
  }

  /** A refused request is evidence worth keeping: who tried what. Recording must never break the reply. */
  private recordDenied(request: FastifyRequest): void {
    const user = (request as FastifyRequest & { user?: AuthUser }).user;
    this.audit.recordInBackground({
      tenantId: user?.tenantId ?? null,
      actor: user ?? null,
      action: 'request.denied',
      target: `${request.method} ${request.url}`.slice(0, 500),
      ip: request.ip,
    });
  }
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** PostgreSQL's SQLSTATEs for a server that is shutting down, starting or unreachable (class 08 and 57P0x). */
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[1-4])$/;
const UNAVAILABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * A database restart is not the request's fault: the answer is 503 with Retry-After, so clients and proxies try
 * again. pg reports it by SQLSTATE, a socket error code or (for a connection cut mid-query) only its message;
 * TypeORM wraps it in a QueryFailedError with the original as driverError.
 */
export function isDatabaseUnavailable(exception: unknown): boolean {
  const candidates = [exception, (exception as { driverError?: unknown })?.driverError];
  return candidates.some((error) => {
    if (!error || typeof error !== 'object') return false;
    const code = String((error as { code?: unknown }).code ?? '');
    const message = String((error as { message?: unknown }).message ?? '');
    return (
      UNAVAILABLE_SQLSTATE.test(code) ||
      UNAVAILABLE_NETWORK.has(code) ||
      /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|is not currently accepting connections/i.test(
        message,
      )
    );
  });
}

export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'title' in response) {
      return response as ProblemDetails;
    }
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String((response as { message: unknown }).message)
        : exception.message;
    return generic(status, message);
  }
  if (isDatabaseUnavailable(exception)) {
    return problemBody(
      503,
      'unavailable',
      '一時的に利用できません',
      'データベースに接続できません。しばらくしてから再度お試しください。',
    );
  }
  const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return generic(fastifyStatus, fastifyMessage(exception));
  }
  return problemBody(
    500,
    'internal',
    'サーバーエラー',
    'サーバーで問題が発生しました。時間をおいて再度お試しください。',
  );
}

function generic(status: number, message: string): ProblemDetails {
  if (status === 400 && /JSON/i.test(message)) {
    return problemBody(
      400,
      'malformed-json',
      '不正なリクエストです',
      'リクエスト本文が正しいJSONではありません。',
    );
  }
  const [slug, title] =
    TITLES[status] ?? (status >= 500 ? ['internal', 'サーバーエラー'] : ['error', 'エラー']);
  const detail =
    status === HttpStatus.NOT_FOUND && /^Cannot /.test(message)
      ? '指定されたページやAPIはありません。'
      : message;
  return problemBody(status, slug, title, status >= 500 ? 'サーバーで問題が発生しました。' : detail);
}

function fastifyMessage(exception: unknown): string {
  const code = (exception as { code?: string }).code ?? '';
  if (
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    exception instanceof SyntaxError
  ) {
    return 'リクエスト本文が正しいJSONではありません。';
  }
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return 'ファイルが大きすぎます（上限 20MB）。';
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return '対応していない Content-Type です。';
  return (exception as Error).message ?? 'リクエストを処理できません。';
}
