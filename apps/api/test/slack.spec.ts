import { fiscalYearOf } from '@dx/domain';
import { withTenant } from '../src/database/tenant-context';
import { NotificationDeliveries, webhookContext } from '../src/slack/notification-deliveries.service';
import { WeeklyDigestService } from '../src/team/weekly-digest.service';
import { SecretBox } from '../src/udemy-sync/secret-box';
import {
  adminAuth,
  assignByHand,
  Auth,
  createTenant,
  expectProblem,
  JAPANESE,
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
 * Slack notices against a local fake of Slack's incoming webhooks (support/fake-slack.ts) and a real SMTP server:
 * HR's webhooks (write-only), reminders by Slack or both, the weekly digest, a 429 retried after its Retry-After,
 * a failure recorded and listed for HR, and another tenant seeing none of it.
 *
 *   総務部 100000
 *     人事課 100100  600003 人事 課長 (課長) — its own channel /unit-100100
 *       研修班 100110  600001 「<!channel> 一郎」 overdue, 600002 「*太字* 花子」 overdue
 *     財政課 100200  600004 財政 課長 (課長) — no channel of its own: the tenant's default /default
 *                    600005 財政 三郎, 600007 財政 七郎, 600008 財政 八郎: overdue
 */

const PASSWORD = 'slack-test-password';
const TODAY = todayInTokyoForTests();
const FY = fiscalYearOf(TODAY);
const COURSE = 'PROMOTER-BASIC';
const COURSE_TITLE = 'デジタル活用推進員研修（基礎）';
const ZW = '\u200b';

function day(offset: number): string {
  const [y, m, d] = TODAY.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

const org: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100100', name: '人事課', kind: '所属', parent: '100000' },
  { code: '100110', name: '研修班', kind: '班', parent: '100100' },
  { code: '100200', name: '財政課', kind: '所属', parent: '100000' },
];
const START = `${FY}-04-01`;
const roster = [
  person('600001', { name: '<!channel> 一郎', unit: '100110', assigned: START }),
  person('600002', { name: '*太字* 花子', unit: '100110', assigned: START }),
  person('600003', { name: '人事 課長', unit: '100100', position: '課長', assigned: START }),
  person('600004', { name: '財政 課長', unit: '100200', position: '課長', assigned: START }),
  person('600005', { name: '財政 三郎', unit: '100200', assigned: START }),
  person('600007', { name: '財政 七郎', unit: '100200', assigned: START }),
  person('600008', { name: '財政 八郎', unit: '100200', assigned: START }),
];

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Slack notices', () => {
  let t: TestApp;
  let slack: FakeSlack;
  let smtp: SmtpCapture;
  let admin: Auth;
  let hrManager: Auth;
  let financeManager: Auth;
  let tenantId: number;

  interface DeliveryRow {
    id: number;
    kind: string;
    channel: string;
    target: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }
  const deliveries = (kind?: string): Promise<DeliveryRow[]> =>
    t.db.query(
      `SELECT id, kind, channel, target, status, attempts, last_error FROM notification_delivery
        WHERE tenant_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY id`,
      kind ? [tenantId, kind] : [tenantId],
    );
  const settled = (id: number) =>
    until(`delivery ${id}`, async () => {
      const [row] = await t.db.query(`SELECT * FROM notification_delivery WHERE id = $1`, [id]);
      return row && row.status !== 'pending' ? row : undefined;
    });

  beforeAll(async () => {
    slack = await startFakeSlack();
    smtp = await startSmtpCapture();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SLACK_MAX_ATTEMPTS: '3',
      SLACK_RETRY_SECONDS: '0',
      // The fake Slack listens on the loopback address, over plain HTTP: allowed only because it is listed here.
      SLACK_WEBHOOK_HOSTS: 'hooks.slack.com,127.0.0.1',
    });
    tenantId = await tenantIdOf(t);
    admin = await adminAuth(t);
    await importOk(t, 'org-units', admin, orgCsv(org), { effectiveDate: START });
    await importOk(t, 'staff', admin, staffCsv(roster), { effectiveDate: START });
    for (const no of ['600001', '600002', '600005', '600007', '600008'])
      await assignByHand(t, admin, no, COURSE, FY, day(-5));
    for (const no of ['600003', '600004']) await setPassword(t, admin, no, PASSWORD);
    hrManager = await loginAs(t, '600003', PASSWORD);
    financeManager = await loginAs(t, '600004', PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
    await smtp?.close();
  });

  it('refuses a Slack reminder while no webhook is set', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/team/reminders',
      headers: hrManager,
      payload: { employeeNos: ['600001'], channel: 'slack' },
    });
    expect(expectProblem(response, 422).title).toBe('Slack が接続されていません');
  });

  it('keeps a webhook write-only: the answer and the table show only that one is set and its host', async () => {
    const saved = await t.request({
      method: 'PUT',
      url: '/api/v1/slack/settings',
      headers: admin,
      payload: { webhookUrl: slack.url('/default') },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({
      webhook: { host: '127.0.0.1', updatedAt: expect.any(String) },
      unitChannels: [],
    });
    const unit = await t.request({
      method: 'PUT',
      url: '/api/v1/slack/unit-channels/100100',
      headers: admin,
      payload: { webhookUrl: slack.url('/unit-100100') },
    });
    expect(unit.json().unitChannels).toEqual([
      { orgUnitCode: '100100', orgUnitName: '人事課', host: '127.0.0.1', updatedAt: expect.any(String) },
    ]);
    const view = await t.request({ method: 'GET', url: '/api/v1/slack/settings', headers: admin });
    expect(view.body).not.toContain('/default');
    expect(view.body).not.toContain('unit-100100');
    const stored = await t.db.query(`SELECT url_ciphertext FROM slack_webhook WHERE tenant_id = $1`, [
      tenantId,
    ]);
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.url_ciphertext).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('127.0.0.1');

    expect(
      expectProblem(
        await t.request({
          method: 'PUT',
          url: '/api/v1/slack/unit-channels/999999',
          headers: admin,
          payload: { webhookUrl: slack.url('/x') },
        }),
        404,
      ),
    ).toBeTruthy();
    expectProblem(
      await t.request({
        method: 'PUT',
        url: '/api/v1/slack/settings',
        headers: admin,
        payload: { webhookUrl: 'not a url' },
      }),
      422,
    );
  });

  it('refuses a webhook that is not https:// or not on an allowed host, naming the field in Japanese', async () => {
    const save = (webhookUrl: string) =>
      t.request({ method: 'PUT', url: '/api/v1/slack/settings', headers: admin, payload: { webhookUrl } });
    const before = await t.db.query(`SELECT org_unit_code, url_ciphertext FROM slack_webhook ORDER BY 1`);
    const refusal = async (webhookUrl: string) => {
      const problem = expectProblem(await save(webhookUrl), 422);
      expect(problem.errors).toEqual([{ field: 'webhookUrl', message: expect.stringMatching(JAPANESE) }]);
      return (problem.errors as { message: string }[])[0].message;
    };
    // Plain HTTP to Slack, or to anything but the loopback address.
    expect(await refusal('http://hooks.slack.com/services/T000/B000/XXXX')).toContain('https:// で始まるURL');
    expect(await refusal('http://192.0.2.10/hook')).toContain('https:// で始まるURL');
    // Hosts SLACK_WEBHOOK_HOSTS does not list, over HTTPS too; loopback names other than the listed one.
    expect(await refusal('https://intranet.example.lg.jp/hook')).toBe(
      'Webhook URL の送信先「intranet.example.lg.jp」は許可されていません（許可されている送信先: hooks.slack.com、127.0.0.1）。Slack の Incoming Webhook のURLを入力してください。',
    );
    expect(await refusal(slack.url('/x').replace('127.0.0.1', 'localhost'))).toContain('「localhost」');
    expect(await refusal('https://hooks.slack.com.evil.example/services/x')).toContain('許可されていません');
    expect(await refusal('https://me:secret@hooks.slack.com/services/x')).toContain('利用者名やパスワード');
    expect(await refusal('hooks.slack.com/services/T000/B000/XXXX')).toContain('形式が正しくありません');
    expect(await t.db.query(`SELECT org_unit_code, url_ciphertext FROM slack_webhook ORDER BY 1`)).toEqual(
      before,
    );
    // Slack's own host over HTTPS is taken.
    const slackHost = await t.request({
      method: 'PUT',
      url: '/api/v1/slack/unit-channels/100200',
      headers: admin,
      payload: { webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' },
    });
    expect(slackHost.statusCode).toBe(200);
    expect(
      (await t.request({ method: 'DELETE', url: '/api/v1/slack/unit-channels/100200', headers: admin }))
        .statusCode,
    ).toBe(200);
  });

  it('sends a Slack reminder to the unit channel, with names as text, retried after a 429 Retry-After', async () => {
    slack.fail('/unit-100100', 429, { headers: { 'retry-after': '1' }, times: 1 });
    const before = smtp.take().length;
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/team/reminders',
      headers: hrManager,
      payload: { employeeNos: ['600001', '600002'], channel: 'slack' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ sent: 2, slackMessages: 1 });
    const [delivery] = await deliveries('reminder');
    expect(delivery).toMatchObject({ channel: 'slack', target: 'slack:unit:100100' });
    const done = await settled(delivery.id);
    expect(done).toMatchObject({ status: 'sent', attempts: 2 });
    const tries = slack.requests.filter((r) => r.path === '/unit-100100');
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(900);
    const text = tries[1].text;
    expect(text).toContain('&lt;!channel&gt; 一郎 さん');
    expect(text).toContain(`*${ZW}太字*${ZW} 花子 さん`);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain(COURSE_TITLE);
    // Slack only: no e-mail went out.
    expect(smtp.take().length - before).toBe(0);
  });

  it('sends both ways: an e-mail to the person and a message to the default channel of a 所属 without its own', async () => {
    smtp.take();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/team/reminders',
      headers: financeManager,
      payload: { employeeNos: ['600005'], channel: 'both' },
    });
    expect(response.json()).toMatchObject({ sent: 1, slackMessages: 1 });
    const mails = smtp.take();
    expect(mails.map((m) => m.to)).toEqual(['s600005@example.lg.jp']);
    const delivery = (await deliveries('reminder')).at(-1)!;
    expect(delivery.target).toBe('slack:default');
    await settled(delivery.id);
    expect(slack.delivered('/default').at(-1)?.text).toContain('財政 三郎 さん');
  });

  it('keeps the e-mail reminder by default (no channel): nothing goes to Slack', async () => {
    const count = (await deliveries()).length;
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/team/reminders',
      headers: financeManager,
      payload: { employeeNos: ['600007'] },
    });
    expect(response.json()).toMatchObject({ sent: 1 });
    expect(response.json().slackMessages).toBeUndefined();
    expect(smtp.take().map((m) => m.to)).toEqual(['s600007@example.lg.jp']);
    expect(await deliveries()).toHaveLength(count);
  });

  it('sends each manager a digest of their own subtree only, by e-mail and to their 所属 channel', async () => {
    smtp.take();
    const digests = await withTenant(tenantId, () => t.app.get(WeeklyDigestService).runTenant(tenantId));
    const byManager = Object.fromEntries(
      digests.map((d) => [d.manager.employeeNo, d.people.map((p) => p.employeeNo).sort()]),
    );
    expect(byManager).toEqual({
      '600003': ['600001', '600002'],
      '600004': ['600005', '600007', '600008'],
    });
    const mails = smtp.take();
    expect(mails.map((m) => m.to).sort()).toEqual(['s600003@example.lg.jp', 's600004@example.lg.jp']);
    const hrMail = mails.find((m) => m.to === 's600003@example.lg.jp')!;
    expect(hrMail.text).toContain('<!channel> 一郎');
    expect(hrMail.text).not.toContain('財政');
    // Slack: only 人事課 has a channel of its own; 財政課's manager gets the e-mail alone.
    const slackDigests = await deliveries('digest');
    expect(slackDigests.filter((d) => d.channel === 'slack').map((d) => d.target)).toEqual([
      'slack:unit:100100',
    ]);
    expect(slackDigests.filter((d) => d.channel === 'email').map((d) => d.status)).toEqual(['sent', 'sent']);
    const digest = slackDigests.find((d) => d.channel === 'slack')!;
    await settled(digest.id);
    const text = slack.delivered('/unit-100100').at(-1)!.text;
    expect(text).toContain('期限超過 2 件・2 人');
    expect(text).toContain('&lt;!channel&gt; 一郎 さん');
    expect(text).not.toContain('財政');
  });

  it('records a delivery that keeps failing as failed and lists it for HR; other tenants see none of it', async () => {
    slack.fail('/unit-100100', 500);
    const digests = await withTenant(tenantId, () => t.app.get(WeeklyDigestService).runTenant(tenantId));
    expect(digests.length).toBe(2);
    const failing = (await deliveries('digest')).filter((d) => d.channel === 'slack').at(-1)!;
    const done = await settled(failing.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 3 });
    expect(done.last_error).toContain('HTTP 500');

    const listed = await t.request({
      method: 'GET',
      url: '/api/v1/notifications/deliveries/failed',
      headers: admin,
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([
      expect.objectContaining({
        id: failing.id,
        kind: 'digest',
        target: 'slack:unit:100100',
        status: 'failed',
      }),
    ]);
    expect(listed.body).not.toContain(slack.url('/unit-100100'));

    // A manager may not read the settings or the failures.
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/notifications/deliveries/failed', headers: hrManager }),
      403,
    );

    const other = await createTenant(t, 'slack-other');
    const otherSettings = await t.request({
      method: 'GET',
      url: '/api/v1/slack/settings',
      headers: other.admin,
    });
    expect(otherSettings.json()).toEqual({ webhook: null, unitChannels: [] });
    const otherFailed = await t.request({
      method: 'GET',
      url: '/api/v1/notifications/deliveries/failed',
      headers: other.admin,
    });
    expect(otherFailed.json()).toEqual([]);
    expectProblem(
      await t.request({ method: 'DELETE', url: '/api/v1/slack/unit-channels/100100', headers: other.admin }),
      404,
    );
    const otherDigests = await withTenant(other.tenantId, () =>
      t.app.get(WeeklyDigestService).runTenant(other.tenantId),
    );
    expect(otherDigests).toEqual([]);
  });

  it('does not count a Slack reminder that no channel reaches: given back and listed as not sent', async () => {
    const removed = await t.request({ method: 'DELETE', url: '/api/v1/slack/settings', headers: admin });
    expect(removed.json().webhook).toBeNull();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/team/reminders',
      headers: financeManager,
      payload: { employeeNos: ['600008'], channel: 'slack' },
    });
    expect(response.json()).toMatchObject({
      sent: 0,
      slackMessages: 0,
      skippedPeople: [{ employeeNo: '600008', name: '財政 八郎', reason: 'send_failed' }],
    });
    const claims = await t.db.query(
      `SELECT r.id FROM reminder r JOIN staff s ON s.id = r.staff_id WHERE s.employee_no = '600008'`,
    );
    expect(claims).toEqual([]);
  });

  it('does not post to a stored webhook the deployment no longer allows: the delivery fails at once, with the reason', async () => {
    // As if saved before SLACK_WEBHOOK_HOSTS was narrowed: the stored URL points elsewhere.
    const sealed = t.app
      .get(SecretBox)
      .seal('https://old-proxy.example.lg.jp/hook', webhookContext(tenantId, '100100'));
    await t.db.query(
      `UPDATE slack_webhook SET url_ciphertext = $1 WHERE tenant_id = $2 AND org_unit_code = '100100'`,
      [sealed, tenantId],
    );
    const id = await withTenant(tenantId, () =>
      t.app.get(NotificationDeliveries).enqueueSlack(tenantId, 'reminder', '100100', 'テスト'),
    );
    const done = await settled(id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect(done.last_error).toContain('「old-proxy.example.lg.jp」は許可されていません');
  });
});
