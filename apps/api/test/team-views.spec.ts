import {
  adminAuth,
  assignByHand,
  Auth,
  buildCompletionScenario,
  expectProblem,
  SCENARIO,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/*
 * On the completion scenario (support/factories.ts): the 職員 list's unit path and order (GET /api/v1/staff), a
 * manager's statistics and exports of their own subtree with file names that say their encoding, and reminders when
 * the SMTP server cannot be reached (the claims are given back, the people are listed as not sent).
 *
 * Today's org: 総務部 (100000) ⊃ 人事課 (100100) ⊃ 研修班 (100110); =SUM(A1)課 (100200); 𩸽漁業課 (200200, under 総務部
 * since 10/1). 農林水産部 (200000) ⊃ 農業政策課 (200100), 企画班 (200010, a 班 directly under the 部局).
 */

const S = SCENARIO;
const TODAY = todayInTokyoForTests();

function day(offset: number): string {
  const [y, m, d] = TODAY.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

describe('views of a manager’s subtree: 職員 paths, statistics, exports, undeliverable reminders', () => {
  let t: TestApp;
  let hr: Auth;
  let as: Record<string, Auth>;

  const get = (auth: Auth, url: string) => t.request({ method: 'GET', url, headers: auth });
  const staff = async (auth: Auth, query = '') => {
    const response = await get(auth, `/api/v1/staff?pageSize=100${query ? '&' + query : ''}`);
    if (response.statusCode !== 200)
      throw new Error(`GET staff ${query}: ${response.statusCode} ${response.body.slice(0, 500)}`);
    return (response.json() as { items: { employeeNo: string; unitName: string; unitPath: string }[] }).items;
  };
  const paths = (items: { employeeNo: string; unitPath: string }[]) =>
    Object.fromEntries(items.map((i) => [i.employeeNo, i.unitPath]));
  const fileNameOf = (disposition: unknown): string =>
    decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/i.exec(String(disposition))![1]);

  beforeAll(async () => {
    expect(TODAY >= '2026-10-01' && TODAY <= '2027-03-15').toBe(true);
    // Port 9 (discard) on the loopback: nothing listens, so every message fails to send.
    t = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '9' });
    hr = await adminAuth(t);
    as = await buildCompletionScenario(t, hr);
    await assignByHand(t, hr, S.NEWHIRE_2025, 'PROMOTER-BASIC', 2026, day(-10));
  });
  afterAll(() => t?.close());

  describe('GET /api/v1/staff: unitPath and sort', () => {
    it('the 部長 sees 課 / 班 below the 部局; the 課長 the 班 below the 所属; HR the whole path', async () => {
      expect(paths(await staff(as[S.DIRECTOR]))).toEqual({
        '500001': '総務部',
        '500002': '人事課',
        '500003': '人事課 / 研修班',
        '500004': '人事課 / 研修班',
        '500009': '𩸽漁業課',
        '500010': '人事課',
        '500011': '人事課 / 研修班',
        '500012': '=SUM(A1)課',
        '500014': '𩸽漁業課',
      });
      expect(paths(await staff(as[S.HR_CHIEF]))).toEqual({
        '500002': '人事課',
        '500003': '研修班',
        '500004': '研修班',
        '500010': '人事課',
        '500011': '研修班',
      });
      const all = paths(await staff(hr));
      expect(all['500003']).toBe('総務部 / 人事課 / 研修班');
      expect(all['500013']).toBe('農林水産部 / 企画班');
      expect(all['500005']).toBe('農林水産部 / 農業政策課');
      // A unit filter keeps the path from the viewer's unit; the unit name stays the person's own unit.
      const team = await staff(as[S.DIRECTOR], 'orgUnitCode=100110');
      expect(team.map((i) => [i.employeeNo, i.unitName, i.unitPath])).toEqual([
        ['500003', '研修班', '人事課 / 研修班'],
        ['500004', '研修班', '人事課 / 研修班'],
        ['500011', '研修班', '人事課 / 研修班'],
      ]);
    });

    it('sort=unit / -unit orders by unit (org order), then 職員番号; the default stays 職員番号; other values are 422', async () => {
      const nos = (items: { employeeNo: string }[]) => items.map((i) => i.employeeNo);
      expect(nos(await staff(as[S.DIRECTOR]))).toEqual([
        '500001',
        '500002',
        '500003',
        '500004',
        '500009',
        '500010',
        '500011',
        '500012',
        '500014',
      ]);
      expect(nos(await staff(as[S.DIRECTOR], 'sort=unit'))).toEqual([
        '500001',
        '500002',
        '500010',
        '500003',
        '500004',
        '500011',
        '500012',
        '500009',
        '500014',
      ]);
      expect(nos(await staff(as[S.DIRECTOR], 'sort=-unit'))).toEqual([
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
      expect(nos(await staff(as[S.DIRECTOR], 'sort=unit&q=' + encodeURIComponent('課長')))).toEqual([
        '500002',
        '500011',
        '500014',
      ]);
      const page2 = await get(as[S.DIRECTOR], '/api/v1/staff?sort=unit&pageSize=4&page=2');
      expect(nos(page2.json().items)).toEqual(['500004', '500011', '500012', '500009']);
      expect(page2.json().total).toBe(9);
      expectProblem(await get(as[S.DIRECTOR], '/api/v1/staff?sort=name'), 422);
    });
  });

  describe('a manager’s statistics and exports: their own subtree only', () => {
    it('GET /reports/completion: the 部長 by 所属, the 課長 by 職位; a unit outside is 404, a learner 403', async () => {
      const bySection = await get(
        as[S.DIRECTOR],
        '/api/v1/reports/completion?fiscalYear=2026&groupBy=section',
      );
      expect(bySection.statusCode).toBe(200);
      expect((bySection.json().rows as { key: string }[]).map((r) => r.key)).toEqual([
        '100000',
        '100100',
        '100200',
        '200200',
      ]);
      const byPosition = await get(
        as[S.HR_CHIEF],
        '/api/v1/reports/completion?fiscalYear=2026&groupBy=position',
      );
      expect(byPosition.json().totals.assigned).toBe(7);
      expect((byPosition.json().rows as { key: string }[]).map((r) => r.key).sort()).toEqual(
        ['主事', '課長'].sort(),
      );
      expectProblem(
        await get(as[S.HR_CHIEF], '/api/v1/reports/completion?fiscalYear=2026&orgUnitCode=200100'),
        404,
      );
      expectProblem(
        await get(as[S.HR_CHIEF], '/api/v1/reports/completion?fiscalYear=2026&orgUnitCode=100000'),
        404,
      );
      expectProblem(await get(as[S.YOSHIDA], '/api/v1/reports/completion?fiscalYear=2026'), 403);
    });

    it('the three exports work for the 課長 with the rows of their subtree, named with the year and the encoding', async () => {
      const utf8 = await get(as[S.HR_CHIEF], '/api/v1/exports/completion.csv?fiscalYear=2026');
      expect(utf8.statusCode).toBe(200);
      expect(fileNameOf(utf8.headers['content-disposition'])).toBe('受講状況_令和8年度_UTF-8.csv');
      const text = utf8.rawPayload.subarray(3).toString('utf8');
      const employeeNos = new Set(
        text
          .trim()
          .split('\r\n')
          .slice(1)
          .map((line) => line.split(',')[5].replace(/"/g, '')),
      );
      expect([...employeeNos].sort()).toEqual(['500002', '500003', '500004', '500010', '500011']);
      const sjis = await get(
        as[S.HR_CHIEF],
        '/api/v1/exports/completion.csv?fiscalYear=2026&encoding=shift_jis',
      );
      expect(sjis.statusCode).toBe(200);
      expect(fileNameOf(sjis.headers['content-disposition'])).toBe('受講状況_令和8年度_Shift_JIS.csv');
      const xlsx = await get(
        as[S.HR_CHIEF],
        '/api/v1/exports/completion.xlsx?fiscalYear=2026&orgUnitCode=100110',
      );
      expect(xlsx.statusCode).toBe(200);
      expect(fileNameOf(xlsx.headers['content-disposition'])).toBe('受講状況_令和8年度.xlsx');
      expectProblem(
        await get(as[S.HR_CHIEF], '/api/v1/exports/completion.csv?fiscalYear=2026&orgUnitCode=200200'),
        404,
      );
      expectProblem(await get(as[S.YOSHIDA], '/api/v1/exports/completion.xlsx?fiscalYear=2026'), 403);
    });
  });

  it('reminders the SMTP server does not take: listed as send_failed, not recorded, not audited, sent on a later try', async () => {
    const post = (url: string, payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url, headers: as[S.HR_CHIEF], payload });
    const response = await post('/api/v1/team/reminders', { employeeNos: [S.NEWHIRE_2025] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      sent: 0,
      skipped: 0,
      recipients: [],
      withoutEmail: [],
      skippedPeople: [{ employeeNo: S.NEWHIRE_2025, name: '新人 花子', reason: 'send_failed' }],
    });
    expect(await t.db.query(`SELECT id FROM reminder`)).toEqual([]);
    expect(await t.db.query(`SELECT id FROM audit_log WHERE action = 'reminder.sent'`)).toEqual([]);
    // Not claimed: the preview still offers the same e-mail.
    const preview = await post('/api/v1/team/reminders/preview', { employeeNos: [S.NEWHIRE_2025] });
    expect(preview.json().recipients).toBe(1);
    const matrix = await get(as[S.HR_CHIEF], '/api/v1/team/matrix?fiscalYear=2026');
    expect(
      matrix.json().people.find((p: { employeeNo: string }) => p.employeeNo === S.NEWHIRE_2025)
        .lastRemindedOn,
    ).toBeNull();
  });
});
