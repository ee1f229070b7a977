import { OutsideActivityService } from '../src/integrations/outside-activity.service';
import { withTenant } from '../src/database/tenant-context';
import type { OutsideActivity } from '@dx/domain';
import { adminAuth, Auth, importOk, readFixture, tenantIdOf } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
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
