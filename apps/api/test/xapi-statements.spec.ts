import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './support/test-app';
import {
  adminAuth,
  createTenant,
  expectProblem,
  importOk,
  readFixture,
  type Auth,
} from './support/factories';
import { udemyCourse } from './support/udemy';

const V = { 'x-experience-api-version': '1.0.3' };

function basic(key: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
}

async function createClient(t: TestApp, admin: Auth, name = 'テスト接続') {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/integrations/xapi-clients',
    headers: admin,
    payload: { name },
  });
  expect(response.statusCode).toBe(201);
  const body = response.json() as { id: number; key: string; secret: string };
  return { ...body, auth: { ...V, authorization: basic(body.key, body.secret) } };
}

describe('xAPI LRS: credentials and the door', () => {
  let t: TestApp;
  let admin: Auth;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
  });
  afterAll(() => t?.close());

  it('shows the secret once, lists credentials without it, and a revoked credential is 401', async () => {
    const client = await createClient(t, admin);
    expect(client.secret.length).toBeGreaterThanOrEqual(43);
    const ok = await t.request({ method: 'GET', url: '/api/v1/xapi/statements', headers: client.auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['x-experience-api-version']).toBe('1.0.3');
    const list = await t.request({ method: 'GET', url: '/api/v1/integrations/xapi-clients', headers: admin });
    expect(list.json()).toEqual([
      expect.objectContaining({ id: client.id, key: client.key, revokedAt: null }),
    ]);
    expect(list.body).not.toContain(client.secret);
    const revoke = await t.request({
      method: 'DELETE',
      url: `/api/v1/integrations/xapi-clients/${client.id}`,
      headers: admin,
    });
    expect(revoke.statusCode).toBe(204);
    const after = await t.request({ method: 'GET', url: '/api/v1/xapi/statements', headers: client.auth });
    expectProblem(after, 401);
  });

  it('refuses a request without the version header (400) and a wrong secret (401)', async () => {
    const client = await createClient(t, admin);
    const noVersion = await t.request({
      method: 'GET',
      url: '/api/v1/xapi/statements',
      headers: { authorization: client.auth.authorization },
    });
    expectProblem(noVersion, 400);
    expect(noVersion.headers['x-experience-api-version']).toBe('1.0.3');
    const wrong = await t.request({
      method: 'GET',
      url: '/api/v1/xapi/statements',
      headers: { ...V, authorization: basic(client.key, 'x'.repeat(43)) },
    });
    expectProblem(wrong, 401);
    const none = await t.request({ method: 'GET', url: '/api/v1/xapi/statements', headers: V });
    expectProblem(none, 401);
  });

  it('lets only a sysadmin manage credentials, and another tenant sees none of them', async () => {
    await createClient(t, admin);
    const other = await createTenant(t, 'xapi-other');
    const list = await t.request({
      method: 'GET',
      url: '/api/v1/integrations/xapi-clients',
      headers: other.admin,
    });
    expect(list.json()).toEqual([]);
    const anonymous = await t.request({ method: 'GET', url: '/api/v1/integrations/xapi-clients' });
    expectProblem(anonymous, 401);
  });
});

const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const EXPERIENCED = 'http://adlnet.gov/expapi/verbs/experienced';
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

function statement(overrides: Record<string, unknown> = {}) {
  return {
    actor: { objectType: 'Agent', mbox: 'mailto:learner@example.com', name: '学習者' },
    verb: { id: EXPERIENCED, display: { 'ja-JP': '体験した' } },
    object: { objectType: 'Activity', id: 'http://example.com/activities/a1' },
    ...overrides,
  };
}

