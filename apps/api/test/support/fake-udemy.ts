import Fastify, { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Udemy Business Reporting API on a local port: the user-course activity of one organisation,
 * paged as Udemy pages it (`{ count, next, previous, results }`, `page` and `page_size` up to 100), behind HTTP Basic
 * authentication, filtered by `from_date` (YYYY-MM-DD, on the record's last activity day), with faults a test can
 * arm: a 429 with Retry-After, a 5xx once, or a page that fails for ever.
 */
export interface FakeUdemyOptions {
  organizationId: string;
  clientId: string;
  clientSecret: string;
}

export interface FakeUdemyRequest {
  page: number;
  fromDate: string | null;
  status: number;
  at: number;
}

interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Only on this page (any page when undefined). */
  page?: number;
  /** How many more requests it answers (Infinity: for ever). */
  remaining: number;
}

export interface FakeUdemy {
  /** `http://127.0.0.1:<port>`: the connection's baseUrl. */
  baseUrl: string;
  records: Record<string, unknown>[];
  requests: FakeUdemyRequest[];
  /** The next request (or the next one for `page`) is answered 429 with this Retry-After. */
  rateLimitOnce(retryAfter: string, page?: number): void;
  /** The next request (or the next one for `page`) is answered with this 5xx. */
  failOnce(status: number, page?: number): void;
  /** Every request for `page` is answered with this status (or body) until `clearFaults`. */
  failForever(page: number, status: number, body?: string): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** The day a record was last active on (what `from_date` filters on). */
function activityDay(record: Record<string, unknown>): string {
  const value = String(record['course_last_accessed_date'] ?? record['course_completion_date'] ?? '');
  return value.slice(0, 10);
}

export async function startFakeUdemy(options: FakeUdemyOptions): Promise<FakeUdemy> {
  const app: FastifyInstance = Fastify({ logger: false });
  const records: Record<string, unknown>[] = [];
  const requests: FakeUdemyRequest[] = [];
  let faults: Fault[] = [];
  const expected =
    'Basic ' + Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');

  app.get<{ Params: { org: string }; Querystring: Record<string, string | undefined> }>(
    '/api-2.0/organizations/:org/analytics/user-course-activity/',
    async (request, reply) => {
      const page = Number(request.query.page ?? 1);
      const fromDate = request.query.from_date ?? null;
      const log = (status: number) => requests.push({ page, fromDate, status, at: Date.now() });
      if (request.headers.authorization !== expected) {
        log(401);
        return reply.status(401).send({ detail: 'Invalid username/password.' });
      }
      if (request.params.org !== options.organizationId) {
        log(404);
        return reply.status(404).send({ detail: 'Not found.' });
      }
      const fault = faults.find((f) => f.remaining > 0 && (f.page === undefined || f.page === page));
      if (fault) {
        fault.remaining--;
        log(fault.status);
        return reply
          .status(fault.status)
          .headers(fault.headers ?? {})
          .type('application/json')
          .send(fault.body ?? JSON.stringify({ detail: 'fault' }));
      }
      if (fromDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(fromDate)) {
        log(400);
        return reply.status(400).send({ from_date: ['Enter a valid date.'] });
      }
      const size = Math.min(Number(request.query.page_size ?? 100), 100);
      const matching = fromDate ? records.filter((r) => activityDay(r) >= fromDate) : records;
      const start = (page - 1) * size;
      const link = (p: number) => {
        const url = new URL(request.url, `http://${request.headers.host}`);
        url.searchParams.set('page', String(p));
        return url.toString();
      };
      log(200);
      return {
        count: matching.length,
        next: start + size < matching.length ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: matching.slice(start, start + size),
      };
    },
  );

  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    records,
    requests,
    rateLimitOnce: (retryAfter, page) =>
      faults.push({ status: 429, headers: { 'retry-after': retryAfter }, page, remaining: 1 }),
    failOnce: (status, page) => faults.push({ status, page, remaining: 1 }),
    failForever: (page, status, body) => faults.push({ status, page, body, remaining: Infinity }),
    clearFaults: () => (faults = []),
    close: () => app.close(),
  };
}
