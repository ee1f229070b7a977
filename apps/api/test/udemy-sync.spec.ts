import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { fiscalYearOf, fiscalYearStart, todayInTokyo } from '@dx/domain';
import { JobQueue } from '../src/jobs/job-queue';
import { DEFAULT_FETCH_POLICY, retryAfterMs } from '../src/udemy-sync/udemy-client';
import { UDEMY_BUSINESS_SYNC } from '../src/udemy-sync/udemy-sync-job';
import { UdemySyncService } from '../src/udemy-sync/udemy-sync.service';
import {
  adminAuth,
  Auth,
  createTenant,
  createUser,
  expectProblem,
  importOk,
  JAPANESE,
  loginAs,
  orgCsv,
  person,
  renderCsv,
  smallOrg,
  staffAuth,
  staffCsv,
  StaffInput,
} from './support/factories';
import { FakeUdemy, startFakeUdemy } from './support/fake-udemy';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The Udemy Business Reporting API sync against a local fake of Udemy (a Fastify app on its own port): 2,500 rows
 * in pages of 100, a 429 with Retry-After and a 503 on the way, Basic credentials checked, `from_date` honoured.
 */

const ORG = '424242';
const CLIENT_ID = 'dx-pref-client';
const SECRET = 'udemy-secret-' + randomBytes(12).toString('hex');
const UDEMY_COURSE = '4523678'; // PROMOTER-BASIC's Udemy Business module in the default catalogue
const URL = '/api/v1/integrations/udemy-business';

const today = todayInTokyo();
const fiscalYear = fiscalYearOf(today);
const yearStart = fiscalYearStart(fiscalYear);
const utcToday = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const STAFF = 2000;
const staffNo = (i: number) => String(800000 + i);
const roster: StaffInput[] = [
  ...Array.from({ length: STAFF }, (_, i) => person(staffNo(i), { unit: '100110', assigned: yearStart })),
  person('890001', { name: '管理 課長', unit: '100100', position: '課長', assigned: yearStart }),
];

/** 2,500 rows: 1,900 completions, 100 in progress, 300 unknown people, 200 rows for a course no module names. */
function initialRecords(): Record<string, unknown>[] {
  // The first completion some days back, but never before this fiscal year (its assignment is this year's).
  const completedDay = daysAgo(3).slice(0, 10) < yearStart ? yearStart : daysAgo(3).slice(0, 10);
  const lastAccess = daysAgo(3);
  const known = Array.from({ length: STAFF }, (_, i) => ({
    user_email: `S${staffNo(i)}@EXAMPLE.LG.JP`,
    user_external_id: '',
    user_is_deactivated: false,
    course_id: Number(UDEMY_COURSE),
    course_title: 'DX推進の基礎',
    course_category: 'IT & Software',
    completion_ratio: i < 1900 ? 100 : 42.5,
    num_video_consumed_minutes: 88.3,
    course_enroll_date: daysAgo(30),
    course_start_date: daysAgo(29),
    course_completion_date: i < 1900 ? lastAccess : null,
    course_first_completion_date: i < 1900 ? completedDay : null,
    course_last_accessed_date: lastAccess,
  }));
  const strangers = Array.from({ length: 300 }, (_, i) => ({
    user_email: `outsider${i}@example.com`,
    user_external_id: '',
    course_id: Number(UDEMY_COURSE),
    course_title: 'DX推進の基礎',
    completion_ratio: 100,
    course_completion_date: lastAccess,
    course_first_completion_date: completedDay,
    course_last_accessed_date: lastAccess,
  }));
  const otherCourse = Array.from({ length: 200 }, (_, i) => ({
    user_email: `s${staffNo(i)}@example.lg.jp`,
    user_external_id: staffNo(i),
    course_id: 99990001,
    course_title: 'Excel 中級：ピボットテーブル徹底活用',
    completion_ratio: 100,
    course_completion_date: lastAccess,
    course_first_completion_date: completedDay,
    course_last_accessed_date: lastAccess,
  }));
  return [...known, ...strangers, ...otherCourse];
}

