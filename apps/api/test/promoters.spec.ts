import {
  adminAuth,
  Auth,
  parseCsv,
  expectProblem,
  importFile,
  importOk,
  JAPANESE,
  orgCsv,
  OrgUnitInput,
  person,
  renderCsv,
  staffAuth,
  staffCsv,
  StaffInput,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import * as iconv from 'iconv-lite';

const APRIL = '2026-04-01';
const COLUMNS = ['職員番号', '指定日'] as const;

const org: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100100', name: '人事課', kind: '所属', parent: '100000' },
  { code: '100110', name: '研修班', kind: '班', parent: '100100' },
  { code: '200000', name: '農林水産部', kind: '部局' },
  { code: '200100', name: '農業振興課', kind: '所属', parent: '200000' },
];

const roster: StaffInput[] = [
  person('700001', { name: '推進 一郎', unit: '100110' }),
  person('700002', { name: '推進 二郎', unit: '200100' }),
  person('700003', { name: '推進 三郎', unit: '100100' }),
  person('700004', { name: '推進 四郎', unit: '100110' }),
  person('700005', { name: '人事 課長', unit: '100100', position: '課長' }),
];

interface Promoter {
  employeeNo: string;
  name: string;
  unitCode: string | null;
  unitName: string | null;
  designatedOn: string;
  fiscalYear: number;
}

