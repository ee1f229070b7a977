import { expect, Page, test } from '@playwright/test';
import { resolve } from 'node:path';
import { ADMIN, ARTIFACTS, expectNoAxeViolations, fixture, forbidOutsideRequests, logIn } from './support';

// Runs after hr-roster-import.spec.ts (file order): it applies the same sample chart and roster on the same day,
// which changes nothing there, and previews its other files without applying them.

async function upload(page: Page, kind: string, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel(kind).check();
  await page.getByLabel('CSVファイル').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByRole('button', { name: 'プレビュー（反映しません）' }).click();
}

async function applyFile(page: Page, kind: string, name: string, buffer: Buffer): Promise<void> {
  await upload(page, kind, name, buffer);
  await page.getByRole('button', { name: 'この内容で反映する' }).click();
  await expect(page.getByText('反映しました')).toBeVisible();
}

test('HR sees which units an org chart would close, must confirm it separately, and sees roster changes before → after', async ({
  page,
  baseURL,
}) => {
  const outside = forbidOutsideRequests(page, baseURL!);
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.getByRole('link', { name: 'データ取込' }).click();

  await applyFile(page, '組織図', 'sample-org.csv', fixture('sample-org.csv'));
  await applyFile(page, '職員名簿', 'sample-staff.csv', fixture('sample-staff.csv'));

  // A chart with only its first 部局 (header and one line of the Shift_JIS fixture): 8 of 9 units would close.
  const org = fixture('sample-org.csv');
  const secondLineEnd = org.indexOf('\r\n', org.indexOf('\r\n') + 2);
  await upload(page, '組織図', 'partial-org.csv', org.subarray(0, secondLineEnd + 2));

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('9所属のうち8所属（89%）が廃止され');
  await expect(alert).toContainText('11人');
  await expect(alert).not.toContainText('allowMassClose');
  const closing = page.getByRole('table', { name: /廃止される所属/ });
  await expect(closing).toContainText('デジタル社会推進局 / デジタル改革推進課');
  await expect(closing.getByRole('row')).toHaveCount(1 + 8 + 1);
  const apply = page.getByRole('button', { name: 'この内容で反映する' });
  await expect(apply).toBeDisabled();
  await page.screenshot({ path: resolve(ARTIFACTS, 'org-mass-close-refused.png'), fullPage: true });
  await expectNoAxeViolations(page, '多数の所属の廃止の確認', { soft: true });

  const confirm = page.getByLabel('多数の所属の廃止として反映することを確認しました');
  await confirm.check();
  await expect(apply).toBeDisabled();
  await page.getByRole('button', { name: 'プレビュー（反映しません）' }).click();
  await expect(page.getByRole('table', { name: /反映される件数/ })).toContainText('8件');
  await expect(page.getByText('配置されたままです')).toBeVisible();
  await expect(apply).toBeEnabled();
  await page.screenshot({ path: resolve(ARTIFACTS, 'org-mass-close-preview.png'), fullPage: true });
  // Taking the confirmation back disables applying again; nothing is applied here.
  await confirm.uncheck();
  await expect(apply).toBeDisabled();

  // The roster again, with a renamed person, a transfer and dates written 2026/4/1 and in full width.
  const roster = fixture('sample-staff-utf8bom.csv')
    .toString('utf8')
    .replace('伊勢 花子', '伊勢 華子')
    .replace(
      '500003,鈴木 一,スズキ ハジメ,suzuki.hajime@example.lg.jp,010110,主査,正規職員,2011-04-01,2020-04-01,2023-04-01',
      '500003,鈴木 一,スズキ ハジメ,suzuki.hajime@example.lg.jp,020110,主査,正規職員,2011/4/1,2020-04-01,２０２６／１２／０１',
    );
  await upload(page, '職員名簿', 'meibo-2.csv', Buffer.from(roster, 'utf8'));
  const changes = page.getByRole('table', { name: /変更の内容/ });
  await expect(changes).toContainText('伊勢 華子');
  await expect(changes.getByRole('row', { name: /伊勢 華子/ }).locator('mark')).toHaveText([
    '［変更前の字：花］',
    '［変更後の字：華］',
  ]);
  const transfer = changes.getByRole('row', { name: /鈴木 一/ });
  await expect(transfer).toContainText('異動');
  await expect(transfer).toContainText('DX推進班（020110）');
  await expect(transfer).toContainText('2023-04-01');
  await expect(transfer).toContainText('2026-12-01');
  await expect(page.getByText('YYYY-MM-DD の形に直して読み取りました')).toBeVisible();
  await page.screenshot({ path: resolve(ARTIFACTS, 'roster-changes-preview.png'), fullPage: true });
  await expectNoAxeViolations(page, '職員名簿の変更内容のプレビュー', { soft: true });

  await page.getByLabel('変更の種類').selectOption({ label: '異動（1件）' });
  await expect(changes.getByRole('row')).toHaveCount(2);
  await expect(changes).not.toContainText('伊勢 華子');

  expect(outside).toEqual([]);
});
