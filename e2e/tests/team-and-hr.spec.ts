import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ADMIN, ARTIFACTS, fixture, logIn } from './support';

const CHIEF = { employeeNo: '500002', password: 'section-chief-2026' };

/** The reminder mail goes to a real SMTP server started by the test, on the port the e2e server was given. */
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

test.beforeAll(async ({ request }) => {
  const login = await request.post('/api/v1/auth/login', { data: ADMIN });
  const headers = { authorization: `Bearer ${(await login.json()).accessToken}` };
  for (const [path, file] of [
    ['org-units', 'sample-org.csv'],
    ['staff', 'sample-staff.csv'],
  ]) {
    await request.post(`/api/v1/imports/${path}?effectiveDate=2026-04-01`, {
      headers,
      multipart: { file: { name: file, mimeType: 'text/csv', buffer: fixture(file) } },
    });
  }
  // The section chief (課長 of 010100, appointed this April) gets a password and chooses their own.
  await request.put(`/api/v1/admin/users/${CHIEF.employeeNo}/password`, {
    headers,
    data: { password: 'temporary-pass-1' },
  });
  const chief = await request.post('/api/v1/auth/login', {
    data: { loginId: CHIEF.employeeNo, password: 'temporary-pass-1' },
  });
  await request.put('/api/v1/me/password', {
    headers: { authorization: `Bearer ${(await chief.json()).accessToken}` },
    data: { currentPassword: 'temporary-pass-1', password: CHIEF.password },
  });
});

test('a section chief opens the team matrix and sends a reminder that arrives by e-mail', async ({
  page,
}) => {
  const smtp = await startSmtp();
  try {
    await logIn(page, CHIEF.employeeNo, CHIEF.password);
    await page.getByRole('link', { name: 'チーム受講状況', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'チーム受講状況' })).toBeVisible();
    const matrix = page.getByRole('table').filter({ hasText: '伊勢 花子' });
    await expect(matrix).toBeVisible();
    // Only the chief's own subtree: nobody from another 部局 (三重 太郎 heads 010000 above them).
    await expect(page.getByText('三重 太郎')).toHaveCount(0);
    await expect(matrix).toContainText('期限超過');
    await page.screenshot({ path: resolve(ARTIFACTS, 'team-matrix.png'), fullPage: true });

    await page.getByRole('button', { name: '期限超過・期限間近の全員に督促メールを送る' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '送信する' }).click();
    await expect(page.getByText(/人に送信しました/)).toBeVisible();
    await expect.poll(() => smtp.messages.length).toBeGreaterThan(0);
    const mail = smtp.messages.join('\n');
    expect(mail).toContain('ise.hanako@example.lg.jp');
    expect(mail).not.toContain('mie.taro@example.lg.jp');
  } finally {
    await smtp.close();
  }
});

test('HR downloads the completion export and opens the KPI dashboard', async ({ page }) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.getByRole('link', { name: '受講統計', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '受講統計' })).toBeVisible();
  await expect(page.getByRole('table').first()).toContainText('合計');
  await page.screenshot({ path: resolve(ARTIFACTS, 'statistics.png'), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV（UTF-8・BOM付き）' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/年度.*\.csv$/);
  const path = resolve(ARTIFACTS, 'export.csv');
  await download.saveAs(path);
  const text = readFileSync(path, 'utf8');
  expect(
    text.startsWith(
      '\uFEFF年度,部局,所属コード,所属名,班,職員番号,氏名,職位,雇用区分,研修体系,研修コード,研修名,状態,期限,修了日',
    ),
  ).toBe(true);
  expect(text).toContain('髙木 健');

  await page.getByRole('link', { name: 'KPIダッシュボード', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'KPIダッシュボード' })).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
  await page.waitForTimeout(500); // charts draw after their data tables
  await page.screenshot({ path: resolve(ARTIFACTS, 'kpi-dashboard.png'), fullPage: true });
});
