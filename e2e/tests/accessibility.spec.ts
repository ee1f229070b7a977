import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ADMIN, ARTIFACTS, expectNoAxeViolations, fixture, logIn } from './support';

/**
 * axe-core (WCAG 2.1 A/AA) on every page the navigation reaches, for each kind of user. Other specs share the server,
 * so this one uses people nobody else signs in as (山本 蓮, a new 会計年度任用職員; 中村 翔, 課長 of デジタル改革推進課)
 * and changes nothing but their own passwords and progress.
 */
const LEARNER = { employeeNo: '500009', password: 'a11y-learner-password-2026' };
const MANAGER = { employeeNo: '500006', name: '中村 翔', password: 'a11y-manager-password-2026' };
const COURSE = { code: 'WORKPLACE-DX', title: '職場内DX研修' };

async function adminHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  const login = await request.post('/api/v1/auth/login', { data: ADMIN });
  return { authorization: `Bearer ${(await login.json()).accessToken}` };
}

async function givePassword(request: APIRequestContext, headers: Record<string, string>, who: typeof LEARNER) {
  await request.put(`/api/v1/admin/users/${who.employeeNo}/password`, { headers, data: { password: 'temporary-pass-1' } });
  const login = await request.post('/api/v1/auth/login', { data: { loginId: who.employeeNo, password: 'temporary-pass-1' } });
  const changed = await request.put('/api/v1/me/password', {
    headers: { authorization: `Bearer ${(await login.json()).accessToken}` },
    data: { currentPassword: 'temporary-pass-1', password: who.password },
  });
  expect(changed.ok()).toBe(true);
}

/** The answer key of a course's quiz, read from the test server's database (the browser never receives it). */
async function correctChoices(courseCode: string): Promise<Map<string, string[]>> {
  const client = new Client({
    connectionString: `postgres://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? '54331'}/dx_learning`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ text: string; choices: { text: string; correct: boolean }[] }>(
      `SELECT q.text, q.choices FROM quiz_question q JOIN course_module m ON m.id = q.module_id
         JOIN course c ON c.id = m.course_id WHERE c.code = $1`,
      [courseCode],
    );
    return new Map(rows.map((r) => [r.text, r.choices.filter((c) => c.correct).map((c) => c.text)]));
  } finally {
    await client.end();
  }
}

/** Waits until the page has its heading and nothing is loading any more, so axe sees what a user sees. */
async function settle(page: Page, heading: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.getByText('読み込み中…')).toHaveCount(0);
}

async function check(page: Page, path: string, heading: string | RegExp, label: string): Promise<void> {
  await page.goto(path);
  await settle(page, heading);
  await expectNoAxeViolations(page, label, { soft: true });
}

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  for (const [path, file] of [
    ['org-units', 'sample-org.csv'],
    ['staff', 'sample-staff.csv'],
  ]) {
    const response = await request.post(`/api/v1/imports/${path}?effectiveDate=2026-04-01`, {
      headers,
      multipart: { file: { name: file, mimeType: 'text/csv', buffer: fixture(file) } },
    });
    expect([200, 422]).toContain(response.status()); // 422 when another test already loaded a later roster
  }
  await givePassword(request, headers, LEARNER);
  await givePassword(request, headers, MANAGER);
});

test('pages open to everyone: login (also with an error) and the certificate check', async ({ page }) => {
  await check(page, '/login', 'ログイン', 'ログイン');
  await page.getByLabel('職員番号またはログインID').fill('nobody');
  await page.getByLabel('パスワード', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('alert')).toContainText('ログインIDまたはパスワードが正しくありません');
  await expectNoAxeViolations(page, 'ログイン（エラー表示）', { soft: true });

  await check(page, '/verify/XXXX-XXXX-XXXX', '修了証の確認', '修了証の確認（見つからない番号）');
});

