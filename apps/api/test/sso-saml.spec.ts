import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SESSION_COOKIE } from '../src/common/auth-user';
import {
  adminAuth,
  Auth,
  createTenant,
  expectProblem,
  importOk,
  JAPANESE,
  orgCsv,
  person,
  smallOrg,
  staffCsv,
} from './support/factories';
import { AssertionOptions, authnRequestOf, samlKeyPair, samlResponse } from './support/saml-idp';
import { createTestApp, TestApp } from './support/test-app';

/*
 * SAML 2.0 sign-in: the tests play the identity provider, signing responses with throwaway keys of the repository
 * (fixtures/saml), and post them to the assertion consumer service as a browser would.
 */

const PUBLIC_URL = 'http://localhost:3000';
const ENTRY_POINT = 'https://idp.test.example.lg.jp/saml/sso';
const entityId = (tenant: string) => `${PUBLIC_URL}/api/v1/auth/saml/${tenant}/metadata`;
const acsUrl = (tenant: string) => `${PUBLIC_URL}/api/v1/auth/saml/${tenant}/acs`;
const yearStart = '2026-04-01';

describe('single sign-on (SAML 2.0)', () => {
  let t: TestApp;
  let admin: Auth;
  let town: { code: string; tenantId: number; admin: Auth };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    admin = await adminAuth(t);
    await importOk(t, 'org-units', admin, orgCsv(smallOrg(['10'])), { effectiveDate: yearStart });
    await importOk(
      t,
      'staff',
      admin,
      staffCsv([person('100001', { name: '県庁 一郎' }), person('100002', { name: '退職 次郎' })]),
      { effectiveDate: yearStart },
    );
    await t.db.query(`UPDATE staff SET left_on = '2026-04-30' WHERE employee_no = '100002'`);
    town = await createTenant(t, 'town');
    await importOk(t, 'org-units', town.admin, orgCsv(smallOrg(['10'])), { effectiveDate: yearStart });
    await importOk(t, 'staff', town.admin, staffCsv([person('100001', { name: '町役場 花子' })]), {
      effectiveDate: yearStart,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const configure = (auth: Auth, payload: Record<string, unknown>) =>
    t.request({ method: 'PUT', url: '/api/v1/integrations/saml', headers: auth, payload });

  /** The sign-in's start: the AuthnRequest id the IdP answers. */
  async function startSignIn(tenant: string): Promise<string> {
    const start = await t.request({ method: 'GET', url: `/api/v1/auth/sso/${tenant}` });
    expect(start.statusCode).toBe(302);
    const location = start.headers.location as string;
    expect(location.startsWith(ENTRY_POINT + '?')).toBe(true);
    return authnRequestOf(location).id;
  }

  const post = (tenant: string, response: string) =>
    t.request({
      method: 'POST',
      url: `/api/v1/auth/saml/${tenant}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse: response, RelayState: '' }).toString(),
    });

  /** A fresh request's answer for `employeeNo`, as the options change it. */
  async function answer(tenant: string, employeeNo: string, options: Partial<AssertionOptions> = {}) {
    const inResponseTo = await startSignIn(tenant);
    const response = samlResponse({
      inResponseTo,
      audience: entityId(tenant),
      acs: acsUrl(tenant),
      employeeNo,
      ...options,
    });
    return { response, result: await post(tenant, response) };
  }

  async function meWith(result: LightMyRequestResponse) {
    expect({ status: result.statusCode, body: result.body.slice(0, 300) }).toMatchObject({ status: 303 });
    expect(result.headers.location).toBe('/');
    const session = result.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    expect(session).toBeTruthy();
    const me = await t.request({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: session! } });
    expect(me.statusCode).toBe(200);
    return me.json();
  }

  function expectRefusal(result: LightMyRequestResponse, status: number, reason: string): void {
    expect({ status: result.statusCode, body: result.body.slice(0, 300) }).toMatchObject({ status });
    expect(result.headers['content-type']).toContain('text/html');
    expect(result.body).toContain(`data-reason="${reason}"`);
    expect(result.body).toMatch(JAPANESE);
    expect(result.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  }

  it('takes the IdP certificate only in a form it can read, and publishes the service provider metadata', async () => {
    const bad = expectProblem(
      await configure(admin, { entryPoint: ENTRY_POINT, idpCertificate: 'MIIBroken!!' }),
      422,
    );
    expect(bad.errors).toEqual([
      expect.objectContaining({ field: 'idpCertificate', message: expect.stringMatching(JAPANESE) }),
    ]);
    const { certificate } = samlKeyPair('idp');
    // Pasted without its PEM lines, as some IdP screens show it.
    const bare = certificate.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const saved = await configure(admin, { entryPoint: ENTRY_POINT, idpCertificate: bare });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      entryPoint: ENTRY_POINT,
      attribute: 'employeeNumber',
      entityId: entityId('default'),
      acsUrl: acsUrl('default'),
      certificate: { subject: expect.stringContaining('test-idp.example.lg.jp') },
    });
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/integrations/oidc', headers: admin }), 404);

    const loginPage = await t.request({ method: 'GET', url: '/api/v1/auth/tenant?code=default' });
    expect(loginPage.json()).toMatchObject({ code: 'default', singleSignOn: 'saml' });

    const metadata = await t.request({ method: 'GET', url: '/api/v1/auth/saml/default/metadata' });
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers['content-type']).toContain('xml');
    expect(metadata.body).toContain(`entityID="${entityId('default')}"`);
    expect(metadata.body).toContain(`Location="${acsUrl('default')}"`);
    expect(metadata.body).toContain('WantAssertionsSigned="true"');
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/auth/saml/nowhere/metadata' }), 404);

    const townSaved = await configure(town.admin, {
      entryPoint: ENTRY_POINT,
      idpCertificate: samlKeyPair('other-idp').certificate,
    });
    expect(townSaved.statusCode).toBe(200);
  });

  it('signs a staff member in from a signed assertion that answers our request', async () => {
    const { result } = await answer('default', '100001');
    expect(await meWith(result)).toMatchObject({ employeeNo: '100001', displayName: '県庁 一郎' });
  });

  it('refuses a replayed response, a replayed assertion id and an answer to no request of ours', async () => {
    const first = await answer('default', '100001');
    expect(first.result.statusCode).toBe(303);
    expectRefusal(await post('default', first.response), 401, 'provider');

    const assertionId = `_a${randomUUID()}`;
    expect((await answer('default', '100001', { assertionId })).result.statusCode).toBe(303);
    expectRefusal((await answer('default', '100001', { assertionId })).result, 401, 'provider');

    const unsolicited = samlResponse({
      inResponseTo: `_never-sent-${randomUUID()}`,
      audience: entityId('default'),
      acs: acsUrl('default'),
      employeeNo: '100001',
    });
    expectRefusal(await post('default', unsolicited), 401, 'provider');
  });

  it.each<[string, Partial<AssertionOptions>]>([
    ['for another audience', { audience: 'https://another-sp.example.lg.jp/metadata' }],
    ['for another recipient', { recipient: 'https://another-sp.example.lg.jp/acs' }],
    ['that has expired', { validForSeconds: -120 }],
    ['that is not signed', { signWith: 'none' }],
    ['signed by someone else', { signWith: 'other-idp' }],
    [
      'whose 職員番号 was changed after signing',
      { tamper: (xml) => xml.replace('<saml:AttributeValue>100001<', '<saml:AttributeValue>100009<') },
    ],
  ])('refuses an assertion %s', async (_, options) => {
    expectRefusal((await answer('default', '100001', options)).result, 401, 'provider');
  });

  it('refuses a 職員番号 the roster does not hold, and a person who has left', async () => {
    expectRefusal((await answer('default', '999999')).result, 403, 'unknown');
    expectRefusal((await answer('default', '100002')).result, 403, 'left');
  });

  it('keeps tenants apart: the town trusts only its own IdP, and signs in its own person', async () => {
    expectRefusal((await answer('town', '100001', { signWith: 'idp' })).result, 401, 'provider');
    const { result } = await answer('town', '100001', { signWith: 'other-idp' });
    expect(await meWith(result)).toMatchObject({ employeeNo: '100001', displayName: '町役場 花子' });
    // The prefecture's request answered at the town's service provider.
    const prefectureRequest = await startSignIn('default');
    const crossed = samlResponse({
      inResponseTo: prefectureRequest,
      audience: entityId('town'),
      acs: acsUrl('town'),
      employeeNo: '100001',
      signWith: 'other-idp',
    });
    expectRefusal(await post('town', crossed), 401, 'provider');
  });

  it('keeps refusing form bodies everywhere but the assertion consumer service', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'loginId=admin&password=x',
    });
    expect(response.statusCode).toBe(415);
  });
});
