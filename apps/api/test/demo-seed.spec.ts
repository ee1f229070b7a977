import { asSystem } from '../src/database/tenant-context';
import { DEMO_PASSWORD, DemoSeeder } from '../src/seed/demo-seeder';
import { COHORT_STAGES } from '@dx/contract';
import { addDays, daysBetween, fiscalYearOf, fiscalYearStart } from '@dx/domain';
import { todayInTokyoForTests } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** The demo as `npm start` loads it (smaller), on the day the test runs. */
describe('demo data: its 集合研修 lie after the day the demo is loaded', () => {
  let t: TestApp;
  let tenantId: number;
  let newHire: string;
  let director: string;
  const TODAY = todayInTokyoForTests();
  const tokyoDay = (iso: string) => todayInTokyoForTests(new Date(iso));

  beforeAll(async () => {
    t = await createTestApp();
    [{ id: tenantId }] = await t.db.query(`SELECT id FROM tenant WHERE code = 'default'`);
    const logins = await asSystem(() => t.app.get(DemoSeeder).seedIfEmpty(tenantId, 900));
    expect(logins).not.toBeNull();
    newHire = logins!.find((l) => l.role.startsWith('新規採用職員'))!.loginId;
    director = logins!.find((l) => l.role.startsWith('部長'))!.loginId;
  }, 120_000);
  afterAll(() => t?.close());

  it('every live session of the catalogue starts after today (Tokyo), on a weekday, and ends after it starts', async () => {
    const sessions: {
      title: string;
      version: number;
      content: { startsAt: string; endsAt: string; format: string };
    }[] = await t.db.query(
      `SELECT title, version, content FROM course_module WHERE tenant_id = $1 AND kind = 'live'`,
      [tenantId],
    );
    expect(sessions.length).toBeGreaterThan(0);
    for (const { title, content } of sessions) {
      const day = tokyoDay(content.startsAt);
      expect({ title, day, after: day > TODAY }).toEqual({ title, day, after: true });
      expect(content.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      expect(Date.parse(content.endsAt)).toBeGreaterThan(Date.parse(content.startsAt));
      expect([0, 6]).not.toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
    }
  });

  it('a learner given the course sees the 集合研修 ahead of them, and the course due after today too', async () => {
    const hr = await t.login('hr-demo', DEMO_PASSWORD);
    const designated = await t.request({
      method: 'PUT',
      url: `/api/v1/promoters/${newHire}`,
      headers: hr,
      payload: { designatedOn: TODAY },
    });
    expect(designated.statusCode).toBe(204);
    const learner = await t.login(newHire, DEMO_PASSWORD);
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/me/courses/PROMOTER-BASIC',
      headers: learner,
    });
    expect(response.statusCode).toBe(200);
    const course = response.json() as {
      enrollment: { dueDate: string };
      modules: { kind: string; live?: { startsAt: string; format: string } }[];
    };
    const live = course.modules.find((m) => m.kind === 'live')!.live!;
    expect(live.format).toBe('集合研修');
    expect(tokyoDay(live.startsAt) > TODAY).toBe(true);
    expect(course.enrollment.dueDate > TODAY).toBe(true);
  });

  it('has statistics for the planner as soon as it is loaded, and a content administrator login that can open 研修管理', async () => {
    const [staff] = await t.db.query(
      `SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL AS analysed FROM pg_stat_user_tables WHERE relname = 'staff'`,
    );
    expect(staff.analysed).toBe(true);
    const editor = await t.login('content-demo', DEMO_PASSWORD);
    const courses = await t.request({ method: 'GET', url: '/api/v1/catalogue/courses', headers: editor });
    expect(courses.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/team/matrix', headers: editor })).statusCode).toBe(
      403,
    );
  });

  it('gives the KPI page real figures in its four charts: about 90 % of 所属 with a promoter, a cohort at every stage', async () => {
    const hr = await t.login('hr-demo', DEMO_PASSWORD);
    const fiscalYear = fiscalYearOf(TODAY);
    const kpi = (await t.request({ method: 'GET', url: '/api/v1/kpi', headers: hr })).json();
    expect(kpi.tieredByDepartment.length).toBeGreaterThan(0);
    expect(kpi.workplaceMonthly.at(-1).cumulativeCompleted).toBeGreaterThan(0);
    expect(kpi.promoterCoverage).toEqual({ sections: 100, sectionsWithPromoter: 90, rate: 0.9 });
    expect(kpi.specialists.certified).toBeGreaterThan(0);
    expect(kpi.specialists.inProgramme).toBeGreaterThan(0);

    // 10 所属 on the coverage list: 6 never given a promoter, 4 whose promoter the April roster moved or retired.
    const coverage = (
      await t.request({ method: 'GET', url: '/api/v1/promoter-coverage', headers: hr })
    ).json();
    expect(coverage.uncovered).toHaveLength(10);
    expect(coverage.uncovered.every((u: { head: unknown }) => u.head !== null)).toBe(true);
    const [{ designations }] = await t.db.query(
      `SELECT count(*)::int AS designations FROM promoter_designation WHERE tenant_id = $1 AND fiscal_year = $2 AND designated_on = $3`,
      [tenantId, fiscalYear, `${fiscalYear}-04-01`],
    );
    // (The seeder's, named on 1 April: the test above designated one more person.)
    expect(designations).toBe(94);

    const cohorts = (
      await t.request({ method: 'GET', url: '/api/v1/specialist-cohorts', headers: hr })
    ).json();
    const thisYear = cohorts.find((c: { fiscalYear: number }) => c.fiscalYear === fiscalYear);
    expect(new Set(thisYear.members.map((m: { stage: string }) => m.stage))).toEqual(new Set(COHORT_STAGES));
    for (const member of thisYear.members.filter((m: { stage: string }) => m.stage === '認定'))
      expect(member.certifiedOn <= TODAY).toBe(true);
    // The programme's courses are assigned to the members, and completed by the certified ones.
    const [{ assigned, completed }] = await t.db.query(
      `SELECT count(*)::int AS assigned, count(*) FILTER (WHERE e.completed_on IS NOT NULL)::int AS completed
         FROM enrollment e JOIN cohort_member m ON m.staff_id = e.staff_id AND m.stage = '認定'
         JOIN course c ON c.id = e.course_id JOIN track tr ON tr.id = c.track_id AND tr.code = 'DX-SPECIALIST'
        WHERE e.tenant_id = $1`,
      [tenantId],
    );
    expect(assigned).toBeGreaterThan(0);
    expect(completed).toBe(assigned);
  });

  it('has renewals (更新) due and overdue: a director sees both in マイ研修, and the report counts 更新期限切れ', async () => {
    const fiscalYear = fiscalYearOf(TODAY);
    // The demo's past-due renewal ended ten days ago (or on 2 April, early in the year).
    const overdueByNow = daysBetween(addDays(fiscalYearStart(fiscalYear), 1), TODAY) >= 11;
    const learner = await t.login(director, DEMO_PASSWORD);
    const mine = (
      await t.request({ method: 'GET', url: '/api/v1/me/enrollments', headers: learner })
    ).json() as {
      courseCode: string;
      status: string;
      recertification: { renewalOpen: boolean } | null;
    }[];
    expect(mine.find((e) => e.courseCode === 'INFOSEC')).toMatchObject({
      status: 'not_started',
      recertification: { renewalOpen: true },
    });
    if (overdueByNow) expect(mine.find((e) => e.courseCode === 'PRIVACY')?.status).toBe('renewal_overdue');

    const hr = await t.login('hr-demo', DEMO_PASSWORD);
    const report = await t.request({
      method: 'GET',
      url: `/api/v1/reports/completion?fiscalYear=${fiscalYear}&groupBy=track`,
      headers: hr,
    });
    const totals = report.json().totals as { renewalOverdue: number };
    if (overdueByNow) expect(totals.renewalOverdue).toBeGreaterThan(0);
  });
});