test('a learner: home, マイ研修, a course with every module open, the quiz, its result and the 修了証', async ({ page }) => {
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  await expectNoAxeViolations(page, 'ホーム（受講者）', { soft: true });
  await check(page, '/my', 'マイ研修', 'マイ研修');

  await page.getByRole('link', { name: COURSE.title }).first().click();
  await settle(page, COURSE.title);
  for (const toggle of await page.locator('button.module-toggle[aria-expanded="false"]').all()) await toggle.click();
  await expectNoAxeViolations(page, '研修の受講（全項目を開いた状態）', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'a11y-course-lessons.png'), fullPage: true });

  while ((await page.getByRole('button', { name: '読み終えた' }).count()) > 0) {
    const before = await page.getByRole('button', { name: '読み終えた' }).count();
    await page.getByRole('button', { name: '読み終えた' }).first().click();
    await expect(page.getByRole('button', { name: '読み終えた' })).toHaveCount(before - 1);
  }
  await page.getByRole('button', { name: /テストを(開始|再開)する/ }).click();
  const questions = page.locator('fieldset.quiz-question');
  await expect(questions.first()).toBeVisible();
  await expectNoAxeViolations(page, '確認テスト（回答中）', { soft: true });

  const key = await correctChoices(COURSE.code);
  for (const fieldset of await questions.all()) {
    const legend = (await fieldset.locator('legend').innerText()).trim();
    const text = [...key.keys()].find((t) => legend.includes(t));
    expect(text, `question "${legend}" is in the bank`).toBeDefined();
    for (const choice of key.get(text!)!) await fieldset.getByLabel(choice, { exact: true }).check();
  }
  await page.getByRole('button', { name: '回答を送信する' }).click();
  await expect(page.getByText('合格', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, '確認テスト（結果）', { soft: true });

  await page.reload();
  await settle(page, COURSE.title);
  const certificate = page.getByRole('link', { name: '修了証（PDF）をダウンロード' });
  await expect(certificate).toBeVisible();
  await certificate.hover();
  // The link-button keeps white text on its darker hover background.
  await expect(certificate).toHaveCSS('color', 'rgb(255, 255, 255)');
  await expectNoAxeViolations(page, '研修の受講（修了後）', { soft: true });

  await page.getByRole('link', { name: '修了証の確認ページ' }).click();
  await settle(page, '修了証の確認');
  await expect(page.getByText(COURSE.title)).toBeVisible();
  await expectNoAxeViolations(page, '修了証の確認（有効な番号）', { soft: true });

  await check(page, '/change-password', 'パスワード変更', 'パスワード変更（受講者）');
  await check(page, '/org', '権限がありません', '権限がありません');
  await check(page, '/no-such-page', 'ページが見つかりません', 'ページが見つかりません');
});

test('a section chief: home, マイ研修, 組織, 職員 with a person open, チーム受講状況', async ({ page }) => {
  await logIn(page, MANAGER.employeeNo, MANAGER.password);
  await expectNoAxeViolations(page, 'ホーム（管理職）', { soft: true });
  await check(page, '/my', 'マイ研修', 'マイ研修（管理職）');
  await check(page, '/org', '組織', '組織（管理職）');
  await check(page, '/staff', '職員', '職員（管理職）');
  await page.getByRole('button', { name: MANAGER.name }).click();
  await page.waitForLoadState('networkidle');
  await expectNoAxeViolations(page, '職員（詳細を開いた状態、管理職）', { soft: true });
  await check(page, '/team', 'チーム受講状況', 'チーム受講状況（管理職）');
  await check(page, '/change-password', 'パスワード変更', 'パスワード変更（管理職）');
});

test('HR and system administrator: every page of the menu, a staff member open and a course editor', async ({ page }) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await expectNoAxeViolations(page, 'ホーム（管理者）', { soft: true });

  await check(page, '/org', '組織', '組織');
  await page.getByRole('button', { name: 'すべて開く' }).click();
  await expectNoAxeViolations(page, '組織（すべて開いた状態）', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'a11y-org.png'), fullPage: true });

  await check(page, '/staff', '職員', '職員');
  await page.getByRole('button', { name: MANAGER.name }).click();
  await page.waitForLoadState('networkidle');
  await expectNoAxeViolations(page, '職員（詳細を開いた状態）', { soft: true });

  await check(page, '/team', 'チーム受講状況', 'チーム受講状況');
  await check(page, '/stats', '受講統計', '受講統計');
  await check(page, '/kpi', 'KPIダッシュボード', 'KPIダッシュボード');
  await check(page, '/imports', 'データ取込', 'データ取込');
  await check(page, '/hr/promoters', 'デジタル活用推進員', 'デジタル活用推進員');
  await check(page, '/hr/cohorts', 'DX推進スペシャリスト', 'DX推進スペシャリスト');
  await check(page, '/hr/attendance', '出席記録', '出席記録');
  await check(page, '/hr/submissions', '課題の評価', '課題の評価');
  await check(page, '/content', '研修管理', '研修管理');
  await check(page, '/content/courses/KAISO-NEWHIRE', /新規採用職員研修/, '研修の編集');
  await check(page, '/change-password', 'パスワード変更', 'パスワード変更（管理者）');
});
