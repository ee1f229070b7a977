import { expect, type Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import {
  ADMIN,
  adminHeaders,
  ARTIFACTS,
  choosePassword,
  expectNoAxeViolations,
  loadSampleRoster,
  logIn,
} from './support';

/*
 * A manager's views on the sample org (fixtures/): 三重 太郎 (500001) heads 政策企画部 (010000, with 企画課 010100
 * and its 班 010110); 髙木 健 (500005) heads デジタル社会推進局 (020000). Reminders here go to 020000's people only, so
 * that team-and-hr.spec.ts still finds 企画課's people unreminded.
 */
const DIRECTOR = { employeeNo: '500001', password: 'director-soumu-2026' };
const DIGITAL = { employeeNo: '500005', password: 'director-digital-2026' };

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  await choosePassword(request, headers, DIRECTOR);
  await choosePassword(request, headers, DIGITAL);
});

/** No sideways scroll of the page itself. */
async function pageScrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);
}

test('a 部長 opens 受講統計 for their 部局 and downloads an export of it, named with its encoding', async ({
  page,
}) => {
  await logIn(page, DIRECTOR.employeeNo, DIRECTOR.password);
  await page.getByRole('link', { name: '受講統計', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '受講統計' })).toBeVisible();
  await expect(
    page.getByText('担当する組織（政策企画部）とその下位の所属の分を集計・出力します。'),
  ).toBeVisible();
  // By 所属 first: the 部局 is theirs alone.
  await expect(page.getByRole('heading', { level: 2, name: /の受講状況（所属別）/ })).toBeVisible();
  await expect(page.getByRole('radio', { name: '部局別' })).toHaveCount(0);
  const table = page.getByRole('table').first();
  await expect(table).toContainText('企画課');
  await expect(table).not.toContainText('デジタル');
  const units = await page.getByLabel('所属', { exact: true }).locator('option').allTextContents();
  expect(units.map((u) => u.trim())).toEqual([
    '担当範囲の全体（政策企画部）',
    '政策企画部（部局）',
    '企画課（所属）',
    '政策班（班）',
  ]);
  // No raw encoding codes anywhere on the page.
  await expect(page.locator('body')).not.toContainText(/utf-8-bom|shift_jis|utf-8/);
  await page.screenshot({ path: resolve(ARTIFACTS, 'statistics-manager.png'), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV（UTF-8・BOM付き）' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('受講状況_令和8年度_UTF-8.csv');
  const path = resolve(ARTIFACTS, 'export-manager.csv');
  await download.saveAs(path);
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\uFEFF年度,部局,')).toBe(true);
  expect(text).toContain('伊勢 花子');
  expect(text).not.toContain('髙木 健');
  await expect(page.getByText('「受講状況_令和8年度_UTF-8.csv」をダウンロードしました')).toBeVisible();

  const [sjis] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV（Shift_JIS）' }).click(),
  ]);
  expect(sjis.suggestedFilename()).toBe('受講状況_令和8年度_Shift_JIS.csv');
});

test('the matrix at 390 px: no sideways page scroll, the table scrolls in its own region with the name fixed', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, DIRECTOR.employeeNo, DIRECTOR.password);
  await page.goto('/team');
  const region = page.getByRole('region', { name: '職員ごとの受講状況の表' });
  await expect(region.getByRole('table')).toContainText('伊勢 花子');
  expect(await pageScrollsSideways(page)).toBe(false);
  // The table is wider than the screen and scrolls inside its region.
  const { scrollWidth, clientWidth } = await region.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  // Full course titles in the headers, and the 課 / 班 path in the unit column.
  await expect(region.getByRole('columnheader', { name: '職場内DX研修' })).toBeVisible();
  await expect(region.getByRole('row', { name: /鈴木 一/ })).toContainText('企画課 / 政策班');
  await page.screenshot({ path: resolve(ARTIFACTS, 'team-matrix-390.png'), fullPage: true });
  await expectNoAxeViolations(page, 'チーム受講状況（幅390px）', { soft: true });

  await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  const name = region.getByRole('rowheader', { name: /伊勢 花子/ });
  const [box, regionBox] = [await name.boundingBox(), await region.boundingBox()];
  expect(box && regionBox && box.x >= regionBox.x - 1 && box.x < regionBox.x + 20).toBe(true);
  expect(await pageScrollsSideways(page)).toBe(false);
  await region.scrollIntoViewIfNeeded();
  await page.screenshot({ path: resolve(ARTIFACTS, 'team-matrix-390-scrolled.png') });
});

test('filters and drill-down are in the URL: Back and reload restore the view', async ({ page }) => {
  await logIn(page, DIRECTOR.employeeNo, DIRECTOR.password);
  await page.goto('/team');
  const table = page.getByRole('table').filter({ hasText: '氏名' });
  await expect(table).toContainText('三重 太郎');

  await page.getByLabel('状態').selectOption({ label: '期限超過' });
  await expect(page).toHaveURL(/status=overdue/);
  await expect(table).not.toContainText('三重 太郎');
  await expect(table).toContainText('伊勢 花子');

  await page.getByRole('button', { name: /^企画課\s*に絞り込む$/ }).click();
  await expect(page).toHaveURL(/orgUnitCode=010100/);
  await expect(page.getByRole('heading', { level: 2, name: /受講状況の一覧\s*（企画課）/ })).toBeVisible();

  await page.goBack();
  await expect(page).not.toHaveURL(/orgUnitCode/);
  await expect(page).toHaveURL(/status=overdue/);
  await expect(page.getByLabel('状態')).toHaveValue('overdue');
  await expect(
    page.getByRole('heading', { level: 2, name: /受講状況の一覧\s*（政策企画部）/ }),
  ).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('状態')).toHaveValue('overdue');
  await expect(table).not.toContainText('三重 太郎');

  await page.goBack();
  await expect(page.getByLabel('状態')).toHaveValue('');
  await expect(table).toContainText('三重 太郎');
  await page.screenshot({ path: resolve(ARTIFACTS, 'team-matrix-back.png'), fullPage: true });
});

