import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  ADMIN,
  adminHeaders,
  ARTIFACTS,
  choosePassword,
  expectNoAxeViolations,
  fixture,
  loadSampleRoster,
  logIn,
} from './support';

/**
 * axe-core (WCAG 2.1 A/AA) on every page the navigation reaches, for each kind of user, and on the states behind
 * them (a course with every module open, a quiz, a staff member open, the reminder dialog...). Other specs share the
 * server, so this one signs in only people nobody else uses (環境生活部: 加藤 大輔 its 部長, 森 拓海 a 主任 there)
 * and changes nothing but their passwords and 森 拓海's progress.
 */
const LEARNER = { employeeNo: '500012', password: 'a11y-learner-password-2026' };
const MANAGER = { employeeNo: '500010', name: '加藤 大輔', password: 'a11y-manager-password-2026' };
const COURSE = { code: 'WORKPLACE-DX', title: '職場内DX研修' };

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

/**
 * Opens every link of the main menu in turn (as a user would, by clicking it) and checks each page; returns the paths
 * visited, so the test can also say which pages a role must reach.
 */
async function walkMenu(page: Page, role: string): Promise<string[]> {
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  const labels = await menu.getByRole('link').allInnerTexts();
  const paths: string[] = [];
  for (const label of labels) {
    await menu.getByRole('link', { name: label, exact: true }).click();
    await settle(page, label);
    paths.push(new URL(page.url()).pathname);
    await expectNoAxeViolations(page, `${label}（${role}）`, { soft: true });
  }
  return paths;
}

async function openAllModules(page: Page): Promise<void> {
  for (const toggle of await page.locator('button.module-toggle').all()) {
    if ((await toggle.getAttribute('aria-expanded')) === 'true') continue;
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }
}

async function preview(page: Page, kind: string, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel(kind).check();
  await page.getByLabel('CSVファイル').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByRole('button', { name: 'プレビュー（反映しません）' }).click();
  await page.waitForLoadState('networkidle');
}

async function check(page: Page, path: string, heading: string | RegExp, label: string): Promise<void> {
  await page.goto(path);
  await settle(page, heading);
  await expectNoAxeViolations(page, label, { soft: true });
}

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  await choosePassword(request, headers, LEARNER);
  await choosePassword(request, headers, MANAGER);
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

