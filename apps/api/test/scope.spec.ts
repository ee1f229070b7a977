import {
  adminAuth,
  Auth,
  expectProblem,
  importOk,
  loginAs,
  orgCsv,
  OrgUnitInput,
  person,
  setPassword,
  staffCsv,
  StaffInput,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

// Both dates are in the past, so the roster decides who manages what today.
const FIRST = '2026-04-01';
const LATER = '2026-10-01';

const org: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100100', name: '人事課', kind: '所属', parent: '100000' },
  { code: '100110', name: '研修班', kind: '班', parent: '100100' },
  { code: '100120', name: '給与班', kind: '班', parent: '100100' },
  { code: '100200', name: '財政課', kind: '所属', parent: '100000' },
  { code: '100210', name: '予算班', kind: '班', parent: '100200' },
  { code: '200000', name: '農林水産部', kind: '部局' },
  { code: '200100', name: '農業振興課', kind: '所属', parent: '200000' },
  { code: '200110', name: '振興班', kind: '班', parent: '200100' },
];

const roster: StaffInput[] = [
  person('300001', { name: '人事 課長', unit: '100100', position: '課長' }),
  person('300002', { unit: '100110', position: '主事' }),
  person('300003', { unit: '100120', position: '主任' }),
  person('300004', { unit: '100200', position: '主事' }),
  person('300005', { name: '農業 課長', unit: '200100', position: '課長' }),
  person('300006', { unit: '200110', position: '主事' }),
  person('300007', { name: '総務 部長', unit: '100000', position: '部長' }),
  person('300008', { unit: '100100', position: '主査' }),
  person('300009', { unit: '100200', position: '課長補佐' }),
  person('300010', { unit: '100210', position: '係長' }),
];

const PASSWORD = 'scope-test-password';