describe('デジタル活用推進員: the promoter roster', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;

  const promotersCsv = (rows: [string, string][]) =>
    renderCsv(
      COLUMNS,
      rows.map(([no, day]) => ({ 職員番号: no, 指定日: day })),
    );
  const list = async (fiscalYear = 2026): Promise<Promoter[]> => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/promoters?fiscalYear=${fiscalYear}`,
      headers: hr,
    });
    expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({ status: 200 });
    return response.json();
  };
  const designate = (auth: Auth, no: string, designatedOn: string, fiscalYear = 2026) =>
    t.request({
      method: 'PUT',
      url: `/api/v1/promoters/${no}?fiscalYear=${fiscalYear}`,
      headers: auth,
      payload: { designatedOn },
    });
  const promoterBasic = async (no: string) => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/staff/${no}/enrollments?fiscalYear=2026`,
      headers: hr,
    });
    expect(response.statusCode).toBe(200);
    return (
      response.json() as { courseCode: string; dueDate: string; trackCode: string; status: string }[]
    ).find((e) => e.courseCode === 'PROMOTER-BASIC');
  };
  const designations = async () =>
    t.db.query(
      `SELECT s.employee_no, d.fiscal_year, d.designated_on FROM promoter_designation d JOIN staff s ON s.id = d.staff_id
        WHERE d.tenant_id = $1 ORDER BY s.employee_no`,
      [tenantId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    [{ id: tenantId }] = await t.db.query(`SELECT id FROM tenant WHERE code = 'default'`);
    await importOk(t, 'org-units', hr, orgCsv(org), { effectiveDate: APRIL });
    await importOk(t, 'staff', hr, staffCsv(roster), { effectiveDate: APRIL });
  });
  afterAll(() => t?.close());

  describe('designating one person', () => {
    it('PUT assigns PROMOTER-BASIC due designation + 60 days, in the same request (and transaction)', async () => {
      expect(await promoterBasic('700001')).toBeUndefined();
      const response = await designate(hr, '700001', '2026-05-01');
      expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({
        status: 204,
      });
      expect(await promoterBasic('700001')).toMatchObject({
        trackCode: 'DX-PROMOTER',
        dueDate: '2026-06-30',
      });
      const [times] = await t.db.query(
        `SELECT (SELECT e.created_at FROM enrollment e JOIN course c ON c.id = e.course_id JOIN staff s ON s.id = e.staff_id
                  WHERE s.tenant_id = $1 AND s.employee_no = '700001' AND c.code = 'PROMOTER-BASIC') AS assigned,
                (SELECT max(occurred_at) FROM audit_log WHERE tenant_id = $1 AND action = 'promoter.designated') AS designated`,
        [tenantId],
      );
      expect(times.assigned).toEqual(times.designated);
    });

    it('GET lists the year’s promoters with their unit', async () => {
      await designate(hr, '700002', '2026-04-15');
      expect(await list()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            employeeNo: '700001',
            name: '推進 一郎',
            unitCode: '100110',
            unitName: '研修班',
            designatedOn: '2026-05-01',
            fiscalYear: 2026,
          }),
          expect.objectContaining({
            employeeNo: '700002',
            unitCode: '200100',
            unitName: '農業振興課',
            designatedOn: '2026-04-15',
            fiscalYear: 2026,
          }),
        ]),
      );
      expect(await list()).toHaveLength(2);
      expect(await list(2025)).toEqual([]);
    });

    it('an unknown person is 404; an impossible date is 422; nothing is written', async () => {
      const before = await designations();
      expectProblem(await designate(hr, '799999', '2026-05-01'), 404);
      expectProblem(await designate(hr, '700003', '2026-02-30'), 422);
      expect(await designations()).toEqual(before);
    });

    it('a designation dated after the fiscal year it is for is refused (422): no FY2026 course due in FY2027', async () => {
      const before = await designations();
      const problem = expectProblem(await designate(hr, '700003', '2027-05-01', 2026), 422);
      expect(JSON.stringify(problem.errors ?? problem.detail)).toContain('designatedOn');
      expect(await designations()).toEqual(before);
      expect(await promoterBasic('700003')).toBeUndefined();
    });

    it('DELETE ends a designation but keeps the training already assigned; deleting it again is 404', async () => {
      expect((await designate(hr, '700005', '2026-07-01')).statusCode).toBe(204);
      expect(await promoterBasic('700005')).toMatchObject({ dueDate: '2026-08-30' });
      const url = '/api/v1/promoters/700005?fiscalYear=2026';
      expect((await t.request({ method: 'DELETE', url, headers: hr })).statusCode).toBe(204);
      expect((await list()).map((p) => p.employeeNo)).not.toContain('700005');
      expect(await promoterBasic('700005')).toMatchObject({ dueDate: '2026-08-30' });
      expectProblem(await t.request({ method: 'DELETE', url, headers: hr }), 404);
    });

    it('a corrected 指定日 moves the due date of the open PROMOTER-BASIC; once completed it stays', async () => {
      expect((await designate(hr, '700005', '2026-07-01')).statusCode).toBe(204);
      expect(await promoterBasic('700005')).toMatchObject({ dueDate: '2026-08-30' });
      expect((await designate(hr, '700005', '2026-06-15')).statusCode).toBe(204);
      expect(await promoterBasic('700005')).toMatchObject({ dueDate: '2026-08-14' });
      await t.db.query(
        `UPDATE enrollment e SET completed_at = now(), completed_on = '2026-08-01' FROM course c, staff s
          WHERE c.id = e.course_id AND s.id = e.staff_id AND c.code = 'PROMOTER-BASIC' AND s.employee_no = '700005'`,
      );
      expect((await designate(hr, '700005', '2026-07-01')).statusCode).toBe(204);
      expect(await promoterBasic('700005')).toMatchObject({ dueDate: '2026-08-14', status: 'completed' });
      expect(
        (await t.request({ method: 'DELETE', url: '/api/v1/promoters/700005?fiscalYear=2026', headers: hr }))
          .statusCode,
      ).toBe(204);
    });

    it('is for HR only: a learner and a 課長 get 403 and nothing changes', async () => {
      const learner = await staffAuth(t, hr, '700003', 'promoter-test-password');
      const chief = await staffAuth(t, hr, '700005', 'promoter-test-password');
      const before = await designations();
      for (const auth of [learner, chief]) {
        expectProblem(await designate(auth, '700003', '2026-05-01'), 403);
        expectProblem(
          await t.request({ method: 'GET', url: '/api/v1/promoters?fiscalYear=2026', headers: auth }),
          403,
        );
        expectProblem(
          await t.request({
            method: 'DELETE',
            url: '/api/v1/promoters/700001?fiscalYear=2026',
            headers: auth,
          }),
          403,
        );
        expectProblem(
          await importFile(t, 'promoters', auth, promotersCsv([['700003', '2026-05-01']]), {
            fiscalYear: '2026',
          }),
          403,
        );
      }
      expect(await designations()).toEqual(before);
      expect(await promoterBasic('700003')).toBeUndefined();
    });
  });

  describe('the CSV roster (職員番号,指定日)', () => {
    // The complete roster of FY2026: 700001 stays (same day), 700003 and 700004 are new, 700002 is missing.
    const file = () =>
      promotersCsv([
        ['700001', '2026-05-01'],
        ['700003', '2026-06-01'],
        ['７００００４', '2026-06-15'],
      ]);

    it('a dry run reports designations, unchanged and removals, and writes nothing', async () => {
      const before = await designations();
      const result = await importOk(t, 'promoters', hr, file(), { dryRun: true, fiscalYear: '2026' });
      expect(result).toMatchObject({
        dryRun: true,
        counts: { designated: 2, unchanged: 1, removed: 1 },
        errors: [],
      });
      expect(await designations()).toEqual(before);
      expect(await promoterBasic('700003')).toBeUndefined();
    });

    it('the real import designates the new ones (assigning PROMOTER-BASIC) and removes people missing from the file', async () => {
      const result = await importOk(t, 'promoters', hr, file(), { fiscalYear: '2026' });
      expect(result).toMatchObject({ dryRun: false, counts: { designated: 2, unchanged: 1, removed: 1 } });
      expect((await list()).map((p) => [p.employeeNo, p.designatedOn]).sort()).toEqual([
        ['700001', '2026-05-01'],
        ['700003', '2026-06-01'],
        ['700004', '2026-06-15'],
      ]);
      expect(await promoterBasic('700003')).toMatchObject({ dueDate: '2026-07-31' });
      expect(await promoterBasic('700004')).toMatchObject({ dueDate: '2026-08-14' });
      // A removed promoter keeps the training already assigned (history is never rewritten).
      expect(await promoterBasic('700002')).toMatchObject({ dueDate: '2026-06-14' });
    });

    it('re-sending the file changes nothing', async () => {
      const before = await designations();
      const result = await importOk(t, 'promoters', hr, file(), { fiscalYear: '2026' });
      expect(result.counts).toEqual({ designated: 0, unchanged: 3, removed: 0 });
      expect(await designations()).toEqual(before);
    });

    it('a file with bad rows is refused as a whole (422) with row and column, writing nothing', async () => {
      const before = await designations();
      const bad = promotersCsv([
        ['700002', '2026-05-01'], // 2: fine on its own
        ['799999', '2026-05-01'], // 3: unknown person
        ['700005', '2026-13-01'], // 4: impossible date
        ['700002', '2026-05-02'], // 5: repeats line 2
        ['abc', '2026-05-01'], // 6: not a 職員番号
      ]);
      const problem = expectProblem(await importFile(t, 'promoters', hr, bad, { fiscalYear: '2026' }), 422);
      const errors = problem.errors as { row: number; column: string; message: string }[];
      expect(errors.map((e) => [e.row, e.column])).toEqual([
        [3, '職員番号'],
        [4, '指定日'],
        [5, '職員番号'],
        [6, '職員番号'],
      ]);
      for (const e of errors) expect(e.message).toMatch(JAPANESE);
      expect(await designations()).toEqual(before);
    });

    it('with ?fiscalYear=2026, a 指定日 after that year (next year’s file sent by mistake) is a row error, and nothing is removed', async () => {
      const before = await designations();
      const nextYear = promotersCsv([
        ['700001', '2027-04-01'],
        ['700002', '2027-05-01'],
      ]);
      const problem = expectProblem(
        await importFile(t, 'promoters', hr, nextYear, { fiscalYear: '2026' }),
        422,
      );
      expect((problem.errors as { row: number; column: string }[]).map((e) => [e.row, e.column])).toEqual([
        [2, '指定日'],
        [3, '指定日'],
      ]);
      expect(await designations()).toEqual(before);
    });
  });

  describe('the roster as CSV for Excel (GET /api/v1/exports/promoters.csv)', () => {
    const download = (auth: Auth, query: string) =>
      t.request({ method: 'GET', url: `/api/v1/exports/promoters.csv?${query}`, headers: auth });
    const fileName = (disposition: unknown) =>
      decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(disposition))?.[1] ?? '');
    const expected = [
      ['職員番号', '指定日', '氏名', '所属コード', '所属名'],
      ['700003', '2026-06-01', '推進 三郎', '100100', '人事課'],
      ['700001', '2026-05-01', '推進 一郎', '100110', '研修班'],
      ['700004', '2026-06-15', '推進 四郎', '100110', '研修班'],
    ];

    it('UTF-8 (the default): with a BOM for Excel, and a file name that says UTF-8', async () => {
      const response = await download(hr, 'fiscalYear=2026');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['cache-control']).toContain('no-store');
      expect(fileName(response.headers['content-disposition'])).toBe(
        'デジタル活用推進員名簿_令和8年度_UTF-8.csv',
      );
      const bytes = response.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(parseCsv(bytes.subarray(3).toString('utf8'))).toEqual(expected);
      expect(bytes.toString('utf8')).toContain('\r\n');
    });

    it('Shift_JIS on request: readable as CP932, and a file name that says Shift_JIS', async () => {
      const response = await download(hr, 'fiscalYear=2026&encoding=shift_jis');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=shift_jis');
      expect(fileName(response.headers['content-disposition'])).toBe(
        'デジタル活用推進員名簿_令和8年度_Shift_JIS.csv',
      );
      expect(parseCsv(iconv.decode(response.rawPayload, 'cp932'))).toEqual(expected);
    });

    it('the exported file imports again as the same roster (nothing changes)', async () => {
      const before = await designations();
      const exported = (await download(hr, 'fiscalYear=2026&encoding=shift_jis')).rawPayload;
      const result = await importOk(t, 'promoters', hr, exported, { fiscalYear: '2026' });
      expect(result.counts).toEqual({ designated: 0, unchanged: 3, removed: 0 });
      expect(await designations()).toEqual(before);
    });

    it('a year with no promoter gives the header only; an unknown encoding is 422 in Japanese; a learner gets 403', async () => {
      const empty = await download(hr, 'fiscalYear=2025');
      expect(parseCsv(empty.rawPayload.subarray(3).toString('utf8'))).toEqual([expected[0]]);
      const problem = expectProblem(await download(hr, 'fiscalYear=2026&encoding=utf-8-bom'), 422);
      expect(JSON.stringify(problem)).toContain('文字コード');
      const learner = await staffAuth(t, hr, '700003', 'promoter-test-password');
      expectProblem(await download(learner, 'fiscalYear=2026'), 403);
    });
  });
});
