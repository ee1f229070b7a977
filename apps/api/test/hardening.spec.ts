// pdf-parse's pdf.js needs NODE_OPTIONS=--experimental-vm-modules (the api test target sets it), as in certificate-pdf.spec.ts.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { PDFParse } from 'pdf-parse';
import { loadConfig } from '../src/config/app-config';
import {
  completionsCsv,
  expectProblem,
  importOk,
  orgCsv,
  person,
  smallOrg,
  staffAuth,
  staffCsv,
  todayInTokyoForTests,
} from './support/factories';
import { ADMIN, createTestApp, TestApp } from './support/test-app';
import { withAdminClient } from './support/test-database';

const LEARNER = '810001';

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('answers with personal data, cookies behind a proxy, links in documents', () => {
  let t: TestApp;
  let hr: Record<string, string>;
  let learner: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({
      PUBLIC_URL: 'https://dx.pref.example.lg.jp/',
      TRUST_PROXY: '127.0.0.1',
      VERIFICATIONS_PER_MINUTE: '5',
    });
    hr = await t.login(ADMIN.loginId, ADMIN.password);
    await importOk(t, 'org-units', hr, orgCsv(smallOrg(['10'])), { effectiveDate: '2026-04-01' });
    await importOk(t, 'staff', hr, staffCsv([person(LEARNER, { name: '証書 花子' })]), {
      effectiveDate: '2026-04-01',
    });
    await importOk(
      t,
      'completions',
      hr,
      completionsCsv([{ no: LEARNER, course: 'WORKPLACE-DX', completedOn: todayInTokyoForTests() }]),
    );
    learner = await staffAuth(t, hr, LEARNER, 'certificate-learner-2026');
  });
  afterAll(() => t?.close());

  it('sends every API answer with personal data as no-store', async () => {
    for (const url of [
      '/api/v1/me',
      '/api/v1/staff?q=証書',
      `/api/v1/staff/${LEARNER}/enrollments`,
      '/api/v1/team/matrix',
    ]) {
      const response = await t.request({ method: 'GET', url, headers: url === '/api/v1/me' ? learner : hr });
      expect({ url, status: response.statusCode < 500, cache: response.headers['cache-control'] }).toEqual({
        url,
        status: true,
        cache: 'no-store',
      });
    }
  });

  it('marks the session cookies Secure when the browser came over HTTPS through a trusted proxy, and only then', async () => {
    const login = (headers: Record<string, string>) =>
      t.request({ method: 'POST', url: '/api/v1/auth/login', headers, payload: ADMIN });
    const secure = await login({ 'x-forwarded-proto': 'https' });
    const cookies = ([] as string[]).concat(secure.headers['set-cookie'] as string[]);
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
    const plain = ([] as string[]).concat((await login({})).headers['set-cookie'] as string[]);
    for (const cookie of plain) expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it('writes the verification link of a 修了証 from PUBLIC_URL, whatever Host the request names', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/me/courses/WORKPLACE-DX/certificate.pdf',
      headers: { ...learner, host: 'evil.example' },
    });
    expect(response.statusCode).toBe(200);
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, '');
    expect(text).toContain('https://dx.pref.example.lg.jp/verify/');
    expect(text).not.toContain('evil.example');
  });
  it('gives certificates serials of 80 random bits and stops a script guessing them (429 per address)', async () => {
    const detail = (
      await t.request({ method: 'GET', url: '/api/v1/me/courses/WORKPLACE-DX', headers: learner })
    ).json();
    const serial: string = detail.certificate.serial;
    expect(serial).toMatch(/^DEFAULT-\d{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    const check = (s: string, ip = '192.0.2.10') =>
      t.request({ method: 'GET', url: `/api/v1/certificates/${s}`, headers: { 'x-forwarded-for': ip } });
    const verified = await check(serial);
    expect(verified.json()).toEqual({
      serial,
      valid: true,
      recipientName: '証書 花子',
      courseTitle: expect.any(String),
      completedOn: todayInTokyoForTests(),
      issuerName: expect.any(String),
      // A course that does not recur: its certificate has no end, and nothing supersedes it.
      validUntil: null,
      superseded: false,
    });
    for (let i = 0; i < 4; i++)
      expect((await check(`DEFAULT-2026-0000-0000-0000-000${i}`)).statusCode).toBe(404);
    const refused = await check(serial);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held up by the guesser.
    expect((await check(serial, '192.0.2.99')).statusCode).toBe(200);
  });
});

describe('the signing secret', () => {
  it('is refused when it is short, a published example or too regular', () => {
    for (const secret of [
      'short',
      'please-set-a-long-random-secret-of-32-chars',
      'x'.repeat(40),
      '0123456789'.repeat(4).replace(/[5-9]/g, '0'),
    ]) {
      expect(() => loadConfig({ JWT_SECRET: secret })).toThrow(/JWT_SECRET/);
    }
    expect(loadConfig({ JWT_SECRET: 'a8f3c1e9b27d4f60e5a91c3b7d2f8e40' }).JWT_SECRET).toHaveLength(32);
  });

  it('and a TRUST_PROXY that is not a flag, a hop count or addresses stops the start', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }).TRUST_PROXY).toBe(
      '10.0.0.0/8, 192.168.1.1',
    );
  });
});

