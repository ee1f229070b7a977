import { expect, Page, test } from '@playwright/test';
import { resolve } from 'node:path';
import {
  ADMIN,
  adminHeaders,
  ARTIFACTS,
  choosePassword,
  expectNoAxeViolations,
  loadSampleRoster,
  logIn,
} from './support';

const COURSE = { code: 'E2E-DATA-USE', title: 'データ活用入門（E2E）' };
const LEARNER = { employeeNo: '500003', password: 'data-use-learner-2026' };

async function addModule(
  page: Page,
  kindLabel: string,
  title: string,
  fill: () => Promise<void>,
): Promise<void> {
  await page.getByLabel('追加するモジュールの種類').selectOption({ label: kindLabel });
  await page.getByRole('button', { name: 'モジュールを追加', exact: true }).click();
  await page.getByLabel('モジュール名').fill(title);
  await fill();
  await expectNoAxeViolations(page, `モジュールの追加（${kindLabel}）`, { soft: true });
  await page.getByRole('button', { name: 'モジュールを追加する' }).click();
  await expect(page.locator('.draft-list')).toContainText(title);
}

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  await choosePassword(request, headers, LEARNER);
});

test('a content administrator builds a new course with every kind of module, publishes it and a rule assigns it', async ({
  page,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.getByRole('link', { name: '研修管理', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '研修管理' })).toBeVisible();

  await page.locator('#open-new-course').click();
  const form = page.getByRole('form', { name: '新しい研修' });
  await form.getByLabel('研修コード').fill(COURSE.code);
  await form.getByLabel('研修体系').selectOption({ label: '職場内DX研修' });
  await form.getByLabel('研修名').fill(COURSE.title);
  await form.getByLabel('所要時間（分）').fill('45');
  await expectNoAxeViolations(page, '新しい研修の作成', { soft: true });
  await form.getByRole('button', { name: '研修を作成' }).click();

  // A new course opens on its first, still empty draft: modules can be added at once.
  await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
  await expect(page.getByText('第1版の下書きです。')).toBeVisible();
  await expect(page.locator('#draft-empty')).toBeVisible();

  await addModule(page, '教材', 'データとは何か', async () => {
    await page
      .getByLabel('本文（Markdown）')
      .fill('# データとは何か\n\n行政が持つデータを活用する意味を学びます。');
  });
  await addModule(page, '確認テスト', 'データ活用の確認テスト', async () => {
    await page.getByLabel('合格点（0〜100点）').fill('60');
  });
  await addModule(page, '外部講座', 'オープンデータ講座', async () => {
    await page.getByLabel('講座のURL').fill('https://learning.example.lg.jp/open-data');
  });
  await addModule(page, '集合研修・Web会議', 'データ活用ワークショップ', async () => {
    await page.getByLabel('開始日時').fill('2027-02-10T13:30');
    await page.getByLabel('終了日時').fill('2027-02-10T16:30');
    await page.getByLabel('会場（任意）').fill('県庁講堂');
    await page.getByLabel('定員（人）').fill('40');
  });
  await addModule(page, '課題', '職場のデータ活用計画', async () => {
    await page
      .getByLabel('課題の説明')
      .fill('自分の職場で活用できるデータを一つ挙げ、活用計画を書いてください。');
  });
  await expect(page.locator('#draft-empty')).toHaveCount(0);

  // The quiz needs a question before the draft can be published.
  const quiz = page.locator('.draft-list > li').filter({ hasText: 'データ活用の確認テスト' });
  // Adding a quiz opens its questions at once.
  await expect(quiz.getByRole('button', { name: /^問題\s*（データ活用の確認テスト）/ })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await quiz.getByRole('button', { name: '問題を追加' }).click();
  await quiz.getByLabel('問題文').fill('オープンデータとして公開するのに適したものは？');
  await quiz.getByLabel('選択肢1', { exact: true }).fill('公共施設の一覧');
  await quiz.getByLabel('選択肢2', { exact: true }).fill('職員の住所録');
  await quiz.getByRole('radio', { name: /正解\s*（選択肢1）/ }).check();
  await expectNoAxeViolations(page, '確認テストの問題の追加', { soft: true });
  await quiz.getByRole('button', { name: '問題を追加する' }).click();
  await expect(quiz).toContainText('1問');

  await page.getByRole('button', { name: 'この下書きを公開' }).click();
  await page.getByRole('button', { name: '公開する', exact: true }).click();
  await expect(page.getByText('第1版を公開しました。これからの割当は第1版になります。')).toBeVisible();
  await expect(page.getByText('第1版の下書きです。')).toHaveCount(0);

  // A rule for every active staff member, due 31 March, assigns the course at once.
  await page.getByRole('button', { name: 'ルールを追加' }).click();
  const rule = page.getByRole('group', { name: 'ルール1' });
  await rule.getByLabel('割当のきっかけ').selectOption({ label: '在職する全職員（毎年度）' });
  await rule.getByLabel('期限の決め方').selectOption({ label: '年度内の決まった日' });
  await rule.getByLabel('期限の月').fill('3');
  await rule.getByLabel('期限の日').fill('31');
  await rule.getByLabel('このルールを有効にする').check();
  await expectNoAxeViolations(page, '割当ルールの編集', { soft: true });
  await page.getByRole('button', { name: '割当ルールを保存' }).click();
  const saved = page.getByText(/割当ルールを保存しました。\d+件の割当を追加しました/);
  await expect(saved).toBeVisible();
  const assigned = (await saved.textContent())!.match(/(\d+)件の割当/)![1];
  // The course's own figures follow at once.
  await expect(page.locator('dt:text-is("割当数（全年度）") + dd')).toHaveText(`${assigned}件`);
  await page.screenshot({ path: resolve(ARTIFACTS, 'content-new-course-published.png'), fullPage: true });

  // The learner finds it in マイ研修 with the five modules, in order.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  await page.getByRole('link', { name: 'マイ研修', exact: true }).click();
  await page.getByRole('link', { name: COURSE.title }).click();
  await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
  await expect(page.locator('h3.module-heading')).toHaveText([
    /1\. データとは何か/,
    /2\. データ活用の確認テスト/,
    /3\. オープンデータ講座/,
    /4\. データ活用ワークショップ/,
    /5\. 職場のデータ活用計画/,
  ]);
  await page.screenshot({ path: resolve(ARTIFACTS, 'learner-new-course.png'), fullPage: true });
  for (const toggle of await page.locator('button.module-toggle').all()) {
    if ((await toggle.getAttribute('aria-expanded')) === 'true') continue;
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }
  await expectNoAxeViolations(page, '受講者から見た5種類のモジュール', { soft: true });
});