describe('who sees what: managers derived from the roster', () => {
  let t: TestApp;
  let hr: Auth;
  const as: Record<string, Auth> = {};

  const get = (auth: Auth, url: string) => t.request({ method: 'GET', url, headers: auth });
  const codes = async (auth: Auth, url = '/api/v1/org-units') => {
    const response = await get(auth, url);
    expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({ status: 200 });
    return (response.json() as { code: string }[]).map((u) => u.code).sort();
  };
  const staffNos = async (auth: Auth, url = '/api/v1/staff') => {
    const response = await get(auth, url);
    expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({ status: 200 });
    return (response.json().items as { employeeNo: string }[]).map((s) => s.employeeNo).sort();
  };

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    await importOk(t, 'org-units', hr, orgCsv(org), { effectiveDate: FIRST });
    await importOk(t, 'staff', hr, staffCsv(roster), { effectiveDate: FIRST });
    for (const no of ['300001', '300002', '300005', '300007', '300009']) {
      await setPassword(t, hr, no, PASSWORD);
      as[no] = await loginAs(t, no, PASSWORD);
    }
  });
  afterAll(() => t?.close());

  describe('a 課長 (level 5) placed in a 所属', () => {
    it('gets the manager role at login, with the unit they manage', async () => {
      const login = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginId: '300001', password: PASSWORD },
      });
      expect(login.json().user.roles).toEqual(expect.arrayContaining(['learner', 'manager']));
      const me = (await get(as['300001'], '/api/v1/me')).json();
      expect(me.roles).toEqual(expect.arrayContaining(['learner', 'manager']));
      expect(me.roles).not.toContain('hr');
      expect(me.managedUnit).toEqual({ code: '100100', name: '人事課' });
    });

    it('sees only their unit and its 班 in the org chart, their unit as the root', async () => {
      const response = await get(as['300001'], '/api/v1/org-units');
      expect(response.statusCode).toBe(200);
      const nodes = response.json() as { code: string; parentCode: string | null; totalStaffCount: number }[];
      expect(nodes.map((n) => n.code).sort()).toEqual(['100100', '100110', '100120']);
      expect(nodes.find((n) => n.code === '100100')).toMatchObject({ parentCode: null, totalStaffCount: 4 });
    });

    it('lists only the people in their subtree', async () => {
      expect(await staffNos(as['300001'])).toEqual(['300001', '300002', '300003', '300008']);
      // A search does not widen the scope.
      expect(await staffNos(as['300001'], '/api/v1/staff?q=300')).toEqual([
        '300001',
        '300002',
        '300003',
        '300008',
      ]);
      expect(await staffNos(as['300001'], '/api/v1/staff?q=300004')).toEqual([]);
      expect(await staffNos(as['300001'], '/api/v1/staff?orgUnitCode=100110')).toEqual(['300002']);
    });

    it('gets 404, not 403, for a unit outside their subtree (its existence does not leak)', async () => {
      for (const unit of ['200100', '100200', '100000', 'NOSUCH']) {
        const body = expectProblem(await get(as['300001'], `/api/v1/staff?orgUnitCode=${unit}`), 404);
        expect(body.type).toMatch(/not-found$/);
      }
    });

    it("reads the history of someone inside (200) but not of someone outside (404, like someone who doesn't exist)", async () => {
      const inside = await get(as['300001'], '/api/v1/staff/300002/history');
      expect(inside.statusCode).toBe(200);
      expect(inside.json()).toEqual([expect.objectContaining({ unitCode: '100110' })]);
      const outside = expectProblem(await get(as['300001'], '/api/v1/staff/300006/history'), 404);
      const sameDept = expectProblem(await get(as['300001'], '/api/v1/staff/300004/history'), 404);
      const nobody = expectProblem(await get(as['300001'], '/api/v1/staff/399999/history'), 404);
      expect([outside.type, sameDept.type]).toEqual([nobody.type, nobody.type]);
      expect(JSON.stringify(outside)).not.toContain('農業');
    });
  });

  describe('a 部長 (level 7) placed in a 部局', () => {
    it('sees the whole 部局 and nothing of the other', async () => {
      expect(await codes(as['300007'])).toEqual(['100000', '100100', '100110', '100120', '100200', '100210']);
      expect(await staffNos(as['300007'])).toEqual([
        '300001',
        '300002',
        '300003',
        '300004',
        '300007',
        '300008',
        '300009',
        '300010',
      ]);
      expectProblem(await get(as['300007'], '/api/v1/staff?orgUnitCode=200000'), 404);
      expect((await get(as['300007'], '/api/v1/staff/300010/history')).statusCode).toBe(200);
      expectProblem(await get(as['300007'], '/api/v1/staff/300006/history'), 404);
    });
  });

  describe('another 課長', () => {
    it('sees only their own 所属, not the first manager’s', async () => {
      expect(await codes(as['300005'])).toEqual(['200100', '200110']);
      expect(await staffNos(as['300005'])).toEqual(['300005', '300006']);
      expectProblem(await get(as['300005'], '/api/v1/staff/300002/history'), 404);
    });
  });

  describe('a plain staff member (level 1) and a 課長補佐 (level 4)', () => {
    it('are refused the staff list and the org chart (403)', async () => {
      for (const no of ['300002', '300009']) {
        expectProblem(await get(as[no], '/api/v1/staff'), 403);
        expectProblem(await get(as[no], '/api/v1/org-units'), 403);
        expect((await get(as[no], '/api/v1/me')).json().roles).not.toContain('manager');
      }
    });

    it('may read their own history, not a colleague’s', async () => {
      const own = await get(as['300002'], '/api/v1/staff/300002/history');
      expect(own.statusCode).toBe(200);
      expect(own.json()).toEqual([
        expect.objectContaining({ unitCode: '100110', positionName: '主事', validTo: null }),
      ]);
      expectProblem(await get(as['300002'], '/api/v1/staff/300003/history'), 404);
    });
  });

  describe('HR', () => {
    it('sees every unit, every person and every history', async () => {
      expect(await codes(hr)).toEqual(org.map((u) => u.code).sort());
      expect(await staffNos(hr)).toEqual(roster.map((p) => p.no).sort());
      expect((await get(hr, '/api/v1/staff?orgUnitCode=200110')).json().items).toHaveLength(1);
      for (const no of ['300004', '300006'])
        expect((await get(hr, `/api/v1/staff/${no}/history`)).statusCode).toBe(200);
    });
  });

  describe('an impossible ?date=', () => {
    it.each([
      '/api/v1/staff?date=2026-02-30',
      '/api/v1/org-units?date=2026-13-01',
      '/api/v1/staff/300002/history?date=2026-04-31',
    ])('%s is invalid input (422 naming the date field), never a 500', async (url) => {
      const body = expectProblem(await get(hr, url), 422);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'date' })]);
    });
  });

  describe('a later roster (2026-10-01) that makes the 課長 a 係長 and the 課長補佐 a 課長', () => {
    beforeAll(async () => {
      const later = roster.map((p) => {
        if (p.no === '300001') return { ...p, position: '係長', assigned: LATER };
        if (p.no === '300009') return { ...p, position: '課長', promoted: LATER, assigned: LATER };
        return p;
      });
      const body = await importOk(t, 'staff', hr, staffCsv(later), { effectiveDate: LATER });
      expect(body.counts).toMatchObject({ updated: 1, promoted: 1, unchanged: 8 });
    });

    it('takes the manager role away on the next request of a token issued before', async () => {
      const me = (await get(as['300001'], '/api/v1/me')).json();
      expect(me.roles).not.toContain('manager');
      expect(me.managedUnit).toBeNull();
      expectProblem(await get(as['300001'], '/api/v1/staff'), 403);
      expectProblem(await get(as['300001'], '/api/v1/org-units'), 403);
      expectProblem(await get(as['300001'], '/api/v1/staff/300003/history'), 404);
      // Their own history still answers.
      expect((await get(as['300001'], '/api/v1/staff/300001/history')).statusCode).toBe(200);
    });

    it('gives it to the newly promoted 課長, for their own 所属 only', async () => {
      const me = (await get(as['300009'], '/api/v1/me')).json();
      expect(me.roles).toContain('manager');
      expect(me.managedUnit).toEqual({ code: '100200', name: '財政課' });
      expect(await staffNos(as['300009'])).toEqual(['300004', '300009', '300010']);
    });
  });
});