test('a reminder shows the e-mail first, then who was skipped and why; the matrix shows the day', async ({
  page,
}) => {
  const messages: string[] = [];
  const smtp = new SMTPServer({
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
  await new Promise<void>((done) =>
    smtp.listen(Number(process.env.E2E_SMTP_PORT ?? 2526), '127.0.0.1', () => done()),
  );
  try {
    await logIn(page, DIGITAL.employeeNo, DIGITAL.password);
    await page.goto('/team');
    const table = page.getByRole('table').filter({ hasText: '氏名' });
    await expect(table).toContainText('渡辺 陽菜');
    // 渡辺 陽菜 (hired this April) is overdue; 髙木 健 and 山本 蓮 have nothing due.
    for (const name of ['渡辺 陽菜', '髙木 健', '山本 蓮'])
      await page.getByRole('checkbox', { name: `${name}を選択` }).check();
    await page.getByRole('button', { name: '選択した人に督促メールを送る' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('送信先：1人');
    await expect(dialog).toContainText('【職員DX研修】受講期限のお知らせ');
    await expect(dialog.getByLabel('本文')).toContainText('渡辺 陽菜 様');
    await expect(dialog).toContainText('髙木 健（500005）：期限超過・期限間近の未修了の研修がありません');
    await expect(dialog.getByRole('button', { name: '送信する' })).toBeInViewport();
    await page.screenshot({ path: resolve(ARTIFACTS, 'reminder-preview.png') });
    await expectNoAxeViolations(page, '督促メールの確認（本文のプレビュー）', { soft: true });
    expect(messages).toEqual([]);

    await dialog.getByRole('button', { name: '送信する' }).click();
    const result = page.locator('.alert-success').filter({ hasText: '人に送信しました' });
    await expect(result).toContainText('1人に送信しました。2人には送信していません（理由は下の一覧）。');
    await expect(result).toContainText('髙木 健（500005）：期限超過・期限間近の未修了の研修がありません');
    await expect(result).toContainText('山本 蓮（500009）：期限超過・期限間近の未修了の研修がありません');
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toContain('watanabe.hina@example.lg.jp');
    // The 最終督促日 column has today for her.
    const today = new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
      .formatToParts(new Date())
      .reduce(
        (acc, p) =>
          p.type === 'year' || p.type === 'month' || p.type === 'day' ? { ...acc, [p.type]: p.value } : acc,
        {} as Record<string, string>,
      );
    await expect(table.getByRole('row', { name: /渡辺 陽菜/ })).toContainText(
      `${today.year}年${today.month}月${today.day}日`,
    );
    await page.screenshot({ path: resolve(ARTIFACTS, 'reminder-skipped.png'), fullPage: true });
    await expectNoAxeViolations(page, '督促メールの送信結果', { soft: true });

    // The same press again: she was reminded today, so nobody is left to mail.
    for (const name of ['渡辺 陽菜', '髙木 健'])
      await page.getByRole('checkbox', { name: `${name}を選択` }).check();
    await page.getByRole('button', { name: '選択した人に督促メールを送る' }).click();
    await expect(dialog).toContainText('送信先：0人');
    await expect(dialog).toContainText('渡辺 陽菜（500008）：本日すでに督促メールを送っています');
    await expect(dialog.getByRole('button', { name: '送信する' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'やめる' }).click();
  } finally {
    await new Promise<void>((closed) => smtp.close(() => closed()));
  }
});

test('HR’s 職員 page: the panel beside the list leaves names whole, and the unit is the path from the 部局', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.getByRole('link', { name: '職員', exact: true }).click();
  const table = page.getByRole('table').first();
  await expect(table).toContainText('政策企画部 / 企画課 / 政策班');
  await page.getByRole('button', { name: '鈴木 一', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: '鈴木 一さんの所属履歴' })).toBeVisible();
  // One line per name: no name is broken to a character per line.
  for (const button of await table.getByRole('button').all()) {
    const box = await button.boundingBox();
    expect(box!.height).toBeLessThan(40);
    expect(box!.width).toBeGreaterThan(40);
  }
  // Nor in the panel: course titles keep several characters a line (the table scrolls sideways if it must).
  const panel = page.locator('.split-side');
  await expect(panel.getByRole('cell', { name: '職場内DX研修', exact: true })).toBeVisible();
  const title = await panel.getByRole('cell', { name: '職場内DX研修', exact: true }).boundingBox();
  expect(title!.width).toBeGreaterThan(100);
  expect(await pageScrollsSideways(page)).toBe(false);
  await page.screenshot({ path: resolve(ARTIFACTS, 'staff-panel.png'), fullPage: true });
});
