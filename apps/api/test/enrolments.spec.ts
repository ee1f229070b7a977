import { asSystem, withTenant } from '../src/database/tenant-context';
import {
  adminAuth,
  Auth,
  createTenant,
  ENROLLMENT_CONTRACT_KEYS,
  expectProblem,
  importFile,
  importOk,
  loginAs,
  orgCsv,
  OrgUnitInput,
  person,
  staffAuth,
  staffCsv,
  StaffInput,
  todayInTokyoForTests,
} from './support/factories';
import { TenantsService } from '../src/tenants/tenants.service';
import { UsersService } from '../src/users/users.service';
import { createTestApp, TestApp } from './support/test-app';

interface Enrollment {
  courseCode: string;
  courseTitle: string;
  trackCode: string;
  fiscalYear: number;
  status: string;
  dueDate: string;
  completedAt: string | null;
  progress: number;
  [extra: string]: unknown;
}

const APRIL = '2026-04-01';
const OCTOBER = '2026-10-01';
const PASSWORD = 'enrolment-test-password';

const org: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100100', name: '人事課', kind: '所属', parent: '100000' },
  { code: '100110', name: '研修班', kind: '班', parent: '100100' },
  { code: '200000', name: '農林水産部', kind: '部局' },
  { code: '200100', name: '農業振興課', kind: '所属', parent: '200000' },
  { code: '200110', name: '振興班', kind: '班', parent: '200100' },
];

const NEW_HIRE = '400001';
const SEASONAL = '400002';
const NEW_CHIEF = '400003';
const OTHER_SUBTREE = '400004';
const LEAVER = '400005';
const OLD_CHIEF = '400006';
const MID_YEAR_PROMOTED = '400007';
const MID_YEAR_HIRE = '400008';

const aprilRoster: StaffInput[] = [
  person(NEW_HIRE, { name: '新人 一郎', unit: '100110', hired: APRIL, assigned: APRIL }),
  person(SEASONAL, { unit: '100110', employment: '会計年度任用職員', hired: APRIL, assigned: APRIL }),
  person(NEW_CHIEF, {
    name: '人事 課長',
    unit: '100100',
    position: '課長',
    hired: '2000-04-01',
    promoted: APRIL,
  }),
  person(OTHER_SUBTREE, { unit: '200110', position: '主査', hired: '2010-04-01', promoted: '2015-04-01' }),
  person(LEAVER, { unit: '100110', hired: '2018-04-01' }),
  person(OLD_CHIEF, {
    name: '農業 課長',
    unit: '200100',
    position: '課長',
    hired: '1998-04-01',
    promoted: '2020-04-01',
  }),
  person(MID_YEAR_PROMOTED, {
    unit: '200110',
    position: '係長',
    hired: '2005-04-01',
    promoted: '2019-04-01',
  }),
];

/**
 * The October roster: OTHER_SUBTREE moves into 人事課's 研修班, LEAVER is gone, MID_YEAR_PROMOTED becomes 課長補佐,
 * MID_YEAR_HIRE joins.
 */
const octoberRoster: StaffInput[] = [
  ...aprilRoster
    .filter((p) => p.no !== LEAVER)
    .map((p) => (p.no === OTHER_SUBTREE ? { ...p, unit: '100110', assigned: OCTOBER } : p))
    .map((p) =>
      p.no === MID_YEAR_PROMOTED ? { ...p, position: '課長補佐', promoted: OCTOBER, assigned: OCTOBER } : p,
    ),
  person(MID_YEAR_HIRE, { unit: '200110', hired: OCTOBER, assigned: OCTOBER }),
];

const TODAY = todayInTokyoForTests();
/** What an open assignment with this due date shows today (the brief's today, 2026-11-23, is past June). */
const openStatus = (due: string) => (TODAY > due ? 'overdue' : 'not_started');

