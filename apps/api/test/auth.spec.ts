import type { LightMyRequestResponse } from 'fastify';
import {
  adminAuth,
  expectProblem,
  Auth,
  createUser,
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
import { SessionCache } from '../src/users/session-cache';
import { ADMIN, createTestApp, TestApp } from './support/test-app';

const EFFECTIVE = '2026-04-01';

function cookiesOf(response: LightMyRequestResponse) {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c]));
}

describe('authentication', () => {
  let t: TestApp;
  let admin: Auth;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
    await importOk(t, 'org-units', admin, orgCsv(smallOrg(['10', '20'])), { effectiveDate: EFFECTIVE });
    await importOk(
      t,
      'staff',
      admin,
      staffCsv([
        person('700001', { name: '山田 太郎' }),
        person('700002'),
        person('700003'),
        person('700004'),
        person('700005'),
        person('700006'),
        person('700007'),
        person('700008', { name: '松阪 牛太郎', kana: 'マツサカ ギュウタロウ' }),
        person('７０００１０', { name: '全角 番号' }),
      ]),
      { effectiveDate: EFFECTIVE },
    );
    await createUser(t, { loginId: 'hr-officer', password: 'hr-officer-password', roles: ['hr'] });
  });
  afterAll(() => t?.close());

  describe('POST /api/v1/auth/login', () => {
    it('returns the contract shape and sets an httpOnly SameSite=Strict session cookie and an XSRF-TOKEN cookie', async () => {
      const response = await loginRequest(t, ADMIN.loginId, ADMIN.password);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toEqual({
        accessToken: expect.any(String),
        expiresIn: expect.any(Number),
        mustChangePassword: false,
        user: {
          loginId: 'admin',
          displayName: expect.any(String),
          roles: expect.arrayContaining(['sysadmin', 'hr']),
        },
        // An addition to the contract: the sign-in before this one (this suite logged in before).
        lastLogin: { at: expect.any(String), ip: expect.any(String) },
      });
      expect(body.accessToken.length).toBeGreaterThan(20);
      expect(body.expiresIn).toBeGreaterThan(0);

      const cookies = cookiesOf(response);
      const session = cookies['dx_session'];
      expect(session).toBeDefined();
      expect(session.httpOnly).toBe(true);
      expect(String(session.sameSite).toLowerCase()).toBe('strict');
      expect(session.path).toBe('/');
      const xsrf = cookies['XSRF-TOKEN'];
      expect(xsrf).toBeDefined();
      expect(xsrf.value.length).toBeGreaterThan(10);
      // The web app's script must be able to read it to echo it back.
      expect(xsrf.httpOnly).toBeFalsy();
      expect(String(xsrf.sameSite).toLowerCase()).toBe('strict');

      // The session cookie alone authenticates a read.
      const me = await t.request({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie: `dx_session=${session.value}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        loginId: 'admin',
        roles: expect.arrayContaining(['sysadmin', 'hr']),
      });
    });

    it('answers an unknown login id and a wrong password with the same 401 body', async () => {
      await createUser(t, { loginId: 'same-body', password: 'same-body-password', roles: [] });
      const wrongPassword = await loginRequest(t, 'same-body', 'not-the-password');
      const unknownId = await loginRequest(t, 'nobody-has-this-id', 'not-the-password');
      const wrongBody = expectProblem(wrongPassword, 401);
      const unknownBody = expectProblem(unknownId, 401);
      expect(unknownBody).toEqual(wrongBody);
      expect(wrongBody.detail).toMatch(JAPANESE);
      expect(wrongPassword.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a body that is not JSON with a 400 problem', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"loginId": "admin", "password": ',
      });
      expectProblem(response, 400);
    });

    it('treats missing fields as a failed credential check (401, the same message)', async () => {
      const reference = expectProblem(await loginRequest(t, 'nobody-has-this-id', 'x'), 401);
      for (const payload of [{}, { loginId: 'admin' }, { password: ADMIN.password }]) {
        const response = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload });
        expect(expectProblem(response, 401)).toEqual(reference);
      }
    });

    it('never answers a well-formed body with wrongly typed fields with a 500', async () => {
      for (const payload of [
        { loginId: 12345, password: 'whatever-password' },
        { loginId: ['admin'], password: 'x' },
      ]) {
        const response = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload });
        // The payload is named in the failure message: `{"loginId":12345,...} → 500`.
        expect(`${JSON.stringify(payload)} → ${response.statusCode}`).toMatch(/ → (400|401|422)$/);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('locks an account after 5 wrong passwords: the right one is then refused with the same message, and it is audited', async () => {
      await createUser(t, { loginId: 'lock-target', password: 'lock-target-password', roles: [] });
      const first = expectProblem(await loginRequest(t, 'lock-target', 'wrong-1'), 401);
      for (let i = 2; i <= 5; i++) {
        expect(expectProblem(await loginRequest(t, 'lock-target', `wrong-${i}`), 401)).toEqual(first);
      }
      const correct = await loginRequest(t, 'lock-target', 'lock-target-password');
      expect(expectProblem(correct, 401)).toEqual(first);

      const audit: { action: string; n: number }[] = await t.db.query(
        `SELECT action, count(*)::int AS n FROM audit_log WHERE actor_login_id = 'lock-target' GROUP BY action`,
      );
      const counts = Object.fromEntries(audit.map((r) => [r.action, r.n]));
      expect(counts['login.failed']).toBeGreaterThanOrEqual(5);
      expect(counts['login.locked']).toBeGreaterThanOrEqual(1);
      expect(counts['login.succeeded']).toBeUndefined();
    });
    it('gives the usual five attempts again once the lock has expired (one typo does not lock the account again)', async () => {
      await createUser(t, { loginId: 'relock-target', password: 'relock-target-password', roles: [] });
      for (let i = 1; i <= 5; i++) expectProblem(await loginRequest(t, 'relock-target', `wrong-${i}`), 401);
      expectProblem(await loginRequest(t, 'relock-target', 'relock-target-password'), 401);
      // The 15 minutes pass.
      await t.db.query(
        `UPDATE app_user SET locked_until = now() - interval '1 second' WHERE login_id = 'relock-target'`,
      );
      expectProblem(await loginRequest(t, 'relock-target', 'one-typo'), 401);
      const response = await loginRequest(t, 'relock-target', 'relock-target-password');
      expect(response.statusCode).toBe(200);
    });
  });

  describe('GET /api/v1/me', () => {
    it('is 401 problem+json without credentials, and with a forged token', async () => {
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me' }), 401);
      expectProblem(
        await t.request({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: 'Bearer abc.def.ghi' },
        }),
        401,
      );
    });
  });

  describe('PUT /api/v1/admin/users/{loginId}/password', () => {
    it('is refused (403) to an HR user who is not a system administrator, and to a staff member', async () => {
      const hr = await loginAs(t, 'hr-officer', 'hr-officer-password');
      const asHr = await t.request({
        method: 'PUT',
        url: '/api/v1/admin/users/700002/password',
        headers: hr,
        payload: { password: 'a-perfectly-long-password' },
      });
      expectProblem(asHr, 403);

      await setPassword(t, admin, '700003', 'initial-password-no03');
      const staff = await loginAs(t, '700003', 'initial-password-no03');
      const asStaff = await t.request({
        method: 'PUT',
        url: '/api/v1/admin/users/700002/password',
        headers: staff,
        payload: { password: 'a-perfectly-long-password' },
      });
      expectProblem(asStaff, 403);
      // Neither request created an account for 700002.
      expect(await t.db.query(`SELECT 1 FROM app_user WHERE login_id = '700002'`)).toHaveLength(0);
    });

    it('refuses a too short password with 422 and a Japanese message on the password field', async () => {
      const response = await t.request({
        method: 'PUT',
        url: '/api/v1/admin/users/700002/password',
        headers: admin,
        payload: { password: 'short' },
      });
      const body = expectProblem(response, 422);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'password', message: expect.stringMatching(JAPANESE) }),
        ]),
      );
      expect(await t.db.query(`SELECT 1 FROM app_user WHERE login_id = '700002'`)).toHaveLength(0);
    });

    it('creates the account of an imported staff member, login id = 職員番号, who must then change the password', async () => {
      expect(await t.db.query(`SELECT 1 FROM app_user WHERE login_id = '700001'`)).toHaveLength(0);
      await setPassword(t, admin, '700001', 'temporary-password-1');
      const [user] = await t.db.query(
        `SELECT u.login_id, s.employee_no FROM app_user u JOIN staff s ON s.id = u.staff_id WHERE u.login_id = '700001'`,
      );
      expect(user).toEqual({ login_id: '700001', employee_no: '700001' });

      const response = await loginRequest(t, '700001', 'temporary-password-1');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        mustChangePassword: true,
        user: { loginId: '700001', displayName: '山田 太郎', roles: expect.arrayContaining(['learner']) },
      });
      expect(response.json().user.roles).not.toContain('hr');
    });

    it('uses the half-width 職員番号 as login id of a person imported with a full-width one', async () => {
      await setPassword(t, admin, '700010', 'temporary-password-10');
      const response = await loginRequest(t, '700010', 'temporary-password-10');
      expect(response.statusCode).toBe(200);
      expect(response.json().user).toMatchObject({ loginId: '700010', displayName: '全角 番号' });
    });

    it('revokes the tokens and cookie sessions issued before a new password is set', async () => {
      await setPassword(t, admin, '700004', 'first-password-no04');
      const before = await loginRequest(t, '700004', 'first-password-no04');
      const bearer = { authorization: `Bearer ${before.json().accessToken}` };
      const cookie = { cookie: `dx_session=${cookiesOf(before)['dx_session'].value}` };
      expect((await t.request({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);

      await setPassword(t, admin, '700004', 'second-password-no04');
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me', headers: bearer }), 401);
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me', headers: cookie }), 401);
      expectProblem(await loginRequest(t, '700004', 'first-password-no04'), 401);
      const after = await loginAs(t, '700004', 'second-password-no04');
      expect((await t.request({ method: 'GET', url: '/api/v1/me', headers: after })).statusCode).toBe(200);
    });

    it('refuses a token on the very request after the revocation, even while its user is kept in the session cache', async () => {
      await setPassword(t, admin, '700006', 'first-password-no06');
      const auth = await loginAs(t, '700006', 'first-password-no06');
      for (let i = 0; i < 3; i++) {
        expect(
          (await t.request({ method: 'GET', url: '/api/v1/me/enrollments', headers: auth })).statusCode,
        ).toBe(200);
      }
      await setPassword(t, admin, '700006', 'second-password-no06');
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me/enrollments', headers: auth }), 401);
    });

    it('ends the session on the server at logout: the token and the cookie are refused afterwards, and it is audited', async () => {
      await setPassword(t, admin, '700007', 'first-password-no07');
      const login = await loginRequest(t, '700007', 'first-password-no07');
      const bearer = { authorization: `Bearer ${login.json().accessToken}` };
      const cookie = { cookie: `dx_session=${cookiesOf(login)['dx_session'].value}` };
      const xsrf = { 'x-xsrf-token': cookiesOf(login)['XSRF-TOKEN'].value };
      const me = (headers: Record<string, string>) =>
        t.request({ method: 'GET', url: '/api/v1/me', headers });
      const logout = (headers: Record<string, string>) =>
        t.request({ method: 'POST', url: '/api/v1/auth/logout', headers });
      expect((await me(bearer)).statusCode).toBe(200);

      // Another page posting to logout with the cookie but without the CSRF token only clears cookies.
      const forgedByPage = await logout(cookie);
      expect(forgedByPage.statusCode).toBe(204);
      expect(cookiesOf(forgedByPage)['dx_session'].value).toBe('');
      expect((await me(cookie)).statusCode).toBe(200);

      const real = await logout({ ...cookie, ...xsrf });
      expect(real.statusCode).toBe(204);
      expect(cookiesOf(real)['dx_session'].value).toBe('');
      expectProblem(await me(cookie), 401);
      expectProblem(await me(bearer), 401);
      const [audited] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'logout.succeeded' AND actor_login_id = '700007'`,
      );
      expect(audited.n).toBe(1);

      // Logging out again with the ended token, or with a forged one, changes nothing and still answers 204.
      expect((await logout(bearer)).statusCode).toBe(204);
      expect((await logout({ authorization: 'Bearer forged.token.here' })).statusCode).toBe(204);
      const again = await loginAs(t, '700007', 'first-password-no07');
      expect((await me(again)).statusCode).toBe(200);
    });

    it('refuses a session revoked behind this process’s back (another instance) once the cache’s few seconds are over', async () => {
      await setPassword(t, admin, '700003', 'first-password-no03');
      const auth = await loginAs(t, '700003', 'first-password-no03');
      expect((await t.request({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200);
      await t.db.query(`UPDATE app_user SET session_version = session_version + 1 WHERE login_id = '700003'`);
      await new Promise((done) => setTimeout(done, SessionCache.TTL_MS + 50));
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me', headers: auth }), 401);
    });
  });

  describe('PUT /api/v1/me/password', () => {
    it('refuses a wrong current password (422) and accepts the right one (204), clearing mustChangePassword', async () => {
      await setPassword(t, admin, '700005', 'given-password-no05');
      const auth = await loginAs(t, '700005', 'given-password-no05');
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/me', headers: auth })).json().mustChangePassword,
      ).toBe(true);

      const wrong = await t.request({
        method: 'PUT',
        url: '/api/v1/me/password',
        headers: auth,
        payload: { currentPassword: 'not-my-password', password: 'my-own-new-password' },
      });
      const body = expectProblem(wrong, 422);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'currentPassword', message: expect.stringMatching(JAPANESE) }),
        ]),
      );

      const tooShort = await t.request({
        method: 'PUT',
        url: '/api/v1/me/password',
        headers: auth,
        payload: { currentPassword: 'given-password-no05', password: 'short' },
      });
      expectProblem(tooShort, 422);

      // A second session (another PC) opened with the old password.
      const otherDevice = await loginAs(t, '700005', 'given-password-no05');
      const good = await t.request({
        method: 'PUT',
        url: '/api/v1/me/password',
        headers: auth,
        payload: { currentPassword: 'given-password-no05', password: 'my-own-new-password' },
      });
      expect(good.statusCode).toBe(200);
      const renewed = { authorization: `Bearer ${good.json().accessToken}` };
      expect(good.json()).toMatchObject({ mustChangePassword: false, user: { loginId: '700005' } });
      // This session goes on with its new token; every session opened before the change has ended.
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/me', headers: renewed })).json().mustChangePassword,
      ).toBe(false);
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me', headers: otherDevice }), 401);
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me', headers: auth }), 401);
      const [audit] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'password.changed' AND actor_login_id = '700005'`,
      );
      expect(audit.n).toBe(1);

      expectProblem(await loginRequest(t, '700005', 'given-password-no05'), 401);
      const again = await loginRequest(t, '700005', 'my-own-new-password');
      expect(again.statusCode).toBe(200);
      expect(again.json().mustChangePassword).toBe(false);
    });
  });

  describe('password policy (NIST SP 800-63B)', () => {
    it('refuses common passwords, the login id, the name and runs of few characters, saying why in Japanese', async () => {
      await setPassword(t, admin, '700008', 'starting-passphrase-x');
      const auth = await loginAs(t, '700008', 'starting-passphrase-x');
      for (const [password, reason] of [
        ['123456789012', /よく使われて/],
        ['password1234', /よく使われて/],
        ['aaaaaaaaaaaa', /5種類以上/],
        ['            ', /5種類以上/],
        ['700008700008', /ログインID/],
        ['牛太郎の研修パスワード', /氏名/],
        ['matsusaka-マツサカ', /氏名/],
      ] as const) {
        const response = await t.request({
          method: 'PUT',
          url: '/api/v1/me/password',
          headers: auth,
          payload: { currentPassword: 'starting-passphrase-x', password },
        });
        const body = expectProblem(response, 422);
        expect({ password, errors: body.errors }).toEqual({
          password,
          errors: expect.arrayContaining([{ field: 'password', message: expect.stringMatching(reason) }]),
        });
      }
      // An administrator's temporary password follows the same rules.
      const refused = await t.request({
        method: 'PUT',
        url: '/api/v1/admin/users/700008/password',
        headers: admin,
        payload: { password: 'password1234' },
      });
      expectProblem(refused, 422);
      // The old password still works: nothing was changed by the refused attempts.
      expect((await loginRequest(t, '700008', 'starting-passphrase-x')).statusCode).toBe(200);
    });
  });

  describe('CSRF protection of cookie-authenticated writes', () => {
    let session: string;
    let xsrf: string;
    const change = (headers: Record<string, string>, currentPassword: string, password: string) =>
      t.request({
        method: 'PUT',
        url: '/api/v1/me/password',
        headers,
        payload: { currentPassword, password },
      });

    beforeAll(async () => {
      await setPassword(t, admin, '700006', 'csrf-password-0');
      const response = await loginRequest(t, '700006', 'csrf-password-0');
      const cookies = cookiesOf(response);
      session = cookies['dx_session'].value;
      xsrf = cookies['XSRF-TOKEN'].value;
    });

    it('refuses a cookie-authenticated write without the X-XSRF-TOKEN header, or with a wrong one (403), changing nothing', async () => {
      const cookie = `dx_session=${session}; XSRF-TOKEN=${xsrf}`;
      expectProblem(await change({ cookie }, 'csrf-password-0', 'csrf-password-1'), 403);
      expectProblem(
        await change({ cookie, 'x-xsrf-token': 'x' + xsrf.slice(1) }, 'csrf-password-0', 'csrf-password-1'),
        403,
      );
      // Nothing changed: the old password still logs in.
      expect((await loginRequest(t, '700006', 'csrf-password-0')).statusCode).toBe(200);
    });

    it('allows a cookie-authenticated read without the header', async () => {
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie: `dx_session=${session}` },
      });
      expect(response.statusCode).toBe(200);
    });

    it('allows the write when the header matches the XSRF-TOKEN cookie', async () => {
      const response = await change(
        { cookie: `dx_session=${session}; XSRF-TOKEN=${xsrf}`, 'x-xsrf-token': xsrf },
        'csrf-password-0',
        'csrf-password-1',
      );
      expect(response.statusCode).toBe(200);
      // The web app's session goes on in renewed cookies; the old cookie has ended.
      const renewed = cookiesOf(response);
      expect(renewed['dx_session'].value).not.toBe(session);
      const me = (cookie: string) => t.request({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect((await me(`dx_session=${renewed['dx_session'].value}`)).statusCode).toBe(200);
      expectProblem(await me(`dx_session=${session}`), 401);
      expect((await loginRequest(t, '700006', 'csrf-password-1')).statusCode).toBe(200);
    });

    it('does not ask Bearer-authenticated writes for a CSRF header', async () => {
      const bearer = await loginAs(t, '700006', 'csrf-password-1');
      const response = await change(bearer, 'csrf-password-1', 'csrf-password-2');
      expect(response.statusCode).toBe(200);
    });
  });

  describe('audit log', () => {
    it('cannot be updated, deleted or truncated, even through a direct database connection', async () => {
      const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
      expect(before).toBeGreaterThan(0);
      await expect(t.db.query(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
      expect(after).toBe(before);
      expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'tampered'`)).toHaveLength(0);
    });
  });
});
