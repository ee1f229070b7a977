import {
  adminAuth,
  Auth,
  buildCompletionScenario,
  completionsCsv,
  expectProblem,
  importOk,
  SCENARIO,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/*
 * GET /api/v1/kpi and PUT /api/v1/kpi/targets on the completion scenario of reports.spec.ts (support/factories.ts):
 * every expected figure is worked out by hand from the scenario's tables in reports.spec.ts.
 *
 *   階層別研修 (KAISO) FY2026: 総務部 KAISO-NEWHIRE of 500010 (exempt); 農林水産部 KAISO-LEADER of 500007 (overdue).
 *                     FY2025: 総務部 KAISO-NEWHIRE of 500004 (completed 2025-06-01).
 *   職場内DX研修 (WORKPLACE-DX): 13 people each year.
 *     FY2025 completed 2025-10-01 (500003), 2025-12-01 (500006), 2026-03-15 (500001).
 *     FY2026 completed 2026-06-15 (500002), 2026-09-01 (500005), 2026-10-01 (500010).
 *   所属 (kind 所属) today and on 2026-03-31: 人事課, =SUM(A1)課, 農業振興課/農業政策課, 𩸽漁業課 → 4.
 */

const S = SCENARIO;
const TODAY = todayInTokyoForTests();

interface Dashboard {
  fiscalYear: number;
  asOf: string;
  tieredByDepartment: {
    code: string;
    name: string;
    assigned: number;
    completed: number;
    exempt: number;
    rate: number;
  }[];
  workplaceMonthly: { month: string; cumulativeCompleted: number; assigned: number; rate: number }[];
  promoterCoverage: { sections: number; sectionsWithPromoter: number; rate: number };
  specialists: { certified: number; inProgramme: number };
  targets: {
    key: string;
    label: string;
    baseline: number | null;
    target: number | null;
    current: number;
    unit: string;
  }[];
}

const LABELS = {
  tiered_completion_rate: ['階層別研修の修了率', '%'],
  workplace_completion_rate: ['職場内DX研修の修了率', '%'],
  promoter_coverage_rate: ['デジタル活用推進員を配置した所属の割合', '%'],
  certified_specialists: ['DX推進スペシャリスト認定者数（累計）', '人'],
} as const;
type Key = keyof typeof LABELS;

/** The four targets in their fixed order, with the current values (and any baseline/target) given. */
function targets(
  current: Record<Key, number>,
  saved: Partial<Record<Key, [number | null, number | null]>> = {},
) {
  return (Object.keys(LABELS) as Key[]).map((key) => ({
    key,
    label: LABELS[key][0],
    unit: LABELS[key][1],
    current: current[key],
    baseline: saved[key]?.[0] ?? null,
    target: saved[key]?.[1] ?? null,
  }));
}

const month = (m: string, cumulativeCompleted: number, rate: number) => ({
  month: m,
  cumulativeCompleted,
  assigned: 13,
  rate,
});

/* FY2026 month by month to the end of the year (the dashboard shows April to the current month). */
const FY2026_MONTHLY = [
  month('2026-04', 0, 0),
  month('2026-05', 0, 0),
  month('2026-06', 1, 0.0769),
  month('2026-07', 1, 0.0769),
  month('2026-08', 1, 0.0769),
  month('2026-09', 2, 0.1538),
  month('2026-10', 3, 0.2308),
  month('2026-11', 3, 0.2308),
  month('2026-12', 3, 0.2308),
  month('2027-01', 3, 0.2308),
  month('2027-02', 3, 0.2308),
  month('2027-03', 3, 0.2308),
];
const CURRENT_MONTHS = FY2026_MONTHLY.findIndex((m) => m.month === TODAY.slice(0, 7)) + 1;

const FY2025_MONTHLY = [
  month('2025-04', 0, 0),
  month('2025-05', 0, 0),
  month('2025-06', 0, 0),
  month('2025-07', 0, 0),
  month('2025-08', 0, 0),
  month('2025-09', 0, 0),
  month('2025-10', 1, 0.0769),
  month('2025-11', 1, 0.0769),
  month('2025-12', 2, 0.1538),
  month('2026-01', 2, 0.1538),
  month('2026-02', 2, 0.1538),
  month('2026-03', 3, 0.2308),
];

describe('KPI dashboard (GET /api/v1/kpi, PUT /api/v1/kpi/targets)', () => {
  let t: TestApp;
  let hr: Auth;
  let as: Record<string, Auth>;

  const getKpi = (auth: Auth | undefined, query = '') =>
    t.request({ method: 'GET', url: `/api/v1/kpi${query ? '?' + query : ''}`, headers: auth ?? {} });
  const kpi = async (auth: Auth, query = ''): Promise<Dashboard> => {
    const response = await getKpi(auth, query);
    if (response.statusCode !== 200)
      throw new Error(`GET kpi ?${query}: ${response.statusCode} ${response.body.slice(0, 800)}`);
    return response.json();
  };
  const putTargets = (auth: Auth | undefined, payload: unknown, query = 'fiscalYear=2026') =>
    t.request({
      method: 'PUT',
      url: `/api/v1/kpi/targets?${query}`,
      headers: auth ?? {},
      payload: payload as Record<string, unknown>,
    });
  const ok = async (
    response: Promise<{ statusCode: number; body: string }>,
    status: number,
    what: string,
  ) => {
    const r = await response;
    if (r.statusCode !== status) throw new Error(`${what}: ${r.statusCode} ${r.body.slice(0, 800)}`);
  };
  const designate = (no: string, fiscalYear: number, designatedOn: string) =>
    ok(
      t.request({
        method: 'PUT',
        url: `/api/v1/promoters/${no}?fiscalYear=${fiscalYear}`,
        headers: hr,
        payload: { designatedOn },
      }),
      204,
      `designate ${no}`,
    );
  const wdxReport = async (fiscalYear: number) => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/reports/completion?fiscalYear=${fiscalYear}&groupBy=track&trackCode=WORKPLACE-DX`,
      headers: hr,
    });
    return (response.json().rows as { assigned: number; completed: number; exempt: number }[])[0];
  };

  beforeAll(async () => {
    expect(TODAY >= '2026-10-01' && TODAY <= '2027-03-31').toBe(true);
    t = await createTestApp();
    hr = await adminAuth(t);
    as = await buildCompletionScenario(t, hr);
  });
  afterAll(() => t?.close());

  it('HR: the FY2026 dashboard of the scenario, every figure', async () => {
    const d = await kpi(hr, 'fiscalYear=2026');
    expect(d).toEqual({
      fiscalYear: 2026,
      asOf: TODAY,
      tieredByDepartment: [
        { code: '100000', name: '総務部', assigned: 1, completed: 0, exempt: 1, rate: 0 },
        { code: '200000', name: '農林水産部', assigned: 1, completed: 0, exempt: 0, rate: 0 },
      ],
      workplaceMonthly: FY2026_MONTHLY.slice(0, CURRENT_MONTHS),
      promoterCoverage: { sections: 4, sectionsWithPromoter: 0, rate: 0 },
      specialists: { certified: 0, inProgramme: 0 },
      targets: targets({
        tiered_completion_rate: 0,
        workplace_completion_rate: 23.1,
        promoter_coverage_rate: 0,
        certified_specialists: 0,
      }),
      unmatchedOutside: 0,
    });
    // Without fiscalYear: the current one.
    expect(await kpi(hr)).toEqual(d);
  });

  it('workplaceMonthly: April to this month, cumulative and non-decreasing, ending at the completed count of the report', async () => {
    const d = await kpi(hr, 'fiscalYear=2026');
    expect(d.workplaceMonthly[0].month).toBe('2026-04');
    expect(d.workplaceMonthly[d.workplaceMonthly.length - 1].month).toBe(TODAY.slice(0, 7));
    for (let i = 1; i < d.workplaceMonthly.length; i++) {
      expect(d.workplaceMonthly[i].cumulativeCompleted).toBeGreaterThanOrEqual(
        d.workplaceMonthly[i - 1].cumulativeCompleted,
      );
    }
    const report = await wdxReport(2026);
    expect(d.workplaceMonthly[d.workplaceMonthly.length - 1]).toMatchObject({
      cumulativeCompleted: report.completed,
      assigned: report.assigned - report.exempt,
    });
    // A year that is over: all twelve months; one that has not begun: none.
    const past = await kpi(hr, 'fiscalYear=2025');
    expect(past.asOf).toBe('2026-03-31');
    expect(past.workplaceMonthly).toEqual(FY2025_MONTHLY);
    expect(past.workplaceMonthly[11].cumulativeCompleted).toBe((await wdxReport(2025)).completed);
    expect(past.tieredByDepartment).toEqual([
      { code: '100000', name: '総務部', assigned: 1, completed: 1, exempt: 0, rate: 1 },
    ]);
    const future = await kpi(hr, 'fiscalYear=2027');
    expect({ monthly: future.workplaceMonthly, tiered: future.tieredByDepartment }).toEqual({
      monthly: [],
      tiered: [],
    });
  });

  it('completions move tieredByDepartment, the monthly curve and the current values of the targets', async () => {
    await importOk(
      t,
      'completions',
      hr,
      completionsCsv([
        { no: S.AGRI_CHIEF, course: 'KAISO-LEADER', completedOn: '2026-10-20' },
        { no: S.REHIRED, course: 'WORKPLACE-DX', completedOn: '2026-10-15' },
      ]),
    );
    const d = await kpi(hr, 'fiscalYear=2026');
    expect(d.tieredByDepartment).toEqual([
      { code: '100000', name: '総務部', assigned: 1, completed: 0, exempt: 1, rate: 0 },
      { code: '200000', name: '農林水産部', assigned: 1, completed: 1, exempt: 0, rate: 1 },
    ]);
    const withOctober = FY2026_MONTHLY.map((m) =>
      m.month >= '2026-10' ? { ...m, cumulativeCompleted: 4, rate: 0.3077 } : m,
    );
    expect(d.workplaceMonthly).toEqual(withOctober.slice(0, CURRENT_MONTHS));
    expect(d.workplaceMonthly[d.workplaceMonthly.length - 1].cumulativeCompleted).toBe(
      (await wdxReport(2026)).completed,
    );
    // KAISO: 1 completed of 2 − 1 exempt = 100%; WORKPLACE-DX 4 of 13 = 30.8%.
    expect(d.targets.map((x) => [x.key, x.current])).toEqual([
      ['tiered_completion_rate', 100],
      ['workplace_completion_rate', 30.8],
      ['promoter_coverage_rate', 0],
      ['certified_specialists', 0],
    ]);
  });

  it('promoterCoverage: a 所属 counts once it has a designated promoter (PUT /promoters/{no}?fiscalYear=2026)', async () => {
    const coverage = async (fiscalYear = 2026) =>
      (await kpi(hr, `fiscalYear=${fiscalYear}`)).promoterCoverage;
    await designate('500004', 2026, '2026-10-01'); // 研修班 → 人事課
    expect(await coverage()).toEqual({ sections: 4, sectionsWithPromoter: 1, rate: 0.25 });
    // Designated in June, left on 2026-09-30: nobody is a promoter in 𩸽漁業課 today.
    await designate(S.LEFT_SEPTEMBER, 2026, '2026-06-01');
    expect(await coverage()).toEqual({ sections: 4, sectionsWithPromoter: 1, rate: 0.25 });
    await designate('500002', 2026, '2026-10-01'); // 人事課 again: still one 所属
    expect(await coverage()).toEqual({ sections: 4, sectionsWithPromoter: 1, rate: 0.25 });
    await designate('500013', 2026, '2026-10-01'); // 企画班 directly under 農林水産部: no 所属
    expect(await coverage()).toEqual({ sections: 4, sectionsWithPromoter: 1, rate: 0.25 });
    await designate('500009', 2026, '2026-11-01'); // 𩸽漁業課
    expect(await coverage()).toEqual({ sections: 4, sectionsWithPromoter: 2, rate: 0.5 });
    // Another year's roster does not count for FY2026, and counts in its own year (as of 2026-03-31).
    await designate('500012', 2025, '2025-06-01'); // =SUM(A1)課
    expect(await coverage()).toEqual({ sections: 4, sectionsWithPromoter: 2, rate: 0.5 });
    expect(await coverage(2025)).toEqual({ sections: 4, sectionsWithPromoter: 1, rate: 0.25 });
    expect(
      (await kpi(hr, 'fiscalYear=2026')).targets.find((x) => x.key === 'promoter_coverage_rate')!.current,
    ).toBe(50);
  });

  it('specialists: certified (cumulative, certified on or before the report date) and 養成中 = this year’s members not yet certified', async () => {
    await ok(
      t.request({
        method: 'POST',
        url: '/api/v1/specialist-cohorts',
        headers: hr,
        payload: {
          code: 'SP-2026',
          name: '令和8年度 DX推進スペシャリスト養成',
          fiscalYear: 2026,
          dueDate: '2027-01-31',
        },
      }),
      201,
      'cohort SP-2026',
    );
    const member = (cohort: string, no: string, payload: Record<string, string>) =>
      ok(
        t.request({
          method: 'PUT',
          url: `/api/v1/specialist-cohorts/${cohort}/members/${no}`,
          headers: hr,
          payload,
        }),
        204,
        `member ${no}`,
      );
    await member('SP-2026', '500004', { stage: '基礎', joinedOn: '2026-05-01' });
    expect((await kpi(hr, 'fiscalYear=2026')).specialists).toEqual({ certified: 0, inProgramme: 1 });
    await member('SP-2026', '500003', { stage: '認定', joinedOn: '2026-05-01', certifiedOn: '2026-10-30' });
    // A certified member is a 認定者, no longer 養成中.
    let d = await kpi(hr, 'fiscalYear=2026');
    expect(d.specialists).toEqual({ certified: 1, inProgramme: 1 });
    expect(d.targets.find((x) => x.key === 'certified_specialists')!.current).toBe(1);

    // Last year's cohort: its certified member counts in the cumulative total, not in this year's programme.
    await ok(
      t.request({
        method: 'POST',
        url: '/api/v1/specialist-cohorts',
        headers: hr,
        payload: {
          code: 'SP-2025',
          name: '令和7年度 DX推進スペシャリスト養成',
          fiscalYear: 2025,
          dueDate: '2026-01-31',
        },
      }),
      201,
      'cohort SP-2025',
    );
    await member('SP-2025', '500012', { stage: '認定', joinedOn: '2025-05-01', certifiedOn: '2026-02-20' });
    expect((await kpi(hr, 'fiscalYear=2026')).specialists).toEqual({ certified: 2, inProgramme: 1 });
    expect((await kpi(hr, 'fiscalYear=2025')).specialists).toEqual({ certified: 1, inProgramme: 0 });
    // 500003 was certified in last year's cohort too: still one certified person (認定者数 counts people).
    await member('SP-2025', '500003', { stage: '認定', joinedOn: '2025-05-01', certifiedOn: '2026-03-10' });
    expect((await kpi(hr, 'fiscalYear=2026')).specialists).toEqual({ certified: 2, inProgramme: 1 });
    expect((await kpi(hr, 'fiscalYear=2025')).specialists).toEqual({ certified: 2, inProgramme: 0 });
    // Certified on 2026-04-10: counts for FY2026, not for FY2025 (reported as of 2026-03-31, when it was 養成中).
    await member('SP-2025', '500011', { stage: '認定', joinedOn: '2025-05-01', certifiedOn: '2026-04-10' });
    d = await kpi(hr, 'fiscalYear=2026');
    expect(d.specialists).toEqual({ certified: 3, inProgramme: 1 });
    expect(d.targets.find((x) => x.key === 'certified_specialists')!.current).toBe(3);
    expect((await kpi(hr, 'fiscalYear=2025')).specialists).toEqual({ certified: 2, inProgramme: 1 });
  });

  describe('targets', () => {
    const CURRENT = {
      tiered_completion_rate: 100,
      workplace_completion_rate: 30.8,
      promoter_coverage_rate: 50,
      certified_specialists: 3,
    };

    it('PUT saves baseline and target per key; the response and a later GET show them', async () => {
      const response = await putTargets(hr, {
        targets: [
          { key: 'tiered_completion_rate', baseline: 35.5, target: 80 },
          { key: 'certified_specialists', baseline: 0, target: 30 },
        ],
      });
      expect(response.statusCode).toBe(200);
      const expected = targets(CURRENT, {
        tiered_completion_rate: [35.5, 80],
        certified_specialists: [0, 30],
      });
      expect((response.json() as Dashboard).targets).toEqual(expected);
      expect((await kpi(hr, 'fiscalYear=2026')).targets).toEqual(expected);
      // Targets are per fiscal year.
      expect(
        (await kpi(hr, 'fiscalYear=2025')).targets.every((x) => x.baseline === null && x.target === null),
      ).toBe(true);
      const [audit] = await t.db.query(
        `SELECT actor_login_id, target FROM audit_log WHERE action = 'kpi.targets_saved' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit).toEqual({ actor_login_id: 'admin', target: '2026' });
    });

    it('a second PUT updates the keys it names and leaves the others', async () => {
      await ok(
        putTargets(hr, {
          targets: [
            { key: 'tiered_completion_rate', baseline: 40, target: null },
            { key: 'promoter_coverage_rate', baseline: 10, target: 100 },
          ],
        }),
        200,
        'second PUT',
      );
      expect((await kpi(hr, 'fiscalYear=2026')).targets).toEqual(
        targets(CURRENT, {
          tiered_completion_rate: [40, null],
          certified_specialists: [0, 30],
          promoter_coverage_rate: [10, 100],
        }),
      );
    });

    it('saves all the targets in one statement; a key sent twice keeps its last values', async () => {
      await ok(
        putTargets(hr, {
          targets: [
            { key: 'tiered_completion_rate', baseline: 41, target: 90 },
            { key: 'tiered_completion_rate', baseline: 40, target: null },
          ],
        }),
        200,
        'PUT with a key twice',
      );
      expect((await kpi(hr, 'fiscalYear=2026')).targets).toEqual(
        targets(CURRENT, {
          tiered_completion_rate: [40, null],
          certified_specialists: [0, 30],
          promoter_coverage_rate: [10, 100],
        }),
      );
    });

    it('an invalid key or value is 422 and saves nothing', async () => {
      const before = (await kpi(hr, 'fiscalYear=2026')).targets;
      for (const payload of [
        { targets: [{ key: 'no_such_kpi', baseline: 1, target: 2 }] },
        {
          targets: [
            { key: 'workplace_completion_rate', baseline: 1, target: 2 },
            { key: 'bogus', baseline: 1, target: 2 },
          ],
        },
        { targets: [{ key: 'workplace_completion_rate', baseline: -1, target: 2 }] },
        { targets: [{ key: 'workplace_completion_rate', baseline: 1, target: 'eighty' }] },
        { targets: 'tiered_completion_rate' },
        {},
      ]) {
        const body = expectProblem(await putTargets(hr, payload), 422);
        expect({ payload, body }).toEqual({ payload, body: expect.objectContaining({ status: 422 }) });
      }
      expect((await kpi(hr, 'fiscalYear=2026')).targets).toEqual(before);
    });

    it('a rate target outside 0–100 % is 422 naming the KPI and the field in Japanese, and saves nothing; a count may exceed 100', async () => {
      const before = (await kpi(hr, 'fiscalYear=2026')).targets;
      for (const [payload, field, message] of [
        [
          { key: 'promoter_coverage_rate', baseline: 10, target: 120 },
          'targets[0].target',
          '「デジタル活用推進員を配置した所属の割合」の目標値は0〜100%の範囲で入力してください。',
        ],
        [
          { key: 'tiered_completion_rate', baseline: 100.5, target: 90 },
          'targets[0].baseline',
          '「階層別研修の修了率」の現状値は0〜100%の範囲で入力してください。',
        ],
      ] as const) {
        const body = expectProblem(await putTargets(hr, { targets: [payload] }), 422);
        expect(body.errors).toEqual([{ field, message }]);
        expect(body.detail).toBe(message);
      }
      // The second entry is wrong: nothing of the first is saved either.
      const mixed = expectProblem(
        await putTargets(hr, {
          targets: [
            { key: 'certified_specialists', baseline: 0, target: 99 },
            { key: 'workplace_completion_rate', baseline: 0, target: 101 },
          ],
        }),
        422,
      );
      expect(mixed.errors).toEqual([
        { field: 'targets[1].target', message: expect.stringContaining('職場内DX研修の修了率') },
      ]);
      expect((await kpi(hr, 'fiscalYear=2026')).targets).toEqual(before);
      // Exactly 0 and 100 are fine; a count of people has no 100 cap.
      await ok(
        putTargets(hr, {
          targets: [
            { key: 'workplace_completion_rate', baseline: 0, target: 100 },
            { key: 'certified_specialists', baseline: 0, target: 150 },
          ],
        }),
        200,
        'bounds',
      );
      const after = (await kpi(hr, 'fiscalYear=2026')).targets;
      expect(after.find((x) => x.key === 'workplace_completion_rate')).toMatchObject({
        baseline: 0,
        target: 100,
      });
      expect(after.find((x) => x.key === 'certified_specialists')).toMatchObject({ target: 150 });
    });

    it('an out-of-range value is refused with a Japanese message naming 現状値 or 目標値', async () => {
      const body = expectProblem(
        await putTargets(hr, {
          targets: [{ key: 'certified_specialists', baseline: -1, target: 2_000_000 }],
        }),
        422,
      );
      const text = JSON.stringify(body);
      expect(text).toContain('現状値は0以上');
      expect(text).toContain('目標値は1,000,000以下');
    });
  });

  describe('refusals', () => {
    it('a manager (課長, 部長) is 403 for the dashboard and for the targets', async () => {
      for (const manager of [S.HR_CHIEF, S.DIRECTOR]) {
        expectProblem(await getKpi(as[manager], 'fiscalYear=2026'), 403);
        expectProblem(
          await putTargets(as[manager], {
            targets: [{ key: 'tiered_completion_rate', baseline: 0, target: 1 }],
          }),
          403,
        );
      }
      expectProblem(await getKpi(as[S.YOSHIDA], 'fiscalYear=2026'), 403);
      expectProblem(await getKpi(undefined, 'fiscalYear=2026'), 401);
      // Nothing a manager sent was saved.
      expect(
        (await kpi(hr, 'fiscalYear=2026')).targets.find((x) => x.key === 'tiered_completion_rate'),
      ).toMatchObject({ baseline: 40, target: null });
    });

    it('a malformed fiscalYear is 4xx, never 500', async () => {
      const response = await getKpi(hr, 'fiscalYear=abc');
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    });
  });
});