describe('Udemy Business Reporting API sync', () => {
  let t: TestApp;
  let fake: FakeUdemy;
  let admin: Auth; // sysadmin (and HR)
  let hr: Auth;
  let learner: Auth;
  let manager: Auth;
  let tenantId: number;
  const logLines: string[] = [];

  const request = (method: 'GET' | 'PUT' | 'POST', auth: Auth, payload?: unknown, path = '') =>
    t.request({ method, url: URL + path, headers: auth, ...(payload ? { payload } : {}) });
  const connect = (auth: Auth, secret = SECRET, baseUrl = fake.baseUrl) =>
    request('PUT', auth, { baseUrl, organizationId: ORG, clientId: CLIENT_ID, clientSecret: secret });
  const sync = (auth: Auth = hr) => request('POST', auth, undefined, '/sync');
  const applied = async (id = tenantId) => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM module_progress mp JOIN course_module m ON m.id = mp.module_id
                WHERE mp.tenant_id = $1 AND m.kind = 'external') AS progress,
              (SELECT count(*)::int FROM outside_unmatched WHERE tenant_id = $1) AS unmatched`,
      [id],
    );
    return row as { progress: number; unmatched: number };
  };

  beforeAll(async () => {
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const)
      jest
        .spyOn(Logger.prototype, level)
        .mockImplementation((...parts: unknown[]) => void logLines.push(parts.map(String).join(' ')));
    fake = await startFakeUdemy({ organizationId: ORG, clientId: CLIENT_ID, clientSecret: SECRET });
    fake.records.push(...initialRecords());
    t = await createTestApp({ SECRETS_KEY: randomBytes(32).toString('hex') });
    // Short backoff so the retries of the tests take milliseconds; Retry-After is still honoured as sent.
    t.app.get(UdemySyncService).policy = { ...DEFAULT_FETCH_POLICY, backoffMs: 20, timeoutMs: 5000 };
    admin = await adminAuth(t);
    [{ id: tenantId }] = await t.db.query(`SELECT id FROM tenant WHERE code = $1`, [
      t.config.DEFAULT_TENANT_CODE,
    ]);
    await importOk(t, 'org-units', admin, orgCsv(smallOrg(['10'])), { effectiveDate: yearStart });
    await importOk(t, 'staff', admin, staffCsv(roster), { effectiveDate: yearStart });
    // Every one of them a デジタル活用推進員 this year: each has PROMOTER-BASIC (with its Udemy module) assigned.
    await importOk(
      t,
      'promoters',
      admin,
      renderCsv(
        ['職員番号', '指定日'],
        Array.from({ length: STAFF }, (_, i) => ({ 職員番号: staffNo(i), 指定日: yearStart })),
      ),
      { fiscalYear: String(fiscalYear) },
    );
    await createUser(t, { loginId: 'hr-officer', password: 'hr-officer-password', roles: ['hr'] });
    hr = await loginAs(t, 'hr-officer', 'hr-officer-password');
    learner = await staffAuth(t, admin, staffNo(5), 'learner-password-1');
    manager = await staffAuth(t, admin, '890001', 'manager-password-1');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    jest.restoreAllMocks();
  });

  it('is HR’s and the system administrator’s: a learner or a manager gets 403, HR cannot change the connection', async () => {
    for (const auth of [learner, manager]) {
      expectProblem(await request('GET', auth), 403);
      expectProblem(await connect(auth), 403);
      expectProblem(await sync(auth), 403);
    }
    expectProblem(await connect(hr), 403);
    expect((await t.request({ method: 'GET', url: URL })).statusCode).toBe(401);
  });

  it('says in Japanese that nothing is connected yet', async () => {
    expect(expectProblem(await request('GET', hr), 404).detail).toMatch(JAPANESE);
    const problem = expectProblem(await sync(), 409);
    expect(problem.detail).toContain('Udemy Business の接続先が設定されていません');
  });

  it('checks the connection: an http(s) URL, an organisation id, a secret on the first save', async () => {
    const bad = await request('PUT', admin, {
      baseUrl: 'ftp://pref.udemy.com',
      organizationId: ORG,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
    });
    const problem = expectProblem(bad, 422);
    expect(JSON.stringify(problem.errors)).toContain('baseUrl');
    expect(problem.errors as { message: string }[]).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(JAPANESE) })]),
    );
    expect(bad.body).not.toContain(SECRET);
    const noSecret = await request('PUT', admin, {
      baseUrl: fake.baseUrl,
      organizationId: ORG,
      clientId: CLIENT_ID,
    });
    expect(JSON.stringify(expectProblem(noSecret, 422).errors)).toContain('clientSecret');
    expectProblem(
      await request('PUT', admin, {
        baseUrl: fake.baseUrl,
        organizationId: ORG,
        clientId: CLIENT_ID,
        extra: 1,
      }),
      422,
    );
  });

  it('a wrong secret is a 502 problem in Japanese with the upstream status, and nothing is applied', async () => {
    expect((await connect(admin, 'not-the-secret')).statusCode).toBe(200);
    const response = await sync();
    const problem = expectProblem(response, 502);
    expect(problem.upstreamStatus).toBe(401);
    expect(problem.detail).toBe(
      'Udemy Business の認証に失敗しました。クライアントIDとシークレットを確認してください。',
    );
    expect(await applied()).toEqual({ progress: 0, unmatched: 0 });
    const view = (await request('GET', hr)).json();
    expect(view.lastResult).toMatchObject({ ok: false, upstreamStatus: 401 });
    expect(view.lastSyncAt).not.toBeNull();
    expect(view.lastSuccessAt).toBeNull();
  });

  it('stores the secret encrypted and never returns it', async () => {
    const saved = await connect(admin);
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain(SECRET);
    const view = await request('GET', hr);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      baseUrl: fake.baseUrl,
      organizationId: ORG,
      clientId: CLIENT_ID,
      secretStored: true,
    });
    expect(view.body).not.toContain(SECRET);
    expect(view.body).not.toContain('clientSecret');
    const [row] = await t.db.query(
      `SELECT secret_ciphertext FROM udemy_business_connection WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(row.secret_ciphertext).toMatch(/^v1:/);
    expect(row.secret_ciphertext).not.toContain(SECRET);
    expect(Buffer.from(row.secret_ciphertext.slice(3), 'base64').toString('latin1')).not.toContain(SECRET);
    // Saving again without a secret keeps the stored one.
    expect(
      (await request('PUT', admin, { baseUrl: fake.baseUrl, organizationId: ORG, clientId: CLIENT_ID }))
        .statusCode,
    ).toBe(200);
  });

  it('a page that fails for ever (page 13: 500) leaves nothing applied, after a few retries', async () => {
    fake.requests.length = 0;
    fake.failForever(13, 500);
    const problem = expectProblem(await sync(), 502);
    fake.clearFaults();
    expect(problem.upstreamStatus).toBe(500);
    expect(problem.detail).toMatch(JAPANESE);
    expect(fake.requests.filter((r) => r.page === 13).map((r) => r.status)).toEqual([500, 500, 500, 500]);
    expect(await applied()).toEqual({ progress: 0, unmatched: 0 });
  });

  it('an answer that is not JSON leaves nothing applied', async () => {
    fake.failForever(2, 200, '<html>maintenance</html>');
    const problem = expectProblem(await sync(), 502);
    fake.clearFaults();
    expect(problem.detail).toContain('JSON');
    expect(await applied()).toEqual({ progress: 0, unmatched: 0 });
  });

  it('a host that does not answer is a 502 problem without an upstream status', async () => {
    expect((await connect(admin, SECRET, 'http://127.0.0.1:1')).statusCode).toBe(200);
    const problem = expectProblem(await sync(), 502);
    expect(problem.upstreamStatus).toBeNull();
    expect(problem.detail).toBe(
      'Udemy Business に接続できませんでした。接続先URLとネットワークを確認してください。',
    );
    expect((await connect(admin)).statusCode).toBe(200);
  });

  it('follows all 25 pages through a 429 (Retry-After: 1) and a 503, and applies the 2,500 rows at once', async () => {
    fake.requests.length = 0;
    fake.rateLimitOnce('1', 3);
    fake.failOnce(503, 7);
    const response = await sync();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      counts: { completed: 1900, unchanged: 100, skipped: 500 },
      fetched: 2500,
      fromDate: null,
    });
    const ok = fake.requests.filter((r) => r.status === 200);
    expect(ok.map((r) => r.page)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(fake.requests.every((r) => r.fromDate === null)).toBe(true);
    const page3 = fake.requests.filter((r) => r.page === 3);
    expect(page3.map((r) => r.status)).toEqual([429, 200]);
    expect(page3[1].at - page3[0].at).toBeGreaterThanOrEqual(950);
    expect(fake.requests.filter((r) => r.page === 7).map((r) => r.status)).toEqual([503, 200]);
    expect(await applied()).toEqual({ progress: 1900, unmatched: 500 });
    const [{ sources }] = await t.db.query(
      `SELECT array_agg(DISTINCT source) AS sources FROM outside_unmatched WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(sources).toEqual(['api']);
    const view = (await request('GET', hr)).json();
    expect(view.lastResult).toMatchObject({ ok: true, fetched: 2500, counts: { completed: 1900 } });
    expect(view.lastSuccessAt).not.toBeNull();
  });

  it('asks only for activity since the last successful sync (from_date) the second time', async () => {
    fake.requests.length = 0;
    // 100 people who were at 42.5 % have finished today.
    for (let i = 1900; i < STAFF; i++)
      fake.records.push({
        user_email: `s${staffNo(i)}@example.lg.jp`,
        course_id: Number(UDEMY_COURSE),
        course_title: 'DX推進の基礎',
        completion_ratio: 100,
        course_completion_date: new Date().toISOString(),
        course_first_completion_date: new Date().toISOString(),
        course_last_accessed_date: new Date().toISOString(),
      });
    const response = await sync();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      counts: { completed: 100, unchanged: 0, skipped: 0 },
      fetched: 100,
      fromDate: utcToday,
    });
    expect(fake.requests.map((r) => r.fromDate)).toEqual([utcToday]);
    expect(await applied()).toEqual({ progress: 2000, unmatched: 500 });
    // The same again: nothing new.
    expect((await sync()).json().counts).toEqual({ completed: 0, unchanged: 100, skipped: 0 });
  });

  it('audits each sync and the connection without the secret, and never logs it', async () => {
    const rows: { action: string; detail: unknown; actor_login_id: string }[] = await t.db.query(
      `SELECT action, detail, actor_login_id FROM audit_log WHERE tenant_id = $1 AND action LIKE 'udemy_business.%'
        ORDER BY id`,
      [tenantId],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'udemy_business.connected',
      'udemy_business.sync_failed',
      'udemy_business.connected',
      'udemy_business.connected',
      'udemy_business.sync_failed',
      'udemy_business.sync_failed',
      'udemy_business.connected',
      'udemy_business.sync_failed',
      'udemy_business.connected',
      'udemy_business.synced',
      'udemy_business.synced',
      'udemy_business.synced',
    ]);
    expect(rows.find((r) => r.action === 'udemy_business.synced')).toMatchObject({
      actor_login_id: 'hr-officer',
      detail: { counts: { completed: 1900, unchanged: 100, skipped: 500 }, fetched: 2500, pages: 25 },
    });
    const everything = JSON.stringify(await t.db.query(`SELECT * FROM audit_log`));
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64'));
    expect(logLines.join('\n')).not.toContain(SECRET);
  });

  it('the nightly job syncs every connected tenant, each on its own: one failing does not stop the others', async () => {
    const broken = await createTenant(t, 'udemy-broken');
    const other = await createTenant(t, 'udemy-other');
    expect((await connect(broken.admin, 'wrong-secret')).statusCode).toBe(200);
    expect((await connect(other.admin)).statusCode).toBe(200);
    const before = (await request('GET', hr)).json().lastSyncAt;
    const queue = t.app.get(JobQueue);
    const id = await queue.runNow(UDEMY_BUSINESS_SYNC);
    expect(id).not.toBeNull();
    const deadline = Date.now() + 60_000;
    let run = await queue.run(UDEMY_BUSINESS_SYNC, id!);
    while (!run || !['completed', 'failed'].includes(run.state)) {
      if (Date.now() > deadline) throw new Error('the nightly sync did not finish');
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = await queue.run(UDEMY_BUSINESS_SYNC, id!);
    }
    expect(run.state).toBe('completed');
    const mine = (await request('GET', hr)).json();
    expect(mine.lastSyncAt > before).toBe(true);
    expect(mine.lastResult).toMatchObject({ ok: true, fromDate: utcToday });
    const failed = (await request('GET', broken.admin)).json();
    expect(failed.lastResult).toMatchObject({ ok: false, upstreamStatus: 401 });
    const synced = (await request('GET', other.admin)).json();
    // Nobody of that tenant is known: every row waits as unmatched there, none in the default tenant.
    expect(synced.lastResult).toMatchObject({ ok: true, fetched: 2600, fromDate: null });
    expect(synced.lastResult.counts.skipped).toBe(2600);
    const [line] = await t.db.query(
      `SELECT actor_login_id FROM audit_log WHERE tenant_id = $1 AND action = 'udemy_business.synced'`,
      [other.tenantId],
    );
    expect(line.actor_login_id).toBe('system:udemy-business.sync');
    expect((await applied(tenantId)).unmatched).toBe(500);
    // What was logged (the capture works: the failing tenant is there), and the secret is not.
    expect(logLines.join('\n')).toContain(`Tenant ${broken.tenantId}: Udemy Business sync failed`);
    expect(logLines.join('\n')).not.toContain(SECRET);
  }, 90_000);
});

describe('Retry-After', () => {
  const policy = { maxRetryAfterMs: 60_000 };
  it('reads seconds and HTTP dates, and caps the wait', () => {
    const now = Date.parse('2026-12-03T01:00:00Z');
    expect(retryAfterMs('1', policy, now)).toBe(1000);
    expect(retryAfterMs('Thu, 03 Dec 2026 01:00:30 GMT', policy, now)).toBe(30_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 00:59:00 GMT', policy, now)).toBe(0);
    expect(retryAfterMs('86400', policy, now)).toBe(60_000);
    expect(retryAfterMs(null, policy, now)).toBe(1000);
  });
});
