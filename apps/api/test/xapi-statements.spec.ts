import { createTestApp, TestApp } from './support/test-app';
import { adminAuth, createTenant, expectProblem, type Auth } from './support/factories';

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