describe('xAPI LRS: statements', () => {
  let t: TestApp;
  let admin: Auth;
  let auth: Record<string, string>;
  const post = (payload: unknown, headers = auth) =>
    t.request({ method: 'POST', url: '/api/v1/xapi/statements', headers, payload: payload as object });
  const get = (query: Record<string, string>, headers = auth) =>
    t.request({
      method: 'GET',
      url: `/api/v1/xapi/statements?${new URLSearchParams(query).toString()}`,
      headers,
    });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
    auth = (await createClient(t, admin)).auth;
  });
  afterAll(() => t?.close());

  it('assigns ids, accepts the same statement again under its id, and refuses a different one (409)', async () => {
    const first = await post([statement(), statement()]);
    expect(first.statusCode).toBe(200);
    const ids = first.json() as string[];
    expect(ids).toHaveLength(2);
    const id = randomUUID();
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/xapi/statements?statementId=${id}`,
      headers: auth,
      payload: statement(),
    });
    expect(put.statusCode).toBe(204);
    expect((await post({ ...statement(), id })).json()).toEqual([id]);
    // The same statement with its properties in another order is still the same statement.
    const { actor, verb, object } = statement();
    expect((await post({ object, id, verb, actor })).statusCode).toBe(200);
    const conflict = await post({ ...statement({ verb: { id: COMPLETED } }), id });
    expectProblem(conflict, 409);
    // A batch is all or nothing: the new statement beside the conflicting one is not stored either.
    const fresh = randomUUID();
    expectProblem(
      await post([
        { ...statement(), id: fresh },
        { ...statement({ verb: { id: COMPLETED } }), id },
      ]),
      409,
    );
    expectProblem(await get({ statementId: fresh }), 404);
    const stored = await get({ statementId: id });
    expect(stored.json()).toMatchObject({
      id,
      verb: { id: EXPERIENCED },
      version: '1.0.0',
      authority: { objectType: 'Agent' },
      stored: expect.any(String),
      timestamp: expect.any(String),
    });
    expect(stored.headers['x-experience-api-consistent-through']).toBeDefined();
  });

  it('refuses invalid statements with 400', async () => {
    expectProblem(await post(statement({ actor: { mbox: 'learner@example.com' } })), 400);
    expectProblem(await post(statement({ extra: true })), 400);
    expectProblem(await post(statement({ result: { score: { scaled: 1.5 } } })), 400);
    expectProblem(await post(statement({ verb: { id: 'not an iri' } })), 400);
    expectProblem(await post(statement({ verb: { id: VOIDED } })), 400);
  });

  it('hides a voided statement from queries, finds it by voidedStatementId, and never voids a voiding one', async () => {
    const target = randomUUID();
    const activity = `http://example.com/activities/void-${target}`;
    await post({ ...statement({ object: { id: activity } }), id: target });
    const voiding = randomUUID();
    const voidIt = await post({
      ...statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: target } }),
      id: voiding,
    });
    expect(voidIt.statusCode).toBe(200);
    expectProblem(await get({ statementId: target }), 404);
    expect((await get({ voidedStatementId: target })).json()).toMatchObject({ id: target });
    const found = (await get({ activity })).json().statements.map((s: { id: string }) => s.id);
    // The voiding statement targets a matching statement, so the query returns it; the voided one is hidden.
    expect(found).toEqual([voiding]);
    const again = await post(
      statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: voiding } }),
    );
    expectProblem(again, 400);
  });

  it('filters by agent, verb, activity, registration, since/until, and pages with a stable more link', async () => {
    const registration = randomUUID();
    const agent = { mbox: `mailto:pager-${registration}@example.com` };
    const before = new Date().toISOString();
    const batch = Array.from({ length: 7 }, (_, i) =>
      statement({
        actor: agent,
        verb: { id: i % 2 === 0 ? COMPLETED : EXPERIENCED },
        object: { id: `http://example.com/activities/page-${i}` },
        context: {
          registration,
          contextActivities: { parent: { id: 'http://example.com/activities/parent' } },
        },
      }),
    );
    const ids = (await post(batch)).json() as string[];
    const byAgent = (await get({ agent: JSON.stringify(agent) })).json();
    expect(byAgent.statements).toHaveLength(7);
    expect(byAgent.statements[0].context.contextActivities.parent).toEqual([
      { id: 'http://example.com/activities/parent' },
    ]);
    expect((await get({ agent: JSON.stringify(agent), verb: COMPLETED })).json().statements).toHaveLength(4);
    expect((await get({ activity: 'http://example.com/activities/page-3' })).json().statements).toHaveLength(
      1,
    );
    const related = await get({
      activity: 'http://example.com/activities/parent',
      related_activities: 'true',
      registration,
    });
    expect(related.json().statements).toHaveLength(7);
    expect((await get({ registration, since: before })).json().statements).toHaveLength(7);
    expect((await get({ registration, until: before })).json().statements).toHaveLength(0);

    const seen: string[] = [];
    let page = (await get({ registration, limit: '3', ascending: 'true' })).json();
    seen.push(...page.statements.map((s: { id: string }) => s.id));
    // A statement stored after the first page is not in the paging that already started.
    await post(statement({ actor: agent, context: { registration } }));
    while (page.more) {
      const next = await t.request({ method: 'GET', url: page.more, headers: auth });
      expect(next.statusCode).toBe(200);
      page = next.json();
      seen.push(...page.statements.map((s: { id: string }) => s.id));
    }
    expect(seen).toEqual(ids);
    expectProblem(await get({ statementId: ids[0], agent: JSON.stringify(agent) }), 400);
  });

  it('finds an agent as the actor or the object; with related_agents also as the instructor', async () => {
    const agent = { mbox: `mailto:agent-${randomUUID()}@example.com` };
    const other = { mbox: `mailto:other-${randomUUID()}@example.com` };
    const ids = (
      (
        await post([
          statement({ actor: agent }),
          statement({ actor: other, object: { objectType: 'Agent', ...agent } }),
          statement({ actor: other, context: { instructor: agent } }),
        ])
      ).json() as string[]
    ).reverse();
    const found = async (query: Record<string, string>) =>
      ((await get(query)).json().statements as { id: string }[]).map((s) => s.id);
    expect(await found({ agent: JSON.stringify(agent) })).toEqual(ids.slice(1));
    expect(await found({ agent: JSON.stringify(agent), related_agents: 'true' })).toEqual(ids);
  });

  it('shows another tenant none of these statements', async () => {
    const other = await createTenant(t, 'xapi-stmts');
    const otherAuth = (await createClient(t, other.admin)).auth;
    const id = randomUUID();
    await post({ ...statement(), id });
    expectProblem(await get({ statementId: id }, otherAuth), 404);
    expect((await get({}, otherAuth)).json().statements).toEqual([]);
    // The same id is free in the other tenant.
    expect((await post({ ...statement({ verb: { id: COMPLETED } }), id }, otherAuth)).statusCode).toBe(200);
  });
});

