import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SESSION_COOKIE, XSRF_COOKIE, XSRF_HEADER } from '../src/common/auth-user';
import {
  adminAuth,
  Auth,
  createTenant,
  createUser,
  expectProblem,
  importOk,
  JAPANESE,
  loginAs,
  loginRequest,
  orgCsv,
  person,
  setPassword,
  smallOrg,
  staffCsv,
} from './support/factories';
import { startTestIdp, TestIdp } from './support/oidc-idp';
import { createTestApp, TestApp } from './support/test-app';

/*
 * Single sign-on through OpenID Connect against a real provider (oidc-provider in a process of its own, with its
 * login and consent pages): each tenant has its own provider and client; the 職員番号 comes from
 * `preferred_username`; the session is the password login's.
 */

const PUBLIC_URL = 'http://localhost:3000';
const callbackBase = (tenant: string) => `${PUBLIC_URL}/api/v1/auth/sso/${tenant}/callback`;
const LOGIN_PAGE = `${PUBLIC_URL}/login`;
const SECRET_A = 'client-secret-a-' + randomBytes(8).toString('hex');
const SECRET_B = 'client-secret-b-' + randomBytes(8).toString('hex');
const yearStart = '2026-04-01';

/** The cookies a response sets, as a request's Cookie header would carry them. */
function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

