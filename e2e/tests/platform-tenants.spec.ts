import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { ARTIFACTS, expectNoAxeViolations } from './support';

const OPERATOR = { loginId: 'e2e-operator', password: 'e2e-operator-password' };
const TOWN = { code: 'e2e-town', name: 'テスト町', admin: 'town-sysadmin', password: 'Kameyama-Castle-1590' };

test('the platform operator creates a tenant, and its sysadmin signs in through ?tenant=CODE', async ({
  page,
}) => {
  // The operator signs in to the platform tenant by the login link ?tenant=platform.
  await page.goto('/login?tenant=platform');
  await expect(page.getByLabel('団体（団体コード）')).toHaveValue('platform');
  await expect(page.getByText('プラットフォーム運用 にログインします。')).toBeVisible();
  await page.getByLabel('職員番号またはログインID').fill(OPERATOR.loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(OPERATOR.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();

  // The menu offers the operator 団体管理 and nothing of any tenant's people.
  const menu = page.getByRole('navigation').first();
  await expect(menu.getByRole('link', { name: '職員' })).toHaveCount(0);
  await menu.getByRole('link', { name: '団体管理' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '団体管理' })).toBeVisible();
  const table = page.getByRole('table', { name: '団体の一覧' });
  await expect(table.getByRole('row', { name: /default/ })).toContainText('利用中');

  // A malformed code and a short password are shown beside their fields.
  await page.getByLabel('団体コード', { exact: true }).fill('Town');
  await page.getByLabel('団体名（表示名）').fill(TOWN.name);
  await page.getByLabel('最初のシステム管理者のログインID').fill(TOWN.admin);
  await page.getByLabel('初期パスワード', { exact: true }).fill('short');
  await page.getByRole('button', { name: '団体を作成する' }).click();
  await expect(page.getByLabel('団体コード', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#tenant-code-error')).toContainText('英小文字');
  await expect(page.locator('#tenant-admin-password-error')).toContainText('12文字以上');

  await page.getByLabel('団体コード', { exact: true }).fill(TOWN.code);
  await page.getByLabel('初期パスワード', { exact: true }).fill(TOWN.password);
  await page.getByLabel('初期パスワード（確認）').fill(TOWN.password);
  await page.getByRole('button', { name: '団体を作成する' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `団体「${TOWN.name}」（${TOWN.code}）を作成しました。` }),
  ).toBeVisible();
  const row = table.getByRole('row', { name: new RegExp(TOWN.code) });
  await expect(row).toContainText(TOWN.name);
  await expect(row).toContainText('利用中');
  await expect(row.getByRole('cell').nth(2)).toHaveText('0');
  await expectNoAxeViolations(page, '団体管理', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'platform-tenants.png'), fullPage: true });

  // The same code again is refused by the server, beside the code field.
  await page.getByLabel('団体コード', { exact: true }).fill(TOWN.code);
  await page.getByLabel('団体名（表示名）').fill('別の町');
  await page.getByLabel('最初のシステム管理者のログインID').fill(TOWN.admin);
  await page.getByLabel('初期パスワード', { exact: true }).fill(TOWN.password);
  await page.getByLabel('初期パスワード（確認）').fill(TOWN.password);
  await page.getByRole('button', { name: '団体を作成する' }).click();
  await expect(page.locator('#tenant-code-error')).toContainText('既に使われています');

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('button', { name: 'ログイン' })).toBeVisible();

  // The new tenant's first system administrator signs in by the tenant's link and must choose a password.
  await page.goto(`/login?tenant=${TOWN.code}`);
  await expect(page.getByLabel('団体（団体コード）')).toHaveValue(TOWN.code);
  await expect(page.getByText(`${TOWN.name} にログインします。`)).toBeVisible();
  await page.screenshot({ path: resolve(ARTIFACTS, 'login-tenant-link.png') });
  await page.getByLabel('職員番号またはログインID').fill(TOWN.admin);
  await page.getByLabel('パスワード', { exact: true }).fill(TOWN.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'パスワード変更' })).toBeVisible();
  await page.getByLabel('現在のパスワード').fill(TOWN.password);
  await page.getByLabel('新しいパスワード', { exact: true }).fill('Suzuka-River-Bridge-7');
  await page.getByLabel('新しいパスワード（確認）').fill('Suzuka-River-Bridge-7');
  await page.getByRole('button', { name: /変更/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
  await expect(page.getByText(TOWN.name).first()).toBeVisible();
  await page.screenshot({ path: resolve(ARTIFACTS, 'tenant-sysadmin-home.png'), fullPage: true });

  // The browser remembers the 団体: the login page starts with it next time.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.goto('/login');
  await expect(page.getByLabel('団体（団体コード）')).toHaveValue(TOWN.code);
});
