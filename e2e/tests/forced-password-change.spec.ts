import { expect, test } from '@playwright/test';
import { ADMIN, expectNoAxeViolations, fixture } from './support';

test('a staff member given a password by the administrator must choose their own before anything else', async ({
  page,
  request,
}) => {
  const login = await request.post('/api/v1/auth/login', { data: ADMIN });
  const headers = { authorization: `Bearer ${(await login.json()).accessToken}` };
  // Importing the same files again changes nothing, so this test does not depend on the others' order.
  for (const [path, file] of [
    ['org-units', 'sample-org.csv'],
    ['staff', 'sample-staff.csv'],
  ]) {
    const response = await request.post(`/api/v1/imports/${path}`, {
      headers,
      multipart: { file: { name: file, mimeType: 'text/csv', buffer: fixture(file) } },
    });
    expect(response.status(), await response.text()).toBe(200);
  }
  const set = await request.put('/api/v1/admin/users/500001/password', {
    headers,
    data: { password: 'temporary-pass-1' },
  });
  expect(set.status()).toBe(204);

  await page.goto('/login');
  await page.getByLabel('職員番号またはログインID').fill('500001');
  await page.getByLabel('パスワード', { exact: true }).fill('temporary-pass-1');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'パスワード変更' })).toBeVisible();

  // Other pages send the user back until the password is changed.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'パスワード変更' })).toBeVisible();
  await expectNoAxeViolations(page, 'パスワード変更（初回、メニューなし）', { soft: true });

  await page.getByLabel('現在のパスワード').fill('temporary-pass-1');
  await page.getByLabel('新しいパスワード', { exact: true }).fill('my-own-password-2026');
  await page.getByLabel('新しいパスワード（確認）').fill('my-own-password-2026');
  await page.getByRole('button', { name: /変更/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();

  const again = await request.post('/api/v1/auth/login', {
    data: { loginId: '500001', password: 'my-own-password-2026' },
  });
  expect((await again.json()).mustChangePassword).toBe(false);

  // Logging out ends the browser's session on the server: its cookie, kept aside, no longer opens anything.
  const session = (await page.context().cookies()).find((c) => c.name === 'dx_session');
  expect(session).toBeDefined();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('button', { name: 'ログイン' })).toBeVisible();
  const replayed = await request.get('/api/v1/me', { headers: { cookie: `dx_session=${session!.value}` } });
  expect(replayed.status()).toBe(401);
});