test('a learner: the menu, a course with every module open, the quiz, its result, the 修了証 and its check', async ({
  page,
}) => {
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  const visited = await walkMenu(page, '受講者');
  expect(visited).toEqual(expect.arrayContaining(['/', '/my']));

  await page.goto('/my');
  await settle(page, 'マイ研修');
  await page.getByRole('link', { name: COURSE.title }).first().click();
  await settle(page, COURSE.title);
  await openAllModules(page);
  // Lesson text: bold next to Japanese punctuation is bold, not asterisks; tables have a dark header row and ruled cells.
  const lessons = page.locator('.lesson-body');
  await expect(lessons.first().locator('strong').first()).toBeVisible();
  for (const text of await lessons.allInnerTexts()) expect(text).not.toMatch(/\*\*|__|`/);
  const header = lessons.locator('thead th').first();
  await expect(header).toHaveCSS('background-color', 'rgb(26, 43, 76)');
  await expect(header).toHaveCSS('color', 'rgb(255, 255, 255)');
  await expect(lessons.locator('tbody td').first()).toHaveCSS('border-top-style', 'solid');
  await expectNoAxeViolations(page, '研修の受講（全項目を開いた状態）', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'a11y-course-modules-open.png'), fullPage: true });

  // Every lesson read (the page may fold a finished module away, so the unread ones are counted hidden or not).
  const unread = page.locator('dx-lesson-module button', { hasText: '読み終えた' });
  for (let left = await unread.count(); left > 0; left--) {
    await openAllModules(page);
    await unread.first().click();
    await expect(unread).toHaveCount(left - 1);
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
  await certificate.hover();
  // A link styled as the primary button keeps its white text on the darker hover background (10.5:1).
  await expect(certificate).toHaveCSS('color', 'rgb(255, 255, 255)');
  await expect(certificate).toHaveCSS('background-color', 'rgb(0, 63, 125)');
  await page
    .locator('.certificate-card')
    .screenshot({ path: resolve(ARTIFACTS, 'a11y-certificate-link-hover.png') });
  // The header's white title link stays white on hover, an ordinary link darkens.
  const title = page.locator('.app-title a');
  await title.hover();
  await expect(title).toHaveCSS('color', 'rgb(255, 255, 255)');
  const back = page.getByRole('link', { name: 'マイ研修へ戻る' });
  await back.hover();
  await expect(back).toHaveCSS('color', 'rgb(0, 63, 125)');
  await expectNoAxeViolations(page, '研修の受講（修了後）', { soft: true });

  await page.getByRole('link', { name: '修了証の確認ページ' }).click();
  await settle(page, '修了証の確認');
  await expect(page.getByText(COURSE.title)).toBeVisible();
  await expectNoAxeViolations(page, '修了証の確認（有効な番号）', { soft: true });

  await check(page, '/change-password', 'パスワード変更', 'パスワード変更（受講者）');
  await page.getByRole('button', { name: '変更する' }).click(); // empty: refused in the browser, nothing is sent
  await expect(page.locator('#current-password-error')).toBeVisible();
  await expectNoAxeViolations(page, 'パスワード変更（入力エラー）', { soft: true });
  await check(page, '/org', '権限がありません', '権限がありません');
  await check(page, '/no-such-page', 'ページが見つかりません', 'ページが見つかりません');
});

test('a 部長 (manager): the menu, a staff member open, the reminder dialog', async ({ page }) => {
  await logIn(page, MANAGER.employeeNo, MANAGER.password);
  const visited = await walkMenu(page, '管理職');
  expect(visited).toEqual(expect.arrayContaining(['/', '/my', '/org', '/staff', '/team']));

  await page.goto('/org');
  await settle(page, '組織');
  await page.getByRole('button', { name: 'すべて開く' }).click();
  await expectNoAxeViolations(page, '組織（すべて開いた状態、管理職）', { soft: true });

  await page.goto('/staff');
  await settle(page, '職員');
  await page.getByRole('button', { name: MANAGER.name }).click();
  await page.waitForLoadState('networkidle');
  await expectNoAxeViolations(page, '職員（詳細を開いた状態、管理職）', { soft: true });

  await page.goto('/team');
  await settle(page, 'チーム受講状況');
  await page.getByRole('button', { name: '期限超過・期限間近の全員に督促メールを送る' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectNoAxeViolations(page, 'チーム受講状況（督促メールの確認）', { soft: true });
  await dialog.getByRole('button', { name: 'やめる' }).click(); // nothing is sent
  await expect(dialog).toHaveCount(0);

  await check(page, '/change-password', 'パスワード変更', 'パスワード変更（管理職）');
});

test('HR and system administrator: the menu, the whole org chart, a staff member, the pickers and a course editor', async ({
  page,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  const visited = await walkMenu(page, '管理者');
  expect(visited).toEqual(
    expect.arrayContaining([
      '/',
      '/org',
      '/staff',
      '/team',
      '/stats',
      '/kpi',
      '/imports',
      '/hr/promoters',
      '/hr/cohorts',
      '/hr/attendance',
      '/hr/submissions',
      '/content',
    ]),
  );

  await page.goto('/org');
  await settle(page, '組織');
  await page.getByRole('button', { name: 'すべて開く' }).click();
  await expectNoAxeViolations(page, '組織（すべて開いた状態）', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'a11y-org.png'), fullPage: true });

  await page.goto('/staff');
  await settle(page, '職員');
  await page.getByRole('button', { name: MANAGER.name }).click();
  await page.waitForLoadState('networkidle');
  await expectNoAxeViolations(page, '職員（詳細を開いた状態）', { soft: true });

  await page.goto('/hr/promoters');
  await settle(page, 'デジタル活用推進員');
  const picker = page.getByRole('combobox', { name: '推進員にする職員' });
  await picker.fill('もり');
  await expect(page.getByRole('listbox', { name: '推進員にする職員の候補' })).toContainText('森 拓海');
  await expectNoAxeViolations(page, 'デジタル活用推進員（候補の一覧を開いた状態）', { soft: true });
  await picker.press('Escape');

  // データ取込: previews only (nothing is applied): the counts, a chart that would close units, a file with errors.
  await page.goto('/imports');
  await settle(page, 'データ取込');
  await preview(page, '職員名簿', 'sample-staff.csv', fixture('sample-staff.csv'));
  await expect(page.getByRole('button', { name: 'この内容で反映する' })).toBeVisible();
  await expectNoAxeViolations(page, 'データ取込（職員名簿のプレビュー）', { soft: true });
  const org = fixture('sample-org.csv');
  const secondLineEnd = org.indexOf('\r\n', org.indexOf('\r\n') + 2);
  await preview(page, '組織図', 'partial-org.csv', org.subarray(0, secondLineEnd + 2));
  await expect(page.getByRole('table', { name: /廃止される所属/ })).toBeVisible();
  await expectNoAxeViolations(page, 'データ取込（多数の所属の廃止）', { soft: true });
  await preview(page, '職員名簿', 'broken.csv', Buffer.from('職員番号,氏名\n12,\n', 'utf8'));
  await expect(page.getByRole('alert').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectNoAxeViolations(page, 'データ取込（エラーのあるファイル）', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'a11y-import-errors.png'), fullPage: true });

  await page.goto('/content');
  await settle(page, '研修管理');
  await page
    .getByRole('link', { name: /新規採用職員研修/ })
    .first()
    .click();
  await settle(page, /新規採用職員研修/);
  await expectNoAxeViolations(page, '研修の編集', { soft: true });

  await check(page, '/change-password', 'パスワード変更', 'パスワード変更（管理者）');
});

test.describe('at 320 CSS pixels wide (a 1280 px screen at 400 % zoom)', () => {
  test.use({ viewport: { width: 320, height: 720 } });

  for (const [role, who] of [
    ['受講者', LEARNER],
    ['管理職', MANAGER],
    ['管理者', ADMIN],
  ] as const) {
    test(`every page of the menu for the ${role}`, async ({ page }) => {
      await logIn(page, 'loginId' in who ? who.loginId : who.employeeNo, who.password);
      await walkMenu(page, `${role}、幅320px`);
    });
  }
});
