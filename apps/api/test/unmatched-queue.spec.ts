import {
  adminAuth,
  Auth,
  expectProblem,
  importOk,
  person,
  readFixture,
  staffAuth,
  staffCsv,
  tenantIdOf,
} from './support/factories';
import { createTestApp, multipartFile, TestApp } from './support/test-app';
import { udemyCourse } from './support/udemy';
import * as iconv from 'iconv-lite';

const APRIL = '2026-04-01';
const CONTRACT_KEYS = [
  'id',
  'source',
  'email',
  'externalId',
  'udemyCourseId',
  'courseTitle',
  'reason',
  'receivedAt',
];

describe('連携の未照合 (GET /integrations/unmatched, resolve, dismiss)', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;

  const call = (method: 'GET' | 'POST', url: string, payload?: object, auth: Auth = hr) =>
    t.request({ method, url: `/api/v1${url}`, headers: auth, ...(payload ? { payload } : {}) });
  const ok = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await call(method, url, payload);
    expect({ status: response.statusCode, body: response.body.slice(0, 1500) }).toMatchObject({
      status: 200,
    });
    return response.json();
  };
  const upload = async (content: Uint8Array | string) => {
    const { payload, headers } = multipartFile(content, 'udemy.csv');
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/imports/udemy-business',
      payload,
      headers: { ...headers, ...hr },
    });
    expect({ status: response.statusCode, body: response.body.slice(0, 1500) }).toMatchObject({
      status: 200,
    });
    return response.json();
  };
  const queue = async () => ok('GET', '/integrations/unmatched');
  const byEmail = async (email: string) =>
    (await queue()).find((r: { email: string }) => r.email.toLowerCase() === email);
  const completedOn = async (no: string, code: string) => {
    const [row] = await t.db.query(
      `SELECT e.completed_on::text AS d FROM enrollment e JOIN staff s ON s.id = e.staff_id
         JOIN course c ON c.id = e.course_id WHERE s.employee_no = $1 AND c.code = $2 AND e.fiscal_year = 2026`,
      [no, code],
    );
    return row?.d ?? null;
  };
  const assign = async (no: string, code: string) => {
    const r = await call('POST', `/staff/${no}/enrollments`, {
      courseCode: code,
      fiscalYear: 2026,
      dueDate: '2027-03-31',
    });
    expect({ status: r.statusCode, body: r.body }).toMatchObject({ status: 201 });
  };

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    tenantId = await tenantIdOf(t);
    await importOk(t, 'org-units', hr, readFixture('sample-org.csv'), { effectiveDate: APRIL });
    await importOk(t, 'staff', hr, readFixture('sample-staff.csv'), { effectiveDate: APRIL });
    await udemyCourse(t, hr, 'UDEMY-DX', '5123401', 'https://pref-example.udemy.com/course/dx-hajimete/');
    for (const no of ['500001', '500003', '500007', '500008']) await assign(no, 'UDEMY-DX');
    await upload(readFixture('udemy/user-course-activity-api.csv'));
  });
  afterAll(() => t?.close());

  it('lists the waiting rows in the contract’s shape; the KPI page counts them', async () => {
    const rows = await queue();
    expect(
      rows.map((r: { email: string; reason: string }) => [r.email.toLowerCase(), r.reason]).sort(),
    ).toEqual([
      ['sato.hinata@example.lg.jp', 'unknown_person'],
      ['suzuki.hajime@example.lg.jp', 'unknown_course'],
      ['watanabe.hina@example.lg.jp', 'unknown_course'],
    ]);
    for (const row of rows) {
      for (const key of CONTRACT_KEYS) expect(row).toHaveProperty(key);
      expect(row).toMatchObject({
        source: 'csv',
        status: 'pending',
        receivedAt: expect.stringMatching(/Z$/),
      });
    }
    expect(await byEmail('suzuki.hajime@example.lg.jp')).toMatchObject({
      externalId: '500003',
      udemyCourseId: '3987012',
      courseTitle: 'Python 入門：業務を自動化するプログラミング',
      completedOn: '2026-06-02',
    });
    expect((await ok('GET', '/kpi?fiscalYear=2026')).unmatchedOutside).toBe(3);
  });

  it('learners and managers get 403 on the queue and its actions', async () => {
    const learner = await staffAuth(t, hr, '500004', 'learner-password-1');
    const manager = await staffAuth(t, hr, '500002', 'manager-password-1');
    const [row] = await queue();
    for (const auth of [learner, manager]) {
      expectProblem(await call('GET', '/integrations/unmatched', undefined, auth), 403);
      expectProblem(await call('GET', '/integrations/udemy-business/courses', undefined, auth), 403);
      expectProblem(
        await call('POST', `/integrations/unmatched/${row.id}/resolve`, { employeeNo: '500001' }, auth),
        403,
      );
      expectProblem(
        await call('POST', `/integrations/unmatched/${row.id}/dismiss`, { reason: 'x' }, auth),
        403,
      );
    }
  });

  it('lists the Udemy courses the modules name (the default catalogue’s PROMOTER-BASIC among them)', async () => {
    const courses = await ok('GET', '/integrations/udemy-business/courses');
    expect(courses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          courseCode: 'PROMOTER-BASIC',
          udemyCourseId: '4523678',
          moduleId: expect.any(Number),
        }),
        expect.objectContaining({
          courseCode: 'UDEMY-DX',
          udemyCourseId: '5123401',
          url: 'https://pref-example.udemy.com/course/dx-hajimete/',
        }),
      ]),
    );
  });

  it('resolving an unknown person to a 職員 applies the row, with who did it in the audit log', async () => {
    const row = await byEmail('sato.hinata@example.lg.jp');
    expectProblem(
      await call('POST', `/integrations/unmatched/${row.id}/resolve`, { employeeNo: '999999' }),
      422,
    );
    expectProblem(await call('POST', `/integrations/unmatched/${row.id}/resolve`, {}), 422);
    const resolved = await ok('POST', `/integrations/unmatched/${row.id}/resolve`, { employeeNo: '500007' });
    expect(resolved).toMatchObject({
      status: 'applied',
      resolvedStaff: { employeeNo: '500007', name: '小林 さくら' },
      handledBy: 'admin',
    });
    expect(await completedOn('500007', 'UDEMY-DX')).toBe('2026-06-15');
    expect(await byEmail('sato.hinata@example.lg.jp')).toBeUndefined();
    const [audit] = await t.db.query(
      `SELECT actor_login_id, subject_employee_no FROM audit_log WHERE tenant_id = $1 AND action = 'integration.unmatched_resolved'`,
      [tenantId],
    );
    expect(audit).toEqual({ actor_login_id: 'admin', subject_employee_no: '500007' });
    // Handled once: a second resolve is a conflict, and the same file again changes nothing.
    expectProblem(
      await call('POST', `/integrations/unmatched/${row.id}/resolve`, { employeeNo: '500007' }),
      409,
    );
    const again = await upload(readFixture('udemy/user-course-activity-api.csv'));
    expect(again.counts).toMatchObject({ completed: 0 });
    expect((await queue()).length).toBe(2);
  });

  it('resolving an unknown course to a module applies it', async () => {
    const moduleId = await udemyCourse(
      t,
      hr,
      'UDEMY-PY',
      undefined,
      'https://pref-example.udemy.com/course/python-intro/',
    );
    await assign('500003', 'UDEMY-PY');
    const row = await byEmail('suzuki.hajime@example.lg.jp');
    const resolved = await ok('POST', `/integrations/unmatched/${row.id}/resolve`, { moduleId });
    expect(resolved).toMatchObject({
      status: 'applied',
      resolvedModule: { moduleId, courseCode: 'UDEMY-PY' },
    });
    expect(await completedOn('500003', 'UDEMY-PY')).toBe('2026-06-02');
  });

  it('a row that later matches by itself (a module now names the course) is applied by the next import', async () => {
    await udemyCourse(t, hr, 'UDEMY-GAI', '4897120', 'https://pref-example.udemy.com/course/genai-safe/');
    await assign('500008', 'UDEMY-GAI');
    // An unrelated file: the pending row of 渡辺 陽菜 applies with it.
    const result = await upload(
      'user_email,course_id,completion_ratio\nmori.takumi@example.lg.jp,5123401,10\n',
    );
    // 森 拓海 is known and the course too; 10 % completes nothing.
    expect(result.counts).toEqual({ completed: 0, unchanged: 1, skipped: 0 });
    expect(await completedOn('500008', 'UDEMY-GAI')).toBe('2026-06-20');
    expect(await queue()).toEqual([]);
    expect((await ok('GET', '/integrations/unmatched?status=applied')).length).toBe(3);
  });

  it('a row that later matches by itself (the roster now has the e-mail) is applied by the next import', async () => {
    await upload(
      'User Email,Course ID,Course Title,Completion Ratio,Course Completion Date\n' +
        'NEW.PERSON@EXAMPLE.LG.JP,5123401,はじめてのDX,100,2026-08-01\n',
    );
    expect((await queue()).map((r: { reason: string }) => r.reason)).toEqual(['unknown_person']);
    const roster = iconv.decode(readFixture('sample-staff.csv'), 'cp932').trim();
    const newcomer = staffCsv([person('500020', { email: 'new.person@example.lg.jp', unit: '010110' })])
      .toString('utf-8')
      .trim()
      .split(/\r?\n/)[1];
    await importOk(t, 'staff', hr, iconv.encode(`${roster}\r\n${newcomer}\r\n`, 'cp932'), {
      effectiveDate: '2026-07-01',
    });
    await assign('500020', 'UDEMY-DX');
    await upload('user_email,course_id,completion_ratio\nmori.takumi@example.lg.jp,5123401,10\n');
    expect(await completedOn('500020', 'UDEMY-DX')).toBe('2026-08-01');
    expect(await queue()).toEqual([]);
  });

  it('dismissing needs a reason, records who did it, and the row stays dismissed when sent again', async () => {
    await upload(
      'user_email,course_id,completion_ratio,course_completion_date\nghost@example.com,5123401,100,2026-09-01\n',
    );
    const [row] = await queue();
    expectProblem(await call('POST', `/integrations/unmatched/${row.id}/dismiss`, { reason: '' }), 422);
    const dismissed = await ok('POST', `/integrations/unmatched/${row.id}/dismiss`, {
      reason: '県外の受講者（対象外）',
    });
    expect(dismissed).toMatchObject({
      status: 'dismissed',
      dismissReason: '県外の受講者（対象外）',
      handledBy: 'admin',
    });
    expect(await queue()).toEqual([]);
    const [audit] = await t.db.query(
      `SELECT actor_login_id, detail->>'dismissReason' AS why FROM audit_log WHERE tenant_id = $1 AND action = 'integration.unmatched_dismissed'`,
      [tenantId],
    );
    expect(audit).toEqual({ actor_login_id: 'admin', why: '県外の受講者（対象外）' });
    await upload(
      'user_email,course_id,completion_ratio,course_completion_date\nghost@example.com,5123401,100,2026-09-01\n',
    );
    expect(await queue()).toEqual([]);
    expectProblem(await call('POST', `/integrations/unmatched/${row.id}/dismiss`, { reason: 'again' }), 409);
    expectProblem(await call('POST', `/integrations/unmatched/999999/dismiss`, { reason: 'x' }), 404);
  });
});
