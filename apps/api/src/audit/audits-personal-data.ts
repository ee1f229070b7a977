import { SetMetadata } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PersonalDataReadAction } from '@dx/contract';

export const AUDITED_READ = 'auditedPersonalDataRead';

export interface AuditedReadOptions {
  /** The path parameter that holds the 職員番号 of the person whose data is read. */
  person?: string;
  /** Query fields recorded as what the read covered (unit code, filters, fiscal year); absent ones are left out. */
  scope?: readonly string[];
  /** Path parameters recorded in the scope, under the name given (e.g. `{ id: 'submissionId' }`). */
  params?: Readonly<Record<string, string>>;
  /** Where the answer says how many rows it holds: a page's `total` or a list's length. Streams use countAuditedRows. */
  count?: 'total' | 'length';
}

export interface AuditedRead extends AuditedReadOptions {
  action: PersonalDataReadAction;
}

/**
 * Marks a handler that reads other people's personal data: after a successful answer (status < 400) the global
 * PersonalDataAuditInterceptor appends who (actor, tenant, address) read whose data (the person, or the scope and
 * filters) and how many rows. Routes of the learner's own data (/me/…) do not carry it and cost nothing.
 */
export const AuditsPersonalData = (action: PersonalDataReadAction, options: AuditedReadOptions = {}) =>
  SetMetadata(AUDITED_READ, { action, ...options } satisfies AuditedRead);

const AUDITED_ROWS = Symbol('auditedRows');
const AUDITED_PERSON = Symbol('auditedPerson');
type NotedRequest = FastifyRequest & { [AUDITED_ROWS]?: () => number | null; [AUDITED_PERSON]?: string };

/** A streamed answer tells the audit how many rows it sent; asked once the stream has ended. */
export function countAuditedRows(reply: FastifyReply, rows: () => number | null): void {
  (reply.request as NotedRequest)[AUDITED_ROWS] = rows;
}

export function auditedRowsOf(request: FastifyRequest): (() => number | null) | undefined {
  return (request as NotedRequest)[AUDITED_ROWS];
}

/** The person whose data the answer holds, when only the handler knows it (a submission's author, say). */
export function auditPerson(reply: FastifyReply, employeeNo: string): void {
  (reply.request as NotedRequest)[AUDITED_PERSON] = employeeNo;
}

export function auditedPersonOf(request: FastifyRequest): string | undefined {
  return (request as NotedRequest)[AUDITED_PERSON];
}
