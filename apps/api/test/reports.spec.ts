import {
  adminAuth,
  Auth,
  buildCompletionScenario,
  expectProblem,
  SCENARIO,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/*
 * GET /api/v1/reports/completion on a small, hand-computed org (support/factories.ts, SCENARIO): two 部局, a
 * transfer across fiscal years, leavers in March and September, a 班 directly under a 部局, a renamed 所属 and
 * a 所属 that moves to the other 部局 in October. Every expected figure below is worked out by hand from the
 * scenario (see the tables in the comments), never by running the report's own SQL.
 *
 * Who has what (WDX = WORKPLACE-DX, due 31 March; c = completed, o = overdue, ns = not started, ip = in
 * progress, ex = exempt). Today is 2026-11-23, so every open FY2025 assignment is overdue.
 *
 * FY2025, reported as of 2026-03-31 (the chart of 2025-04-01):
 *   500001 総務部 (directly)      部長      WDX c
 *   500002 人事課                 課長      WDX o
 *   500003 人事課/研修班          主事      WDX c
 *   500004 人事課/研修班          主事      WDX o, KAISO-NEWHIRE c
 *   500011 人事課/研修班          課長      WDX o
 *   500005 =SUM(A1)課            主任      WDX o
 *   500012 =SUM(A1)課            主事      WDX o
 *   500013 農林水産部/企画班      主事      WDX o
 *   500007 農業振興課             課長補佐  WDX o
 *   500006 𩸽漁業課 (left 3/31)   主事      WDX c
 *   500008 𩸽漁業課               係長      WDX o
 *   500009 𩸽漁業課               主事      WDX o
 *   500014 𩸽漁業課               課長      WDX o
 *
 * FY2026, reported as of today (𩸽漁業課 is under 総務部 since 2026-10-01; 500008 left on 2026-09-30 and stays
 * where they were on that day; 500006 was not on the staff in FY2026 at all):
 *   500001 総務部 (directly)      部長      WDX ns
 *   500002 人事課                 課長      WDX c
 *   500010 人事課                 主事      WDX c, KAISO-NEWHIRE ex
 *   500003 人事課/研修班          主事      WDX ip
 *   500004 人事課/研修班          主事      WDX ns
 *   500011 人事課/研修班          課長      WDX ns
 *   500012 =SUM(A1)課            主事      WDX ns
 *   500009 𩸽漁業課 (総務部)       主事      WDX ns
 *   500014 𩸽漁業課 (総務部)       課長      WDX ns
 *   500013 農林水産部/企画班      主事      WDX ns
 *   500005 農業政策課             主任      WDX c
 *   500007 農業政策課             課長      WDX ns, KAISO-LEADER o (due 2026-05-31)
 *   500008 𩸽漁業課 (農林水産部)   係長      WDX ns
 */

interface ReportRow {
  key: string;
  label: string;
  assigned: number;
  completed: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  exempt: number;
  completionRate: number;
}

/** One expected row, its figures written out literally. */
function row(
  key: string,
  label: string,
  [assigned, completed, inProgress, notStarted, overdue, exempt]: [
    number,
    number,
    number,
    number,
    number,
    number,
  ],
  completionRate: number,
): ReportRow {
  return { key, label, assigned, completed, inProgress, notStarted, overdue, exempt, completionRate };
}

const ROW_KEYS = [
  'key',
  'label',
  'assigned',
  'completed',
  'inProgress',
  'notStarted',
  'overdue',
  'exempt',
  'completionRate',
] as const;

/*                                                      assigned c  ip ns o  ex   rate */
const FY2025 = {
  department: [
    row('100000', '総務部', /*                        */ [8, 3, 0, 0, 5, 0], 0.375),
    row('200000', '農林水産部', /*                    */ [6, 1, 0, 0, 5, 0], 0.1667),
  ],
  section: [
    row('100000', '総務部', /*                        */ [1, 1, 0, 0, 0, 0], 1),
    row('100100', '人事課', /*                        */ [5, 2, 0, 0, 3, 0], 0.4),
    row('100200', '=SUM(A1)課', /*                    */ [2, 0, 0, 0, 2, 0], 0),
    row('200000', '農林水産部', /*  企画班 under the 部局 */ [1, 0, 0, 0, 1, 0], 0),
    row('200100', '農業振興課', /*  the name on 3/31  */ [1, 0, 0, 0, 1, 0], 0),
    row('200200', '𩸽漁業課', /*                      */ [4, 1, 0, 0, 3, 0], 0.25),
  ],
  position: [
    row('部長', '部長', /*                            */ [1, 1, 0, 0, 0, 0], 1),
    row('課長', '課長', /*                            */ [3, 0, 0, 0, 3, 0], 0),
    row('課長補佐', '課長補佐', /*                    */ [1, 0, 0, 0, 1, 0], 0),
    row('係長', '係長', /*                            */ [1, 0, 0, 0, 1, 0], 0),
    row('主任', '主任', /*                            */ [1, 0, 0, 0, 1, 0], 0),
    row('主事', '主事', /*                            */ [7, 3, 0, 0, 4, 0], 0.4286),
  ],
  track: [
    row('KAISO', '階層別研修', /*                     */ [1, 1, 0, 0, 0, 0], 1),
    row('WORKPLACE-DX', '職場内DX研修', /*            */ [13, 3, 0, 0, 10, 0], 0.2308),
  ],
};

const FY2026 = {
  department: [
    row('100000', '総務部', /*                        */ [10, 2, 1, 6, 0, 1], 0.2222),
    row('200000', '農林水産部', /*                    */ [5, 1, 0, 3, 1, 0], 0.2),
  ],
  section: [
    row('100000', '総務部', /*                        */ [1, 0, 0, 1, 0, 0], 0),
    row('100100', '人事課', /*                        */ [6, 2, 1, 2, 0, 1], 0.4),
    row('100200', '=SUM(A1)課', /*                    */ [1, 0, 0, 1, 0, 0], 0),
    row('200000', '農林水産部', /*                    */ [1, 0, 0, 1, 0, 0], 0),
    row('200100', '農業政策課', /*                    */ [3, 1, 0, 1, 1, 0], 0.3333),
    row('200200', '𩸽漁業課', /*  500009, 500014, 500008 */ [3, 0, 0, 3, 0, 0], 0),
  ],
  position: [
    row('部長', '部長', /*                            */ [1, 0, 0, 1, 0, 0], 0),
    row('課長', '課長', /*                            */ [5, 1, 0, 3, 1, 0], 0.2),
    row('係長', '係長', /*                            */ [1, 0, 0, 1, 0, 0], 0),
    row('主任', '主任', /*                            */ [1, 1, 0, 0, 0, 0], 1),
    row('主事', '主事', /*                            */ [7, 1, 1, 4, 0, 1], 0.1667),
  ],
  track: [
    row('KAISO', '階層別研修', /*                     */ [2, 0, 0, 0, 1, 1], 0),
    row('WORKPLACE-DX', '職場内DX研修', /*            */ [13, 3, 1, 9, 0, 0], 0.2308),
  ],
};

const GROUPS = ['department', 'section', 'position', 'track'] as const;

describe('completion report (GET /api/v1/reports/completion)', () => {
  let t: TestApp;
  let hr: Auth;
  let as: Record<string, Auth>;
  const S = SCENARIO;
  const TODAY = todayInTokyoForTests();

  const get = (auth: Auth | undefined, query: string) =>
    t.request({
      method: 'GET',
      url: `/api/v1/reports/completion${query ? '?' + query : ''}`,
      headers: auth ?? {},
    });
  const report = async (auth: Auth, query: string): Promise<{ fiscalYear: number; rows: ReportRow[] }> => {
    const response = await get(auth, query);
    if (response.statusCode !== 200)
      throw new Error(`GET ?${query}: ${response.statusCode} ${response.body.slice(0, 800)}`);
    return response.json();
  };
  /** The contract's fields of each row (additions beyond the contract are allowed and ignored). */
  const rowsOf = async (auth: Auth, query: string): Promise<ReportRow[]> =>
    (await report(auth, query)).rows.map(
      (r) => Object.fromEntries(ROW_KEYS.map((k) => [k, r[k]])) as unknown as ReportRow,
    );

  beforeAll(async () => {
    // The expectations are for a day in the second half of FY2026 (the brief's today is 2026-11-23).
    expect(TODAY >= '2026-10-01' && TODAY <= '2027-03-31').toBe(true);
    t = await createTestApp();
    hr = await adminAuth(t);
    as = await buildCompletionScenario(t, hr);
  });
  afterAll(() => t?.close());

  describe('HR: every grouping of both fiscal years', () => {
    for (const groupBy of GROUPS) {
      it(`FY2025 by ${groupBy}`, async () => {
        expect(await rowsOf(hr, `fiscalYear=2025&groupBy=${groupBy}`)).toEqual(FY2025[groupBy]);
      });
      it(`FY2026 by ${groupBy}`, async () => {
        expect(await rowsOf(hr, `fiscalYear=2026&groupBy=${groupBy}`)).toEqual(FY2026[groupBy]);
      });
    }

    it('answers in the contract shape: fiscalYear and rows; groupBy defaults to department, fiscalYear to the current year', async () => {
      const body = await report(hr, 'fiscalYear=2025');
      expect(body.fiscalYear).toBe(2025);
      expect(body.rows.map((r) => Object.fromEntries(ROW_KEYS.map((k) => [k, r[k]])))).toEqual(
        FY2025.department,
      );
      for (const r of body.rows) for (const k of ROW_KEYS) expect(r).toHaveProperty(k);
      const current = await report(hr, '');
      expect(current.fiscalYear).toBe(2026);
      expect(current.rows.map((r) => Object.fromEntries(ROW_KEYS.map((k) => [k, r[k]])))).toEqual(
        FY2026.department,
      );
    });

    it('a fiscal year in which nothing was assigned has no rows', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2024&groupBy=section')).toEqual([]);
    });
  });

  describe('filters', () => {
    it('trackCode=KAISO: only 階層別研修; an exempt-only unit has rate 0 (nothing left to complete)', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=department&trackCode=KAISO')).toEqual([
        row('100000', '総務部', [1, 0, 0, 0, 0, 1], 0),
        row('200000', '農林水産部', [1, 0, 0, 0, 1, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2025&groupBy=section&trackCode=KAISO')).toEqual([
        row('100100', '人事課', [1, 1, 0, 0, 0, 0], 1),
      ]);
    });

    it('trackCode=WORKPLACE-DX by section', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=section&trackCode=WORKPLACE-DX')).toEqual([
        row('100000', '総務部', [1, 0, 0, 1, 0, 0], 0),
        row('100100', '人事課', [5, 2, 1, 2, 0, 0], 0.4),
        row('100200', '=SUM(A1)課', [1, 0, 0, 1, 0, 0], 0),
        row('200000', '農林水産部', [1, 0, 0, 1, 0, 0], 0),
        row('200100', '農業政策課', [2, 1, 0, 1, 0, 0], 0.5),
        row('200200', '𩸽漁業課', [3, 0, 0, 3, 0, 0], 0),
      ]);
    });

    it('a track nobody is assigned gives no rows (and never a 500)', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2026&trackCode=DX-SPECIALIST')).toEqual([]);
      const unknown = await get(hr, 'fiscalYear=2026&trackCode=NO-SUCH-TRACK');
      expect(unknown.statusCode).toBeLessThan(500);
    });

    it('orgUnitCode of a 班 narrows to its members, still counted in their 所属', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=section&orgUnitCode=100110')).toEqual([
        row('100100', '人事課', [3, 0, 1, 2, 0, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2025&groupBy=section&orgUnitCode=100110')).toEqual([
        row('100100', '人事課', [4, 2, 0, 0, 2, 0], 0.5),
      ]);
    });

    it('orgUnitCode of a 部局 and trackCode together', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=track&orgUnitCode=200000&trackCode=KAISO')).toEqual([
        row('KAISO', '階層別研修', [1, 0, 0, 0, 1, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=position&orgUnitCode=200000')).toEqual([
        row('課長', '課長', [2, 0, 0, 1, 1, 0], 0),
        row('係長', '係長', [1, 0, 0, 1, 0, 0], 0),
        row('主任', '主任', [1, 1, 0, 0, 0, 0], 1),
        row('主事', '主事', [1, 0, 0, 1, 0, 0], 0),
      ]);
    });

    it('filtering on a unit gives exactly that unit’s row of the unfiltered report (both years, 部局 and 所属)', async () => {
      for (const [fiscalYear, expected] of [
        [2025, FY2025],
        [2026, FY2026],
      ] as const) {
        for (const dept of expected.department) {
          expect({
            fiscalYear,
            dept: dept.key,
            rows: await rowsOf(hr, `fiscalYear=${fiscalYear}&groupBy=department&orgUnitCode=${dept.key}`),
          }).toEqual({
            fiscalYear,
            dept: dept.key,
            rows: [dept],
          });
        }
        for (const section of expected.section.filter((s) => !['100000', '200000'].includes(s.key))) {
          expect({
            fiscalYear,
            section: section.key,
            rows: await rowsOf(hr, `fiscalYear=${fiscalYear}&groupBy=section&orgUnitCode=${section.key}`),
          }).toEqual({
            fiscalYear,
            section: section.key,
            rows: [section],
          });
        }
      }
    });

    it('an unknown orgUnitCode is 404', async () => {
      expectProblem(await get(hr, 'fiscalYear=2026&orgUnitCode=999999'), 404);
    });
  });

  describe('each year keeps the people where they stood (history rule)', () => {
    it('the transferred person counts in =SUM(A1)課 / 総務部 for FY2025 and in 農業政策課 / 農林水産部 for FY2026', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2025&groupBy=section&orgUnitCode=100200')).toEqual([
        row('100200', '=SUM(A1)課', [2, 0, 0, 0, 2, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=section&orgUnitCode=100200')).toEqual([
        row('100200', '=SUM(A1)課', [1, 0, 0, 1, 0, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2025&groupBy=section&orgUnitCode=200100')).toEqual([
        row('200100', '農業振興課', [1, 0, 0, 0, 1, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=section&orgUnitCode=200100')).toEqual([
        row('200100', '農業政策課', [3, 1, 0, 1, 1, 0], 0.3333),
      ]);
    });

    it('the March leaver stays in FY2025 (with their completion) and is not counted in FY2026, when they were no longer staff', async () => {
      expect(await rowsOf(hr, 'fiscalYear=2025&groupBy=section&orgUnitCode=200200')).toEqual([
        row('200200', '𩸽漁業課', [4, 1, 0, 0, 3, 0], 0.25),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=section&orgUnitCode=200200')).toEqual([
        row('200200', '𩸽漁業課', [3, 0, 0, 3, 0, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=position&orgUnitCode=200200')).toEqual([
        row('課長', '課長', [1, 0, 0, 1, 0, 0], 0),
        row('係長', '係長', [1, 0, 0, 1, 0, 0], 0),
        row('主事', '主事', [1, 0, 0, 1, 0, 0], 0),
      ]);
    });

    it('the September leaver stays in FY2026, in the 部局 their 所属 belonged to on their last day (the move in October does not rewrite it)', async () => {
      // 𩸽漁業課 moved under 総務部 on 2026-10-01: 500009 and 500014 (still there) count in 総務部, 500008 (left 9/30)
      // in 農林水産部.
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=section&orgUnitCode=100000')).toEqual([
        row('100000', '総務部', [1, 0, 0, 1, 0, 0], 0),
        row('100100', '人事課', [6, 2, 1, 2, 0, 1], 0.4),
        row('100200', '=SUM(A1)課', [1, 0, 0, 1, 0, 0], 0),
        row('200200', '𩸽漁業課', [2, 0, 0, 2, 0, 0], 0),
      ]);
      expect(await rowsOf(hr, 'fiscalYear=2026&groupBy=section&orgUnitCode=200000')).toEqual([
        row('200000', '農林水産部', [1, 0, 0, 1, 0, 0], 0),
        row('200100', '農業政策課', [3, 1, 0, 1, 1, 0], 0.3333),
        row('200200', '𩸽漁業課', [1, 0, 0, 1, 0, 0], 0),
      ]);
      // FY2025 is reported on the chart of 2026-03-31: 𩸽漁業課 all in 農林水産部.
      expect(await rowsOf(hr, 'fiscalYear=2025&groupBy=section&orgUnitCode=100000')).toEqual(
        FY2025.section.slice(0, 3),
      );
    });

    it('(enrolments) someone whose last day was 2026-03-31 has no FY2026 assignment', async () => {
      // Root cause of the March leaver's FY2026 row: the 2025-04-01 roster (loaded while FY2026 runs) assigns the
      // current year too, and leaving on 2026-03-31 never takes that assignment back.
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/staff/${S.LEFT_MARCH}/enrollments?fiscalYear=2026`,
        headers: hr,
      });
      expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 200, body: [] });
    });
  });

  describe('managers see their own subtree only', () => {
    it('a 課長 of a 所属 (人事課): their 所属 including its 班, in every grouping', async () => {
      const chief = as[S.HR_CHIEF];
      expect(await rowsOf(chief, 'fiscalYear=2026&groupBy=department')).toEqual([
        row('100000', '総務部', [6, 2, 1, 2, 0, 1], 0.4),
      ]);
      expect(await rowsOf(chief, 'fiscalYear=2026&groupBy=section')).toEqual([
        row('100100', '人事課', [6, 2, 1, 2, 0, 1], 0.4),
      ]);
      expect(await rowsOf(chief, 'fiscalYear=2026&groupBy=track')).toEqual([
        row('KAISO', '階層別研修', [1, 0, 0, 0, 0, 1], 0),
        row('WORKPLACE-DX', '職場内DX研修', [5, 2, 1, 2, 0, 0], 0.4),
      ]);
      expect(await rowsOf(chief, 'fiscalYear=2025&groupBy=section')).toEqual([
        row('100100', '人事課', [5, 2, 0, 0, 3, 0], 0.4),
      ]);
      expect(await rowsOf(chief, 'fiscalYear=2026&groupBy=section&orgUnitCode=100110')).toEqual([
        row('100100', '人事課', [3, 0, 1, 2, 0, 0], 0),
      ]);
    });

    it('the 課長 gets 404 for a unit outside the subtree: another 所属, the own 部局, another 部局', async () => {
      for (const code of ['200100', '100000', '200000', '100200', '200200']) {
        expectProblem(await get(as[S.HR_CHIEF], `fiscalYear=2026&orgUnitCode=${code}`), 404);
      }
    });

    it('a 課長 placed in a 班 sees that 班 only (counted under its 所属), and 404 for the 所属 above', async () => {
      const teamChief = as[S.TEAM_CHIEF];
      expect(await rowsOf(teamChief, 'fiscalYear=2026&groupBy=section')).toEqual([
        row('100100', '人事課', [3, 0, 1, 2, 0, 0], 0),
      ]);
      expect(await rowsOf(teamChief, 'fiscalYear=2025&groupBy=position')).toEqual([
        row('課長', '課長', [1, 0, 0, 0, 1, 0], 0),
        row('主事', '主事', [3, 2, 0, 0, 1, 0], 0.6667),
      ]);
      expectProblem(await get(teamChief, 'fiscalYear=2026&orgUnitCode=100100'), 404);
    });

    it('a 部長 placed in a 部局 sees the whole 部局 as it stood in each year', async () => {
      const director = as[S.DIRECTOR];
      expect(await rowsOf(director, 'fiscalYear=2026&groupBy=department')).toEqual([FY2026.department[0]]);
      expect(await rowsOf(director, 'fiscalYear=2025&groupBy=department')).toEqual([FY2025.department[0]]);
      expect(await rowsOf(director, 'fiscalYear=2025&groupBy=section')).toEqual(FY2025.section.slice(0, 3));
      // 𩸽漁業課 joined 総務部 in October: in FY2026 the 部長 sees 500009 and 500014, not 500008 who left before the move.
      expect(await rowsOf(director, 'fiscalYear=2026&groupBy=section')).toEqual([
        ...FY2026.section.slice(0, 3),
        row('200200', '𩸽漁業課', [2, 0, 0, 2, 0, 0], 0),
      ]);
      expectProblem(await get(director, 'fiscalYear=2026&orgUnitCode=200000'), 404);
      expectProblem(await get(director, 'fiscalYear=2026&orgUnitCode=200010'), 404);
    });

    it('the 課長 of a 所属 that moved to another 部局 still sees its figures of the year before the move, and its leavers', async () => {
      const fishery = as[S.FISHERY_CHIEF];
      expect(await rowsOf(fishery, 'fiscalYear=2025&groupBy=department')).toEqual([
        row('200000', '農林水産部', [4, 1, 0, 0, 3, 0], 0.25),
      ]);
      expect(await rowsOf(fishery, 'fiscalYear=2025&groupBy=section&orgUnitCode=200200')).toEqual([
        row('200200', '𩸽漁業課', [4, 1, 0, 0, 3, 0], 0.25),
      ]);
      // FY2026: 500009 and the 課長 as of today (総務部), 500008 as of their last day (農林水産部).
      expect(await rowsOf(fishery, 'fiscalYear=2026&groupBy=department')).toEqual([
        row('100000', '総務部', [2, 0, 0, 2, 0, 0], 0),
        row('200000', '農林水産部', [1, 0, 0, 1, 0, 0], 0),
      ]);
      expect(await rowsOf(fishery, 'fiscalYear=2026&groupBy=section&orgUnitCode=200200')).toEqual([
        row('200200', '𩸽漁業課', [3, 0, 0, 3, 0, 0], 0),
      ]);
      for (const code of ['100000', '200000', '100200']) {
        expectProblem(await get(fishery, `fiscalYear=2026&orgUnitCode=${code}`), 404);
      }
    });

    it('a 課長 promoted in April sees for FY2025 only who was in their 所属 then (not the person transferred in later)', async () => {
      const agri = as[S.AGRI_CHIEF];
      expect(await rowsOf(agri, 'fiscalYear=2025&groupBy=section')).toEqual([
        row('200100', '農業振興課', [1, 0, 0, 0, 1, 0], 0),
      ]);
      expect(await rowsOf(agri, 'fiscalYear=2026&groupBy=section')).toEqual([
        row('200100', '農業政策課', [3, 1, 0, 1, 1, 0], 0.3333),
      ]);
      expectProblem(await get(agri, 'fiscalYear=2026&orgUnitCode=100100'), 404);
    });
  });

  describe('refusals', () => {
    it('a plain learner (a 主事, and a 係長 would be the same: below level 5) is 403', async () => {
      expectProblem(await get(as[S.YOSHIDA], 'fiscalYear=2026'), 403);
      expectProblem(await get(as[S.PLANNER], 'fiscalYear=2026&orgUnitCode=200010'), 403);
    });

    it('an invalid groupBy is 422, a malformed fiscalYear 4xx (never 500)', async () => {
      const body = expectProblem(await get(hr, 'fiscalYear=2026&groupBy=unit'), 422);
      expect(JSON.stringify(body)).toContain('groupBy');
      const malformed = await get(hr, 'fiscalYear=abc');
      expect(malformed.statusCode).toBeGreaterThanOrEqual(400);
      expect(malformed.statusCode).toBeLessThan(500);
    });

    it('without a token it is 401', async () => {
      expectProblem(await get(undefined, 'fiscalYear=2026'), 401);
      expectProblem(await get({ authorization: 'Bearer not-a-token' }, 'fiscalYear=2026'), 401);
    });
  });
});
