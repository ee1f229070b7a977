import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ADMIN, ARTIFACTS, adminHeaders, expectNoAxeViolations, loadSampleRoster, logIn } from './support';

/** A real SMTP server on the port the e2e server sends to: the requests to the 所属長 arrive here. */
function startSmtp(): Promise<{ messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  return new Promise((done) =>
    server.listen(Number(process.env.E2E_SMTP_PORT ?? 2526), '127.0.0.1', () =>
      done({ messages, close: () => new Promise((closed) => server.close(() => closed())) }),
    ),
  );
}

const FISCAL_YEAR = (() => {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' })
    .format(new Date())
    .split('-')
    .map(Number);
  return month >= 4 ? year : year - 1;
})();

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  // 企画課 gets a promoter (鈴木 一 of its 政策班); 廃棄物対策課 has none.
  const designated = await request.put(`/api/v1/promoters/500003?fiscalYear=${FISCAL_YEAR}`, {
    headers,
    data: { designatedOn: `${FISCAL_YEAR}-04-01` },
  });
  expect(designated.status()).toBe(204);
});

test('HR opens 推進員の配置状況 from the KPI dashboard and asks the 所属長 without a promoter to name one', async ({
  page,
}) => {
  const smtp = await startSmtp();
  try {
    await logIn(page, ADMIN.loginId, ADMIN.password);
    await page.getByRole('link', { name: 'KPIダッシュボード', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'KPIダッシュボード' })).toBeVisible();
    await page.getByRole('link', { name: '推進員がいない所属の一覧（推進員の配置状況）' }).click();

    await expect(page.getByRole('heading', { level: 1, name: '推進員の配置状況' })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/hr/promoter-coverage\\?fiscalYear=${FISCAL_YEAR}$`));
    const table = page.getByRole('table', { name: /推進員がいない所属/ });
    const waste = table.getByRole('row').filter({ hasText: '廃棄物対策課' });
    await expect(waste).toContainText('環境生活部');
    await expect(waste).toContainText('吉村 恵（500011）');
    await expect(waste).toContainText('未依頼');
    await expect(table).not.toContainText('企画課');
    await expectNoAxeViolations(page, '推進員の配置状況');

    const ask = page.getByRole('button', { name: /所属長に推進員の指名を依頼する（\d+所属）/ });
    await ask.click();
    await expect(
      page.getByText(/所属の所属長に.+の推進員の指名を依頼します。よろしいですか？/),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: '依頼を送る' })).toBeFocused();
    await page.getByRole('button', { name: '依頼を送る' }).click();
    await expect(
      page.getByRole('status').getByText(/所属の所属長に依頼しました（メール \d+通、Slack 0件）。/),
    ).toBeVisible();
    await expect(waste).toContainText(/依頼済み（\d{4}年\d+月\d+日/);
    await expect
      .poll(() => smtp.messages.some((m) => m.includes('yoshimura.megumi@example.lg.jp')))
      .toBe(true);
    await expect(ask).toBeFocused();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'promoter-coverage.png'), fullPage: true });

    // A second press the same day asks nobody again.
    const sent = smtp.messages.length;
    await ask.click();
    await page.getByRole('button', { name: '依頼を送る' }).click();
    await expect(
      page.getByText('本日はすでにすべての所属に依頼済みです。新たに送った依頼はありません。'),
    ).toBeVisible();
    expect(smtp.messages.length).toBe(sent);
  } finally {
    await smtp.close();
  }
});
