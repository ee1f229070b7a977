import { expect, test } from '@playwright/test';

test('the running server serves the Japanese web app and the API with protective headers', async ({
  request,
}) => {
  const health = await request.get('/api/v1/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });

  const page = await request.get('/staff');
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain('<html lang="ja"');
  const csp = page.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  // Nothing from outside the server: the only other origin named is the server's own content listener (the
  // e-learning packages' separate origin, on its own port of whatever host the app is reached by), framed only.
  const origins = csp.match(/https?:\/\/[^\s;]+/g) ?? [];
  const app = new URL(page.url());
  for (const origin of origins) {
    expect([app.hostname, '*']).toContain(new URL(origin).hostname);
    expect(new URL(origin).port).not.toBe('');
  }
  const framed = csp.split(';').find((d) => d.trim().startsWith('frame-src')) ?? '';
  expect(origins.every((origin) => framed.includes(origin))).toBe(true);
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
  expect(page.headers()['x-powered-by']).toBeUndefined();

  const docs = await request.get('/api/docs');
  expect(docs.status()).toBe(200);
  expect(await docs.text()).toContain('swagger');

  const denied = await request.get('/api/v1/staff');
  expect(denied.status()).toBe(401);
  expect(denied.headers()['content-type']).toContain('application/problem+json');
});

test('a login page that works from the keyboard alone', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await page.getByLabel('職員番号またはログインID').fill('nobody');
  await page.keyboard.press('Tab');
  await page.keyboard.type('wrong-password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('ログインIDまたはパスワードが正しくありません');
});
