import { fiscalYearOf, formatFiscalYear } from '@dx/domain';
import { PROMOTER_REQUEST_SUBJECT } from '../src/promoters/promoter-coverage.service';
import {
  adminAuth,
  Auth,
  createTenant,
  expectProblem,
  importOk,
  loginAs,
  orgCsv,
  OrgUnitInput,
  person,
  setPassword,
  SmtpCapture,
  staffCsv,
  startSmtpCapture,
  tenantIdOf,
  todayInTokyoForTests,
} from './support/factories';
import { FakeSlack, startFakeSlack } from './support/fake-slack';
import { createTestApp, TestApp } from './support/test-app';

/*
 * 推進員の配置状況 (GET /api/v1/promoter-coverage, POST /api/v1/promoter-coverage/requests) on a real PostgreSQL, a real
 * SMTP server and a local fake of Slack's webhooks. Last year's roster (1 April of the previous fiscal year), then
 * this year's (today):
 *
 *   総務部 100000
 *     人事課 100100  700001 人事 課長 (課長)        promoter 700002 in 研修班 100110 — leaves in today's roster
 *     財政課 100200  700003 財政 課長 (課長, no address)  promoter 700004 — leaves in today's roster
 *   農林部 200000    700009 農林 部長 (部長)
 *     農業課 200100  700005 農業 課長 (課長)        promoter 700006 — moves to 林業課 in today's roster
 *     林業課 200200  nobody at 所属長 level         700007
 *     企画班 200010 (a 班 directly under the 部局)   promoter 700008: covers no 所属
 */

const TODAY = todayInTokyoForTests();
const FY = fiscalYearOf(TODAY);
const LAST_APRIL = `${FY - 1}-04-01`;
const PASSWORD = 'coverage-test-password';

const org: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100100', name: '人事課', kind: '所属', parent: '100000' },
  { code: '100110', name: '研修班', kind: '班', parent: '100100' },
  { code: '100200', name: '財政課', kind: '所属', parent: '100000' },
  { code: '200000', name: '農林部', kind: '部局' },
  { code: '200100', name: '農業課', kind: '所属', parent: '200000' },
  { code: '200200', name: '林業課', kind: '所属', parent: '200000' },
  { code: '200010', name: '企画班', kind: '班', parent: '200000' },
];
const at = { assigned: LAST_APRIL };
const lastYear = [
  person('700001', { ...at, name: '人事 課長', unit: '100100', position: '課長' }),
  person('700002', { ...at, name: '研修 推進', unit: '100110' }),
  person('700003', { ...at, name: '財政 課長', unit: '100200', position: '課長', email: '' }),
  person('700004', { ...at, name: '財政 推進', unit: '100200' }),
  person('700005', { ...at, name: '農業 課長', unit: '200100', position: '課長' }),
  person('700006', { ...at, name: '農業 推進', unit: '200100' }),
  person('700007', { ...at, name: '林業 職員', unit: '200200' }),
  person('700008', { ...at, name: '企画 推進', unit: '200010' }),
  person('700009', { ...at, name: '農林 部長', unit: '200000', position: '部長' }),
];
/** Today's roster: 700002 and 700004 have left, 700006 moved to 林業課. */
const thisYear = lastYear
  .filter((p) => p.no !== '700002' && p.no !== '700004')
  .map((p) => (p.no === '700006' ? { ...p, unit: '200200', assigned: TODAY } : p));

interface Coverage {
  fiscalYear: number;
  asOf: string;
  sections: number;
  sectionsWithPromoter: number;
  rate: number;
  uncovered: {
    unitCode: string;
    unitName: string;
    departmentCode: string | null;
    departmentName: string | null;
    head: { employeeNo: string; name: string; hasEmail: boolean } | null;
    staffCount: number;
    lastRequestedAt: string | null;
  }[];
}

interface RequestResult {
  asked: number;
  emailsSent: number;
  slackMessages: number;
  alreadyAskedToday: { unitCode: string; unitName: string }[];
  failures: { unitCode: string; unitName: string; reason: string }[];
}