describe('single sign-on (OpenID Connect)', () => {
  let t: TestApp;
  let admin: Auth;
  let town: { code: string; tenantId: number; admin: Auth };
  let idpA: TestIdp;
  let idpB: TestIdp;

  beforeAll(async () => {
    [idpA, idpB] = await Promise.all([
      startTestIdp([
        {
          client_id: 'dx-pref',
          client_secret: SECRET_A,
          redirect_uris: [callbackBase('default')],
          post_logout_redirect_uris: [LOGIN_PAGE],
        },
      ]),
      // The town's provider offers no RP-initiated logout (no end_session_endpoint).
      startTestIdp(
        [{ client_id: 'dx-town', client_secret: SECRET_B, redirect_uris: [callbackBase('town')] }],
        {
          logout: false,
        },
      ),
    ]);
    t = await createTestApp({ SECRETS_KEY: randomBytes(32).toString('hex'), PUBLIC_URL });
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
    await idpA?.close();
    await idpB?.close();
  });

  const configure = (auth: Auth, payload: Record<string, unknown>) =>
    t.request({ method: 'PUT', url: '/api/v1/integrations/oidc', headers: auth, payload });

  /** A browser's whole sign-in: start, the provider's pages, the callback. The callback's answer. */
  async function signIn(tenant: string, employeeNo: string, idp: TestIdp) {
    const start = await t.request({ method: 'GET', url: `/api/v1/auth/sso/${tenant}` });
    expect(start.statusCode).toBe(302);
    const callback = await idp.signIn(start.headers.location as string, employeeNo, callbackBase(tenant));
    const pending = cookiesOf(start);
    const answer = await t.request({
      method: 'GET',
      url: callback.pathname + callback.search,
      cookies: pending,
    });
    return { start, callback, pending, answer };
  }

  /** Logout as the web app does it: the browser's cookies and the CSRF header. */
  function logout(answer: LightMyRequestResponse) {
    const cookies = cookiesOf(answer);
    return t.request({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { [SESSION_COOKIE]: cookies[SESSION_COOKIE], [XSRF_COOKIE]: cookies[XSRF_COOKIE] },
      headers: { [XSRF_HEADER]: cookies[XSRF_COOKIE] },
    });
  }

  async function meWith(answer: LightMyRequestResponse) {
    const session = cookiesOf(answer)[SESSION_COOKIE];
    expect(session).toBeTruthy();
    const me = await t.request({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: session } });
    expect(me.statusCode).toBe(200);
    return me.json();
  }

  function expectRefusalPage(answer: LightMyRequestResponse, status: number, reason: string): void {
    expect({ status: answer.statusCode, body: answer.body.slice(0, 300) }).toMatchObject({ status });
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.body).toContain(`data-reason="${reason}"`);
    expect(answer.body).toMatch(JAPANESE);
    expect(cookiesOf(answer)[SESSION_COOKIE]).toBeUndefined();
  }

  it('refuses settings it cannot use, in Japanese, and never returns the secret', async () => {
    const missing = expectProblem(await configure(admin, { issuer: 'not a url', clientId: '' }), 422);
    expect(JSON.stringify(missing)).toMatch(JAPANESE);
    const unreachable = expectProblem(
      await configure(admin, { issuer: 'http://127.0.0.1:9/', clientId: 'dx-pref', clientSecret: SECRET_A }),
      422,
    );
    expect(unreachable.errors).toEqual([expect.objectContaining({ field: 'issuer' })]);
    await createUser(t, { loginId: 'hr-only', password: 'hr-only-password-2026', roles: ['hr'] });
    const hr = await loginAs(t, 'hr-only', 'hr-only-password-2026');
    expectProblem(
      await configure(hr, { issuer: idpA.issuer, clientId: 'dx-pref', clientSecret: SECRET_A }),
      403,
    );
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/integrations/oidc', headers: admin }), 404);

    const saved = await configure(admin, {
      issuer: idpA.issuer,
      clientId: 'dx-pref',
      clientSecret: SECRET_A,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      issuer: idpA.issuer,
      clientId: 'dx-pref',
      secretStored: true,
      claim: 'preferred_username',
      redirectUri: callbackBase('default'),
    });
    const view = await t.request({ method: 'GET', url: '/api/v1/integrations/oidc', headers: admin });
    expect(view.body).not.toContain(SECRET_A);
    const [row] = await t.db.query(`SELECT secret_ciphertext FROM oidc_provider`);
    expect(row.secret_ciphertext).not.toContain(SECRET_A);
    const audit = await t.db.query(`SELECT detail::text FROM audit_log WHERE action = 'sso.configured'`);
    expect(JSON.stringify(audit)).not.toContain(SECRET_A);

    const loginPage = await t.request({ method: 'GET', url: '/api/v1/auth/tenant?code=default' });
    expect(loginPage.json()).toMatchObject({ code: 'default', singleSignOn: 'oidc' });
    const townSaved = await configure(town.admin, {
      issuer: idpB.issuer,
      clientId: 'dx-town',
      clientSecret: SECRET_B,
    });
    expect(townSaved.statusCode).toBe(200);
  });

  it('signs a staff member in with code flow, PKCE, state and nonce, into the same session as a password login', async () => {
    const { start, answer } = await signIn('default', '100001', idpA);
    const authorization = new URL(start.headers.location as string);
    expect(authorization.origin).toBe(idpA.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    expect(answer.statusCode).toBe(302);
    expect(answer.headers.location).toBe('/');
    const me = await meWith(answer);
    expect(me).toMatchObject({ employeeNo: '100001', displayName: '県庁 一郎', roles: ['learner'] });
  });

  it('refuses a replayed callback, and one without its sign-in cookie', async () => {
    const { callback, pending, answer } = await signIn('default', '100001', idpA);
    expect(answer.statusCode).toBe(302);
    const replay = await t.request({
      method: 'GET',
      url: callback.pathname + callback.search,
      cookies: pending,
    });
    expectRefusalPage(replay, 401, 'provider');
    const start = await t.request({ method: 'GET', url: '/api/v1/auth/sso/default' });
    const fresh = await idpA.signIn(start.headers.location as string, '100001', callbackBase('default'));
    expectRefusalPage(await t.request({ method: 'GET', url: fresh.pathname + fresh.search }), 400, 'expired');
  });

  it('refuses a 職員番号 the roster does not hold, and a person who has left, with a page that says so', async () => {
    expectRefusalPage((await signIn('default', '999999', idpA)).answer, 403, 'unknown');
    expectRefusalPage((await signIn('default', '100002', idpA)).answer, 403, 'left');
    const [account] = await t.db.query(
      `SELECT count(*)::int AS n FROM app_user WHERE login_id IN ('999999', '100002')`,
    );
    expect(account.n).toBe(0);
  });

  it.each(['bad-signature', 'wrong-audience', 'expired'] as const)(
    'refuses an ID token with a %s',
    async (spoil) => {
      await idpA.spoilIdTokens(spoil);
      try {
        expectRefusalPage((await signIn('default', '100001', idpA)).answer, 401, 'provider');
      } finally {
        await idpA.spoilIdTokens('normal');
      }
      expect((await signIn('default', '100001', idpA)).answer.statusCode).toBe(302);
    },
  );

  it('keeps tenants apart: each tenant signs in through its own provider, to its own person', async () => {
    const inTown = await signIn('town', '100001', idpB);
    expect(await meWith(inTown.answer)).toMatchObject({ employeeNo: '100001', displayName: '町役場 花子' });

    // A code from the prefecture's provider, brought to the town's callback with the town's sign-in cookie.
    const start = await t.request({ method: 'GET', url: '/api/v1/auth/sso/town' });
    const townState = new URL(start.headers.location as string).searchParams.get('state')!;
    const prefStart = await t.request({ method: 'GET', url: '/api/v1/auth/sso/default' });
    const prefCallback = await idpA.signIn(
      prefStart.headers.location as string,
      '100001',
      callbackBase('default'),
    );
    prefCallback.searchParams.set('state', townState);
    const crossed = await t.request({
      method: 'GET',
      url: `/api/v1/auth/sso/town/callback${prefCallback.search}`,
      cookies: cookiesOf(start),
    });
    expectRefusalPage(crossed, 401, 'provider');
    // The prefecture's sign-in cookie is not the town's.
    const swapped = await t.request({
      method: 'GET',
      url: `/api/v1/auth/sso/town/callback${prefCallback.search}`,
      cookies: cookiesOf(prefStart),
    });
    expectRefusalPage(swapped, 400, 'expired');
    expectRefusalPage(
      await t.request({ method: 'GET', url: '/api/v1/auth/sso/nowhere' }),
      404,
      'not-configured',
    );
  });

  it('logs out of the provider too (RP-initiated logout): id_token_hint and the way back to the login page', async () => {
    const browser = idpA.browser();
    const signInWith = async () => {
      const start = await t.request({ method: 'GET', url: '/api/v1/auth/sso/default' });
      const { callback, askedToLogIn } = await browser.signIn(
        start.headers.location as string,
        '100001',
        callbackBase('default'),
      );
      const answer = await t.request({
        method: 'GET',
        url: callback.pathname + callback.search,
        cookies: cookiesOf(start),
      });
      expect(answer.statusCode).toBe(302);
      return { answer, askedToLogIn };
    };
    expect((await signInWith()).askedToLogIn).toBe(true);
    // The provider keeps its own session: a second sign-in does not ask for the 職員番号 again.
    const { answer, askedToLogIn } = await signInWith();
    expect(askedToLogIn).toBe(false);
    // The ID token is kept with the session, sealed.
    const [row] = await t.db.query(
      `SELECT s.oidc_id_token FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE u.login_id = '100001' AND u.tenant_id = (SELECT id FROM tenant WHERE code = 'default')
        ORDER BY s.created_at DESC LIMIT 1`,
    );
    expect(row.oidc_id_token).toMatch(/^v1:/);

    const out = await logout(answer);
    expect(out.statusCode).toBe(200);
    expect(out.headers['cache-control']).toBe('no-store');
    const endSession = new URL(out.json().endSessionUrl);
    expect(endSession.origin + endSession.pathname).toBe(`${idpA.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(LOGIN_PAGE);
    expect(endSession.searchParams.get('client_id')).toBe('dx-pref');
    const hint = JSON.parse(
      Buffer.from(endSession.searchParams.get('id_token_hint')!.split('.')[1], 'base64url').toString(),
    );
    expect(hint).toMatchObject({ iss: idpA.issuer, aud: 'dx-pref', preferred_username: '100001' });
    // The app's session ended first, whatever the browser does next.
    const session = cookiesOf(answer)[SESSION_COOKIE];
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: session } }),
      401,
    );
    expect(cookiesOf(out)[SESSION_COOKIE]).toBe('');

    // The provider takes the hint, ends its session and sends the browser back to the login page ...
    expect((await browser.signOut(endSession.href, LOGIN_PAGE)).href).toBe(LOGIN_PAGE);
    // ... so the next sign-in asks for the 職員番号 again.
    expect((await signInWith()).askedToLogIn).toBe(true);
  });

  it('logs out locally only where there is no provider session to end: 204, and the session is over', async () => {
    // A provider without end_session_endpoint (the town's).
    const inTown = await signIn('town', '100001', idpB);
    const townOut = await logout(inTown.answer);
    expect({ status: townOut.statusCode, body: townOut.body }).toEqual({ status: 204, body: '' });
    expectProblem(
      await t.request({
        method: 'GET',
        url: '/api/v1/me',
        cookies: { [SESSION_COOKIE]: cookiesOf(inTown.answer)[SESSION_COOKIE] },
      }),
      401,
    );
    // A password login in a tenant whose provider has one (not the admin's: logout ends all of a user's sessions).
    const login = await loginRequest(t, 'hr-only', 'hr-only-password-2026');
    expect(login.statusCode).toBe(200);
    expect((await logout(login)).statusCode).toBe(204);
    // A cookie posted without its CSRF header (another page) ends nothing and sends nowhere.
    const { answer } = await signIn('default', '100001', idpA);
    const forged = await t.request({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { [SESSION_COOKIE]: cookiesOf(answer)[SESSION_COOKIE] },
    });
    expect(forged.statusCode).toBe(204);
    expect((await meWith(answer)).employeeNo).toBe('100001');
  });

  it('closes the password login to staff when the sysadmin says so, and keeps it for administrators', async () => {
    await setPassword(t, admin, '100001', 'Staff-password-2026!');
    const before = await loginRequest(t, '100001', 'Staff-password-2026!');
    expect(before.statusCode).toBe(200);
    expect(
      (await configure(admin, { issuer: idpA.issuer, clientId: 'dx-pref', passwordLoginForStaff: false }))
        .statusCode,
    ).toBe(200);
    const refused = expectProblem(await loginRequest(t, '100001', 'Staff-password-2026!'), 403);
    expect(refused.detail).toMatch(JAPANESE);
    expect((await adminAuth(t)).authorization).toMatch(/^Bearer /);
    expect((await signIn('default', '100001', idpA)).answer.statusCode).toBe(302);
  });

  it("logs out locally only when the tenant's provider was removed after the sign-in", async () => {
    const { answer } = await signIn('default', '100001', idpA);
    const removed = await t.request({ method: 'DELETE', url: '/api/v1/integrations/oidc', headers: admin });
    expect(removed.statusCode).toBe(204);
    expect((await logout(answer)).statusCode).toBe(204);
  });
});
