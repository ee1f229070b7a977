import {
  adminAuth,
  Auth,
  expectProblem,
  importOk,
  orgCsv,
  OrgUnitInput,
  person,
  staffAuth,
  staffCsv,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const APRIL = '2026-04-01';
const org: OrgUnitInput[] = [
  { code: '300000', name: '総務部', kind: '部局' },
  { code: '300100', name: '人事課', kind: '所属', parent: '300000' },
];

describe('attendance of live sessions (集合研修・Web会議)', () => {
  let t: TestApp;
  let hr: Auth;
  let sessionId: number;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    await importOk(t, 'org-units', hr, orgCsv(org), { effectiveDate: APRIL });
    await importOk(
      t,
      'staff',
      hr,
      staffCsv([
        person('800001', { name: '出席 一郎', unit: '300100' }),
        person('800002', { name: '欠席 二郎', unit: '300100' }),
      ]),
      {
        effectiveDate: APRIL,
      },
    );
    // Designated promoters are assigned PROMOTER-BASIC, whose last module is a 集合研修.
    for (const no of ['800001', '800002']) {
      const response = await t.request({
        method: 'PUT',
        url: `/api/v1/promoters/${no}?fiscalYear=2026`,
        headers: hr,
        payload: { designatedOn: '2026-05-01' },
      });
      expect(response.statusCode).toBe(204);
    }
  });
  afterAll(() => t?.close());

  it('lists the live sessions of the year with how many are assigned and attended', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/live-sessions?fiscalYear=2026',
      headers: hr,
    });
    expect(response.statusCode).toBe(200);
    const session = response.json().find((s: { courseCode: string }) => s.courseCode === 'PROMOTER-BASIC');
    expect(session).toMatchObject({ assigned: 2, attended: 0, capacity: 40 });
    sessionId = session.moduleId;
  });

  it('records attendance once, completing that module for the attendee only', async () => {
    const record = () =>
      t.request({
        method: 'POST',
        url: `/api/v1/catalogue/modules/${sessionId}/attendance`,
        headers: hr,
        payload: { fiscalYear: 2026, employeeNos: ['800001', '999999'] },
      });
    const first = await record();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ recorded: 1, notAssigned: ['999999'] });
    expect((await record()).statusCode).toBe(200);

    const participants = await t.request({
      method: 'GET',
      url: `/api/v1/live-sessions/${sessionId}/participants?fiscalYear=2026`,
      headers: hr,
    });
    expect(participants.json()).toEqual([
      { employeeNo: '800001', name: '出席 一郎', attended: true },
      { employeeNo: '800002', name: '欠席 二郎', attended: false },
    ]);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM module_progress p JOIN enrollment e ON e.id = p.enrollment_id WHERE p.module_id = $1 AND p.source = 'hr'`,
      [sessionId],
    );
    expect(count).toBe(1);
  });

  it('is for HR only', async () => {
    const learner = await staffAuth(t, hr, '800002', 'learner-password-1');
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/live-sessions', headers: learner }), 403);
    expectProblem(
      await t.request({
        method: 'POST',
        url: `/api/v1/catalogue/modules/${sessionId}/attendance`,
        headers: learner,
        payload: { fiscalYear: 2026, employeeNos: ['800002'] },
      }),
      403,
    );
  });
});