describe('xAPI LRS: completions', () => {
  let t: TestApp;
  let admin: Auth;
  let auth: Record<string, string>;
  const COURSE_URL = 'https://pref-example.udemy.com/course/xapi-basics/';

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
    auth = (await createClient(t, admin)).auth;
    await importOk(t, 'org-units', admin, readFixture('sample-org.csv'), { effectiveDate: '2026-04-01' });
    await importOk(t, 'staff', admin, readFixture('sample-staff.csv'), { effectiveDate: '2026-04-01' });
    await udemyCourse(t, admin, 'UDEMY-XAPI', '910001', COURSE_URL);
    for (const no of ['500003', '500004']) {
      const r = await t.request({
        method: 'POST',
        url: `/api/v1/staff/${no}/enrollments`,
        headers: admin,
        payload: { courseCode: 'UDEMY-XAPI', fiscalYear: 2026, dueDate: '2027-03-31' },
      });
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(() => t?.close());

  const progress = (no: string) =>
    t.db.query(
      `SELECT e.completed_on::text AS completed_on,
              (SELECT count(*)::int FROM module_progress p WHERE p.enrollment_id = e.id) AS modules
         FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id
        WHERE s.employee_no = $1 AND c.code = 'UDEMY-XAPI' AND e.fiscal_year = 2026`,
      [no],
    );

  it('completes the module once under 20 concurrent identical posts of one completed statement', async () => {
    const completed = {
      id: randomUUID(),
      actor: { mbox: 'mailto:SUZUKI.HAJIME@example.lg.jp' },
      verb: { id: COMPLETED },
      object: { id: COURSE_URL, definition: { name: { ja: 'xAPI 基礎' } } },
      timestamp: '2026-05-10T10:00:00+09:00',
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.request({ method: 'POST', url: '/api/v1/xapi/statements', headers: auth, payload: completed }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(await progress('500003')).toEqual([{ completed_on: '2026-05-10', modules: 1 }]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM xapi_statement WHERE id = $1`, [
      completed.id,
    ]);
    expect(count).toBe(1);
  });

  it('completes by account name = 職員番号, and keeps unknown people as unmatched rows', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/xapi/statements',
      headers: auth,
      payload: [
        {
          actor: { account: { homePage: 'https://pref-example.udemy.com', name: '500004' } },
          verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
          object: { id: COURSE_URL },
          timestamp: '2026-06-01T09:00:00Z',
        },
        {
          actor: { mbox: 'mailto:nobody@example.lg.jp' },
          verb: { id: COMPLETED },
          object: { id: COURSE_URL },
          timestamp: '2026-06-01T09:00:00Z',
        },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(await progress('500004')).toEqual([{ completed_on: '2026-06-01', modules: 1 }]);
    const unmatched = await t.db.query(
      `SELECT source FROM outside_unmatched WHERE email = 'nobody@example.lg.jp'`,
    );
    expect(unmatched).toEqual([{ source: 'xapi' }]);
  });

  it('treats a completion sent again like the full apply: pending stays one unknown_person row, dismissed stays, resolved applies', async () => {
    const again = async () => {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/xapi/statements',
        headers: auth,
        payload: {
          actor: { mbox: 'mailto:Stranger@example.lg.jp' },
          verb: { id: COMPLETED },
          object: { id: COURSE_URL },
          timestamp: '2026-07-01T10:00:00+09:00',
        },
      });
      expect(r.statusCode).toBe(200);
    };
    const record = async () =>
      t.db.query(
        `SELECT reason, status, completed_on::text AS completed_on FROM outside_unmatched
          WHERE email = 'Stranger@example.lg.jp'`,
      );
    await again();
    await again();
    expect(await record()).toEqual([
      { reason: 'unknown_person', status: 'pending', completed_on: '2026-07-01' },
    ]);
    // A pending record whose reason is another one (the person was on the roster then) gets unknown_person again.
    await t.db.query(
      `UPDATE outside_unmatched SET reason = 'unknown_course' WHERE email = 'Stranger@example.lg.jp'`,
    );
    await again();
    expect(await record()).toEqual([
      { reason: 'unknown_person', status: 'pending', completed_on: '2026-07-01' },
    ]);
    // A dismissed record is left as it is.
    await t.db.query(
      `UPDATE outside_unmatched SET status = 'dismissed', reason = 'unknown_course' WHERE email = 'Stranger@example.lg.jp'`,
    );
    await again();
    expect(await record()).toEqual([
      { reason: 'unknown_course', status: 'dismissed', completed_on: '2026-07-01' },
    ]);
    // HR resolved the record to a person: the completion sent again applies to that person.
    const assigned = await t.request({
      method: 'POST',
      url: '/api/v1/staff/500005/enrollments',
      headers: admin,
      payload: { courseCode: 'UDEMY-XAPI', fiscalYear: 2026, dueDate: '2027-03-31' },
    });
    expect(assigned.statusCode).toBe(201);
    await t.db.query(
      `UPDATE outside_unmatched SET status = 'pending', reason = 'unknown_person',
              resolved_staff_id = (SELECT id FROM staff WHERE employee_no = '500005')
        WHERE email = 'Stranger@example.lg.jp'`,
    );
    await again();
    expect(await progress('500005')).toEqual([{ completed_on: '2026-07-01', modules: 1 }]);
    expect(await record()).toEqual([
      { reason: 'unknown_person', status: 'applied', completed_on: '2026-07-01' },
    ]);
  });
});
