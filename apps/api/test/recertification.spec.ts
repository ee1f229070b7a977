import { addDays, fiscalYearEnd, fiscalYearOf, fiscalYearStart } from '@dx/domain';
import { EnrolmentEngine } from '../src/enrolments/enrolment-engine';
import { asSystem } from '../src/database/tenant-context';
import {
  adminAuth,
  Auth,
  completionsCsv,
  expectProblem,
  importOk,
  JAPANESE,
  orgCsv,
  person,
  smallOrg,
  staffAuth,
  staffCsv,
  tenantIdOf,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const API = '/api/v1/catalogue';
const ANNUAL = 'INFOSEC';
const VALID_3 = 'DX-LICENSE';

// Everyone is on the staff since 2010 (so no rule of the default catalogue gives them these courses).
const A_MARCH = '700001'; // annual course completed on 31 March 2026 (FY2025)
const B_APRIL = '700002'; // annual course completed on 1 April 2026 (FY2026)
const C_JULY = '700003'; // valid 3 years from 1 July 2024: window from 1 January 2027, due 30 June 2027
const D_EXEMPT = '700004'; // annual, completed in FY2024, exempt in FY2025
const E_RETURNED = '700005'; // valid 3 years from 1 July 2022: left in March 2025, back on 1 October 2026
const F_NEVER = '700006'; // never completed
// In the current fiscal year (the figures are read as of today): a renewal past due and one in its window.
const G_LAPSED = '700007';
const H_RENEWING = '700008';
const TODAY = todayInTokyoForTests();
const FY = fiscalYearOf(TODAY);

interface Row {
  employee_no: string;
  code: string;
  fiscal_year: number;
  source: string;
  trigger_date: string;
  due_date: string;
  completed_on: string | null;
  renews_fiscal_year: number | null;
}

describe('recertification (更新) on 年度 windows', () => {
  let t: TestApp;
  let admin: Auth;
  let tenantId: number;

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.request({
      method,
      url,
      headers: admin,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  async function ok(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, status = 200) {
    const response = await call(method, url, payload);
    expect({ status: response.statusCode, body: response.body.slice(0, 1500) }).toMatchObject({ status });
    return response.json();
  }

  /** A published course of one lesson, with the given recurrence. */
  async function recurringCourse(code: string, title: string, recurrence: unknown) {
    await ok(
      'POST',
      `${API}/courses`,
      { code, trackCode: 'WORKPLACE-DX', title, estimatedMinutes: 30, recurrence },
      201,
    );
    await ok(
      'POST',
      `${API}/courses/${code}/draft/modules`,
      { kind: 'lesson', title: '講義', required: true, content: { markdown: '# 講義' } },
      201,
    );
    return ok('POST', `${API}/courses/${code}/publish`);
  }

  const engine = () => t.app.get(EnrolmentEngine);
  const startOfYear = (fiscalYear: number) => asSystem(() => engine().applyYearForAllTenants(fiscalYear));

  async function assignments(code: string): Promise<Row[]> {
    return t.db.query(
      `SELECT s.employee_no, c.code, e.fiscal_year, e.source, to_char(e.trigger_date, 'YYYY-MM-DD') AS trigger_date,
              to_char(e.due_date, 'YYYY-MM-DD') AS due_date, to_char(e.completed_on, 'YYYY-MM-DD') AS completed_on,
              r.fiscal_year AS renews_fiscal_year
         FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id
         LEFT JOIN enrollment r ON r.id = e.renews_enrollment_id
        WHERE c.code = $1 AND e.tenant_id = $2
        ORDER BY s.employee_no, e.fiscal_year`,
      [code, tenantId],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
    tenantId = await tenantIdOf(t);
    await importOk(t, 'org-units', admin, orgCsv(smallOrg(['10'])), { effectiveDate: '2022-04-01' });
    const roster = [A_MARCH, B_APRIL, C_JULY, D_EXEMPT, E_RETURNED, F_NEVER, G_LAPSED, H_RENEWING].map((no) =>
      person(no, { unit: '100110', hired: '2010-04-01', assigned: '2022-04-01' }),
    );
    await importOk(t, 'staff', admin, staffCsv(roster), { effectiveDate: '2022-04-01' });
    await recurringCourse(ANNUAL, '情報セキュリティ研修', { kind: 'every_fiscal_year' });
    await recurringCourse(VALID_3, 'DX推進資格研修', {
      kind: 'valid_for_years',
      years: 3,
      window: { kind: 'date_before_expiry', month: 1, day: 1 },
    });
    await importOk(
      t,
      'completions',
      admin,
      completionsCsv([
        { no: A_MARCH, course: ANNUAL, completedOn: '2026-03-31' },
        { no: B_APRIL, course: ANNUAL, completedOn: '2026-04-01' },
        { no: C_JULY, course: VALID_3, completedOn: '2024-07-01' },
        { no: D_EXEMPT, course: ANNUAL, completedOn: '2024-06-01' },
        { no: E_RETURNED, course: VALID_3, completedOn: '2022-07-01' },
        { no: G_LAPSED, course: ANNUAL, completedOn: `${FY - 1}-05-01` },
        { no: H_RENEWING, course: ANNUAL, completedOn: `${FY - 1}-06-01` },
      ]),
    );
  });
  afterAll(() => t?.close());

  describe('the catalogue editor', () => {
    it('stores a course recurrence and answers with it', async () => {
      const view = await ok('GET', `${API}/courses/${VALID_3}`);
      expect(view.recurrence).toEqual({
        kind: 'valid_for_years',
        years: 3,
        window: { kind: 'date_before_expiry', month: 1, day: 1 },
      });
      const unchanged = await ok('PUT', `${API}/courses/${ANNUAL}`, {
        trackCode: 'WORKPLACE-DX',
        title: '情報セキュリティ研修',
        estimatedMinutes: 45,
      });
      expect(unchanged.recurrence).toEqual({ kind: 'every_fiscal_year' });
    });

    it.each([
      [{ kind: 'monthly' }, 'recurrence.kind', '更新の種類'],
      [{ kind: 'every_n_years', years: 0 }, 'recurrence.years', '更新の年数は1〜10'],
      [{ kind: 'valid_for_years', years: 3 }, 'recurrence.window', '更新期間の始まりを指定してください'],
      [
        { kind: 'valid_for_years', years: 1, window: { kind: 'months_before_expiry', months: 13 } },
        'recurrence.window',
        '更新期間の月数が有効期間より長く',
      ],
      [
        { kind: 'valid_for_years', years: 3, window: { kind: 'date_before_expiry', month: 2, day: 30 } },
        'recurrence.window.day',
        'その月にない日付',
      ],
    ])('refuses %j with a Japanese reason naming the field', async (recurrence, field, message) => {
      const response = await call('PUT', `${API}/courses/${ANNUAL}`, {
        trackCode: 'WORKPLACE-DX',
        title: '情報セキュリティ研修',
        estimatedMinutes: 45,
        recurrence,
      });
      const problem = expectProblem(response, 422) as { errors: { field: string; message: string }[] };
      const error = problem.errors.find((e) => e.field === field);
      expect(error?.message).toContain(message);
      expect(error?.message).toMatch(JAPANESE);
    });
  });

  describe('the start of a fiscal year', () => {
    beforeAll(async () => {
      // D was exempted from the FY2025 renewal (long leave); E left on 31 March 2025 and came back on 1 October 2026.
      await startOfYear(2025);
      await t.db.query(
        `UPDATE enrollment e SET exempt_reason = '長期療養', exempted_at = now()
           FROM staff s, course c
          WHERE s.id = e.staff_id AND c.id = e.course_id AND s.employee_no = $1 AND c.code = $2 AND e.fiscal_year = 2025`,
        [D_EXEMPT, ANNUAL],
      );
      await t.db.query(`UPDATE staff SET left_on = '2025-03-31' WHERE employee_no = $1`, [E_RETURNED]);
      await asSystem(() => t.db.transaction((m) => engine().apply(m, tenantId, [2025])));
      await t.db.query(`UPDATE staff SET left_on = NULL, hired_on = '2026-10-01' WHERE employee_no = $1`, [
        E_RETURNED,
      ]);
      await startOfYear(2026);
    });

    it('assigns an annual course again in the next fiscal year; the earlier completion stays in its year', async () => {
      const rows = (await assignments(ANNUAL)).filter((r) => r.employee_no === A_MARCH);
      expect(rows).toEqual([
        expect.objectContaining({ fiscal_year: 2025, completed_on: '2026-03-31', renews_fiscal_year: null }),
        expect.objectContaining({
          fiscal_year: 2026,
          source: 'renewal',
          trigger_date: '2026-04-01',
          due_date: '2027-03-31',
          completed_on: null,
          renews_fiscal_year: 2025,
        }),
      ]);
    });

    it('a completion on 1 April belongs to the new year: renewed only the year after', async () => {
      expect((await assignments(ANNUAL)).filter((r) => r.employee_no === B_APRIL)).toEqual([
        expect.objectContaining({ fiscal_year: 2026, completed_on: '2026-04-01' }),
      ]);
      await startOfYear(2027);
      expect(
        (await assignments(ANNUAL)).filter((r) => r.employee_no === B_APRIL).map((r) => r.fiscal_year),
      ).toEqual([2026, 2027]);
    });

    it('a renewal window crossing 1 April is assigned in the year it opens, due on the last valid day', async () => {
      expect((await assignments(VALID_3)).filter((r) => r.employee_no === C_JULY)).toEqual([
        expect.objectContaining({ fiscal_year: 2024, completed_on: '2024-07-01' }),
        expect.objectContaining({
          fiscal_year: 2026,
          source: 'renewal',
          trigger_date: '2027-01-01',
          due_date: '2027-06-30',
          renews_fiscal_year: 2024,
        }),
      ]);
    });

    it('an exempt year postpones the renewal to the next year, computed from the last real completion', async () => {
      expect((await assignments(ANNUAL)).filter((r) => r.employee_no === D_EXEMPT)).toEqual([
        expect.objectContaining({ fiscal_year: 2024, completed_on: '2024-06-01' }),
        expect.objectContaining({ fiscal_year: 2025, source: 'renewal', renews_fiscal_year: 2024 }),
        expect.objectContaining({
          fiscal_year: 2026,
          source: 'renewal',
          due_date: '2027-03-31',
          renews_fiscal_year: 2024,
        }),
      ]);
    });

    it('a person who left and returned owes the renewal missed while away, from the day back', async () => {
      // The FY2025 renewal was withdrawn when they left before it (nothing had been done on it).
      expect((await assignments(VALID_3)).filter((r) => r.employee_no === E_RETURNED)).toEqual([
        expect.objectContaining({ fiscal_year: 2022, completed_on: '2022-07-01' }),
        expect.objectContaining({
          fiscal_year: 2026,
          source: 'renewal',
          trigger_date: '2026-10-01',
          due_date: '2027-03-31',
          renews_fiscal_year: 2022,
        }),
      ]);
    });

    it('someone who never completed the course gets no renewal, and a second run assigns nothing more', async () => {
      expect((await assignments(ANNUAL)).filter((r) => r.employee_no === F_NEVER)).toEqual([]);
      const before = (await assignments(ANNUAL)).length + (await assignments(VALID_3)).length;
      await startOfYear(2026);
      expect((await assignments(ANNUAL)).length + (await assignments(VALID_3)).length).toBe(before);
    });
  });

  describe('what people see in the current fiscal year', () => {
    const renewalOf = async (employeeNo: string, trigger: string, due: string) =>
      t.db.query(
        `UPDATE enrollment e SET trigger_date = $3, due_date = $4 FROM staff s, course c
          WHERE s.id = e.staff_id AND c.id = e.course_id AND s.employee_no = $1 AND c.code = $2 AND e.fiscal_year = $5`,
        [employeeNo, ANNUAL, trigger, due, FY],
      );

    beforeAll(async () => {
      await startOfYear(FY);
      // G's renewal fell due yesterday; H's window is open until the year's end.
      await renewalOf(G_LAPSED, fiscalYearStart(FY), addDays(TODAY, -1));
      await renewalOf(H_RENEWING, fiscalYearStart(FY), fiscalYearEnd(FY));
    });

    async function summaries(employeeNo: string, fiscalYear: number) {
      const list = await ok('GET', `/api/v1/staff/${employeeNo}/enrollments?fiscalYear=${fiscalYear}`);
      return list as { courseCode: string; status: string; recertification: unknown }[];
    }

    it('a renewal in its window is 更新期間中 with the 有効期限 of the completion it renews', async () => {
      expect((await summaries(H_RENEWING, FY)).find((e) => e.courseCode === ANNUAL)).toMatchObject({
        status: 'not_started',
        recertification: { validUntil: fiscalYearEnd(FY - 1), renewal: true, renewalOpen: true },
      });
      // The completion stays in its year, with its own 有効期限.
      expect((await summaries(H_RENEWING, FY - 1)).find((e) => e.courseCode === ANNUAL)).toMatchObject({
        status: 'completed',
        recertification: { validUntil: fiscalYearEnd(FY - 1), renewal: false, renewalOpen: false },
      });
    });

    it('a renewal past due is 更新期限切れ, not 期限超過; a course that does not recur has no 有効期限', async () => {
      const list = await summaries(G_LAPSED, FY);
      expect(list.find((e) => e.courseCode === ANNUAL)).toMatchObject({
        status: 'renewal_overdue',
        recertification: { renewal: true, renewalOpen: false },
      });
      expect(list.find((e) => e.courseCode === 'WORKPLACE-DX')).toMatchObject({ recertification: null });
    });

    it('the completion report counts 更新期限切れ apart from 期限超過, and the counts still add up', async () => {
      const report = await ok('GET', `/api/v1/reports/completion?fiscalYear=${FY}&groupBy=department`);
      const row = (report.rows as Record<string, number | string>[]).find((r) => r.key === '100000')!;
      expect(row.renewalOverdue).toBe(1);
      const parts = ['completed', 'inProgress', 'notStarted', 'overdue', 'renewalOverdue', 'exempt'];
      expect(parts.reduce((sum, k) => sum + (row[k] as number), 0)).toBe(row.assigned);
      expect(report.totals.renewalOverdue).toBe(1);
    });

    it('a renewal reissues the 修了証 with the new period; the old one stays verifiable, marked superseded', async () => {
      const learner = await staffAuth(t, admin, H_RENEWING, 'renewing-learner-password');
      const courseOf = async (fiscalYear: number) => {
        const response = await t.request({
          method: 'GET',
          url: `/api/v1/me/courses/${ANNUAL}?fiscalYear=${fiscalYear}`,
          headers: learner,
        });
        expect(response.statusCode).toBe(200);
        return response.json() as { certificate: { serial: string; verifyPath: string } | null };
      };
      const verify = async (serial: string) => {
        const response = await t.request({ method: 'GET', url: `/api/v1/certificates/${serial}` });
        expect(response.statusCode).toBe(200);
        return response.json();
      };
      const old = (await courseOf(FY - 1)).certificate!;
      expect(await verify(old.serial)).toMatchObject({
        valid: true,
        completedOn: `${FY - 1}-06-01`,
        validUntil: fiscalYearEnd(FY - 1),
        superseded: false,
      });
      expect((await courseOf(FY)).certificate).toBeNull();

      await importOk(
        t,
        'completions',
        admin,
        completionsCsv([{ no: H_RENEWING, course: ANNUAL, completedOn: TODAY }]),
      );
      const renewed = (await courseOf(FY)).certificate!;
      expect(renewed.serial).not.toBe(old.serial);
      expect(await verify(renewed.serial)).toMatchObject({
        valid: true,
        completedOn: TODAY,
        validUntil: fiscalYearEnd(FY),
        superseded: false,
      });
      expect(await verify(old.serial)).toMatchObject({
        valid: true,
        validUntil: fiscalYearEnd(FY - 1),
        superseded: true,
      });
      // The completion stays in its year's history.
      expect((await summaries(H_RENEWING, FY - 1)).find((e) => e.courseCode === ANNUAL)).toMatchObject({
        status: 'completed',
      });
    });

    it('a certificate issued late for a completion already renewed is superseded from the start', async () => {
      // A: completed FY2025 (31 March 2026), renewal FY2026 completed now; the old certificate never opened before.
      await importOk(
        t,
        'completions',
        admin,
        completionsCsv([{ no: A_MARCH, course: ANNUAL, completedOn: '2026-12-01' }]),
      );
      const learner = await staffAuth(t, admin, A_MARCH, 'march-learner-password');
      const serialOf = async (fiscalYear: number) =>
        (
          await t.request({
            method: 'GET',
            url: `/api/v1/me/courses/${ANNUAL}?fiscalYear=${fiscalYear}`,
            headers: learner,
          })
        ).json().certificate.serial as string;
      const renewed = await serialOf(2026);
      const old = await serialOf(2025);
      const check = (serial: string) => t.request({ method: 'GET', url: `/api/v1/certificates/${serial}` });
      expect((await check(old)).json()).toMatchObject({ validUntil: '2026-03-31', superseded: true });
      expect((await check(renewed)).json()).toMatchObject({ validUntil: '2027-03-31', superseded: false });
    });

    it('the team matrix shows the cell as 更新期限切れ', async () => {
      const matrix = await ok('GET', `/api/v1/team/matrix?fiscalYear=${FY}&q=${G_LAPSED}`);
      const person = (
        matrix.people as { employeeNo: string; cells: Record<string, { status: string }> }[]
      ).find((p) => p.employeeNo === G_LAPSED)!;
      expect(person.cells[ANNUAL].status).toBe('renewal_overdue');
    });
  });
});
