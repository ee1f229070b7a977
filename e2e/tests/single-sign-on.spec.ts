import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { baseURL } from '../playwright.config';
import { adminHeaders, ARTIFACTS, loadSampleRoster, startOidcProvider } from './support';

/*
 * A staff member signs in through the tenant's OpenID Connect provider: a real oidc-provider with its own login and
 * consent pages, which the browser visits on the provider's origin, then comes back signed in.
 */

const STAFF = { employeeNo: '500004', name: '高田 美咲' };
const CLIENT = { client_id: 'dx-e2e', client_secret: 'e2e-oidc-client-secret-2026' };
const CALLBACK = `${baseURL}/api/v1/auth/sso/default/callback`;

let idp: Awaited<ReturnType<typeof startOidcProvider>>;

test.beforeAll(async () => {
  idp = await startOidcProvider([
    { ...CLIENT, redirect_uris: [CALLBACK], post_logout_redirect_uris: [`${baseURL}/login`] },
  ]);
});

test.afterAll(async () => {
  idp?.close();
});

test('a staff member signs in through the OpenID Connect provider’s login page, and logging out ends the provider’s session too', async ({
  page,
  request,
}) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  const saved = await request.put('/api/v1/integrations/oidc', {
    headers,
    data: { issuer: idp.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret },
  });
  expect(saved.status()).toBe(200);
  try {
    await page.goto('/login');
    await page.getByRole('link', { name: 'シングルサインオンでログイン' }).click();
    // The provider's own page, on its own origin.
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(STAFF.employeeNo);
    await page.locator('input[name="password"]').fill('any-password');
    await page.screenshot({ path: resolve(ARTIFACTS, 'sso-oidc-provider-login.png') });
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();

    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
    await expect(page.getByText(STAFF.name).first()).toBeVisible();
    await page.screenshot({ path: resolve(ARTIFACTS, 'sso-oidc-signed-in.png'), fullPage: true });

    // The session is the password login's: an API call with the browser's cookie answers as the person.
    const me = await page.request.get('/api/v1/me');
    expect(await me.json()).toMatchObject({ employeeNo: STAFF.employeeNo, displayName: STAFF.name });

    // Single logout: the app's session ends, the provider asks to end its own, and the browser comes back.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(`${baseURL}/login`);
    await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    // The provider's session is over too: signing in again asks for the 職員番号.
    await page.getByRole('link', { name: 'シングルサインオンでログイン' }).click();
    await expect(page.locator('input[name="login"]')).toBeVisible();
  } finally {
    await request.delete('/api/v1/integrations/oidc', { headers });
  }
});

test('a 職員番号 the roster does not hold is refused with a Japanese page', async ({ page, request }) => {
  const headers = await adminHeaders(request);
  await request.put('/api/v1/integrations/oidc', {
    headers,
    data: { issuer: idp.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret },
  });
  try {
    await page.goto('/api/v1/auth/sso/default');
    await page.locator('input[name="login"]').fill('999999');
    await page.locator('input[name="password"]').fill('any-password');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ログインできませんでした' })).toBeVisible();
    await expect(page.getByText('この職員番号の職員は、この団体の名簿に登録されていません。')).toBeVisible();
    await page.screenshot({ path: resolve(ARTIFACTS, 'sso-oidc-unknown-staff.png') });
    await page.getByRole('link', { name: 'ログイン画面へ戻る' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  } finally {
    await request.delete('/api/v1/integrations/oidc', { headers });
  }
});
