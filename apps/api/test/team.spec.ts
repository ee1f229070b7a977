import {
  adminAuth,
  assignByHand,
  Auth,
  buildCompletionScenario,
  CapturedMail,
  expectProblem,
  SCENARIO,
  SmtpCapture,
  startSmtpCapture,
  todayInTokyoForTests,
} from './support/factories';
import { ADMIN, createTestApp, TestApp } from './support/test-app';

/*
 * GET /api/v1/team/matrix and POST /api/v1/team/reminders on the completion scenario of reports.spec.ts
 * (support/factories.ts, SCENARIO), with a real SMTP server (smtp-server) that the API sends to.
 *
 * On top of the scenario, HR assigns a few courses by hand in FY2026 with due dates relative to today
 * (T = today in Tokyo; PB = PROMOTER-BASIC, SB = SPECIALIST-BASIC):
 *   500003 𠮷田 太郎 (研修班)        SB due T+3   → due soon
 *   500004 新人 花子 (研修班)        PB due T−10  → overdue;  SB due T+7 → due soon
 *   500011 研修 課長 (研修班)        PB due T+14  → due soon (the last day of the 14-day window)
 *   500010 新規 採用 (人事課)        SB due T+30  → not yet
 *   500012 再任 六郎 (=SUM(A1)課)    PB due T+15  → not yet (one day outside the window)
 *   500009 会計 四郎 (𩸽漁業課)      PB due T−1   → overdue
 *   500013 企画 五郎 (企画班)        PB due T−5   → overdue (農林水産部: outside 総務部)
 *
 * FY2026 as of today, by person (WDX = WORKPLACE-DX due 2027-03-31; c/ip/ns/o/ex as in reports.spec.ts):
 *   総務部    500001 部長 WDX ns
 *   人事課    500002 課長 WDX c(6/15) | 500010 主事 WDX c(10/1), KAISO-NEWHIRE ex (due 6/30), SB ns
 *   研修班    500003 主事 WDX ip, SB ns | 500004 主事 WDX ns, PB o, SB ns | 500011 課長 WDX ns, PB ns
 *   =SUM(A1)課 500012 主事 WDX ns, PB ns
 *   𩸽漁業課  500009 主事 WDX ns, PB o | 500014 課長 WDX ns (both under 総務部 since 10/1)
 *   企画班    500013 主事 WDX ns, PB o
 *   農業政策課 500005 主任 WDX c(9/1) | 500007 課長 WDX ns, KAISO-LEADER o (due 5/31)
 *   𩸽漁業課  500008 係長 WDX ns (left 9/30, when the 所属 was still under 農林水産部)
 */

const S = SCENARIO;
const TODAY = todayInTokyoForTests();