describe('a database that goes away for a moment', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t?.close());

  it('answers 503 with Retry-After (not 500) while PostgreSQL refuses connections, and recovers by itself', async () => {
    const hr = await t.login(ADMIN.loginId, ADMIN.password);
    const search = () => t.request({ method: 'GET', url: '/api/v1/org-units', headers: hr });
    expect((await search()).statusCode).toBe(200);
    const [{ name }] = await t.db.query(`SELECT current_database() AS name`);
    // What a restart looks like to the app: its connections are cut and new ones are refused.
    await withAdminClient(async (admin) => {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
    });
    try {
      const during = await search();
      expect({ status: during.statusCode, retryAfter: during.headers['retry-after'] }).toEqual({
        status: 503,
        retryAfter: '5',
      });
      expect(during.headers['content-type']).toContain('application/problem+json');
      expect(during.json().detail).toContain('データベースに接続できません');
    } finally {
      await withAdminClient((admin) => admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`));
    }
    expect((await search()).statusCode).toBe(200);
  });
});

/** A raw HTTP exchange, for what the HTTP parser refuses before any framework code runs. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe("the framework's own refusals", () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('answers a URL that cannot be decoded with a 400 problem', async () => {
    for (const url of ['/api/v1/org-units/%zz', '/%E0%A4%A']) {
      const response = await t.request({ method: 'GET', url });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 400, detail: expect.stringContaining('URL') });
    }
  });

  it('answers headers over the size limit with a 431 problem, and garbage with a 400 problem', async () => {
    const huge = await rawRequest(
      port,
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(40_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('application/problem+json');
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431 });
    const garbage = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain('application/problem+json');
  });
});

describe('sign-ins: idle timeout and the last login', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t?.close());

  const sidOf = (token: string): string =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid;
  const me = (headers: Record<string, string>) => t.request({ method: 'GET', url: '/api/v1/me', headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const cookie = (token: string) => ({ cookie: `dx_session=${token}` });
  /** The administrator's password: the first test changes it. */
  let password = ADMIN.password;
  const login = async (ip: string) =>
    (
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginId: ADMIN.loginId, password },
        remoteAddress: ip,
      })
    ).json();

  it('tells at the next sign-in when and from where the previous one was, even a day later', async () => {
    const first = await login('192.0.2.1');
    expect(first.lastLogin).toBeNull();
    expect((await me(bearer(first.accessToken))).json().lastLogin).toBeNull();
    // The previous sign-in was yesterday, longer ago than any token lives.
    await t.db.query(`UPDATE user_session SET created_at = now() - interval '1 day' WHERE sid = $1`, [
      sidOf(first.accessToken),
    ]);
    const second = await login('192.0.2.2');
    expect(second.lastLogin).toEqual({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), ip: '192.0.2.1' });
    expect((await me(bearer(second.accessToken))).json().lastLogin).toEqual(second.lastLogin);
    // A password change renews this sign-in; it does not become its own "previous sign-in".
    const changed = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: bearer(second.accessToken),
      payload: { currentPassword: ADMIN.password, password: 'fresh-passphrase-for-tests' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().lastLogin).toEqual(second.lastLogin);
    expect((await me(bearer(changed.json().accessToken))).json().lastLogin).toEqual(second.lastLogin);
    password = 'fresh-passphrase-for-tests';
  });

  it('ends a browser session idle for longer than SESSION_IDLE_MINUTES (30); a busy one and a script token go on', async () => {
    const idle = (await login('192.0.2.3')).accessToken;
    const busy = (await login('192.0.2.4')).accessToken;
    const script = (await login('192.0.2.5')).accessToken;
    const first = await me(cookie(idle));
    expect({ status: first.statusCode, body: first.body.slice(0, 300) }).toMatchObject({ status: 200 });
    await t.db.query(
      `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE sid = ANY($1)`,
      [[sidOf(idle), sidOf(script)]],
    );
    // A minute later in this process too (activity is written at most once a minute per session).
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    try {
      expectProblem(await me(cookie(idle)), 401);
      expect((await me(cookie(busy))).statusCode).toBe(200);
      // A Bearer token (a personnel system's script) lives for the expiresIn it was given.
      expect((await me(bearer(script))).statusCode).toBe(200);
    } finally {
      clock.mockRestore();
    }
    const [row] = await t.db.query(
      `SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM user_session WHERE sid = $1`,
      [sidOf(busy)],
    );
    expect(row.fresh).toBe(true);
  });
});
