import {
  adminAuth,
  Auth,
  completionsCsv,
  createUser,
  expectProblem,
  importOk,
  JAPANESE,
  loginAs,
  loginRequest,
  orgCsv,
  OrgUnitInput,
  person,
  setPassword,
  staffCsv,
} from './support/factories';
import { greyJpeg, pngImageData, solidPng } from './support/images';
import { createTestApp, multipartFile, TestApp } from './support/test-app';

/*
 * Shared use (共同利用): the platform operator creates, lists and disables tenants and sees none of their people; a
 * login reaches its tenant by the code or by the host name; HR sets the tenant's name and certificate issuer line.
 */

const APRIL = '2026-04-01';
const OPERATOR = { loginId: 'operator', password: 'operator-password-for-tests' };
const PASSWORD = 'platform-test-password';
const TOWN_ADMIN = { loginId: 'town-admin', password: 'Kameyama-Castle-1590' };
const TOWN_CHANGED_PASSWORD = 'Suzuka-River-Bridge-7';

const org: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100110', name: '研修班', kind: '所属', parent: '100000' },
];

function post(t: TestApp, auth: Auth, payload: unknown) {
  return t.request({
    method: 'POST',
    url: '/api/v1/platform/tenants',
    headers: auth,
    payload: payload as object,
  });
}