/** A day relative to today (YYYY-MM-DD), computed here rather than with the app's date helpers. */
function day(offset: number): string {
  const [y, m, d] = TODAY.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

/** The date as the reminder writes it: 令和 era (2019-05-01 onwards), no zero padding. */
function reiwa(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `令和${y - 2018}年${m}月${d}日`;
}

const WDX_DUE = '2027-03-31';
const TITLES = {
  PB: 'デジタル活用推進員研修（基礎）',
  SB: 'DX推進スペシャリスト養成（基礎）',
  LEADER: '新任所属長研修（DXリーダーシップ）',
  WDX: '職場内DX研修',
};
const SUBJECT = '【職員DX研修】受講期限のお知らせ';
const emailOf = (no: string) => `s${no}@example.lg.jp`;

type Status = 'not_started' | 'in_progress' | 'completed' | 'overdue' | 'exempt';
const cell = (status: Status, dueDate: string, completedAt: string | null = null) => ({
  status,
  dueDate,
  completedAt,
});

interface MatrixPerson {
  employeeNo: string;
  name: string;
  unitCode: string;
  unitName: string;
  unitPath: string;
  lastRemindedOn: string | null;
  positionName: string;
  cells: Record<string, { status: Status; dueDate: string; completedAt: string | null }>;
  assigned: number;
  completed: number;
  overdue: number;
}
interface Matrix {
  fiscalYear: number;
  asOf: string;
  unit: { code: string; name: string; kind: string } | null;
  subUnits: {
    code: string;
    name: string;
    kind: string;
    assigned: number;
    completed: number;
    overdue: number;
  }[];
  courses: { code: string; title: string; trackCode: string }[];
  columnTotals: Record<string, { assigned: number; completed: number; overdue: number; exempt: number }>;
  total: number;
  page: number;
  pageSize: number;
  people: MatrixPerson[];
}

const totals = (assigned: number, completed: number, overdue: number, exempt: number) => ({
  assigned,
  completed,
  overdue,
  exempt,
});

/* Every FY2026 person of the scenario as a matrix row (hand-written from the table above). */
const P: Record<string, MatrixPerson> = {
  '500001': row('500001', '総務 部長', '100000', '総務部', '部長', {
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500002': row('500002', '人事 課長', '100100', '人事課', '課長', {
    'WORKPLACE-DX': cell('completed', WDX_DUE, '2026-06-15'),
  }),
  '500003': row('500003', '𠮷田 太郎', '100110', '研修班', '主事', {
    'SPECIALIST-BASIC': cell('not_started', day(3)),
    'WORKPLACE-DX': cell('in_progress', WDX_DUE),
  }),
  '500004': row('500004', '新人 花子', '100110', '研修班', '主事', {
    'SPECIALIST-BASIC': cell('not_started', day(7)),
    'PROMOTER-BASIC': cell('overdue', day(-10)),
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500005': row('500005', '異動 次郎', '200100', '農業政策課', '主任', {
    'WORKPLACE-DX': cell('completed', WDX_DUE, '2026-09-01'),
  }),
  '500007': row('500007', '農業 課長', '200100', '農業政策課', '課長', {
    'KAISO-LEADER': cell('overdue', '2026-05-31'),
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500008': row('500008', '林業 係長', '200200', '𩸽漁業課', '係長', {
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500009': row('500009', '会計 四郎', '200200', '𩸽漁業課', '主事', {
    'PROMOTER-BASIC': cell('overdue', day(-1)),
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500010': row('500010', '新規 採用', '100100', '人事課', '主事', {
    'KAISO-NEWHIRE': cell('exempt', '2026-06-30'),
    'SPECIALIST-BASIC': cell('not_started', day(30)),
    'WORKPLACE-DX': cell('completed', WDX_DUE, '2026-10-01'),
  }),
  '500011': row('500011', '研修 課長', '100110', '研修班', '課長', {
    'PROMOTER-BASIC': cell('not_started', day(14)),
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500012': row('500012', '再任 六郎', '100200', '=SUM(A1)課', '主事', {
    'PROMOTER-BASIC': cell('not_started', day(15)),
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500013': row('500013', '企画 五郎', '200010', '企画班', '主事', {
    'PROMOTER-BASIC': cell('overdue', day(-5)),
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
  '500014': row('500014', '漁業 課長', '200200', '𩸽漁業課', '課長', {
    'WORKPLACE-DX': cell('not_started', WDX_DUE),
  }),
};

function row(
  employeeNo: string,
  name: string,
  unitCode: string,
  unitName: string,
  positionName: string,
  cells: MatrixPerson['cells'],
): MatrixPerson {
  const values = Object.values(cells);
  return {
    employeeNo,
    name,
    unitCode,
    unitName,
    // The path depends on who looks (checked on its own below); nobody is reminded before the reminder tests.
    unitPath: expect.any(String),
    lastRemindedOn: null,
    positionName,
    cells,
    assigned: values.length,
    completed: values.filter((c) => c.status === 'completed').length,
    overdue: values.filter((c) => c.status === 'overdue').length,
  };
}
const people = (...nos: string[]) => nos.map((no) => P[no]);

/** The courses (columns) in the matrix's order: by track (KAISO, DX-SPECIALIST, DX-PROMOTER, WORKPLACE-DX), then code. */
const COURSE = {
  'KAISO-LEADER': { code: 'KAISO-LEADER', title: TITLES.LEADER, trackCode: 'KAISO' },
  'KAISO-NEWHIRE': { code: 'KAISO-NEWHIRE', title: '新規採用職員研修（DX基礎）', trackCode: 'KAISO' },
  'SPECIALIST-BASIC': { code: 'SPECIALIST-BASIC', title: TITLES.SB, trackCode: 'DX-SPECIALIST' },
  'PROMOTER-BASIC': { code: 'PROMOTER-BASIC', title: TITLES.PB, trackCode: 'DX-PROMOTER' },
  'WORKPLACE-DX': { code: 'WORKPLACE-DX', title: TITLES.WDX, trackCode: 'WORKPLACE-DX' },
};

describe('team matrix and reminders (GET /api/v1/team/matrix, POST /api/v1/team/reminders)', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let hr: Auth;
  let as: Record<string, Auth>;

  const getMatrix = (auth: Auth | undefined, query = '') =>
    t.request({ method: 'GET', url: `/api/v1/team/matrix${query ? '?' + query : ''}`, headers: auth ?? {} });
  const matrix = async (auth: Auth, query = ''): Promise<Matrix> => {
    const response = await getMatrix(auth, query);
    if (response.statusCode !== 200)
      throw new Error(`GET matrix ?${query}: ${response.statusCode} ${response.body.slice(0, 800)}`);
    return response.json();
  };
  const postReminders = (auth: Auth | undefined, payload?: Record<string, unknown>) =>
    t.request({
      method: 'POST',
      url: '/api/v1/team/reminders',
      headers: auth ?? {},
      ...(payload ? { payload } : {}),
    });
  const remind = async (auth: Auth, payload?: Record<string, unknown>) => {
    const response = await postReminders(auth, payload);
    if (response.statusCode !== 200)
      throw new Error(
        `POST reminders ${JSON.stringify(payload)}: ${response.statusCode} ${response.body.slice(0, 800)}`,
      );
    return response.json() as {
      sent: number;
      skipped: number;
      recipients: { employeeNo: string; name: string; courses: string[] }[];
      withoutEmail: string[];
      skippedPeople: { employeeNo: string; name: string | null; reason: string }[];
    };
  };
  const postPreview = (auth: Auth | undefined, payload?: Record<string, unknown>) =>
    t.request({
      method: 'POST',
      url: '/api/v1/team/reminders/preview',
      headers: auth ?? {},
      ...(payload ? { payload } : {}),
    });
  const preview = async (auth: Auth, payload?: Record<string, unknown>) => {
    const response = await postPreview(auth, payload);
    if (response.statusCode !== 200)
      throw new Error(
        `POST preview ${JSON.stringify(payload)}: ${response.statusCode} ${response.body.slice(0, 800)}`,
      );
    return response.json() as {
      recipients: number;
      messages: {
        employeeNo: string;
        name: string;
        to: string;
        subject: string;
        text: string;
        courses: string[];
      }[];
      skippedPeople: { employeeNo: string; name: string | null; reason: string }[];
    };
  };
  const skip = (employeeNo: string, name: string | null, reason: string) => ({ employeeNo, name, reason });
  const employeeNos = (m: Matrix) => m.people.map((p) => p.employeeNo);
  const userIdOf = async (loginId: string): Promise<number> =>
    (await t.db.query(`SELECT id FROM app_user WHERE login_id = $1`, [loginId]))[0].id;
  /** The mail received since the last call, one per recipient, sorted by recipient. */
  const newMail = (): CapturedMail[] =>
    smtp.take().sort((a, b) => a.envelopeTo.join().localeCompare(b.envelopeTo.join()));

  beforeAll(async () => {
    // The expectations are for a day in the second half of FY2026 (the brief's today is 2026-11-23).
    expect(TODAY >= '2026-10-01' && TODAY <= '2027-03-15').toBe(true);
    smtp = await startSmtpCapture();
    t = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
    hr = await adminAuth(t);
    as = await buildCompletionScenario(t, hr);
    for (const [no, course, due] of [
      ['500003', 'SPECIALIST-BASIC', day(3)],
      ['500004', 'PROMOTER-BASIC', day(-10)],
      ['500004', 'SPECIALIST-BASIC', day(7)],
      ['500011', 'PROMOTER-BASIC', day(14)],
      ['500010', 'SPECIALIST-BASIC', day(30)],
      ['500012', 'PROMOTER-BASIC', day(15)],
      ['500009', 'PROMOTER-BASIC', day(-1)],
      ['500013', 'PROMOTER-BASIC', day(-5)],
    ] as const) {
      await assignByHand(t, hr, no, course, 2026, due);
    }
    // Nothing is mailed while the scenario is built.
    expect(smtp.take()).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('the matrix', () => {
    it('a 課長 of a 所属 (人事課): their 所属 and its 班 only, overdue people first, row and column totals', async () => {
      const m = await matrix(as[S.HR_CHIEF], 'fiscalYear=2026');
      expect(m.fiscalYear).toBe(2026);
      expect(m.asOf).toBe(TODAY);
      expect(m.unit).toEqual({ code: '100100', name: '人事課', kind: '所属' });
      expect(m.people).toEqual(people('500004', '500002', '500003', '500010', '500011'));
      expect({ total: m.total, page: m.page, pageSize: m.pageSize }).toEqual({
        total: 5,
        page: 1,
        pageSize: 50,
      });
      expect(m.courses).toEqual([
        COURSE['KAISO-NEWHIRE'],
        COURSE['SPECIALIST-BASIC'],
        COURSE['PROMOTER-BASIC'],
        COURSE['WORKPLACE-DX'],
      ]);
      expect(m.columnTotals).toEqual({
        'KAISO-NEWHIRE': totals(1, 0, 0, 1),
        'SPECIALIST-BASIC': totals(3, 0, 0, 0),
        'PROMOTER-BASIC': totals(2, 0, 1, 0),
        'WORKPLACE-DX': totals(5, 2, 0, 0),
      });
      // 研修班 for drill-down (people placed in 人事課 itself are in no sub-unit).
      expect(m.subUnits).toEqual([
        { code: '100110', name: '研修班', kind: '班', assigned: 7, completed: 0, overdue: 1 },
      ]);
    });

    it('no fiscalYear means the current one', async () => {
      const m = await matrix(as[S.HR_CHIEF]);
      expect(m.fiscalYear).toBe(2026);
      expect(employeeNos(m)).toEqual(['500004', '500002', '500003', '500010', '500011']);
    });

    it('drill-down: orgUnitCode of the 班 narrows to it', async () => {
      const m = await matrix(as[S.HR_CHIEF], 'fiscalYear=2026&orgUnitCode=100110');
      expect(m.unit).toEqual({ code: '100110', name: '研修班', kind: '班' });
      expect(m.people).toEqual(people('500004', '500003', '500011'));
      expect(m.total).toBe(3);
      expect(m.courses.map((c) => c.code)).toEqual(['SPECIALIST-BASIC', 'PROMOTER-BASIC', 'WORKPLACE-DX']);
      expect(m.columnTotals).toEqual({
        'SPECIALIST-BASIC': totals(2, 0, 0, 0),
        'PROMOTER-BASIC': totals(2, 0, 1, 0),
        'WORKPLACE-DX': totals(3, 0, 0, 0),
      });
      expect(m.subUnits).toEqual([]);
    });

    it('the 課長 gets 404 for a unit outside the subtree (another 所属, the own 部局, another 部局, an unknown code)', async () => {
      for (const code of ['100200', '100000', '200000', '200100', '200200', '999999']) {
        expectProblem(await getMatrix(as[S.HR_CHIEF], `fiscalYear=2026&orgUnitCode=${code}`), 404);
      }
    });

    it('a 部長 of a 部局 (総務部): the whole 部局 as it stands today, sub-units with counts', async () => {
      const m = await matrix(as[S.DIRECTOR], 'fiscalYear=2026');
      expect(m.unit).toEqual({ code: '100000', name: '総務部', kind: '部局' });
      expect(m.people).toEqual(
        people('500004', '500009', '500001', '500002', '500003', '500010', '500011', '500012', '500014'),
      );
      expect(m.total).toBe(9);
      expect(m.columnTotals).toEqual({
        'KAISO-NEWHIRE': totals(1, 0, 0, 1),
        'SPECIALIST-BASIC': totals(3, 0, 0, 0),
        'PROMOTER-BASIC': totals(4, 0, 2, 0),
        'WORKPLACE-DX': totals(9, 2, 0, 0),
      });
      expect(m.subUnits).toEqual([
        { code: '100100', name: '人事課', kind: '所属', assigned: 11, completed: 2, overdue: 1 },
        { code: '100200', name: '=SUM(A1)課', kind: '所属', assigned: 2, completed: 0, overdue: 0 },
        { code: '200200', name: '𩸽漁業課', kind: '所属', assigned: 3, completed: 0, overdue: 1 },
      ]);
      // Drilling into a sub-unit gives the same figures as the 課長 of that unit sees.
      const hrSection = await matrix(as[S.DIRECTOR], 'fiscalYear=2026&orgUnitCode=100100');
      expect(hrSection.people).toEqual(people('500004', '500002', '500003', '500010', '500011'));
      expect(hrSection.subUnits).toEqual([
        { code: '100110', name: '研修班', kind: '班', assigned: 7, completed: 0, overdue: 1 },
      ]);
      const fishery = await matrix(as[S.DIRECTOR], 'fiscalYear=2026&orgUnitCode=200200');
      expect(fishery.people).toEqual(people('500009', '500014'));
      expect(fishery.unit).toEqual({ code: '200200', name: '𩸽漁業課', kind: '所属' });
      for (const code of ['200000', '200010', '200100']) {
        expectProblem(await getMatrix(as[S.DIRECTOR], `fiscalYear=2026&orgUnitCode=${code}`), 404);
      }
    });

    it('HR sees the whole tenant: every person, the 部局 as sub-units', async () => {
      const m = await matrix(hr, 'fiscalYear=2026');
      expect(m.unit).toBeNull();
      expect(m.people).toEqual(
        people(
          '500004',
          '500007',
          '500009',
          '500013',
          '500001',
          '500002',
          '500003',
          '500005',
          '500008',
          '500010',
          '500011',
          '500012',
          '500014',
        ),
      );
      expect(m.total).toBe(13);
      expect(m.courses).toEqual([
        COURSE['KAISO-LEADER'],
        COURSE['KAISO-NEWHIRE'],
        COURSE['SPECIALIST-BASIC'],
        COURSE['PROMOTER-BASIC'],
        COURSE['WORKPLACE-DX'],
      ]);
      expect(m.columnTotals).toEqual({
        'KAISO-LEADER': totals(1, 0, 1, 0),
        'KAISO-NEWHIRE': totals(1, 0, 0, 1),
        'SPECIALIST-BASIC': totals(3, 0, 0, 0),
        'PROMOTER-BASIC': totals(5, 0, 3, 0),
        'WORKPLACE-DX': totals(13, 3, 0, 0),
      });
      expect(m.subUnits).toEqual([
        { code: '100000', name: '総務部', kind: '部局', assigned: 17, completed: 2, overdue: 2 },
        { code: '200000', name: '農林水産部', kind: '部局', assigned: 6, completed: 1, overdue: 2 },
      ]);
      // HR may open any unit.
      expect(employeeNos(await matrix(hr, 'fiscalYear=2026&orgUnitCode=200010'))).toEqual(['500013']);
      expectProblem(await getMatrix(hr, 'fiscalYear=2026&orgUnitCode=999999'), 404);
    });

    it('the matrix agrees with the completion report for each manager and year (the history rule: leavers, moved units)', async () => {
      // [manager, fiscal year, people (hand-computed), WORKPLACE-DX assigned / completed as in reports.spec.ts]
      const cases: [string, number, string[], number, number][] = [
        [S.HR_CHIEF, 2025, ['500002', '500004', '500011', '500003'], 4, 1],
        [S.TEAM_CHIEF, 2026, ['500004', '500003', '500011'], 3, 0],
        [S.AGRI_CHIEF, 2025, ['500007'], 1, 0],
        [S.AGRI_CHIEF, 2026, ['500007', '500005'], 2, 1],
        // 𩸽漁業課 in FY2025 (under 農林水産部 then): all four, the March leaver with their completion.
        [S.FISHERY_CHIEF, 2025, ['500008', '500009', '500014', '500006'], 4, 1],
        // FY2026: the two still there (now under 総務部) and the September leaver, placed on their last day.
        [S.FISHERY_CHIEF, 2026, ['500009', '500008', '500014'], 3, 0],
      ];
      for (const [manager, fiscalYear, expected, assigned, completed] of cases) {
        const m = await matrix(as[manager], `fiscalYear=${fiscalYear}`);
        const report = await t.request({
          method: 'GET',
          url: `/api/v1/reports/completion?fiscalYear=${fiscalYear}&groupBy=track&trackCode=WORKPLACE-DX`,
          headers: as[manager],
        });
        const wdx = (report.json().rows as { assigned: number; completed: number }[])[0];
        expect({
          manager,
          fiscalYear,
          people: employeeNos(m),
          total: m.total,
          wdx: m.columnTotals['WORKPLACE-DX'],
        }).toEqual({
          manager,
          fiscalYear,
          people: expected,
          total: expected.length,
          wdx: expect.objectContaining({ assigned, completed }),
        });
        expect({ manager, fiscalYear, report: { assigned: wdx.assigned, completed: wdx.completed } }).toEqual(
          {
            manager,
            fiscalYear,
            report: { assigned, completed },
          },
        );
      }
      // FY2025 names are those of the day the year is reported as of (農業振興課 was renamed in April).
      expect((await matrix(as[S.AGRI_CHIEF], 'fiscalYear=2025')).unit).toEqual({
        code: '200100',
        name: '農業振興課',
        kind: '所属',
      });
    });

    describe('filters', () => {
      it('status: people with at least one assignment in that status (their whole row)', async () => {
        const overdue = await matrix(hr, 'fiscalYear=2026&status=overdue');
        expect(overdue.people).toEqual(people('500004', '500007', '500009', '500013'));
        expect(overdue.total).toBe(4);
        expect(overdue.columnTotals['PROMOTER-BASIC']).toEqual(totals(3, 0, 3, 0));
        expect(employeeNos(await matrix(hr, 'fiscalYear=2026&status=completed'))).toEqual([
          '500002',
          '500005',
          '500010',
        ]);
        expect(employeeNos(await matrix(hr, 'fiscalYear=2026&status=exempt'))).toEqual(['500010']);
        expect(employeeNos(await matrix(hr, 'fiscalYear=2026&status=in_progress'))).toEqual(['500003']);
        // A manager's filter stays inside their subtree.
        expect(employeeNos(await matrix(as[S.HR_CHIEF], 'fiscalYear=2026&status=overdue'))).toEqual([
          '500004',
        ]);
        expectProblem(await getMatrix(hr, 'fiscalYear=2026&status=late'), 422);
      });

      it('status with a track or a course: the status of those courses only, not of the person’s other courses', async () => {
        // Someone overdue elsewhere but not in the narrowed courses must drop out: the cases below include such people.
        const overdueAnywhere = employeeNos(await matrix(hr, 'fiscalYear=2026&status=overdue&pageSize=200'));
        let droppedOut = 0;
        for (const narrowing of [
          'trackCode=KAISO',
          'trackCode=DX-PROMOTER',
          'courseCode=PROMOTER-BASIC',
          'courseCode=WORKPLACE-DX',
        ]) {
          const all = await matrix(hr, `fiscalYear=2026&${narrowing}&pageSize=200`);
          droppedOut += all.people.filter(
            (p) =>
              overdueAnywhere.includes(p.employeeNo) &&
              !Object.values(p.cells).some((c) => c.status === 'overdue'),
          ).length;
          for (const status of ['overdue', 'not_started', 'completed']) {
            const expected = all.people
              .filter((p) => Object.values(p.cells).some((c) => c.status === status))
              .map((p) => p.employeeNo);
            const filtered = await matrix(hr, `fiscalYear=2026&${narrowing}&status=${status}&pageSize=200`);
            expect({ narrowing, status, people: employeeNos(filtered).sort() }).toEqual({
              narrowing,
              status,
              people: expected.sort(),
            });
          }
        }
        expect(droppedOut).toBeGreaterThan(0);
      });

      it('courseCode: that column only', async () => {
        const m = await matrix(hr, 'fiscalYear=2026&courseCode=PROMOTER-BASIC');
        expect(employeeNos(m)).toEqual(['500004', '500009', '500013', '500011', '500012']);
        expect(m.courses).toEqual([COURSE['PROMOTER-BASIC']]);
        expect(m.columnTotals).toEqual({ 'PROMOTER-BASIC': totals(5, 0, 3, 0) });
        expect(m.people[0]).toEqual({
          ...P['500004'],
          cells: { 'PROMOTER-BASIC': P['500004'].cells['PROMOTER-BASIC'] },
          assigned: 1,
        });
        expect(m.subUnits).toEqual([
          { code: '100000', name: '総務部', kind: '部局', assigned: 4, completed: 0, overdue: 2 },
          { code: '200000', name: '農林水産部', kind: '部局', assigned: 1, completed: 0, overdue: 1 },
        ]);
        const director = await matrix(as[S.DIRECTOR], 'fiscalYear=2026&courseCode=PROMOTER-BASIC');
        expect(employeeNos(director)).toEqual(['500004', '500009', '500011', '500012']);
        expect((await matrix(hr, 'fiscalYear=2026&courseCode=NO-SUCH-COURSE')).people).toEqual([]);
      });

      it('trackCode: that track’s courses only', async () => {
        const m = await matrix(hr, 'fiscalYear=2026&trackCode=KAISO');
        expect(m.people).toEqual([
          { ...P['500007'], cells: { 'KAISO-LEADER': P['500007'].cells['KAISO-LEADER'] }, assigned: 1 },
          {
            ...P['500010'],
            cells: { 'KAISO-NEWHIRE': P['500010'].cells['KAISO-NEWHIRE'] },
            assigned: 1,
            completed: 0,
          },
        ]);
        expect(m.courses).toEqual([COURSE['KAISO-LEADER'], COURSE['KAISO-NEWHIRE']]);
        expect(m.columnTotals).toEqual({
          'KAISO-LEADER': totals(1, 0, 1, 0),
          'KAISO-NEWHIRE': totals(1, 0, 0, 1),
        });
        expect(employeeNos(await matrix(as[S.HR_CHIEF], 'fiscalYear=2026&trackCode=KAISO'))).toEqual([
          '500010',
        ]);
        expect(employeeNos(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&trackCode=DX-PROMOTER'))).toEqual([
          '500004',
          '500009',
          '500011',
          '500012',
        ]);
      });

      it('position', async () => {
        expect(
          employeeNos(await matrix(hr, 'fiscalYear=2026&position=' + encodeURIComponent('課長'))),
        ).toEqual(['500007', '500002', '500011', '500014']);
        expect(
          employeeNos(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&position=' + encodeURIComponent('課長'))),
        ).toEqual(['500002', '500011', '500014']);
        expect(
          employeeNos(await matrix(hr, 'fiscalYear=2026&position=' + encodeURIComponent('係長'))),
        ).toEqual(['500008']);
      });

      it('q: an employee number prefix (half- or full-width) or a name (spaces ignored)', async () => {
        expect(employeeNos(await matrix(hr, 'fiscalYear=2026&q=50001'))).toEqual([
          '500013',
          '500010',
          '500011',
          '500012',
          '500014',
        ]);
        expect(
          employeeNos(await matrix(hr, 'fiscalYear=2026&q=' + encodeURIComponent('５０００１０'))),
        ).toEqual(['500010']);
        expect(employeeNos(await matrix(hr, 'fiscalYear=2026&q=' + encodeURIComponent('𠮷田')))).toEqual([
          '500003',
        ]);
        expect(employeeNos(await matrix(hr, 'fiscalYear=2026&q=' + encodeURIComponent('人事課長')))).toEqual([
          '500002',
        ]);
        expect(employeeNos(await matrix(hr, 'fiscalYear=2026&q=' + encodeURIComponent('課長')))).toEqual([
          '500007',
          '500002',
          '500011',
          '500014',
        ]);
        // The 課長 of 人事課 finds nobody outside their subtree.
        expect(
          employeeNos(await matrix(as[S.HR_CHIEF], 'fiscalYear=2026&q=' + encodeURIComponent('課長'))),
        ).toEqual(['500002', '500011']);
      });

      it('filters combine', async () => {
        const m = await matrix(
          hr,
          `fiscalYear=2026&status=overdue&position=${encodeURIComponent('主事')}&orgUnitCode=100000`,
        );
        expect(employeeNos(m)).toEqual(['500004', '500009']);
      });
    });

    it('paging: total is every matching person, column totals are not limited to the page', async () => {
      const first = await matrix(hr, 'fiscalYear=2026&pageSize=5');
      expect(employeeNos(first)).toEqual(['500004', '500007', '500009', '500013', '500001']);
      expect({ total: first.total, page: first.page, pageSize: first.pageSize }).toEqual({
        total: 13,
        page: 1,
        pageSize: 5,
      });
      expect(first.columnTotals['WORKPLACE-DX']).toEqual(totals(13, 3, 0, 0));
      const second = await matrix(hr, 'fiscalYear=2026&pageSize=5&page=2');
      expect(employeeNos(second)).toEqual(['500002', '500003', '500005', '500008', '500010']);
      const third = await matrix(hr, 'fiscalYear=2026&pageSize=5&page=3');
      expect(employeeNos(third)).toEqual(['500011', '500012', '500014']);
      expect({ total: third.total, page: third.page }).toEqual({ total: 13, page: 3 });
      // A page past the end is empty but still says how many there are.
      const past = await matrix(hr, 'fiscalYear=2026&pageSize=5&page=4');
      expect({ people: past.people, total: past.total, page: past.page }).toEqual({
        people: [],
        total: 13,
        page: 4,
      });
      for (const bad of ['page=0', 'pageSize=0', 'pageSize=501', 'page=x']) {
        expectProblem(await getMatrix(hr, `fiscalYear=2026&${bad}`), 422);
      }
    });

    it('unitPath: the units below the viewer’s own unit (HR: from the 部局), with or without filters', async () => {
      const pathOf = (m: Matrix) => Object.fromEntries(m.people.map((p) => [p.employeeNo, p.unitPath]));
      const director = {
        '500001': '総務部', // placed in the 部局 itself
        '500002': '人事課',
        '500003': '人事課 / 研修班',
        '500004': '人事課 / 研修班',
        '500009': '𩸽漁業課',
        '500010': '人事課',
        '500011': '人事課 / 研修班',
        '500012': '=SUM(A1)課',
        '500014': '𩸽漁業課',
      };
      expect(pathOf(await matrix(as[S.DIRECTOR], 'fiscalYear=2026'))).toEqual(director);
      // Drilling down keeps the path from the viewer's unit; a filter reads the same paths.
      expect(pathOf(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&orgUnitCode=100110'))).toEqual({
        '500003': '人事課 / 研修班',
        '500004': '人事課 / 研修班',
        '500011': '人事課 / 研修班',
      });
      expect(pathOf(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&status=overdue'))).toEqual({
        '500004': '人事課 / 研修班',
        '500009': '𩸽漁業課',
      });
      expect(pathOf(await matrix(as[S.HR_CHIEF], 'fiscalYear=2026'))).toEqual({
        '500002': '人事課',
        '500003': '研修班',
        '500004': '研修班',
        '500010': '人事課',
        '500011': '研修班',
      });
      const all = pathOf(await matrix(hr, 'fiscalYear=2026'));
      expect(all['500003']).toBe('総務部 / 人事課 / 研修班');
      expect(all['500013']).toBe('農林水産部 / 企画班');
      expect(all['500001']).toBe('総務部');
      expect(pathOf(await matrix(hr, 'fiscalYear=2026&trackCode=DX-PROMOTER'))['500013']).toBe(
        '農林水産部 / 企画班',
      );
      // FY2025 as it stood on 31 March: 𩸽漁業課 was under 農林水産部 then.
      expect(pathOf(await matrix(hr, 'fiscalYear=2025'))['500009']).toBe('農林水産部 / 𩸽漁業課');
    });

    it('sort=unit and sort=-unit order the people by unit (org order), then 職員番号; other values are 422', async () => {
      const byUnit = [
        '500001',
        '500002',
        '500010',
        '500003',
        '500004',
        '500011',
        '500012',
        '500009',
        '500014',
      ];
      expect(employeeNos(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&sort=unit'))).toEqual(byUnit);
      expect(employeeNos(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&sort=-unit'))).toEqual([
        '500009',
        '500014',
        '500012',
        '500003',
        '500004',
        '500011',
        '500002',
        '500010',
        '500001',
      ]);
      // Pages follow the order; filters too.
      expect(
        employeeNos(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&sort=unit&pageSize=4&page=2')),
      ).toEqual(byUnit.slice(4, 8));
      expect(
        employeeNos(
          await matrix(as[S.DIRECTOR], `fiscalYear=2026&sort=unit&position=${encodeURIComponent('主事')}`),
        ),
      ).toEqual(['500010', '500003', '500004', '500012', '500009']);
      expectProblem(await getMatrix(as[S.DIRECTOR], 'fiscalYear=2026&sort=name'), 422);
    });

    it('a plain learner is 403, without a token 401', async () => {
      expectProblem(await getMatrix(as[S.YOSHIDA], 'fiscalYear=2026'), 403);
      expectProblem(await getMatrix(as[S.PLANNER], 'fiscalYear=2026&orgUnitCode=200010'), 403);
      expectProblem(await getMatrix(undefined, 'fiscalYear=2026'), 401);
    });
  });

  describe('reminders (run in order: each builds on the reminders already sent today)', () => {
    const reminderRows = () =>
      t.db.query(
        `SELECT s.employee_no, c.code AS course, r.sent_by, r.sent_on, r.email, r.sent_at
           FROM reminder r JOIN staff s ON s.id = r.staff_id JOIN enrollment e ON e.id = r.enrollment_id JOIN course c ON c.id = e.course_id
          ORDER BY r.id`,
      ) as Promise<
        {
          employee_no: string;
          course: string;
          sent_by: number;
          sent_on: string;
          email: string;
          sent_at: Date;
        }[]
      >;
    const auditRows = () =>
      t.db.query(
        `SELECT actor_login_id, target, detail FROM audit_log WHERE action = 'reminder.sent' ORDER BY id`,
      ) as Promise<{ actor_login_id: string; target: string; detail: { courses: string[] } }[]>;

    it('a plain learner may not send reminders (403) and nothing is mailed', async () => {
      expectProblem(await postReminders(as[S.YOSHIDA], {}), 403);
      expectProblem(await postReminders(undefined, {}), 401);
      expect(newMail()).toEqual([]);
    });

    let previewed: Awaited<ReturnType<typeof preview>>;

    it('the preview shows each e-mail that would be sent, and sends and records nothing', async () => {
      previewed = await preview(as[S.HR_CHIEF]);
      expect(previewed.recipients).toBe(3);
      expect(previewed.skippedPeople).toEqual([]);
      expect(
        previewed.messages.map(({ employeeNo, name, to, subject, courses }) => ({
          employeeNo,
          name,
          to,
          subject,
          courses,
        })),
      ).toEqual([
        {
          employeeNo: '500003',
          name: '𠮷田 太郎',
          to: emailOf('500003'),
          subject: SUBJECT,
          courses: [TITLES.SB],
        },
        {
          employeeNo: '500004',
          name: '新人 花子',
          to: emailOf('500004'),
          subject: SUBJECT,
          courses: [TITLES.PB, TITLES.SB],
        },
        {
          employeeNo: '500011',
          name: '研修 課長',
          to: emailOf('500011'),
          subject: SUBJECT,
          courses: [TITLES.PB],
        },
      ]);
      expect(previewed.messages[1].text).toContain(`新人 花子 様\n\n次の研修が未修了です。`);
      expect(previewed.messages[1].text).toContain(
        `・${TITLES.PB}（期限: ${reiwa(day(-10))}・期限超過）\n・${TITLES.SB}（期限: ${reiwa(day(7))}）`,
      );
      // Selected people: the same reasons as sending would give.
      const selected = await preview(as[S.DIRECTOR], { employeeNos: ['500004', '500012', '500013'] });
      expect({
        recipients: selected.recipients,
        people: selected.messages.map((m) => m.employeeNo),
        skipped: selected.skippedPeople,
      }).toEqual({
        recipients: 1,
        people: ['500004'],
        skipped: [skip('500012', '再任 六郎', 'nothing_due'), skip('500013', null, 'nothing_due')],
      });
      expectProblem(await postPreview(as[S.DIRECTOR], { employeeNos: ['500013'] }), 422);
      expectProblem(await postPreview(as[S.YOSHIDA], {}), 403);
      expectProblem(await postPreview(undefined, {}), 401);
      expect(newMail()).toEqual([]);
      expect(await reminderRows()).toEqual([]);
      expect(await auditRows()).toEqual([]);
    });

    it('no body: the 課長 reminds everyone in the subtree who is overdue or due within 14 days, one message each', async () => {
      const before = new Date();
      const result = await remind(as[S.HR_CHIEF]);
      expect(result).toEqual({
        sent: 3,
        skipped: 0,
        recipients: [
          { employeeNo: '500003', name: '𠮷田 太郎', courses: [TITLES.SB] },
          { employeeNo: '500004', name: '新人 花子', courses: [TITLES.PB, TITLES.SB] },
          { employeeNo: '500011', name: '研修 課長', courses: [TITLES.PB] },
        ],
        withoutEmail: [],
        skippedPeople: [],
      });

      const mail = newMail();
      expect(
        mail.map((m) => ({
          envelopeTo: m.envelopeTo,
          to: m.to,
          subject: m.subject,
          from: m.from,
          envelopeFrom: m.envelopeFrom,
        })),
      ).toEqual(
        ['500003', '500004', '500011'].map((no) => ({
          envelopeTo: [emailOf(no)],
          to: emailOf(no),
          subject: SUBJECT,
          from: t.config.SMTP_FROM,
          envelopeFrom: t.config.SMTP_FROM,
        })),
      );
      // Exactly the e-mails the preview showed.
      expect(mail.map((m) => ({ to: m.to, subject: m.subject, text: m.text }))).toEqual(
        previewed.messages.map((m) => ({ to: m.to, subject: m.subject, text: m.text })),
      );
      const [yoshida, hanako, teamChief] = mail;
      expect(yoshida.text).toContain('𠮷田 太郎 様');
      expect(yoshida.text).toContain(`・${TITLES.SB}（期限: ${reiwa(day(3))}）`);
      expect(yoshida.text).not.toContain(TITLES.WDX);
      expect(hanako.text).toContain('新人 花子 様');
      // Courses by due date, the overdue one marked.
      expect(hanako.text).toContain(
        `・${TITLES.PB}（期限: ${reiwa(day(-10))}・期限超過）\n・${TITLES.SB}（期限: ${reiwa(day(7))}）`,
      );
      expect(hanako.text).not.toContain(TITLES.WDX);
      expect(teamChief.text).toContain('研修 課長 様');
      expect(teamChief.text).toContain(`・${TITLES.PB}（期限: ${reiwa(day(14))}）`);
      for (const m of mail) expect(m.text).toContain(`${t.config.PUBLIC_URL.replace(/\/$/, '')}/my`);
      // The date is written in Japanese, e.g. 令和8年12月3日 (no ISO date in the text).
      expect(yoshida.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);

      // One reminder row per assignment: who sent it, to whom, when.
      const chiefId = await userIdOf(S.HR_CHIEF);
      const rows = await reminderRows();
      expect(
        rows.map(({ employee_no, course, sent_by, sent_on, email }) => ({
          employee_no,
          course,
          sent_by,
          sent_on,
          email,
        })),
      ).toEqual([
        {
          employee_no: '500003',
          course: 'SPECIALIST-BASIC',
          sent_by: chiefId,
          sent_on: TODAY,
          email: emailOf('500003'),
        },
        {
          employee_no: '500004',
          course: 'PROMOTER-BASIC',
          sent_by: chiefId,
          sent_on: TODAY,
          email: emailOf('500004'),
        },
        {
          employee_no: '500004',
          course: 'SPECIALIST-BASIC',
          sent_by: chiefId,
          sent_on: TODAY,
          email: emailOf('500004'),
        },
        {
          employee_no: '500011',
          course: 'PROMOTER-BASIC',
          sent_by: chiefId,
          sent_on: TODAY,
          email: emailOf('500011'),
        },
      ]);
      for (const r of rows) {
        expect(r.sent_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 5000);
        expect(r.sent_at.getTime()).toBeLessThanOrEqual(Date.now() + 5000);
      }
      expect(await auditRows()).toEqual([
        { actor_login_id: S.HR_CHIEF, target: '500003', detail: { courses: [TITLES.SB] } },
        { actor_login_id: S.HR_CHIEF, target: '500004', detail: { courses: [TITLES.PB, TITLES.SB] } },
        { actor_login_id: S.HR_CHIEF, target: '500011', detail: { courses: [TITLES.PB] } },
      ]);
    });

    it('a second press the same day sends nothing: everyone is skipped', async () => {
      expect(await remind(as[S.HR_CHIEF], {})).toEqual({
        sent: 0,
        skipped: 3,
        recipients: [],
        withoutEmail: [],
        skippedPeople: [
          skip('500003', '𠮷田 太郎', 'already_reminded'),
          skip('500004', '新人 花子', 'already_reminded'),
          skip('500011', '研修 課長', 'already_reminded'),
        ],
      });
      expect(newMail()).toEqual([]);
      expect(await reminderRows()).toHaveLength(4);
      expect(await auditRows()).toHaveLength(3);
    });

    it('two presses at once still remind each person once', async () => {
      // The 部長 presses twice at once: of 500003, 500004, 500009 and 500011 only 500009 is new for today.
      const [a, b] = await Promise.all([remind(as[S.DIRECTOR], {}), remind(as[S.DIRECTOR], {})]);
      expect(a.sent + b.sent).toBe(1);
      expect([...a.recipients, ...b.recipients]).toEqual([
        { employeeNo: '500009', name: '会計 四郎', courses: [TITLES.PB] },
      ]);
      expect(a.skipped + b.skipped).toBe(3 + 4);
      const mail = newMail();
      expect(mail.map((m) => m.envelopeTo)).toEqual([[emailOf('500009')]]);
      expect(mail[0].text).toContain(`・${TITLES.PB}（期限: ${reiwa(day(-1))}・期限超過）`);
      expect((await reminderRows()).filter((r) => r.employee_no === '500009')).toHaveLength(1);
    });

    it('selected employeeNos limit the recipients; someone outside the 部長’s subtree is never mailed', async () => {
      // 500013 (企画班, 農林水産部) is overdue but outside 総務部; 500012 is inside but not due within 14 days.
      const result = await remind(as[S.DIRECTOR], { employeeNos: ['500013', '500012', '500004'] });
      expect(result).toEqual({
        sent: 0,
        skipped: 1,
        recipients: [],
        withoutEmail: [],
        // Outside the 部長's subtree: no name, as if nothing were due.
        skippedPeople: [
          skip('500004', '新人 花子', 'already_reminded'),
          skip('500012', '再任 六郎', 'nothing_due'),
          skip('500013', null, 'nothing_due'),
        ],
      });
      expect(newMail()).toEqual([]);
      // Nobody valid selected: 422, and no mail.
      for (const selection of [['500013'], ['500012'], ['500007', '500013'], ['999999']]) {
        expectProblem(await postReminders(as[S.DIRECTOR], { employeeNos: selection }), 422);
      }
      expect(newMail()).toEqual([]);
      expect(
        (await reminderRows()).filter((r) => ['500013', '500012', '500007'].includes(r.employee_no)),
      ).toEqual([]);
      // A wider window reaches 500012 (due in 15 days).
      const wider = await remind(as[S.DIRECTOR], { employeeNos: ['500012', '500013'], dueWithinDays: 15 });
      expect(wider).toEqual({
        sent: 1,
        skipped: 0,
        recipients: [{ employeeNo: '500012', name: '再任 六郎', courses: [TITLES.PB] }],
        withoutEmail: [],
        skippedPeople: [skip('500013', null, 'nothing_due')],
      });
      expect(newMail().map((m) => m.envelopeTo)).toEqual([[emailOf('500012')]]);
    });

    it('the 課長 selecting people of another 所属 sends nothing to them (422)', async () => {
      expectProblem(
        await postReminders(as[S.HR_CHIEF], { employeeNos: ['500009', '500013', '500007'] }),
        422,
      );
      expect(newMail()).toEqual([]);
    });

    it('someone with no e-mail address is listed, not mailed, and not marked as reminded', async () => {
      await assignByHand(t, hr, '500014', 'PROMOTER-BASIC', 2026, day(2));
      await t.db.query(`UPDATE staff SET email = NULL WHERE employee_no = '500014'`);
      try {
        expect(await remind(as[S.DIRECTOR], { employeeNos: ['500014'] })).toEqual({
          sent: 0,
          skipped: 0,
          recipients: [],
          withoutEmail: ['500014'],
          skippedPeople: [skip('500014', '漁業 課長', 'no_email')],
        });
        expect(newMail()).toEqual([]);
        expect((await reminderRows()).filter((r) => r.employee_no === '500014')).toEqual([]);
      } finally {
        await t.db.query(`UPDATE staff SET email = $1 WHERE employee_no = '500014'`, [emailOf('500014')]);
      }
      expect(await remind(as[S.DIRECTOR], { employeeNos: ['500014'] })).toMatchObject({
        sent: 1,
        recipients: [{ employeeNo: '500014' }],
      });
      expect(newMail().map((m) => m.envelopeTo)).toEqual([[emailOf('500014')]]);
    });

    it('HR reaches the whole tenant: selected people, then everyone left', async () => {
      expect(await remind(hr, { employeeNos: ['500013'] })).toEqual({
        sent: 1,
        skipped: 0,
        recipients: [{ employeeNo: '500013', name: '企画 五郎', courses: [TITLES.PB] }],
        withoutEmail: [],
        skippedPeople: [],
      });
      expect(newMail().map((m) => m.envelopeTo)).toEqual([[emailOf('500013')]]);
      const rest = await remind(hr);
      // Left for today: only 500007 (KAISO-LEADER, overdue since 5/31). 500003, 500004, 500009, 500011, 500013, 500014 are done.
      expect(rest).toEqual({
        sent: 1,
        skipped: 6,
        recipients: [{ employeeNo: '500007', name: '農業 課長', courses: [TITLES.LEADER] }],
        withoutEmail: [],
        skippedPeople: ['500003', '500004', '500009', '500011', '500013', '500014'].map((no) =>
          skip(no, P[no].name, 'already_reminded'),
        ),
      });
      const [mail, ...more] = newMail();
      expect(more).toEqual([]);
      expect(mail.envelopeTo).toEqual([emailOf('500007')]);
      expect(mail.text).toContain(`・${TITLES.LEADER}（期限: 令和8年5月31日・期限超過）`);
      const adminId = await userIdOf(ADMIN.loginId);
      expect((await reminderRows()).filter((r) => r.employee_no === '500007').map((r) => r.sent_by)).toEqual([
        adminId,
      ]);
      expect(
        (await auditRows()).filter((r) => r.actor_login_id === ADMIN.loginId).map((r) => r.target),
      ).toEqual(['500013', '500007']);
    });

    it('the matrix shows the day each person was last reminded (this year’s courses), with or without filters', async () => {
      const reminded = (m: Matrix) =>
        Object.fromEntries(m.people.map((p) => [p.employeeNo, p.lastRemindedOn]));
      const director = reminded(await matrix(as[S.DIRECTOR], 'fiscalYear=2026'));
      expect(director).toEqual({
        '500001': null,
        '500002': null,
        '500003': TODAY,
        '500004': TODAY,
        '500009': TODAY,
        '500010': null,
        '500011': TODAY,
        '500012': TODAY,
        '500014': TODAY,
      });
      expect(reminded(await matrix(as[S.DIRECTOR], 'fiscalYear=2026&status=overdue'))).toEqual({
        '500004': TODAY,
        '500009': TODAY,
      });
      // FY2026 reminders are not FY2025's.
      expect(Object.values(reminded(await matrix(hr, 'fiscalYear=2025'))).every((d) => d === null)).toBe(
        true,
      );
      // A preview now has nobody left to mail in the 課長's subtree: everyone due was reminded today.
      const again = await preview(as[S.HR_CHIEF]);
      expect({ recipients: again.recipients, skipped: again.skippedPeople.map((p) => p.reason) }).toEqual({
        recipients: 0,
        skipped: ['already_reminded', 'already_reminded', 'already_reminded'],
      });
    });

    it('a past fiscal year: the 課長 of the 所属 that moved reminds their own people about FY2025 (not the leavers)', async () => {
      // FY2025 (reported as of 2026-03-31, when 𩸽漁業課 was under 農林水産部): 500009 and 500014 still owe WORKPLACE-DX.
      const result = await remind(as[S.FISHERY_CHIEF], { fiscalYear: 2025 });
      expect(result).toEqual({
        sent: 2,
        skipped: 0,
        recipients: [
          { employeeNo: '500009', name: '会計 四郎', courses: [TITLES.WDX] },
          { employeeNo: '500014', name: '漁業 課長', courses: [TITLES.WDX] },
        ],
        withoutEmail: [],
        skippedPeople: [],
      });
      const mail = newMail();
      expect(mail.map((m) => m.envelopeTo)).toEqual([[emailOf('500009')], [emailOf('500014')]]);
      expect(mail[0].text).toContain(`・${TITLES.WDX}（期限: 令和8年3月31日・期限超過）`);
    });

    it('every message a manager caused went to someone in their own subtree', async () => {
      const subtree: Record<string, string[]> = {
        [S.HR_CHIEF]: ['500002', '500003', '500004', '500010', '500011'],
        [S.DIRECTOR]: [
          '500001',
          '500002',
          '500003',
          '500004',
          '500010',
          '500011',
          '500012',
          '500009',
          '500014',
        ],
        [S.FISHERY_CHIEF]: ['500008', '500009', '500014'],
      };
      const rows = await reminderRows();
      for (const manager of Object.keys(subtree)) {
        const id = await userIdOf(manager);
        const outside = rows
          .filter((x) => x.sent_by === id && !subtree[manager].includes(x.employee_no))
          .map((x) => x.employee_no);
        expect({ manager, outside }).toEqual({ manager, outside: [] });
      }
      // And every message the SMTP server got matches a reminder row (nobody was mailed without one).
      const emails = new Set(rows.map((r) => r.email));
      expect(smtp.messages.length).toBe(10);
      for (const m of smtp.messages) expect(emails.has(m.envelopeTo[0])).toBe(true);
    });
  });
});
