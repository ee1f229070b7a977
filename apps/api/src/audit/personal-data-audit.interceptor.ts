import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, tap } from 'rxjs';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { AuditService } from './audit.service';
import { AUDITED_READ, AuditedRead, auditedPersonOf, auditedRowsOf } from './audits-personal-data';

type AuditedRequest = FastifyRequest & { user?: AuthUser };

/** Longest value kept of one filter: enough for any code or search word, never a whole pasted document. */
const MAX_SCOPE_VALUE = 100;

/**
 * The one place reads of personal data are audited (see AuditsPersonalData). The line is written once the answer
 * has gone out (the reply's `finish`, or `close` for a download broken off), in the background: the request never
 * waits for it, and a failed write is logged with the whole entry rather than lost silently.
 */
@Injectable()
export class PersonalDataAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const read = this.reflector.get<AuditedRead | undefined>(AUDITED_READ, context.getHandler());
    if (!read || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(tap((answer) => this.afterAnswer(read, request, reply, answer)));
  }

  private afterAnswer(
    read: AuditedRead,
    request: AuditedRequest,
    reply: FastifyReply,
    answer: unknown,
  ): void {
    const user = request.user;
    if (!user) return;
    const params = (request.params ?? {}) as Record<string, string>;
    const person = (read.person ? params[read.person] : undefined) ?? auditedPersonOf(request) ?? null;
    // One's own records are not "someone else's data": a learner looking at their own history is not audited.
    if (person !== null && person === user.employeeNo) return;
    const scope = scopeOf(read, (request.query ?? {}) as Record<string, unknown>, params);
    const raw = reply.raw;
    let written = false;
    const write = (complete: boolean) => {
      if (written) return;
      written = true;
      if (reply.statusCode >= 400) return;
      let count: number | null = null;
      try {
        const rows = auditedRowsOf(request);
        count = rows ? rows() : countOf(read, answer);
      } catch (error) {
        this.logger.warn(`row count of ${read.action} unknown: ${String(error)}`);
      }
      this.audit.recordInBackground({
        tenantId: user.tenantId,
        actor: user,
        action: read.action,
        subjectEmployeeNo: person,
        detail: {
          ...(Object.keys(scope).length > 0 ? { scope } : {}),
          ...(count !== null ? { count } : {}),
          ...(complete ? {} : { incomplete: true }),
        },
        ip: request.ip,
        occurredAt: new Date(),
      });
    };
    if (raw.writableFinished) {
      write(true);
      return;
    }
    raw.once('finish', () => write(true));
    // A download the client broke off never ends: what was sent so far is still recorded, marked incomplete.
    raw.once('close', () => write(raw.writableEnded));
  }
}

function scopeOf(
  read: AuditedRead,
  query: Record<string, unknown>,
  params: Record<string, string>,
): Record<string, string> {
  const scope: Record<string, string> = {};
  for (const key of read.scope ?? []) {
    const value = Array.isArray(query[key]) ? (query[key] as unknown[])[0] : query[key];
    if (value !== undefined && value !== null && String(value).trim() !== '')
      scope[key] = String(value).trim().slice(0, MAX_SCOPE_VALUE);
    // Without a fiscal year the read was of the current one: recorded as such, so the line stays true next April.
    else if (key === 'fiscalYear') scope[key] = String(fiscalYearOf(todayInTokyo()));
  }
  for (const [param, name] of Object.entries(read.params ?? {})) {
    if (params[param] !== undefined) scope[name] = String(params[param]).slice(0, MAX_SCOPE_VALUE);
  }
  return scope;
}

function countOf(read: AuditedRead, answer: unknown): number | null {
  if (read.count === 'length') return Array.isArray(answer) ? answer.length : null;
  if (read.count !== 'total') return null;
  if (Buffer.isBuffer(answer)) return totalOfJsonBytes(answer);
  const total = (answer as { total?: unknown } | null)?.total;
  return typeof total === 'number' ? total : total !== undefined && total !== null ? Number(total) : null;
}

/**
 * The matrix is sent as JSON bytes whose people come last (`…,"total":N,…,"people":[…]}`): its head is parsed alone.
 * A quote inside a string value is escaped, so `,"people":` first occurs where the people begin.
 */
function totalOfJsonBytes(bytes: Buffer): number | null {
  const end = bytes.indexOf(',"people":');
  if (end < 0) return null;
  const head = JSON.parse(bytes.toString('utf8', 0, end) + '}') as { total?: unknown };
  return typeof head.total === 'number' ? head.total : null;
}
