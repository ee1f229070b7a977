import { OutsideActivityService } from '../src/integrations/outside-activity.service';
import { withTenant } from '../src/database/tenant-context';
import type { OutsideActivity } from '@dx/domain';
import * as iconv from 'iconv-lite';
import {
  adminAuth,
  Auth,
  expectProblem,
  importOk,
  JAPANESE,
  readFixture,
  staffAuth,
  tenantIdOf,
} from './support/factories';
import { createTestApp, multipartFile, TestApp } from './support/test-app';
import { activity, udemyCourse } from './support/udemy';

const APRIL = '2026-04-01';

describe('outside completions core (applyOutsideActivities)', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;
  let core: OutsideActivityService;

  const apply = (rows: OutsideActivity[], dryRun = false) =>
    withTenant(tenantId, () =>
      t.db.transaction((manager) => core.applyOutsideActivities(manager, tenantId, rows, { dryRun })),
    );
  const enrollment = async (no: string, code: string, fy = 2026) => {
    const [row] = await t.db.query(
      `SELECT e.completed_on::text AS completed_on, e.completion_source,
              (SELECT count(*)::int FROM module_progress p WHERE p.enrollment_id = e.id) AS modules
         FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id
        WHERE s.employee_no = $1 AND c.code = $2 AND e.fiscal_year = $3`,
      [no, code, fy],
    );
    return row;
  };
  const assign = async (no: string, code: string, fy = 2026) => {
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/staff/${no}/enrollments`,
      headers: hr,
      payload: { courseCode: code, fiscalYear: fy, dueDate: `${fy + 1}-03-31` },
    });
    expect({ status: r.statusCode, body: r.body }).toMatchObject({ status: 201 });
  };

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    tenantId = await tenantIdOf(t);
    core = t.app.get(OutsideActivityService);
    await importOk(t, 'org-units', hr, readFixture('sample-org.csv'), { effectiveDate: APRIL });
    await importOk(t, 'staff', hr, readFixture('sample-staff.csv'), { effectiveDate: APRIL });
    await udemyCourse(t, hr, 'UDEMY-CORE', '900001', 'https://pref-example.udemy.com/course/core-basics/');
    await assign('500003', 'UDEMY-CORE');
    await assign('500004', 'UDEMY-CORE');
  });
  afterAll(() => t?.close());

  it('completes by e-mail (any case) and by 職員番号, once; unknown rows are skipped and kept', async () => {
    const rows = [
      activity({ email: 'SUZUKI.HAJIME@EXAMPLE.LG.JP', udemyCourseId: '900001', completedOn: '2026-05-10' }),
      activity({
        externalId: '500004',
        udemyCourseId: 'https://PREF-EXAMPLE.udemy.com/course/core-basics',
        completedOn: '2026-06-01',
      }),
      activity({ email: 'nobody@example.lg.jp', udemyCourseId: '900001', completedOn: '2026-05-10' }),
      activity({ email: 'suzuki.hajime@example.lg.jp', udemyCourseId: '123', completedOn: '2026-05-10' }),
    ];
    expect(await apply(rows, true)).toMatchObject({ completed: 2, unchanged: 0, skipped: 2 });
    expect(await enrollment('500003', 'UDEMY-CORE')).toMatchObject({ completed_on: null, modules: 0 });
    expect(await apply(rows)).toMatchObject({ completed: 2, unchanged: 0, skipped: 2 });
    expect(await enrollment('500003', 'UDEMY-CORE')).toMatchObject({
      completed_on: '2026-05-10',
      modules: 1,
    });
    expect(await enrollment('500004', 'UDEMY-CORE')).toMatchObject({ completed_on: '2026-06-01' });
    expect(await apply(rows)).toMatchObject({ completed: 0, unchanged: 2, skipped: 2 });
    const kept = await t.db.query(
      `SELECT reason FROM outside_unmatched WHERE tenant_id = $1 ORDER BY reason`,
      [tenantId],
    );
    expect(kept).toEqual([{ reason: 'unknown_course' }, { reason: 'unknown_person' }]);
  });

  it('keeps titles with tabs, backslashes and line breaks as they are', async () => {
    const title = 'タブ\t区切り \\ と\n改行\r';
    await apply([
      activity({
        email: 'tab@example.com',
        udemyCourseId: '900001',
        courseTitle: title,
        completedOn: '2026-05-01',
      }),
    ]);
    const [row] = await t.db.query(
      `SELECT course_title FROM outside_unmatched WHERE lower(email) = 'tab@example.com'`,
    );
    expect(row.course_title).toBe(title);
  });

  it('a large apply rebuilds the report figures once in its transaction: as the triggers would have counted', async () => {
    await assign('500005', 'UDEMY-CORE');
    const report = await t.request({
      method: 'GET',
      url: '/api/v1/reports/completion?fiscalYear=2026&groupBy=department',
      headers: hr,
    });
    expect(report.statusCode).toBe(200);
    const figures = async () =>
      (
        await t.db.query(
          `SELECT concat_ws(' ', staff_id, path, assigned, completed, in_progress, not_started, overdue, exempt) AS line
             FROM report_person WHERE tenant_id = $1 AND fiscal_year = 2026
           UNION ALL SELECT concat_ws(' ', path, course_id, assigned, completed, in_progress, not_started, overdue, exempt)
             FROM report_unit_course WHERE tenant_id = $1 AND fiscal_year = 2026 AND assigned > 0
           UNION ALL SELECT concat_ws(' ', path, position_id, track_id, assigned, completed, in_progress, not_started, overdue, exempt)
             FROM report_position_track WHERE tenant_id = $1 AND fiscal_year = 2026 AND assigned > 0
           ORDER BY 1`,
          [tenantId],
        )
      ).map((r: { line: string }) => r.line);
    const completedOf = async (no: string) =>
      (
        await t.db.query(
          `SELECT p.completed FROM report_person p JOIN staff s ON s.id = p.staff_id
            WHERE s.employee_no = $1 AND p.fiscal_year = 2026`,
          [no],
        )
      )[0].completed;
    const builtAt = async () =>
      (
        await t.db.query(
          `SELECT built_at::text FROM report_year WHERE tenant_id = $1 AND fiscal_year = 2026`,
          [tenantId],
        )
      )[0].built_at;
    const built = await builtAt();
    const before = await completedOf('500005');
    const rows = [activity({ externalId: '500005', udemyCourseId: '900001', completedOn: '2026-07-01' })];
    const result = await withTenant(tenantId, () =>
      t.db.transaction((manager) =>
        core.applyOutsideActivities(manager, tenantId, rows, { dryRun: false, deferFiguresFrom: 1 }),
      ),
    );
    expect(result).toMatchObject({ completed: 1 });
    expect(await completedOf('500005')).toBe(before + 1);
    expect(await builtAt()).not.toBe(built);
    expect(
      await t.db.query(`SELECT 1 FROM report_stale WHERE tenant_id = $1 AND fiscal_year = 2026`, [tenantId]),
    ).toEqual([]);
    const kept = await figures();
    await t.db.query(`INSERT INTO report_stale (tenant_id, fiscal_year) VALUES ($1, 2026)`, [tenantId]);
    await t.request({
      method: 'GET',
      url: '/api/v1/reports/completion?fiscalYear=2026&groupBy=department',
      headers: hr,
    });
    expect(await figures()).toEqual(kept);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(
      core.applyOutsideActivities(t.db.manager, tenantId, [activity()], { dryRun: false }),
    ).rejects.toThrow(/transaction/);
  });

  it('a course with another required module is started (受講中), not completed, and completes when that is done', async () => {
    await udemyCourse(t, hr, 'UDEMY-TWO', '900002', 'https://pref-example.udemy.com/course/two/', 'lesson');
    await assign('500008', 'UDEMY-TWO');
    const row = activity({
      email: 'watanabe.hina@example.lg.jp',
      udemyCourseId: '900002',
      completedOn: '2026-06-10',
    });
    expect(await apply([row])).toMatchObject({ completed: 1 });
    const [e] = await t.db.query(
      `SELECT e.id, e.completed_on, (e.started_at AT TIME ZONE 'Asia/Tokyo')::date::text AS started
         FROM enrollment e JOIN course c ON c.id = e.course_id JOIN staff s ON s.id = e.staff_id
        WHERE c.code = 'UDEMY-TWO' AND s.employee_no = '500008'`,
    );
    expect(e).toMatchObject({ completed_on: null, started: '2026-06-10' });
    const [{ status }] = await t.db.query(
      `SELECT report_state(completed_on, exempt_reason, due_date, started_at, '2026-07-01') AS status FROM enrollment WHERE id = $1`,
      [e.id],
    );
    expect(status).toBe(4);
  });

  it('an earlier date does not move a recorded completion', async () => {
    await apply([
      activity({ email: 'suzuki.hajime@example.lg.jp', udemyCourseId: '900001', completedOn: '2026-04-02' }),
    ]);
    expect(await enrollment('500003', 'UDEMY-CORE')).toMatchObject({ completed_on: '2026-05-10' });
  });

  it('applied twice concurrently completes once', async () => {
    await assign('500007', 'UDEMY-CORE');
    const row = activity({
      email: 'kobayashi.sakura@example.lg.jp',
      udemyCourseId: '900001',
      completedOn: '2026-07-01',
    });
    const results = await Promise.all([apply([row]), apply([row])]);
    expect(results.map((r) => r.completed).sort()).toEqual([0, 1]);
    expect(await enrollment('500007', 'UDEMY-CORE')).toMatchObject({
      completed_on: '2026-07-01',
      modules: 1,
    });
  });
});

describe('POST /api/v1/imports/udemy-business', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;

  const upload = (content: Uint8Array | string, query: Record<string, string> = {}, auth: Auth = hr) => {
    const { payload, headers } = multipartFile(content, 'udemy.csv');
    const search = new URLSearchParams(query).toString();
    return t.request({
      method: 'POST',
      url: `/api/v1/imports/udemy-business${search ? '?' + search : ''}`,
      payload,
      headers: { ...headers, ...auth },
    });
  };
  const uploadOk = async (content: Uint8Array | string, query: Record<string, string> = {}) => {
    const response = await upload(content, query);
    expect({ status: response.statusCode, body: response.body.slice(0, 1500) }).toMatchObject({
      status: 200,
    });
    return response.json();
  };
  const state = async () =>
    t.db.query(
      `SELECT s.employee_no, c.code, e.fiscal_year, e.completed_on::text AS completed_on, e.completion_source,
              (SELECT count(*)::int FROM module_progress p WHERE p.enrollment_id = e.id) AS modules
         FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id
        WHERE e.tenant_id = $1 AND c.code LIKE 'UDEMY-%' ORDER BY 1, 2, 3`,
      [tenantId],
    );
  const completedOn = async (no: string, code = 'UDEMY-DX', fy = 2026) =>
    (await state()).find(
      (r: { employee_no: string; code: string; fiscal_year: number }) =>
        r.employee_no === no && r.code === code && r.fiscal_year === fy,
    )?.completed_on ?? null;
  const unmatched = () =>
    t.db.query(
      `SELECT source, lower(email) AS email, udemy_course_id, reason, completed_on::text AS completed_on, status
         FROM outside_unmatched WHERE tenant_id = $1 ORDER BY lower(email)`,
      [tenantId],
    );
  const assign = async (no: string, code: string, fy = 2026) => {
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/staff/${no}/enrollments`,
      headers: hr,
      payload: { courseCode: code, fiscalYear: fy, dueDate: `${fy + 1}-03-31` },
    });
    expect({ status: r.statusCode, body: r.body }).toMatchObject({ status: 201 });
  };

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    tenantId = await tenantIdOf(t);
    await importOk(t, 'org-units', hr, readFixture('sample-org.csv'), { effectiveDate: APRIL });
    await importOk(t, 'staff', hr, readFixture('sample-staff.csv'), { effectiveDate: APRIL });
    // 髙木 健 (500005, deactivated in Udemy) leaves on 30 April.
    const roster = iconv
      .decode(readFixture('sample-staff.csv'), 'cp932')
      .split('\r\n')
      .filter((line) => !line.startsWith('500005,'))
      .join('\r\n');
    await importOk(t, 'staff', hr, iconv.encode(roster, 'cp932'), { effectiveDate: '2026-05-01' });
    await udemyCourse(t, hr, 'UDEMY-DX', '5123401', 'https://pref-example.udemy.com/course/dx-hajimete/');
    for (const no of ['500001', '500002', '500004', '500005']) await assign(no, 'UDEMY-DX');
  });
  afterAll(() => t?.close());

  it('learners and managers may not import (403)', async () => {
    const learner = await staffAuth(t, hr, '500004', 'learner-password-1');
    const manager = await staffAuth(t, hr, '500002', 'manager-password-1');
    const file = readFixture('udemy/user-course-activity-api.csv');
    expectProblem(await upload(file, {}, learner), 403);
    expectProblem(await upload(file, {}, manager), 403);
  });

  it('a dry run of the Reporting API names (UTF-8) counts and writes nothing', async () => {
    const before = await state();
    const result = await uploadOk(readFixture('udemy/user-course-activity-api.csv'), { dryRun: 'true' });
    expect(result).toMatchObject({
      dryRun: true,
      counts: { completed: 2, unchanged: 1, skipped: 6 },
      errors: [],
    });
    expect(await state()).toEqual(before);
    expect(await unmatched()).toEqual([]);
  });

  it('imports it: completions on the Tokyo day, unmatched rows kept with their reason', async () => {
    const result = await uploadOk(readFixture('udemy/user-course-activity-api.csv'));
    expect(result).toMatchObject({ dryRun: false, counts: { completed: 2, unchanged: 1, skipped: 6 } });
    // 2026-05-10T15:30Z is 11 May in Tokyo.
    expect(await completedOn('500001')).toBe('2026-05-11');
    expect(await completedOn('500004')).toBe('2026-07-01');
    expect(await completedOn('500002')).toBeNull();
    expect(await completedOn('500005')).toBeNull();
    expect(await unmatched()).toEqual([
      expect.objectContaining({
        email: 'sato.hinata@example.lg.jp',
        reason: 'unknown_person',
        completed_on: '2026-06-15',
      }),
      expect.objectContaining({
        email: 'suzuki.hajime@example.lg.jp',
        reason: 'unknown_course',
        udemy_course_id: '3987012',
      }),
      expect.objectContaining({
        email: 'takagi.ken@example.lg.jp',
        reason: 'left',
        completed_on: '2026-05-20',
      }),
      expect.objectContaining({
        email: 'watanabe.hina@example.lg.jp',
        reason: 'unknown_course',
        status: 'pending',
      }),
    ]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'import.udemy_business'`,
      [tenantId],
    );
    expect(n).toBe(1);
  });

  it('the same rows with the title-case export names in Shift_JIS change nothing', async () => {
    const before = { state: await state(), unmatched: await unmatched() };
    const result = await uploadOk(readFixture('udemy/user-course-activity-export-sjis.csv'));
    expect(result).toMatchObject({
      counts: { completed: 0, unchanged: 3, skipped: 6 },
      encoding: 'shift_jis',
    });
    expect({ state: await state(), unmatched: await unmatched() }).toEqual(before);
    // And the first file again, likewise.
    const again = await uploadOk(readFixture('udemy/user-course-activity-api.csv'));
    expect(again.counts).toEqual({ completed: 0, unchanged: 3, skipped: 6 });
    expect({ state: await state(), unmatched: await unmatched() }).toEqual(before);
  });

  it('a later file with lower ratio or earlier date un-completes nothing and moves no date', async () => {
    const csv = [
      'user_email,course_id,completion_ratio,course_completion_date,course_first_completion_date',
      'mie.taro@example.lg.jp,5123401,40,,',
      'takada.misaki@example.lg.jp,5123401,100,2026-04-15,2026-04-15',
    ].join('\n');
    const result = await uploadOk(csv);
    expect(result.counts).toEqual({ completed: 0, unchanged: 2, skipped: 0 });
    expect(await completedOn('500001')).toBe('2026-05-11');
    expect(await completedOn('500004')).toBe('2026-07-01');
  });

  it('a completion in a later fiscal year completes that year’s assignment too', async () => {
    await assign('500006', 'UDEMY-DX', 2025);
    await assign('500006', 'UDEMY-DX', 2026);
    const csv = [
      'User Email,Course Id,Completion Ratio,Course First Completion Date,Course Completion Date',
      'NAKAMURA.SHO@EXAMPLE.LG.JP,5123401,100,2025-09-30,2026-06-03',
    ].join('\r\n');
    expect((await uploadOk(csv)).counts).toEqual({ completed: 1, unchanged: 0, skipped: 0 });
    expect(await completedOn('500006', 'UDEMY-DX', 2025)).toBe('2025-09-30');
    expect(await completedOn('500006', 'UDEMY-DX', 2026)).toBe('2026-06-03');
  });

  it('refuses a file without user_email or course_id, or with unreadable dates or ratios (422, nothing written)', async () => {
    const before = { state: await state(), unmatched: await unmatched() };
    const noEmail = expectProblem(await upload('course_id,completion_ratio\n5123401,100\n'), 422);
    expect(noEmail.errors).toEqual([expect.objectContaining({ row: 1, column: 'user_email' })]);
    expect(String(noEmail.detail)).toMatch(JAPANESE);
    const noCourse = expectProblem(await upload('Email,Completion Ratio\na@example.lg.jp,100\n'), 422);
    expect(noCourse.errors).toEqual([expect.objectContaining({ row: 1, column: 'course_id' })]);
    const bad = expectProblem(
      await upload(
        [
          'user_email,course_id,completion_ratio,course_completion_date',
          'mori.takumi@example.lg.jp,5123401,100,2026-13-45',
          'mori.takumi@example.lg.jp,5123401,abc,',
          'mori.takumi@example.lg.jp,5123401,100.5,',
          'yoshimura.megumi@example.lg.jp,5123401,100,2026-05-01',
        ].join('\n'),
      ),
      422,
    );
    expect(bad.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'course_completion_date' }),
      expect.objectContaining({ row: 3, column: 'completion_ratio' }),
      expect.objectContaining({ row: 4, column: 'completion_ratio' }),
    ]);
    expect({ state: await state(), unmatched: await unmatched() }).toEqual(before);
  });
});
