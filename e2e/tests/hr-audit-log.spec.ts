import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN, adminHeaders, ARTIFACTS, loadSampleRoster, logIn } from './support';

/*
 * 個人情報保護法: HR looks at a person's records on 職員, then finds that very read in 監査ログ by the person's 職員番号
 * and downloads the log as CSV. The sample roster (fixtures/): 鈴木 一 (500003) of 政策班.
 */
const PERSON = { employeeNo: '500003', name: '鈴木 一' };

test.beforeAll(async ({ request }) => {
  await loadSampleRoster(request, await adminHeaders(request));
});

test('HR views a person’s records, finds that read in 監査ログ by 職員番号 and downloads the log as CSV', async ({
  page,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);

  // The read to be audited: the person's history and courses on 職員.
  await page.getByRole('link', { name: '職員', exact: true }).click();
  await page.getByLabel('職員番号・氏名・カナで検索').fill(PERSON.employeeNo);
  await page.getByRole('button', { name: PERSON.name }).click();
  await expect(page.getByRole('heading', { name: new RegExp(PERSON.name) }).first()).toBeVisible();
  await expect(page.getByText('読み込み中').first()).toHaveCount(0);

  await page.getByRole('link', { name: '監査ログ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '監査ログ' })).toBeVisible();
  await page.getByLabel('対象者の職員番号').fill(PERSON.employeeNo);
  await page.getByLabel('操作', { exact: true }).selectOption({ label: '職員の受講状況の閲覧' });
  await page.getByRole('button', { name: '検索', exact: true }).click();

  // Focus moves to the results; the row says who looked at whose records, in Japanese.
  await expect(page.getByRole('heading', { level: 2, name: '検索結果' })).toBeFocused();
  const table = page.getByRole('table', { name: /監査ログ/ });
  const row = table.locator('tbody tr').first();
  await expect(row).toContainText('職員の受講状況の閲覧');
  await expect(row).toContainText(`${PERSON.name}（職員番号 ${PERSON.employeeNo}）`);
  await expect(row).toContainText(ADMIN.loginId);
  await expect(row.locator('td').first()).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日（.）\d{2}:\d{2}$/);
  await expect(page.locator('main')).not.toContainText(/staff\.enrollments_viewed|request\.denied/);
  // Long action names do not push the form past the window.
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth)).toBe(false);
  await page.screenshot({ path: resolve(ARTIFACTS, 'hr-audit-log.png'), fullPage: true });

  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'この条件の記録をCSVでダウンロード（UTF-8・Excel用）' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^監査ログ_\d{4}-\d{2}-\d{2}_UTF-8\.csv$/);
  const path = resolve(ARTIFACTS, 'audit-log.csv');
  await download.saveAs(path);
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines[0]).toBe('日時,操作者,操作者名,操作,職員番号,氏名,対象,件数,接続元');
  expect(lines[1]).toContain(`職員の受講状況の閲覧,${PERSON.employeeNo},${PERSON.name}`);
});
