import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message a webhook was given. */
export interface SlackPost {
  path: string;
  text: string;
  status: number;
  at: number;
}

interface Fault {
  path: string;
  status: number;
  headers?: Record<string, string>;
  /** How many more requests it answers (Infinity: for ever). */
  remaining: number;
}

/**
 * A stand-in for Slack's incoming webhooks on a local port: every path is a webhook; it keeps each post (the text
 * Slack would show) and answers `ok`, unless a fault the test armed answers instead (a 429 with Retry-After, a 5xx).
 */
export interface FakeSlack {
  url(path: string): string;
  /** Posts that were taken (status 200), in order. */
  delivered(path?: string): SlackPost[];
  /** Every request, taken or refused. */
  requests: SlackPost[];
  fail(path: string, status: number, options?: { headers?: Record<string, string>; times?: number }): void;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const requests: SlackPost[] = [];
  const faults: Fault[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      let text = '';
      try {
        text = String(JSON.parse(Buffer.concat(chunks).toString('utf8')).text ?? '');
      } catch {
        text = '';
      }
      const fault = faults.find((f) => f.path === path && f.remaining > 0);
      if (req.method !== 'POST' || req.headers['content-type']?.startsWith('application/json') !== true) {
        requests.push({ path, text, status: 400, at: Date.now() });
        res.writeHead(400).end('invalid_payload');
        return;
      }
      if (fault) {
        fault.remaining--;
        requests.push({ path, text, status: fault.status, at: Date.now() });
        res
          .writeHead(fault.status, fault.headers)
          .end(fault.status === 429 ? 'rate_limited' : 'server_error');
        return;
      }
      requests.push({ path, text, status: 200, at: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    delivered: (path) => requests.filter((r) => r.status === 200 && (path === undefined || r.path === path)),
    fail(path, status, options = {}) {
      faults.push({ path, status, headers: options.headers, remaining: options.times ?? Infinity });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