describe('enrolments: assignments from the roster, reading them, exemptions', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;
  const as: Record<string, Auth> = {};

  const get = (auth: Auth, url: string) => t.request({ method: 'GET', url, headers: auth });
  const listOk = async (auth: Auth, url: string): Promise<Enrollment[]> => {
    const response = await get(auth, url);
    expect({ status: response.statusCode, body: response.body.slice(0, 500) }).toMatchObject({ status: 200 });
    return response.json();
  };
  const ofStaff = (no: string, fiscalYear = 2026, auth = hr) =>
    listOk(auth, `/api/v1/staff/${no}/enrollments?fiscalYear=${fiscalYear}`);
  const codes = (items: Enrollment[]) => items.map((e) => e.courseCode).sort();
  const byCode = (items: Enrollment[], code: string) => {
    const found = items.find((e) => e.courseCode === code);
    if (!found) throw new Error(`${code} not in ${JSON.stringify(codes(items))}`);
    return found;
  };
  const contractPart = (e: Enrollment) => Object.fromEntries(ENROLLMENT_CONTRACT_KEYS.map((k) => [k, e[k]]));
  const enrollmentCount = async (id = tenantId) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM enrollment WHERE tenant_id = $1`, [id]))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    [{ id: tenantId }] = await t.db.query(`SELECT id FROM tenant WHERE code = 'default'`);
    await importOk(t, 'org-units', hr, orgCsv(org), { effectiveDate: APRIL });
  });
  afterAll(() => t?.close());

  describe('the April roster (effective 2026-04-01)', () => {
    it('assigns nothing on a dry run', async () => {
      const result = await importOk(t, 'staff', hr, staffCsv(aprilRoster), {
        effectiveDate: APRIL,
        dryRun: true,
      });
      expect(result.counts.created).toBe(aprilRoster.length);
      expect(await enrollmentCount()).toBe(0);
    });

    it('assigns the courses in the same transaction as the import', async () => {
      const result = await importOk(t, 'staff', hr, staffCsv(aprilRoster), { effectiveDate: APRIL });
      expect(result.counts.created).toBe(aprilRoster.length);
      const count = await enrollmentCount();
      expect(count).toBeGreaterThan(0);
      expect((result as { assignedEnrollments?: number }).assignedEnrollments).toBe(count);
      // now() is the transaction's start: the same instant on the staff rows and on every assignment.
      const [times] = await t.db.query(
        `SELECT (SELECT array_agg(DISTINCT created_at) FROM staff WHERE tenant_id = $1) AS staff,
                (SELECT array_agg(DISTINCT created_at) FROM enrollment WHERE tenant_id = $1) AS enrollments`,
        [tenantId],
      );
      expect(times.enrollments).toHaveLength(1);
      expect(times.enrollments).toEqual(times.staff);

      for (const no of [NEW_HIRE, SEASONAL, NEW_CHIEF, OTHER_SUBTREE, OLD_CHIEF])
        as[no] = await staffAuth(t, hr, no, PASSWORD);
    });

    it('gives a 正規職員 hired on 2026-04-01 KAISO-NEWHIRE (due +90 days) and WORKPLACE-DX (due 31 March), in the contract shape', async () => {
      const mine = await listOk(as[NEW_HIRE], '/api/v1/me/enrollments?fiscalYear=2026');
      expect(codes(mine)).toEqual(['KAISO-NEWHIRE', 'WORKPLACE-DX']);
      for (const item of mine) {
        for (const key of ENROLLMENT_CONTRACT_KEYS) expect(item).toHaveProperty(key);
        expect(typeof item.courseTitle).toBe('string');
        expect(item.courseTitle.length).toBeGreaterThan(0);
      }
      expect(contractPart(byCode(mine, 'KAISO-NEWHIRE'))).toEqual({
        courseCode: 'KAISO-NEWHIRE',
        courseTitle: '新規採用職員研修（DX基礎）',
        trackCode: 'KAISO',
        fiscalYear: 2026,
        status: openStatus('2026-06-30'),
        dueDate: '2026-06-30',
        completedAt: null,
        progress: 0,
      });
      expect(contractPart(byCode(mine, 'WORKPLACE-DX'))).toEqual({
        courseCode: 'WORKPLACE-DX',
        courseTitle: expect.any(String),
        trackCode: 'WORKPLACE-DX',
        fiscalYear: 2026,
        status: openStatus('2027-03-31'),
        dueDate: '2027-03-31',
        completedAt: null,
        progress: 0,
      });
      // HR reads the same list for that person.
      expect((await ofStaff(NEW_HIRE)).map(contractPart)).toEqual(mine.map(contractPart));
    });

    it('without ?fiscalYear, reads the current fiscal year (FY2026 today)', async () => {
      if (TODAY < '2026-04-01' || TODAY > '2027-03-31') return; // only meaningful while FY2026 runs
      const mine = await listOk(as[NEW_HIRE], '/api/v1/me/enrollments');
      expect(codes(mine)).toEqual(['KAISO-NEWHIRE', 'WORKPLACE-DX']);
    });

    it('gives a 会計年度任用職員 hired the same day no KAISO-NEWHIRE, only WORKPLACE-DX', async () => {
      expect(codes(await listOk(as[SEASONAL], '/api/v1/me/enrollments?fiscalYear=2026'))).toEqual([
        'WORKPLACE-DX',
      ]);
    });

    it('gives a 課長 with 昇任日 2026-04-01 KAISO-LEADER due 2026-05-31; a 課長 promoted in 2020 gets none', async () => {
      const chief = await ofStaff(NEW_CHIEF);
      expect(codes(chief)).toEqual(['KAISO-LEADER', 'WORKPLACE-DX']);
      expect(byCode(chief, 'KAISO-LEADER')).toMatchObject({
        trackCode: 'KAISO',
        dueDate: '2026-05-31',
        status: openStatus('2026-05-31'),
        fiscalYear: 2026,
      });
      expect(codes(await ofStaff(OLD_CHIEF))).toEqual(['WORKPLACE-DX']);
      expect(codes(await ofStaff(OTHER_SUBTREE))).toEqual(['WORKPLACE-DX']);
    });

    it('has nothing for a fiscal year in which nobody was assigned anything', async () => {
      expect(await ofStaff(NEW_HIRE, 2025)).toEqual([]);
    });

    it('gives each of several reads arriving at once (read by one statement) their own person’s list and year', async () => {
      const reads: [Auth, string][] = [
        [as[NEW_HIRE], '/api/v1/me/enrollments?fiscalYear=2026'],
        [as[SEASONAL], '/api/v1/me/enrollments?fiscalYear=2026'],
        [as[NEW_HIRE], '/api/v1/me/enrollments?fiscalYear=2025'],
        [hr, `/api/v1/staff/${NEW_CHIEF}/enrollments?fiscalYear=2026`],
        [as[NEW_HIRE], '/api/v1/me/enrollments?fiscalYear=2026'],
      ];
      const alone: Enrollment[][] = [];
      for (const [auth, url] of reads) alone.push(await listOk(auth, url));
      const together = await Promise.all(reads.map(([auth, url]) => listOk(auth, url)));
      expect(together).toEqual(alone);
      expect(together.map(codes)).toEqual([
        ['KAISO-NEWHIRE', 'WORKPLACE-DX'],
        ['WORKPLACE-DX'],
        [],
        ['KAISO-LEADER', 'WORKPLACE-DX'],
        ['KAISO-NEWHIRE', 'WORKPLACE-DX'],
      ]);
    });

    it('re-importing the same roster creates no duplicates', async () => {
      const before = await t.db.query(
        `SELECT id, staff_id, course_id, due_date FROM enrollment WHERE tenant_id = $1 ORDER BY id`,
        [tenantId],
      );
      const result = await importOk(t, 'staff', hr, staffCsv(aprilRoster), { effectiveDate: APRIL });
      expect(result.counts.unchanged).toBe(aprilRoster.length);
      expect(
        await t.db.query(
          `SELECT id, staff_id, course_id, due_date FROM enrollment WHERE tenant_id = $1 ORDER BY id`,
          [tenantId],
        ),
      ).toEqual(before);
      expect(codes(await ofStaff(NEW_HIRE))).toEqual(['KAISO-NEWHIRE', 'WORKPLACE-DX']);
    });
  });

  describe('who may read whose assignments', () => {
    it('a 課長 sees the people of their subtree (and themselves), and gets 404 for anyone else', async () => {
      const manager = as[NEW_CHIEF];
      expect(codes(await ofStaff(NEW_HIRE, 2026, manager))).toEqual(['KAISO-NEWHIRE', 'WORKPLACE-DX']);
      expect(codes(await ofStaff(LEAVER, 2026, manager))).toEqual(['WORKPLACE-DX']);
      for (const no of [OTHER_SUBTREE, OLD_CHIEF, '999999']) {
        expectProblem(await get(manager, `/api/v1/staff/${no}/enrollments?fiscalYear=2026`), 404);
      }
      // The other 課長 sees their own people and not 人事課's.
      expect(codes(await ofStaff(OTHER_SUBTREE, 2026, as[OLD_CHIEF]))).toEqual(['WORKPLACE-DX']);
      expectProblem(await get(as[OLD_CHIEF], `/api/v1/staff/${NEW_HIRE}/enrollments?fiscalYear=2026`), 404);
    });

    it('a plain learner may not read anybody else’s list (403)', async () => {
      expectProblem(await get(as[NEW_HIRE], `/api/v1/staff/${SEASONAL}/enrollments?fiscalYear=2026`), 403);
    });

    it('an HR user who is no staff member has an empty list of their own', async () => {
      expect(await listOk(hr, '/api/v1/me/enrollments?fiscalYear=2026')).toEqual([]);
    });
  });

  describe('statuses and exemptions', () => {
    const exemptionUrl = (no: string, code: string) =>
      `/api/v1/staff/${no}/enrollments/${code}/exemption?fiscalYear=2026`;

    it('shows KAISO-NEWHIRE (due 2026-06-30) as overdue today', async () => {
      expect(TODAY > '2026-06-30').toBe(true); // the brief's today is 2026-11-23
      expect(byCode(await ofStaff(NEW_HIRE), 'KAISO-NEWHIRE').status).toBe('overdue');
    });

    it('HR exempts it: exempt, neither overdue nor completed; DELETE lifts it and it is overdue again', async () => {
      const put = await t.request({
        method: 'PUT',
        url: exemptionUrl(NEW_HIRE, 'KAISO-NEWHIRE'),
        headers: hr,
        payload: { reason: '長期療養のため' },
      });
      expect({ status: put.statusCode, body: put.body.slice(0, 500) }).toMatchObject({ status: 200 });
      expect(put.json()).toMatchObject({ courseCode: 'KAISO-NEWHIRE', status: 'exempt', completedAt: null });

      const seen = byCode(
        await listOk(as[NEW_HIRE], '/api/v1/me/enrollments?fiscalYear=2026'),
        'KAISO-NEWHIRE',
      );
      expect(seen).toMatchObject({ status: 'exempt', completedAt: null, dueDate: '2026-06-30' });

      const del = await t.request({
        method: 'DELETE',
        url: exemptionUrl(NEW_HIRE, 'KAISO-NEWHIRE'),
        headers: hr,
      });
      expect({ status: del.statusCode, body: del.body.slice(0, 500) }).toMatchObject({ status: 200 });
      expect(byCode(await ofStaff(NEW_HIRE), 'KAISO-NEWHIRE').status).toBe('overdue');
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['missing', undefined],
    ])('an exemption with a %s reason is refused (422) and changes nothing', async (_label, reason) => {
      const response = await t.request({
        method: 'PUT',
        url: exemptionUrl(NEW_HIRE, 'KAISO-NEWHIRE'),
        headers: hr,
        payload: reason === undefined ? {} : { reason },
      });
      expectProblem(response, 422);
      expect(byCode(await ofStaff(NEW_HIRE), 'KAISO-NEWHIRE').status).toBe('overdue');
    });

    it('an impossible ?fiscalYear= is invalid input, never a 500', async () => {
      for (const fy of ['abc', '1999', '2026.5']) {
        const response = await get(hr, `/api/v1/staff/${NEW_HIRE}/enrollments?fiscalYear=${fy}`);
        expect([400, 422]).toContain(response.statusCode);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('exempting a course the person is not assigned is 404', async () => {
      const response = await t.request({
        method: 'PUT',
        url: exemptionUrl(NEW_HIRE, 'KAISO-LEADER'),
        headers: hr,
        payload: { reason: '対象外' },
      });
      expectProblem(response, 404);
    });

    it('a non-HR user (the person’s own 課長, or the learner) may not exempt (403), and nothing changes', async () => {
      for (const auth of [as[NEW_CHIEF], as[NEW_HIRE]]) {
        const put = await t.request({
          method: 'PUT',
          url: exemptionUrl(NEW_HIRE, 'KAISO-NEWHIRE'),
          headers: auth,
          payload: { reason: '自己判断' },
        });
        expectProblem(put, 403);
        const del = await t.request({
          method: 'DELETE',
          url: exemptionUrl(NEW_HIRE, 'KAISO-NEWHIRE'),
          headers: auth,
        });
        expectProblem(del, 403);
      }
      expect(byCode(await ofStaff(NEW_HIRE), 'KAISO-NEWHIRE').status).toBe('overdue');
    });

    it('lists every status, overdue first, then in progress, not started, completed, exempt; by due date within each', async () => {
      // 農業 課長's year: WORKPLACE-DX from the rules (due 31 March), and by hand one course for each state.
      const byHand = [
        { courseCode: 'KAISO-NEWHIRE', dueDate: '2026-05-01' }, // past due: overdue
        { courseCode: 'KAISO-CHIEF-CLERK', dueDate: TODAY }, // one module done: in progress, due today
        { courseCode: 'PROMOTER-BASIC', dueDate: TODAY }, // due today, nothing done: not started
        { courseCode: 'KAISO-SUBSECTION', dueDate: '2026-06-01' }, // completed
        { courseCode: 'KAISO-DEPUTY', dueDate: '2026-07-01' }, // exempt
      ];
      for (const payload of byHand) {
        const response = await t.request({
          method: 'POST',
          url: `/api/v1/staff/${OLD_CHIEF}/enrollments`,
          headers: hr,
          payload: { ...payload, fiscalYear: 2026 },
        });
        expect(response.statusCode).toBe(201);
      }
      const mine = (code: string) =>
        `SELECT e.id FROM enrollment e JOIN course c ON c.id = e.course_id JOIN staff s ON s.id = e.staff_id
          WHERE s.employee_no = '${OLD_CHIEF}' AND e.fiscal_year = 2026 AND c.code = '${code}'`;
      await t.db.query(
        `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source)
         SELECT e.tenant_id, e.id, m.id, 'web' FROM enrollment e JOIN course_module m ON m.course_id = e.course_id AND m.version = e.course_version
          WHERE e.id = (${mine('KAISO-CHIEF-CLERK')}) AND m.required ORDER BY m.position LIMIT 1`,
      );
      await t.db.query(
        `UPDATE enrollment SET completed_at = now(), completed_on = '2026-05-20' WHERE id = (${mine('KAISO-SUBSECTION')})`,
      );
      const exempt = await t.request({
        method: 'PUT',
        url: exemptionUrl(OLD_CHIEF, 'KAISO-DEPUTY'),
        headers: hr,
        payload: { reason: '対象外' },
      });
      expect(exempt.statusCode).toBe(200);

      const listed = await ofStaff(OLD_CHIEF);
      expect(listed.map((e) => [e.courseCode, e.status])).toEqual([
        ['KAISO-NEWHIRE', 'overdue'],
        ['KAISO-CHIEF-CLERK', 'in_progress'],
        ['PROMOTER-BASIC', 'not_started'],
        ['WORKPLACE-DX', 'not_started'],
        ['KAISO-SUBSECTION', 'completed'],
        ['KAISO-DEPUTY', 'exempt'],
      ]);
      const inProgress = byCode(listed, 'KAISO-CHIEF-CLERK').progress;
      expect(inProgress).toBeGreaterThan(0);
      expect(inProgress).toBeLessThan(1);
      expect(byCode(listed, 'KAISO-SUBSECTION')).toMatchObject({ progress: 1, completedAt: '2026-05-20' });
      expect(byCode(listed, 'KAISO-DEPUTY').exemptReason).toBe('対象外');
    });
  });

  describe('assignment by hand', () => {
    const assign = (auth: Auth, no: string, payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url: `/api/v1/staff/${no}/enrollments`, headers: auth, payload });

    it('HR assigns a course (201) and the person sees it; assigning it again is 409 and adds nothing', async () => {
      const payload = { courseCode: 'PROMOTER-BASIC', fiscalYear: 2026, dueDate: '2027-02-28' };
      const created = await assign(hr, SEASONAL, payload);
      expect({ status: created.statusCode, body: created.body.slice(0, 500) }).toMatchObject({ status: 201 });
      expect(created.json()).toMatchObject({
        courseCode: 'PROMOTER-BASIC',
        fiscalYear: 2026,
        dueDate: '2027-02-28',
        status: 'not_started',
        progress: 0,
      });
      expect(codes(await listOk(as[SEASONAL], '/api/v1/me/enrollments?fiscalYear=2026'))).toEqual([
        'PROMOTER-BASIC',
        'WORKPLACE-DX',
      ]);

      const before = await enrollmentCount();
      expectProblem(await assign(hr, SEASONAL, payload), 409);
      // A rule-made assignment counts as well.
      expectProblem(await assign(hr, SEASONAL, { ...payload, courseCode: 'WORKPLACE-DX' }), 409);
      expect(await enrollmentCount()).toBe(before);
    });

    it('an unknown course is 422; a manager may not assign (403)', async () => {
      expectProblem(
        await assign(hr, SEASONAL, { courseCode: 'NO-SUCH', fiscalYear: 2026, dueDate: '2027-02-28' }),
        422,
      );
      expectProblem(
        await assign(as[NEW_CHIEF], NEW_HIRE, {
          courseCode: 'PROMOTER-BASIC',
          fiscalYear: 2026,
          dueDate: '2027-02-28',
        }),
        403,
      );
    });
  });

  describe('the October roster: a transfer and a leaver', () => {
    beforeAll(async () => {
      // LEAVER finishes WORKPLACE-DX before leaving; their KAISO-less list keeps one completed and no open rows.
      await t.db.query(
        `UPDATE enrollment e SET completed_at = now(), completed_on = '2026-09-01', completion_source = 'hr'
           FROM staff s, course c
          WHERE s.id = e.staff_id AND c.id = e.course_id AND s.tenant_id = $1 AND s.employee_no = $2 AND c.code = 'WORKPLACE-DX'`,
        [tenantId, LEAVER],
      );
      await t.request({
        method: 'POST',
        url: `/api/v1/staff/${LEAVER}/enrollments`,
        headers: hr,
        payload: { courseCode: 'PROMOTER-BASIC', fiscalYear: 2026, dueDate: '2027-01-31' },
      });
    });

    it('keeps a transferred person’s assignments, and their new 課長 now sees them', async () => {
      const before = await ofStaff(OTHER_SUBTREE);
      const result = await importOk(t, 'staff', hr, staffCsv(octoberRoster), {
        effectiveDate: OCTOBER,
        allowMassLeave: true,
      });
      expect(result.counts).toMatchObject({ created: 1, transferred: 1, promoted: 1, left: 1 });
      expect(await ofStaff(OTHER_SUBTREE)).toEqual(before);
      expect(codes(await ofStaff(OTHER_SUBTREE, 2026, as[NEW_CHIEF]))).toEqual(['WORKPLACE-DX']);
      expectProblem(
        await get(as[OLD_CHIEF], `/api/v1/staff/${OTHER_SUBTREE}/enrollments?fiscalYear=2026`),
        404,
      );
    });

    it('keeps a leaver’s rows; the open ones end on their last day, the completed one stays completed', async () => {
      const list = await ofStaff(LEAVER);
      expect(codes(list)).toEqual(['PROMOTER-BASIC', 'WORKPLACE-DX']);
      expect(byCode(list, 'WORKPLACE-DX')).toMatchObject({
        status: 'completed',
        completedAt: '2026-09-01',
        progress: 1,
      });
      const rows = await t.db.query(
        `SELECT c.code, e.ended_on FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id
          WHERE s.tenant_id = $1 AND s.employee_no = $2 ORDER BY c.code`,
        [tenantId, LEAVER],
      );
      expect(rows).toEqual([
        { code: 'PROMOTER-BASIC', ended_on: '2026-09-30' },
        { code: 'WORKPLACE-DX', ended_on: null },
      ]);
      // Nobody else's assignments were ended.
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM enrollment WHERE tenant_id = $1 AND ended_on IS NOT NULL`,
        [tenantId],
      );
      expect(n).toBe(1);
    });

    it('assigns what the October changes call for: 新任課長補佐 (+60 days) and a mid-year hire’s courses', async () => {
      const promoted = await ofStaff(MID_YEAR_PROMOTED);
      expect(codes(promoted)).toEqual(['KAISO-DEPUTY', 'WORKPLACE-DX']);
      expect(byCode(promoted, 'KAISO-DEPUTY')).toMatchObject({
        trackCode: 'KAISO',
        dueDate: '2026-11-30',
        fiscalYear: 2026,
      });
      const hire = await ofStaff(MID_YEAR_HIRE);
      expect(codes(hire)).toEqual(['KAISO-NEWHIRE', 'WORKPLACE-DX']);
      expect(byCode(hire, 'KAISO-NEWHIRE').dueDate).toBe('2026-12-30');
      expect(byCode(hire, 'WORKPLACE-DX').dueDate).toBe('2027-03-31');
    });
  });

  describe('the April 2027 roster, loaded ahead (its own tenant)', () => {
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    const PROMOTED = '410001';
    const HIRED_2027 = '410002';
    const STAYS = '410003';

    beforeAll(async () => {
      tenant = await createTenant(t, 'april27');
      await importOk(t, 'org-units', tenant.admin, orgCsv(org), { effectiveDate: APRIL });
      await importOk(
        t,
        'staff',
        tenant.admin,
        staffCsv([
          person(PROMOTED, {
            unit: '100100',
            position: '課長補佐',
            hired: '2001-04-01',
            promoted: '2022-04-01',
          }),
          person(STAYS, { unit: '100110', hired: '2015-04-01' }),
        ]),
        { effectiveDate: APRIL },
      );
    });

    it('rejects nothing and assigns FY2027 courses at once: KAISO-LEADER due 2027-05-31, KAISO-NEWHIRE due 2027-06-30', async () => {
      const response = await importFile(
        t,
        'staff',
        tenant.admin,
        staffCsv([
          person(PROMOTED, {
            unit: '100100',
            position: '課長',
            hired: '2001-04-01',
            promoted: '2027-04-01',
            assigned: '2027-04-01',
          }),
          person(STAYS, { unit: '100110', hired: '2015-04-01' }),
          person(HIRED_2027, { unit: '100110', hired: '2027-04-01', assigned: '2027-04-01' }),
        ]),
        { effectiveDate: '2027-04-01' },
      );
      expect({ status: response.statusCode, body: response.body.slice(0, 500) }).toMatchObject({
        status: 200,
      });

      const list = (no: string, fy: number) =>
        listOk(tenant.admin, `/api/v1/staff/${no}/enrollments?fiscalYear=${fy}`);
      const promoted27 = await list(PROMOTED, 2027);
      expect(codes(promoted27)).toEqual(['KAISO-LEADER', 'WORKPLACE-DX']);
      expect(byCode(promoted27, 'KAISO-LEADER')).toMatchObject({
        fiscalYear: 2027,
        dueDate: '2027-05-31',
        status: 'not_started',
      });
      expect(byCode(promoted27, 'WORKPLACE-DX')).toMatchObject({ fiscalYear: 2027, dueDate: '2028-03-31' });
      // 昇任日 2027-04-01 is FY2027, not FY2026.
      expect(codes(await list(PROMOTED, 2026))).toEqual(['WORKPLACE-DX']);

      const hired27 = await list(HIRED_2027, 2027);
      expect(codes(hired27)).toEqual(['KAISO-NEWHIRE', 'WORKPLACE-DX']);
      expect(byCode(hired27, 'KAISO-NEWHIRE').dueDate).toBe('2027-06-30');
      expect(await list(HIRED_2027, 2026)).toEqual([]);
      expect(codes(await list(STAYS, 2027))).toEqual(['WORKPLACE-DX']);
    });
  });

  describe('a tenant created the way the app creates tenants', () => {
    // The contract: the default catalogue is "present in every new tenant". The app seeds it only into the default
    // tenant at start (bootstrap.ts); TenantsService.ensureTenant makes a tenant without courses or rules, so its
    // first roster assigns nothing. (createTenant in the test factories seeds the catalogue itself.)
    it('has the default catalogue, so its first roster assigns WORKPLACE-DX', async () => {
      const tenantId = await asSystem(() =>
        t.app.get(TenantsService).ensureTenant('bare', 'テスト団体 bare'),
      );
      await withTenant(tenantId, () =>
        t.app.get(UsersService).createUser(tenantId, {
          loginId: 'admin-bare',
          password: 'password-for-bare-tenant',
          roles: ['sysadmin', 'hr'],
          displayName: '管理者',
        }),
      );
      const admin = await loginAs(t, 'admin-bare', 'password-for-bare-tenant', 'bare');
      await importOk(t, 'org-units', admin, orgCsv(org), { effectiveDate: APRIL });
      await importOk(t, 'staff', admin, staffCsv([person('420001', { unit: '100110' })]), {
        effectiveDate: APRIL,
      });
      const response = await get(admin, '/api/v1/staff/420001/enrollments?fiscalYear=2026');
      expect(response.statusCode).toBe(200);
      expect(codes(response.json())).toEqual(['WORKPLACE-DX']);
    });
  });
});
