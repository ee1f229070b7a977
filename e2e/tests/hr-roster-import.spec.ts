import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { ADMIN, ARTIFACTS, fixture, forbidOutsideRequests, logIn } from './support';

test('HR uploads the org chart and the roster, previews, applies and finds a person', async ({
  page,
  baseURL,
}) => {
  const outside = forbidOutsideRequests(page, baseURL!);
  await logIn(page, ADMIN.loginId, ADMIN.password);

  await page.getByRole('link', { name: 'データ取込' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'データ取込' })).toBeVisible();

  // The org chart first: the roster refers to its units.
  await page.getByLabel('組織図').check();
  await page
    .getByLabel('CSVファイル')
    .setInputFiles({ name: 'sample-org.csv', mimeType: 'text/csv', buffer: fixture('sample-org.csv') });
  await page.getByRole('button', { name: 'プレビュー（反映しません）' }).click();
  await page.getByRole('button', { name: 'この内容で反映する' }).click();
  await expect(page.getByText('反映しました')).toBeVisible();

  await page.getByLabel('職員名簿').check();
  await page.getByLabel('CSVファイル').setInputFiles({
    name: 'sample-staff.csv',
    mimeType: 'text/csv',
    buffer: fixture('sample-staff.csv'),
  });
  await page.getByRole('button', { name: 'プレビュー（反映しません）' }).click();
  // The counts (the changes' list below also names 新規, one row per person).
  const preview = page.getByRole('table', { name: /反映される件数/ }).filter({ hasText: '新規' });
  await expect(preview).toContainText('12');
  await page.screenshot({ path: resolve(ARTIFACTS, 'roster-preview.png'), fullPage: true });

  await page.getByRole('button', { name: 'この内容で反映する' }).click();
  await expect(page.getByText('反映しました')).toBeVisible();

  await page.getByRole('link', { name: '職員', exact: true }).click();
  await page.getByLabel('職員番号・氏名・カナで検索').fill('タカギ');
  const results = page.getByRole('table');
  await expect(results).toContainText('髙木 健');
  await expect(results).toContainText('500005');
  await page.screenshot({ path: resolve(ARTIFACTS, 'staff-search.png'), fullPage: true });

  expect(outside).toEqual([]);
});
