import type { CompletionCounts } from '@dx/contract';
import {
  adminAuth,
  Auth,
  buildCompletionScenario,
  completionsCsv,
  importOk,
  SCENARIO,
  SCENARIO_ROSTER_2026_OCTOBER,
  staffCsv,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The report figures are kept ready (report_person, report_unit_course, report_position_track) and changed by
 * triggers in each writing transaction, rebuilt when personnel data or the org chart change or the day turns.
 * What a user would notice if that went wrong: a completion that does not show in the statistics or the matrix,
 * a transfer that does not move the person, an assignment that becomes overdue overnight still shown as 未着手.
 */

type Counts = Omit<CompletionCounts, 'completionRate'>;

describe('report figures kept current (report cache)', () => {
  let t: TestApp;
  let hr: Auth;
  let as: Record<string, Auth>;
  const S = SCENARIO;
  const TODAY = todayInTokyoForTests();

  const departmentRow = async (code: string, query = ''): Promise<Counts> => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/reports/completion?fiscalYear=2026&groupBy=department${query}`,
      headers: hr,
    });
    expect(response.statusCode).toBe(200);
    const row = (response.json() as { rows: (Counts & { key: string })[] }).rows.find((r) => r.key === code);
    if (!row) throw new Error(`no row ${code}`);
    return {
      assigned: row.assigned,
      completed: row.completed,
      inProgress: row.inProgress,
      notStarted: row.notStarted,
      overdue: row.overdue,
      renewalOverdue: row.renewalOverdue,
      exempt: row.exempt,
    };
  };
  /** Every cached row of FY2026, to compare the trigger-kept figures with a rebuild from the raw tables. */
  const cachedFigures = async (): Promise<string[]> => {
    const rows: { line: string }[] = await t.db.query(
      `SELECT 'person ' || staff_id || ' ' || path || ' ' || position_id || ' ' || concat_ws(',', assigned, completed, in_progress, not_started, overdue, exempt) AS line
         FROM report_person WHERE fiscal_year = 2026
       UNION ALL SELECT 'course ' || path || ' ' || course_id || ' ' || concat_ws(',', assigned, completed, in_progress, not_started, overdue, exempt)
         FROM report_unit_course WHERE fiscal_year = 2026 AND assigned > 0
       UNION ALL SELECT 'position ' || path || ' ' || position_id || ' ' || track_id || ' ' || concat_ws(',', assigned, completed, in_progress, not_started, overdue, exempt)
         FROM report_position_track WHERE fiscal_year = 2026 AND assigned > 0
       ORDER BY 1`,
    );
    return rows.map((r) => r.line);
  };
  const forceRebuild = async () => {
    await t.db.query(
      `INSERT INTO report_stale (tenant_id, fiscal_year) SELECT tenant_id, fiscal_year FROM report_year WHERE fiscal_year = 2026`,
    );
    await departmentRow('100000');
  };
  const completeFirstLesson = async (auth: Auth, course: string) => {
    const detail = await t.request({
      method: 'GET',
      url: `/api/v1/me/courses/${course}?fiscalYear=2026`,
      headers: auth,
    });
    const lesson = (
      detail.json() as { modules: { id: number; kind: string; required: boolean }[] }
    ).modules.find((m) => m.kind === 'lesson' && m.required)!;
    const done = await t.request({
      method: 'POST',
      url: `/api/v1/me/courses/${course}/modules/${lesson.id}/complete?fiscalYear=2026`,
      headers: auth,
    });
    expect(done.statusCode).toBeLessThan(300);
  };

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    as = await buildCompletionScenario(t, hr);
  });
  afterAll(() => t?.close());

  it('a learner starting a course shows at once as 受講中 in the statistics and the matrix, without a rebuild', async () => {
    const before = await departmentRow('200000');
    const [{ built_at: builtBefore }] = await t.db.query(
      `SELECT built_at FROM report_year WHERE fiscal_year = 2026`,
    );
    await completeFirstLesson(as[S.PLANNER], 'WORKPLACE-DX');
    expect(await departmentRow('200000')).toEqual({
      ...before,
      notStarted: before.notStarted - 1,
      inProgress: before.inProgress + 1,
    });
    const [{ built_at: builtAfter }] = await t.db.query(
      `SELECT built_at FROM report_year WHERE fiscal_year = 2026`,
    );
    expect(builtAfter).toEqual(builtBefore);

    const matrix = await t.request({
      method: 'GET',
      url: '/api/v1/team/matrix?fiscalYear=2026&pageSize=50',
      headers: hr,
    });
    const planner = (
      matrix.json() as { people: { employeeNo: string; cells: Record<string, { status: string }> }[] }
    ).people.find((p) => p.employeeNo === S.PLANNER);
    expect(planner?.cells['WORKPLACE-DX'].status).toBe('in_progress');
  });

  it('a completion recorded by HR and an exemption move the counts the same way', async () => {
    const before = await departmentRow('200000');
    await importOk(
      t,
      'completions',
      hr,
      completionsCsv([{ no: S.PLANNER, course: 'WORKPLACE-DX', completedOn: TODAY }]),
    );
    const exempted = await t.request({
      method: 'PUT',
      url: `/api/v1/staff/${S.FISHERY_CHIEF}/enrollments/WORKPLACE-DX/exemption?fiscalYear=2026`,
      headers: hr,
      payload: { reason: '長期療養のため' },
    });
    expect(exempted.statusCode).toBeLessThan(300);
    // 𩸽漁業課 (the fishery chief's 所属) belongs to 総務部 since October: the exemption counts there.
    expect(await departmentRow('200000')).toEqual({
      ...before,
      inProgress: before.inProgress - 1,
      completed: before.completed + 1,
    });
  });

  it('the figures kept by the triggers are exactly what a rebuild from the raw tables gives', async () => {
    const kept = await cachedFigures();
    await forceRebuild();
    expect(await cachedFigures()).toEqual(kept);
  });

  it('a roster that moves a person rebuilds the year in the import, and the person counts in the new 部局', async () => {
    const [before100, before200] = [await departmentRow('100000'), await departmentRow('200000')];
    const moved = SCENARIO_ROSTER_2026_OCTOBER.map((p) =>
      p.no === S.PLANNER ? { ...p, unit: '100100', assigned: TODAY } : p,
    );
    await importOk(t, 'staff', hr, staffCsv(moved), { effectiveDate: TODAY });
    // Current again straight after the import, before anyone reads.
    const [year] = await t.db.query(
      `SELECT as_of, NOT EXISTS (SELECT 1 FROM report_stale WHERE fiscal_year = 2026) AS current FROM report_year WHERE fiscal_year = 2026`,
    );
    expect(year).toEqual({ current: true, as_of: TODAY });
    const [after100, after200] = [await departmentRow('100000'), await departmentRow('200000')];
    expect(after100.assigned - before100.assigned).toBe(1);
    expect(after200.assigned - before200.assigned).toBe(-1);
    expect(after100.completed - before100.completed).toBe(1);
  });

  it('when the day turns, the next read rebuilds: an assignment due yesterday is then 期限超過, not 未着手', async () => {
    const before = await departmentRow('100000');
    // As if the figures had been built two days ago, and an assignment fell due yesterday since.
    await t.db.query(`UPDATE report_year SET as_of = as_of - 2 WHERE fiscal_year = 2026`);
    await t.db.query(
      `UPDATE enrollment e SET due_date = $1::date - 1 FROM staff s, course c
        WHERE s.id = e.staff_id AND s.employee_no = $2 AND c.id = e.course_id AND c.code = 'WORKPLACE-DX' AND e.fiscal_year = 2026`,
      [TODAY, S.DIRECTOR],
    );
    // Counted by the trigger as of the old day: still 未着手 in the table itself.
    const [stale] = await t.db.query(
      `SELECT p.not_started, p.overdue FROM report_person p JOIN staff s ON s.id = p.staff_id WHERE p.fiscal_year = 2026 AND s.employee_no = $1`,
      [S.DIRECTOR],
    );
    expect(stale).toEqual({ not_started: 1, overdue: 0 });
    expect(await departmentRow('100000')).toEqual({
      ...before,
      notStarted: before.notStarted - 1,
      overdue: before.overdue + 1,
    });
    const [year] = await t.db.query(`SELECT as_of FROM report_year WHERE fiscal_year = 2026`);
    expect(year.as_of).toBe(TODAY);
    const director = await t.request({
      method: 'GET',
      url: '/api/v1/team/matrix?fiscalYear=2026',
      headers: as[S.DIRECTOR],
    });
    const me = (director.json() as { people: { employeeNo: string; overdue: number }[] }).people.find(
      (p) => p.employeeNo === S.DIRECTOR,
    );
    expect(me?.overdue).toBe(1);
    const kept = await cachedFigures();
    await forceRebuild();
    expect(await cachedFigures()).toEqual(kept);
  });

  it('a rebuild waits for a writer already under way and includes its change (nothing lost, nothing twice)', async () => {
    // 𩸽漁業課 (the 会計年度任用職員's 所属) is under 総務部 since October; their WORKPLACE-DX is not started.
    const before = await departmentRow('100000');
    const writer = t.db.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query(
        `UPDATE enrollment e SET exempt_reason = '育児休業のため', exempted_at = now() FROM staff s, course c
          WHERE s.id = e.staff_id AND s.employee_no = $1 AND c.id = e.course_id AND c.code = 'WORKPLACE-DX' AND e.fiscal_year = 2026`,
        [S.SEASONAL],
      );
      await t.db.query(
        `INSERT INTO report_stale (tenant_id, fiscal_year) SELECT tenant_id, fiscal_year FROM report_year WHERE fiscal_year = 2026`,
      );
      let answered = false;
      const reading = departmentRow('100000').then((row) => ((answered = true), row));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(answered).toBe(false);
      await writer.commitTransaction();
      expect(await reading).toEqual({
        ...before,
        notStarted: before.notStarted - 1,
        exempt: before.exempt + 1,
      });
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    const kept = await cachedFigures();
    await forceRebuild();
    expect(await cachedFigures()).toEqual(kept);
  });

  it('a learner is not held up by an import that has marked the figures stale and is still running', async () => {
    const importing = t.db.createQueryRunner();
    await importing.connect();
    await importing.startTransaction();
    try {
      // What an import's roster statements do to the figures: mark the year (here by renaming someone).
      await importing.query(`UPDATE staff SET name = name || ' ' WHERE employee_no = $1`, [S.DIRECTOR]);
      const progress = completeFirstLesson(as[S.TEAM_CHIEF], 'WORKPLACE-DX').then(() => 'done');
      const timeout = new Promise((resolve) => setTimeout(() => resolve('waiting'), 5000));
      expect(await Promise.race([progress, timeout])).toBe('done');
    } finally {
      await importing.rollbackTransaction();
      await importing.release();
    }
  });

  it('a past year is not rebuilt when the day turns and nothing in it can have changed', async () => {
    const report2025 = () =>
      t.request({ method: 'GET', url: '/api/v1/reports/completion?fiscalYear=2025', headers: hr });
    expect((await report2025()).statusCode).toBe(200);
    await t.db.query(`UPDATE report_year SET as_of = as_of - 1 WHERE fiscal_year = 2025`);
    const [{ built_at: builtBefore }] = await t.db.query(
      `SELECT built_at FROM report_year WHERE fiscal_year = 2025`,
    );
    expect((await report2025()).statusCode).toBe(200);
    const [year] = await t.db.query(`SELECT as_of, built_at FROM report_year WHERE fiscal_year = 2025`);
    expect(year).toEqual({ as_of: TODAY, built_at: builtBefore });
  });

  it('closing an assignment on 1 April marks that fiscal year and later ones out of date, not last year', async () => {
    for (const year of [2025, 2026]) {
      const read = await t.request({
        method: 'GET',
        url: `/api/v1/reports/completion?fiscalYear=${year}`,
        headers: hr,
      });
      expect(read.statusCode).toBe(200);
    }
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    try {
      const markedYears = async () =>
        (await runner.query(`SELECT DISTINCT fiscal_year FROM report_stale ORDER BY 1`)).map(
          (r: { fiscal_year: number }) => r.fiscal_year,
        );
      const keptYears = async (from: number) =>
        (
          await runner.query(`SELECT fiscal_year FROM report_year WHERE fiscal_year >= $1 ORDER BY 1`, [from])
        ).map((r: { fiscal_year: number }) => r.fiscal_year);
      const [row] = await runner.query(
        `SELECT id FROM staff_assignment WHERE valid_from < '2026-04-01' AND valid_to IS NULL ORDER BY id LIMIT 1`,
      );
      expect(row).toBeDefined();

      await runner.query(`DELETE FROM report_stale`);
      await runner.query(`UPDATE staff_assignment SET valid_to = '2026-04-01' WHERE id = $1`, [row.id]);
      expect(await markedYears()).toEqual(await keptYears(2026));

      // Moving its start back does reach last year.
      await runner.query(`DELETE FROM report_stale`);
      await runner.query(`UPDATE staff_assignment SET valid_from = '2025-06-01' WHERE id = $1`, [row.id]);
      expect(await markedYears()).toEqual(await keptYears(2025));
      expect(await markedYears()).toContain(2025);

      // An update that changes nothing marks nothing.
      await runner.query(`DELETE FROM report_stale`);
      await runner.query(`UPDATE staff_assignment SET valid_to = valid_to WHERE id = $1`, [row.id]);
      expect(await markedYears()).toEqual([]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('a year nobody was assigned in gives an empty report and keeps nothing', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/reports/completion?fiscalYear=2031',
      headers: hr,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().rows).toEqual([]);
    expect(await t.db.query(`SELECT fiscal_year FROM report_year WHERE fiscal_year = 2031`)).toEqual([]);
  });

  it('a renamed person appears with the new name in the export', async () => {
    const renamed = SCENARIO_ROSTER_2026_OCTOBER.map((p) =>
      p.no === S.PLANNER ? { ...p, name: '企画 改名', unit: '100100', assigned: TODAY } : p,
    );
    await importOk(t, 'staff', hr, staffCsv(renamed), { effectiveDate: TODAY });
    const csv = await t.request({
      method: 'GET',
      url: '/api/v1/exports/completion.csv?fiscalYear=2026',
      headers: hr,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('企画 改名');
    expect(csv.body).not.toContain('企画 五郎');
  });
});
