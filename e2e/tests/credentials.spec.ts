import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { ADMIN, adminHeaders, ARTIFACTS, choosePassword, loadSampleRoster, logIn } from './support';

/*
 * DX推進スペシャリスト認定 (Open Badges 3.0): HR records 森 拓海 (500012, 環境生活部) at 認定 in a cohort of its own, sees
 * him on スペシャリスト認定者, and anyone checks his credential on the public /verify page: valid, then tampered.
 * (accessibility.spec.ts, which runs before, uses 森 拓海 too; nothing after it reads his courses.)
 */
const PERSON = { employeeNo: '500012', name: '森 拓海', password: 'credential-holder-2026-pass' };

let jwt = '';

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  const cohort = await request.post('/api/v1/specialist-cohorts', {
    headers,
    data: {
      code: 'SP-E2E',
      name: 'DX推進スペシャリスト養成（E2E）',
      fiscalYear: 2026,
      dueDate: '2027-03-31',
    },
  });
  expect([201, 409]).toContain(cohort.status());
  const member = await request.put(`/api/v1/specialist-cohorts/SP-E2E/members/${PERSON.employeeNo}`, {
    headers,
    data: { stage: '認定', joinedOn: '2026-05-01', certifiedOn: '2026-11-20' },
  });
  expect(member.status()).toBe(204);
  await choosePassword(request, headers, PERSON);
  const login = await request.post('/api/v1/auth/login', {
    data: { loginId: PERSON.employeeNo, password: PERSON.password },
  });
  const learner = { authorization: `Bearer ${(await login.json()).accessToken}` };
  const [own] = await (await request.get('/api/v1/me/specialist-credentials', { headers: learner })).json();
  jwt = (
    await (
      await request.get(`/api/v1/me/specialist-credentials/${own.id}/credential`, { headers: learner })
    ).json()
  ).jwt;
});

test('HR sees the certified specialist with his dates; the public page says the credential is valid, then tampered', async ({
  page,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.getByRole('link', { name: 'スペシャリスト認定者', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'DX推進スペシャリスト認定者' })).toBeVisible();
  const row = page
    .getByRole('table', { name: 'DX推進スペシャリスト認定者の一覧' })
    .locator('tr', { hasText: PERSON.name });
  await expect(row).toContainText(PERSON.employeeNo);
  await expect(row).toContainText('2026年11月20日');
  await expect(row).toContainText('2029年11月19日');
  await expect(row).toContainText('有効');
  await page.screenshot({ path: resolve(ARTIFACTS, 'hr-specialist-certifications.png'), fullPage: true });

  await page.goto('/verify');
  await expect(page.getByRole('heading', { level: 1, name: '認定証の確認' })).toBeVisible();
  await page.getByLabel('認定証（JWT またはダウンロードした JSON）').fill(jwt);
  await page.getByRole('button', { name: '確認する' }).click();
  await expect(page.getByTestId('credential-verdict')).toHaveText('有効な認定証です');
  await expect(page.locator('main')).toContainText(PERSON.name);
  await expect(page.locator('main')).toContainText('認定 DX推進スペシャリスト');
  await page.screenshot({ path: resolve(ARTIFACTS, 'credential-verify-valid.png'), fullPage: true });

  // One character of the signature changed: refused.
  const [head, body, signature] = jwt.split('.');
  const forged = [head, body, (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)].join('.');
  await page.getByLabel('認定証（JWT またはダウンロードした JSON）').fill(forged);
  await page.getByRole('button', { name: '確認する' }).click();
  await expect(page.getByTestId('credential-verdict')).toHaveText('改ざんされています（署名が一致しません）');
});