describe('tenants of a shared deployment', () => {
  let t: TestApp;
  let operator: Auth;
  let prefAdmin: Auth;

  beforeAll(async () => {
    t = await createTestApp({
      PLATFORM_ADMIN_LOGIN_ID: OPERATOR.loginId,
      PLATFORM_ADMIN_PASSWORD: OPERATOR.password,
      TENANT_HOSTS: 'pref.example.lg.jp=default,town.example.lg.jp=town',
    });
    prefAdmin = await adminAuth(t);
    await importOk(t, 'org-units', prefAdmin, orgCsv(org), { effectiveDate: APRIL });
    await importOk(
      t,
      'staff',
      prefAdmin,
      staffCsv([
        person('500001', { name: '県職員 一郎' }),
        person('500002', { name: '県職員 二郎' }),
        person('600001', { name: '県だけ 三郎' }),
      ]),
      { effectiveDate: APRIL },
    );
    operator = await loginAs(t, OPERATOR.loginId, OPERATOR.password, 'platform');
  }, 120_000);
  afterAll(() => t?.close());

  describe('the platform operator', () => {
    it('is created at start with the one role platform_admin, outside every tenant', async () => {
      const me = await t.request({ method: 'GET', url: '/api/v1/me', headers: operator });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ loginId: 'operator', roles: ['platform_admin'], employeeNo: null });
      // Not a user of the default tenant: the same login id there is unknown.
      expect((await loginRequest(t, OPERATOR.loginId, OPERATOR.password)).statusCode).toBe(401);
    });

    it('creates a tenant with its positions, the default catalogue and a first sysadmin who must change the password', async () => {
      const created = await post(t, operator, { code: 'town', name: 'テスト町', ...adminOf(TOWN_ADMIN) });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        code: 'town',
        name: 'テスト町',
        staffCount: 0,
        disabled: false,
      });

      const login = await loginRequest(t, TOWN_ADMIN.loginId, TOWN_ADMIN.password, 'town');
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({
        mustChangePassword: true,
        user: { roles: expect.arrayContaining(['sysadmin', 'hr']) },
      });
      const townAdmin = { authorization: `Bearer ${login.json().accessToken}` };
      const courses = await t.request({
        method: 'GET',
        url: '/api/v1/catalogue/courses',
        headers: townAdmin,
      });
      expect(courses.statusCode).toBe(200);
      expect(courses.json().map((c: { code: string }) => c.code)).toEqual(
        expect.arrayContaining([
          'KAISO-NEWHIRE',
          'KAISO-LEADER',
          'WORKPLACE-DX',
          'PROMOTER-BASIC',
          'SPECIALIST-BASIC',
        ]),
      );
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM position p JOIN tenant t ON t.id = p.tenant_id WHERE t.code = 'town'`,
      );
      expect(n).toBe(12);
    });

    it('refuses a code already taken (409), a malformed code (400) and a weak password (422), in Japanese, creating nothing', async () => {
      const tenantsBefore = await t.db.query(`SELECT count(*)::int AS n FROM tenant`);
      const duplicate = expectProblem(
        await post(t, operator, { code: 'town', name: '別の町', ...adminOf(TOWN_ADMIN) }),
        409,
      );
      expect(duplicate.detail).toMatch(JAPANESE);
      expect(duplicate.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      for (const code of ['Town', 'ｔｏｗｎ', '1town', 'x', 'platform']) {
        const bad = expectProblem(await post(t, operator, { code, name: '町', ...adminOf(TOWN_ADMIN) }), 400);
        expect(bad.errors).toEqual([{ field: 'code', message: expect.stringMatching(JAPANESE) }]);
      }
      const weak = expectProblem(
        await post(t, operator, {
          code: 'weak',
          name: '弱い町',
          adminLoginId: 'weak-admin',
          adminPassword: 'password',
        }),
        422,
      );
      expect((weak.errors as { field: string }[]).map((e) => e.field)).toContain('adminPassword');
      expectProblem(
        await post(t, operator, {
          code: 'noname',
          adminLoginId: 'a',
          adminPassword: 'long-enough-password-1',
        }),
        422,
      );
      expectProblem(
        await post(t, operator, { code: 'extra', name: '町', ...adminOf(TOWN_ADMIN), staff: [] }),
        422,
      );
      const blank = expectProblem(
        await post(t, operator, { code: 'blank', name: '  ', ...adminOf(TOWN_ADMIN) }),
        422,
      );
      expect(blank.errors).toEqual([{ field: 'name', message: '団体名を入力してください。' }]);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM tenant`)).toEqual(tenantsBefore);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM tenant WHERE code = 'weak'`)).toEqual([
        { n: 0 },
      ]);
    });

    it('lists the tenants with their staff counts and nothing of their people, and not its own tenant', async () => {
      const list = await t.request({ method: 'GET', url: '/api/v1/platform/tenants', headers: operator });
      expect(list.statusCode).toBe(200);
      const byCode = Object.fromEntries(list.json().map((r: { code: string }) => [r.code, r]));
      expect(Object.keys(byCode)).not.toContain('platform');
      expect(byCode.default).toMatchObject({ staffCount: 3, disabled: false });
      expect(byCode.town).toMatchObject({ name: 'テスト町', staffCount: 0 });
      expect(list.body).not.toMatch(/県職員|500001/);
    });

    it("is refused every tenant's staff, progress, reports, exports and settings (403)", async () => {
      for (const url of [
        '/api/v1/staff',
        '/api/v1/staff/500001/history',
        '/api/v1/staff/500001/enrollments',
        '/api/v1/me/enrollments',
        '/api/v1/org-units',
        '/api/v1/reports/completion',
        '/api/v1/exports/completion.csv',
        '/api/v1/exports/completion.xlsx',
        '/api/v1/team/matrix',
        '/api/v1/kpi',
        '/api/v1/audit-log',
        '/api/v1/tenant/settings',
      ]) {
        const response = await t.request({ method: 'GET', url, headers: operator });
        expect({ url, status: response.statusCode }).toEqual({ url, status: 403 });
        expect(response.body).not.toMatch(/県職員/);
      }
    });

    it("is the only one who may manage tenants: a tenant's sysadmin is refused (403), an anonymous caller 401", async () => {
      expectProblem(
        await t.request({ method: 'GET', url: '/api/v1/platform/tenants', headers: prefAdmin }),
        403,
      );
      expectProblem(await post(t, prefAdmin, { code: 'sneaky', name: '町', ...adminOf(TOWN_ADMIN) }), 403);
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/platform/tenants' }), 401);
    });

    it('disabling a tenant refuses its logins and ends its sessions; enabling it lets its people sign in again', async () => {
      const townAdmin = await createTownStaff(t);
      const townHr = await loginAs(t, 'town-hr', PASSWORD, 'town');
      const credential = await t.request({
        method: 'POST',
        url: '/api/v1/integrations/xapi-clients',
        headers: townAdmin,
        payload: { name: '町の教材' },
      });
      expect(credential.statusCode).toBe(201);
      const { key, secret } = credential.json();
      const xapi = () =>
        t.request({
          method: 'GET',
          url: '/api/v1/xapi/statements',
          headers: {
            authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
            'x-experience-api-version': '1.0.3',
          },
        });
      const patch = (disabled: unknown) =>
        t.request({
          method: 'PATCH',
          url: '/api/v1/platform/tenants/town',
          headers: operator,
          payload: { disabled },
        });
      expectProblem(await patch('yes'), 422);
      const off = await patch(true);
      expect(off.statusCode).toBe(200);
      expect(off.json()).toMatchObject({ code: 'town', disabled: true });
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/me', headers: townHr }), 401);
      expectProblem(await loginRequest(t, 'town-hr', PASSWORD, 'town'), 401);
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/auth/tenant?code=town' }), 404);
      // Its xAPI credentials count as revoked.
      expect((await xapi()).statusCode).toBe(401);
      // The other tenants go on.
      expect((await t.request({ method: 'GET', url: '/api/v1/me', headers: prefAdmin })).statusCode).toBe(
        200,
      );

      expect((await patch(false)).json()).toMatchObject({ disabled: false });
      expect((await loginRequest(t, 'town-hr', PASSWORD, 'town')).statusCode).toBe(200);
      expect((await xapi()).statusCode).toBe(200);
      expectProblem(
        await t.request({
          method: 'PATCH',
          url: '/api/v1/platform/tenants/nowhere',
          headers: operator,
          payload: { disabled: true },
        }),
        404,
      );
    });
  });

  describe('signing in to a tenant', () => {
    it("keeps each tenant's 職員番号 to itself: the same number is each tenant's own person, another tenant's is 404", async () => {
      const townHr = await loginAs(t, 'town-hr', PASSWORD, 'town');
      const search = (auth: Auth, no: string) =>
        t.request({ method: 'GET', url: `/api/v1/staff?q=${no}`, headers: auth });
      const town = await search(townHr, '500001');
      expect(town.body).toContain('町職員 一郎');
      expect(town.body).not.toContain('県職員');
      expect((await search(prefAdmin, '500001')).body).toContain('県職員 一郎');
      // 600001 is only the prefecture's: the town answers it as if it did not exist.
      for (const path of ['history', 'enrollments'])
        expectProblem(
          await t.request({ method: 'GET', url: `/api/v1/staff/600001/${path}`, headers: townHr }),
          404,
        );
      const staff = await t.request({ method: 'GET', url: '/api/v1/staff?q=600001', headers: townHr });
      expect(staff.body).not.toContain('県だけ');
    });

    it("takes the tenant from the host name when the login names none, and refuses another tenant's session there", async () => {
      const onTown = { host: 'town.example.lg.jp' };
      const login = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: onTown,
        payload: { loginId: 'town-hr', password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const token = { authorization: `Bearer ${login.json().accessToken}` };
      const me = await t.request({ method: 'GET', url: '/api/v1/me', headers: { ...token, ...onTown } });
      expect(me.json()).toMatchObject({ tenantName: 'テスト町' });

      const tenant = await t.request({ method: 'GET', url: '/api/v1/auth/tenant', headers: onTown });
      expect(tenant.json()).toEqual({
        code: 'town',
        name: 'テスト町',
        fromHost: true,
        hasLogo: false,
        singleSignOn: null,
      });
      const byCode = await t.request({ method: 'GET', url: '/api/v1/auth/tenant?code=town' });
      expect(byCode.json()).toEqual({
        code: 'town',
        name: 'テスト町',
        fromHost: false,
        hasLogo: false,
        singleSignOn: null,
      });
      const plain = await t.request({ method: 'GET', url: '/api/v1/auth/tenant' });
      expect(plain.json()).toEqual({
        code: 'default',
        name: '三重県（デモ）',
        fromHost: false,
        hasLogo: false,
        singleSignOn: null,
      });
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/auth/tenant?code=nowhere' }), 404);

      // The prefecture's session replayed on the town's host, and a login to the prefecture there, are refused.
      expectProblem(
        await t.request({ method: 'GET', url: '/api/v1/me', headers: { ...prefAdmin, ...onTown } }),
        401,
      );
      expectProblem(
        await t.request({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: onTown,
          payload: { loginId: 'admin', password: 'admin-password-for-tests', tenantCode: 'default' },
        }),
        401,
      );
      // On the prefecture's host the prefecture's session goes on.
      const onPref = { host: 'pref.example.lg.jp' };
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/me', headers: { ...prefAdmin, ...onPref } }))
          .statusCode,
      ).toBe(200);
    });
  });

  describe("the tenant's own settings", () => {
    it("lets HR set the display name and the certificate's issuer line, which the certificate check shows", async () => {
      await importOk(
        t,
        'completions',
        prefAdmin,
        completionsCsv([{ no: '500002', course: 'WORKPLACE-DX', completedOn: '2026-05-01' }]),
      );
      await setPassword(t, prefAdmin, '500002', PASSWORD);
      const change = await t.request({
        method: 'PUT',
        url: '/api/v1/tenant/settings',
        headers: prefAdmin,
        payload: { name: '三重県', issuerLine: '三重県知事 試験 太郎' },
      });
      expect(change.statusCode).toBe(200);
      expect(change.json()).toEqual({
        code: 'default',
        name: '三重県',
        issuerLine: '三重県知事 試験 太郎',
        hasLogo: false,
      });
      expectProblem(
        await t.request({
          method: 'PUT',
          url: '/api/v1/tenant/settings',
          headers: prefAdmin,
          payload: { name: '' },
        }),
        422,
      );

      const learner = await loginAs(t, '500002', PASSWORD);
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/me', headers: learner })).json().tenantName,
      ).toBe('三重県');
      const course = await t.request({
        method: 'GET',
        url: '/api/v1/me/courses/WORKPLACE-DX?fiscalYear=2026',
        headers: learner,
      });
      const serial = course.json().certificate.serial as string;
      const check = await t.request({
        method: 'GET',
        url: `/api/v1/certificates/${encodeURIComponent(serial)}`,
      });
      expect(check.json()).toMatchObject({ valid: true, issuerName: '三重県知事 試験 太郎' });
      // The town's settings are the town's: the prefecture's change did not touch them.
      const town = await t.request({
        method: 'GET',
        url: '/api/v1/tenant/settings',
        headers: await loginAs(t, 'town-hr', PASSWORD, 'town'),
      });
      expect(town.json()).toEqual({ code: 'town', name: 'テスト町', issuerLine: null, hasLogo: false });
      expectProblem(
        await t.request({ method: 'GET', url: '/api/v1/tenant/settings', headers: learner }),
        403,
      );
    });
  });

  /** A multipart upload of a logo by `auth` (HR or sysadmin of its tenant). */
  const uploadLogo = (auth: Auth, bytes: Buffer, name: string) => {
    const body = multipartFile(bytes, name);
    return t.request({
      method: 'PUT',
      url: '/api/v1/tenant/logo',
      headers: { ...auth, ...body.headers },
      payload: body.payload,
    });
  };

  it('lets HR upload a PNG or JPEG logo that the login page shows, refusing other files', async () => {
    const png = solidPng(120, 40, 0x23395d);
    const svg = expectProblem(
      await uploadLogo(prefAdmin, Buffer.from('<svg onload="alert(1)"/>'), 'logo.svg'),
      422,
    );
    expect(svg.errors).toEqual([{ field: 'file', message: 'ロゴ画像は PNG または JPEG にしてください。' }]);
    // The PNG signature alone is not a PNG: what follows must be a whole image.
    const fake = Buffer.concat([png.subarray(0, 8), Buffer.from('IHDR-rest-of-a-tiny-image')]);
    expect(expectProblem(await uploadLogo(prefAdmin, fake, 'logo.png'), 422).errors).toEqual([
      { field: 'file', message: expect.stringContaining('壊れているため使えません') },
    ]);
    expectProblem(
      await uploadLogo(prefAdmin, Buffer.concat([png, Buffer.alloc(210 * 1024)]), 'big.png'),
      422,
    );
    expect(expectProblem(await uploadLogo(prefAdmin, solidPng(1200, 10, 0), 'wide.png'), 422).errors).toEqual(
      [{ field: 'file', message: 'ロゴ画像は縦横とも1000ピクセル以下にしてください。' }],
    );
    const ok = await uploadLogo(prefAdmin, png, 'logo.png');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ hasLogo: true });

    const tenant = await t.request({ method: 'GET', url: '/api/v1/auth/tenant?code=default' });
    expect(tenant.json()).toMatchObject({ code: 'default', hasLogo: true });
    const logo = await t.request({ method: 'GET', url: '/api/v1/auth/tenant/logo?code=default' });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.rawPayload.equals(png)).toBe(true);
    // Another tenant's logo is its own (the town has none).
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/auth/tenant/logo?code=town' }), 404);

    const removed = await t.request({ method: 'DELETE', url: '/api/v1/tenant/logo', headers: prefAdmin });
    expect(removed.json()).toMatchObject({ hasLogo: false });
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/auth/tenant/logo?code=default' }), 404);
  });

  it("prints each tenant's own logo beside the issuer line of its 修了証, and none for a tenant without one", async () => {
    // A completion in the town as in the prefecture (whose 500002 completed WORKPLACE-DX above).
    const townAdmin = await loginAs(t, TOWN_ADMIN.loginId, TOWN_CHANGED_PASSWORD, 'town');
    await importOk(
      t,
      'completions',
      townAdmin,
      completionsCsv([{ no: '500002', course: 'WORKPLACE-DX', completedOn: '2026-05-08' }]),
    );
    await setPassword(t, townAdmin, '500002', PASSWORD);
    const prefLearner = await loginAs(t, '500002', PASSWORD);
    const townLearner = await loginAs(t, '500002', PASSWORD, 'town');
    const certificate = async (auth: Auth): Promise<Buffer> => {
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/me/courses/WORKPLACE-DX/certificate.pdf?fiscalYear=2026',
        headers: auth,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      return response.rawPayload;
    };
    const IMAGE = '/Subtype /Image';

    // Neither has a logo yet: clean certificates, no image and no empty frame for one.
    expect((await certificate(prefLearner)).includes(IMAGE)).toBe(false);
    expect((await certificate(townLearner)).includes(IMAGE)).toBe(false);

    const prefLogo = greyJpeg('三重県のロゴ');
    expect((await uploadLogo(prefAdmin, prefLogo, 'mie.jpg')).json()).toMatchObject({ hasLogo: true });
    const prefPaper = await certificate(prefLearner);
    expect(prefPaper.includes(prefLogo)).toBe(true); // a JPEG goes into the PDF as it is
    const townPaper = await certificate(townLearner);
    expect(townPaper.includes(IMAGE)).toBe(false);
    expect(townPaper.includes(prefLogo)).toBe(false);

    const townHr = await loginAs(t, 'town-hr', PASSWORD, 'town');
    const townLogo = solidPng(90, 30, 0x2e7d32);
    expect((await uploadLogo(townHr, townLogo, 'town.png')).json()).toMatchObject({ hasLogo: true });
    const townWithLogo = await certificate(townLearner);
    expect(townWithLogo.includes(pngImageData(townLogo))).toBe(true);
    expect(townWithLogo.includes(prefLogo)).toBe(false);
    const prefAgain = await certificate(prefLearner);
    expect(prefAgain.includes(prefLogo)).toBe(true);
    expect(prefAgain.includes(pngImageData(townLogo))).toBe(false);

    // A logo stored before uploads were checked this closely, and not printable, leaves the certificate clean.
    await t.db.query(`UPDATE tenant SET logo = $1, logo_type = 'image/png' WHERE code = 'town'`, [
      Buffer.concat([townLogo.subarray(0, 8), Buffer.from('IHDR-rest-of-a-tiny-image')]),
    ]);
    expect((await certificate(townLearner)).includes(IMAGE)).toBe(false);
  });
});

function adminOf(admin: { loginId: string; password: string }) {
  return { adminLoginId: admin.loginId, adminPassword: admin.password };
}

/** The town gets staff with the prefecture's 職員番号 and an HR officer (its sysadmin's first password changed). */
async function createTownStaff(t: TestApp): Promise<Auth> {
  const first = await loginAs(t, TOWN_ADMIN.loginId, TOWN_ADMIN.password, 'town');
  const changed = await t.request({
    method: 'PUT',
    url: '/api/v1/me/password',
    headers: first,
    payload: { currentPassword: TOWN_ADMIN.password, password: TOWN_CHANGED_PASSWORD },
  });
  expect(changed.statusCode).toBe(200);
  const admin = { authorization: `Bearer ${changed.json().accessToken}` };
  await importOk(t, 'org-units', admin, orgCsv(org), { effectiveDate: APRIL });
  await importOk(
    t,
    'staff',
    admin,
    staffCsv([person('500001', { name: '町職員 一郎' }), person('500002', { name: '町職員 二郎' })]),
    { effectiveDate: APRIL },
  );
  await createUser(t, {
    loginId: 'town-hr',
    displayName: '町の人事',
    password: PASSWORD,
    roles: ['hr'],
    tenantCode: 'town',
  });
  return admin;
}