async function until<T>(what: string, check: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('推進員の配置状況: 所属 without a デジタル活用推進員, and asking their heads to name one', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let slack: FakeSlack;
  let hr: Auth;
  let tenantId: number;

  const coverage = async (auth: Auth = hr, fiscalYear = FY): Promise<Coverage> => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/promoter-coverage?fiscalYear=${fiscalYear}`,
      headers: auth,
    });
    if (response.statusCode !== 200) throw new Error(`coverage: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const ask = (auth: Auth = hr, payload: Record<string, unknown> = {}) =>
    t.request({
      method: 'POST',
      url: `/api/v1/promoter-coverage/requests?fiscalYear=${FY}`,
      headers: auth,
      payload,
    });
  const askOk = async (payload: Record<string, unknown> = {}): Promise<RequestResult> => {
    const response = await ask(hr, payload);
    if (response.statusCode !== 200) throw new Error(`ask: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const kpiCoverage = async () => {
    const response = await t.request({ method: 'GET', url: `/api/v1/kpi?fiscalYear=${FY}`, headers: hr });
    expect(response.statusCode).toBe(200);
    return response.json().promoterCoverage as {
      sections: number;
      sectionsWithPromoter: number;
      rate: number;
    };
  };
  const uncoveredCodes = async () => (await coverage()).uncovered.map((u) => u.unitCode);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    slack = await startFakeSlack();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SLACK_RETRY_SECONDS: '0',
      // The fake Slack on the loopback address (plain HTTP is allowed only there, and only when listed).
      SLACK_WEBHOOK_HOSTS: 'hooks.slack.com,127.0.0.1',
    });
    tenantId = await tenantIdOf(t);
    hr = await adminAuth(t);
    await importOk(t, 'org-units', hr, orgCsv(org), { effectiveDate: LAST_APRIL });
    await importOk(t, 'staff', hr, staffCsv(lastYear), { effectiveDate: LAST_APRIL });
    for (const no of ['700002', '700004', '700006', '700008']) {
      const response = await t.request({
        method: 'PUT',
        url: `/api/v1/promoters/${no}?fiscalYear=${FY}`,
        headers: hr,
        payload: { designatedOn: `${FY}-04-01` },
      });
      expect(response.statusCode).toBe(204);
    }
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await slack?.close();
  });

  it('lists the 所属 without an active promoter with its 部局, 所属長, staff count, and the KPI shows the same figure', async () => {
    const list = await coverage();
    expect(list).toEqual({
      fiscalYear: FY,
      asOf: TODAY,
      sections: 4,
      sectionsWithPromoter: 3,
      rate: 0.75,
      uncovered: [
        {
          unitCode: '200200',
          unitName: '林業課',
          departmentCode: '200000',
          departmentName: '農林部',
          // Nobody at 所属長 level is placed in 林業課 (the 部長 stands in the 部局 itself).
          head: null,
          staffCount: 1,
          lastRequestedAt: null,
        },
      ],
    });
    // The 企画班 promoter stands directly under the 部局: they cover no 所属 (the KPI agrees, one definition).
    expect(await kpiCoverage()).toEqual({ sections: 4, sectionsWithPromoter: 3, rate: 0.75 });
    // Another year has no designations: every 所属 is listed.
    expect((await coverage(hr, FY - 1)).uncovered.map((u) => u.unitCode)).toEqual([
      '100100',
      '100200',
      '200100',
      '200200',
    ]);
  });

  it('asks nobody when nothing can reach a 所属 (no 所属長, no Slack), records nothing and names why', async () => {
    const result = await askOk();
    expect(result).toEqual({
      asked: 0,
      emailsSent: 0,
      slackMessages: 0,
      alreadyAskedToday: [],
      failures: [{ unitCode: '200200', unitName: '林業課', reason: expect.stringContaining('所属長') }],
    });
    expect(smtp.take()).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM promoter_request WHERE tenant_id = $1`, [tenantId])).toEqual([]);
    expect((await coverage()).uncovered[0].lastRequestedAt).toBeNull();
  });

  it('a roster import changes coverage at once: the 所属 of a promoter who left or moved appears on the list', async () => {
    await importOk(t, 'staff', hr, staffCsv(thisYear), { effectiveDate: TODAY, allowMassLeave: true });
    const list = await coverage();
    // 700002 (人事課) and 700004 (財政課) left; 700006 moved from 農業課 to 林業課, which it covers now.
    expect(list.uncovered.map((u) => [u.unitCode, u.head?.employeeNo ?? null, u.staffCount])).toEqual([
      ['100100', '700001', 1],
      ['100200', '700003', 1],
      ['200100', '700005', 1],
    ]);
    expect(list.uncovered[1].head).toEqual({ employeeNo: '700003', name: '財政 課長', hasEmail: false });
    expect([list.sections, list.sectionsWithPromoter]).toEqual([4, 1]);
    expect(await kpiCoverage()).toEqual({ sections: 4, sectionsWithPromoter: 1, rate: 0.25 });
    // The roster itself keeps the year's designations (history is never rewritten).
    const roster = await t.request({ method: 'GET', url: `/api/v1/promoters?fiscalYear=${FY}`, headers: hr });
    expect(roster.json().map((p: { employeeNo: string }) => p.employeeNo)).toEqual(
      expect.arrayContaining(['700002', '700004', '700006', '700008']),
    );
  });

  it('asks each head by real e-mail and each Slack channel once, records who asked when, and the list shows it', async () => {
    for (const [path, url] of [
      ['/api/v1/slack/settings', slack.url('/default')],
      ['/api/v1/slack/unit-channels/100100', slack.url('/unit-100100')],
    ])
      expect(
        (await t.request({ method: 'PUT', url: path, headers: hr, payload: { webhookUrl: url } })).statusCode,
      ).toBe(200);
    const before = Date.now();
    const result = await askOk();
    expect(result).toEqual({
      asked: 3,
      emailsSent: 2,
      slackMessages: 2,
      alreadyAskedToday: [],
      failures: [
        {
          unitCode: '100200',
          unitName: '財政課',
          reason: expect.stringMatching(/メールアドレスが登録されていません.*Slack/),
        },
      ],
    });
    const mails = smtp.take();
    expect(mails.map((m) => m.envelopeTo).sort()).toEqual([
      ['s700001@example.lg.jp'],
      ['s700005@example.lg.jp'],
    ]);
    for (const mail of mails) expect(mail.subject).toBe(PROMOTER_REQUEST_SUBJECT);
    const toHr = mails.find((m) => m.envelopeTo[0] === 's700001@example.lg.jp')!;
    expect(toHr.text).toContain('人事 課長 様');
    expect(toHr.text).toContain('総務部 人事課には');
    expect(toHr.text).toContain(formatFiscalYear(FY));

    // 人事課 has a channel of its own; 農業課 and 財政課 go to the tenant's default channel, in one message.
    const unitPost = await until('the 人事課 channel', () => slack.delivered('/unit-100100')[0]);
    expect(unitPost.text).toContain('人事課（所属長: 人事 課長 さん）');
    const defaultPost = await until('the default channel', () => slack.delivered('/default')[0]);
    expect(defaultPost.text).toContain('農業課（所属長: 農業 課長 さん）');
    expect(defaultPost.text).toContain('財政課（所属長: 財政 課長 さん）');
    expect(slack.delivered()).toHaveLength(2);

    const rows = await t.db.query(
      `SELECT unit_code, requested_by, requested_on::text AS day, head_employee_no, emailed_to, slack_target, requested_at
         FROM promoter_request WHERE tenant_id = $1 ORDER BY unit_code`,
      [tenantId],
    );
    expect(rows.map(({ requested_at: _, ...r }: Record<string, unknown>) => r)).toEqual([
      {
        unit_code: '100100',
        requested_by: 'admin',
        day: TODAY,
        head_employee_no: '700001',
        emailed_to: 's700001@example.lg.jp',
        slack_target: 'slack:unit:100100',
      },
      {
        unit_code: '100200',
        requested_by: 'admin',
        day: TODAY,
        head_employee_no: '700003',
        emailed_to: null,
        slack_target: 'slack:default',
      },
      {
        unit_code: '200100',
        requested_by: 'admin',
        day: TODAY,
        head_employee_no: '700005',
        emailed_to: 's700005@example.lg.jp',
        slack_target: 'slack:default',
      },
    ]);
    const list = await coverage();
    for (const unit of list.uncovered) {
      expect(unit.lastRequestedAt).not.toBeNull();
      expect(Date.parse(unit.lastRequestedAt!)).toBeGreaterThanOrEqual(before - 1000);
    }
    // One line per press: the first (which reached nobody) and this one.
    const [, audit] = await t.db.query(
      `SELECT actor_login_id, target, detail FROM audit_log WHERE tenant_id = $1 AND action = 'promoter.requested'
        ORDER BY id`,
      [tenantId],
    );
    expect(audit).toMatchObject({
      actor_login_id: 'admin',
      target: String(FY),
      detail: { units: ['100100', '100200', '200100'], emailsSent: 2, slackMessages: 2 },
    });
  });

  it('a second press the same day asks nobody again', async () => {
    const result = await askOk();
    expect(result).toMatchObject({ asked: 0, emailsSent: 0, slackMessages: 0, failures: [] });
    expect(result.alreadyAskedToday.map((u) => u.unitCode)).toEqual(['100100', '100200', '200100']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.take()).toEqual([]);
    expect(slack.delivered()).toHaveLength(2);
    expect(await t.db.query(`SELECT 1 FROM promoter_request WHERE tenant_id = $1`, [tenantId])).toHaveLength(
      3,
    );
  });

  it('names a 所属 that is not on the list (a covered one) in a Japanese 422', async () => {
    const problem = expectProblem(await ask(hr, { unitCodes: ['200200'] }), 422);
    expect(problem.detail).toContain('所属コード「200200」');
    expectProblem(await ask(hr, { unitCodes: 'all' }), 422);
  });

  it('a manager cannot see or press it; another tenant sees only its own 所属 and cannot ask ours', async () => {
    await setPassword(t, hr, '700001', PASSWORD);
    const manager = await loginAs(t, '700001', PASSWORD);
    expectProblem(
      await t.request({ method: 'GET', url: `/api/v1/promoter-coverage?fiscalYear=${FY}`, headers: manager }),
      403,
    );
    expectProblem(await ask(manager), 403);
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/promoter-coverage' }), 401);

    const other = await createTenant(t, 'cover-other');
    expect(await coverage(other.admin)).toMatchObject({
      sections: 0,
      sectionsWithPromoter: 0,
      uncovered: [],
    });
    expectProblem(await ask(other.admin, { unitCodes: ['100100'] }), 422);
    expect(await ask(other.admin)).toMatchObject({ statusCode: 200 });
    expect(smtp.take()).toEqual([]);
    expect(await uncoveredCodes()).toEqual(['100100', '100200', '200100']);
  });
});
