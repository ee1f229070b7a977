import {
  adminAuth,
  Auth,
  expectProblem,
  importFile,
  importOk,
  JAPANESE,
  readFixture,
  renderCsv,
  staffAuth,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const APRIL = '2026-04-01';
const COLUMNS = ['職員番号', '研修コード', '修了日'] as const;

interface Enrollment {
  courseCode: string;
  status: string;
  completedAt: string | null;
  progress: number;
  dueDate: string;
}

describe('completions import (職員番号,研修コード,修了日)', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;

  const completionsCsv = (rows: [string, string, string][], encoding: 'utf-8' | 'shift_jis' = 'utf-8') =>
    renderCsv(
      COLUMNS,
      rows.map(([no, code, day]) => ({ 職員番号: no, 研修コード: code, 修了日: day })),
      { encoding },
    );
  const enrollments = async (no: string): Promise<Enrollment[]> => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/staff/${no}/enrollments?fiscalYear=2026`,
      headers: hr,
    });
    expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({ status: 200 });
    return response.json();
  };
  const find = async (no: string, code: string) => (await enrollments(no)).find((e) => e.courseCode === code);
  /** Everything a completions import could write. */
  const snapshot = async () =>
    t.db.query(
      `SELECT id, staff_id, course_id, fiscal_year, source, due_date, completed_at, completed_on, completion_source
         FROM enrollment WHERE tenant_id = $1 ORDER BY id`,
      [tenantId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    [{ id: tenantId }] = await t.db.query(`SELECT id FROM tenant WHERE code = 'default'`);
    await importOk(t, 'org-units', hr, readFixture('sample-org.csv'), { effectiveDate: APRIL });
    await importOk(t, 'staff', hr, readFixture('sample-staff.csv'), { effectiveDate: APRIL });
  });
  afterAll(() => t?.close());

  it('before the import, the two courses are open', async () => {
    expect(await find('500004', 'KAISO-NEWHIRE')).toMatchObject({ completedAt: null, dueDate: '2026-06-30' });
    expect(await find('500003', 'WORKPLACE-DX')).toMatchObject({ completedAt: null, progress: 0 });
  });

  it('a dry run of the Shift_JIS fixture reports two completions and writes nothing', async () => {
    const before = await snapshot();
    const result = await importOk(t, 'completions', hr, readFixture('sample-completions.csv'), {
      dryRun: true,
    });
    expect(result).toMatchObject({ dryRun: true, counts: { completed: 2, unchanged: 0 }, errors: [] });
    expect(await snapshot()).toEqual(before);
    expect(await find('500004', 'KAISO-NEWHIRE')).toMatchObject({ completedAt: null });
  });

  it('imports the fixture: both assignments completed on the file’s dates', async () => {
    const result = await importOk(t, 'completions', hr, readFixture('sample-completions.csv'));
    expect(result).toMatchObject({ dryRun: false, counts: { completed: 2, unchanged: 0 }, errors: [] });
    expect(await find('500004', 'KAISO-NEWHIRE')).toMatchObject({
      status: 'completed',
      completedAt: '2026-06-01',
      progress: 1,
    });
    expect(await find('500003', 'WORKPLACE-DX')).toMatchObject({
      status: 'completed',
      completedAt: '2026-09-15',
      progress: 1,
    });
    // The person sees it too.
    const auth = await staffAuth(t, hr, '500004', 'completions-test-password');
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/me/enrollments?fiscalYear=2026',
      headers: auth,
    });
    expect((response.json() as Enrollment[]).find((e) => e.courseCode === 'KAISO-NEWHIRE')).toMatchObject({
      status: 'completed',
      completedAt: '2026-06-01',
    });
    // Nobody else's assignments changed.
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM enrollment WHERE tenant_id = $1 AND completed_at IS NOT NULL`,
      [tenantId],
    );
    expect(n).toBe(2);
  });

  it('re-sending the file changes nothing and reports both rows unchanged (dry run and real)', async () => {
    const before = await snapshot();
    expect(
      (await importOk(t, 'completions', hr, readFixture('sample-completions.csv'), { dryRun: true })).counts,
    ).toEqual({
      completed: 0,
      unchanged: 2,
    });
    expect((await importOk(t, 'completions', hr, readFixture('sample-completions.csv'))).counts).toEqual({
      completed: 0,
      unchanged: 2,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a later date for an already completed course does not move the completion', async () => {
    const result = await importOk(
      t,
      'completions',
      hr,
      completionsCsv([['500004', 'KAISO-NEWHIRE', '2026-07-01']]),
    );
    expect(result.counts).toEqual({ completed: 0, unchanged: 1 });
    expect(await find('500004', 'KAISO-NEWHIRE')).toMatchObject({ completedAt: '2026-06-01' });
  });

  it('reads a full-width 職員番号 and a UTF-8 file', async () => {
    const result = await importOk(
      t,
      'completions',
      hr,
      completionsCsv([['５０００１２', 'WORKPLACE-DX', '2026-10-01']]),
    );
    expect(result.counts).toEqual({ completed: 1, unchanged: 0 });
    expect(await find('500012', 'WORKPLACE-DX')).toMatchObject({
      status: 'completed',
      completedAt: '2026-10-01',
    });
  });

  describe('a file with bad rows', () => {
    const tomorrow = (() => {
      const d = new Date(`${todayInTokyoForTests()}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 1);
      return d.toISOString().slice(0, 10);
    })();

    it('is refused as a whole (422) with one error per bad row, naming row and column, and writes nothing', async () => {
      const before = await snapshot();
      const file = completionsCsv(
        [
          ['500008', 'WORKPLACE-DX', '2026-06-10'], // 2: fine on its own
          ['599999', 'WORKPLACE-DX', '2026-06-10'], // 3: unknown person
          ['500008', 'NO-SUCH-COURSE', '2026-06-10'], // 4: unknown course
          ['500009', 'WORKPLACE-DX', '2026-02-30'], // 5: impossible date
          ['500010', 'WORKPLACE-DX', tomorrow], // 6: in the future
          ['500008', 'WORKPLACE-DX', '2026-06-11'], // 7: repeats line 2
          ['500006', 'WORKPLACE-DX', '2026/06/10x'], // 8: not a date
        ],
        'shift_jis',
      );
      const response = await importFile(t, 'completions', hr, file);
      const problem = expectProblem(response, 422);
      const errors = problem.errors as { row: number; column: string; message: string }[];
      expect(errors.map((e) => [e.row, e.column])).toEqual([
        [3, '職員番号'],
        [4, '研修コード'],
        [5, '修了日'],
        [6, '修了日'],
        [7, '職員番号'],
        [8, '修了日'],
      ]);
      for (const e of errors) expect(e.message).toMatch(JAPANESE);
      expect(await snapshot()).toEqual(before);
      expect(await find('500008', 'WORKPLACE-DX')).toMatchObject({ completedAt: null });
    });

    it('the same file as a dry run answers the same 422', async () => {
      const file = completionsCsv([['599999', 'WORKPLACE-DX', '2026-06-10']]);
      const problem = expectProblem(await importFile(t, 'completions', hr, file, { dryRun: true }), 422);
      expect(problem.errors).toEqual([expect.objectContaining({ row: 2, column: '職員番号' })]);
    });

    it('a file without the required columns is 422', async () => {
      const file = renderCsv(['職員番号', '研修名'], [{ 職員番号: '500008', 研修名: 'x' }]);
      expectProblem(await importFile(t, 'completions', hr, file), 422);
    });
  });

  it('is for HR only (403 for a learner)', async () => {
    const auth = await staffAuth(t, hr, '500008', 'completions-test-password');
    const before = await snapshot();
    expectProblem(
      await importFile(t, 'completions', auth, completionsCsv([['500008', 'WORKPLACE-DX', '2026-06-10']])),
      403,
    );
    expect(await snapshot()).toEqual(before);
  });
});
