import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  ADMIN,
  adminHeaders,
  ARTIFACTS,
  choosePassword,
  expectNoAxeViolations,
  loadSampleRoster,
  logIn,
} from './support';

const LEARNER = { employeeNo: '500008', name: '渡辺 陽菜', password: 'quiz-learner-password-2026' };

/** The answer key, read from the test server's database (the browser never receives it before the end). */
async function answerKey(): Promise<Map<string, { text: string; correct: boolean }[]>> {
  const client = new Client({
    connectionString: `postgres://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? '54331'}/dx_learning`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ text: string; choices: { text: string; correct: boolean }[] }>(
      `SELECT q.text, q.choices FROM quiz_question q JOIN course_module m ON m.id = q.module_id
         JOIN course c ON c.id = m.course_id WHERE c.code = 'KAISO-NEWHIRE'`,
    );
    return new Map(rows.map((r) => [r.text, r.choices]));
  } finally {
    await client.end();
  }
}

/** Answers every question of the open attempt, all right or each with one wrong choice. */
async function answerAll(page: Page, right: boolean): Promise<void> {
  const key = await answerKey();
  const questions = page.locator('fieldset.quiz-question');
  await expect(questions.first()).toBeVisible();
  for (const fieldset of await questions.all()) {
    const legend = (await fieldset.locator('legend').innerText()).trim();
    const text = [...key.keys()].find((t) => legend.includes(t));
    expect(text, `question "${legend}" is in the bank`).toBeDefined();
    const choices = key.get(text!)!;
    const picked = right ? choices.filter((c) => c.correct) : [choices.find((c) => !c.correct)!];
    for (const choice of picked) await fieldset.getByLabel(choice.text, { exact: true }).check();
  }
}

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  await choosePassword(request, headers, LEARNER);
});

test('a failed quiz shows which answers were wrong and why, not the correct choices; passing moves focus to the result and the 修了証', async ({
  page,
}) => {
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  await page.getByRole('link', { name: 'マイ研修', exact: true }).click();
  await page.getByRole('link', { name: '新規採用職員研修（DX基礎）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新規採用職員研修（DX基礎）' })).toBeVisible();
  for (let lesson = 0; lesson < 3; lesson++) {
    await page.getByRole('button', { name: '読み終えた' }).first().click();
    await expect(page.getByRole('button', { name: '完了しました' }).nth(lesson)).toBeVisible();
  }

  // First attempt, all wrong.
  await page.getByRole('button', { name: 'テストを開始する' }).click();
  await answerAll(page, false);
  // The answer is read on its way to the page (the browser may drop a response body before a late read of it).
  let submitted: Promise<unknown> | undefined;
  await page.route('**/quiz-attempts/*/submit', async (route) => {
    const response = await route.fetch();
    submitted = response.json();
    await route.fulfill({ response });
  });
  await page.getByRole('button', { name: '回答を送信する' }).click();
  await expect.poll(() => submitted !== undefined).toBe(true);
  await page.unroute('**/quiz-attempts/*/submit');
  const body = (await submitted) as {
    correctChoicesShown: boolean;
    questions: { choices: Record<string, unknown>[] }[];
  };
  expect(body.correctChoicesShown).toBe(false);
  for (const q of body.questions) for (const c of q.choices) expect(Object.keys(c)).not.toContain('correct');

  await expect(page.getByText('不合格', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'テストの結果' })).toBeFocused();
  const results = page.locator('.result-question');
  const count = await results.count();
  expect(count).toBeGreaterThan(0);
  await expect(results.locator('.result-mark', { hasText: '不正解' })).toHaveCount(count);
  await expect(results.locator('.explanation')).toHaveCount(count);
  await expect(page.locator('.tag-correct')).toHaveCount(0);
  await expect(page.getByText('正答は、合格した後か最後の受験の後に表示します。')).toBeVisible();
  await expect(page.locator('.tag-chosen')).toHaveCount(count);
  await page.screenshot({ path: resolve(ARTIFACTS, 'quiz-failed-feedback.png'), fullPage: true });
  await expectNoAxeViolations(page, '不合格の結果と解説', { soft: true });
  await page.locator('.quiz-result').screenshot({ path: resolve(ARTIFACTS, 'quiz-failed-result.png') });

  // Second attempt, all right.
  await page.getByRole('button', { name: 'もう一度受ける' }).click();
  await answerAll(page, true);
  await page.getByRole('button', { name: '回答を送信する' }).click();
  await expect(page.getByText('合格', { exact: true })).toBeVisible();
  const heading = page.getByRole('heading', { name: 'テストの結果' });
  await expect(heading).toBeFocused();
  // The correct choices now, and the 修了証 one Tab away.
  await expect(page.locator('.tag-correct').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const certificate = page.getByRole('link', { name: '修了証をダウンロード（PDF）' });
  await expect(certificate).toBeFocused();
  await expect(certificate).toHaveAttribute('href', /\/certificate\.pdf\?fiscalYear=\d{4}$/);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(ARTIFACTS, 'quiz-passed-focus.png'), fullPage: true });
  await certificate.focus();
  await page.locator('.quiz-result').screenshot({ path: resolve(ARTIFACTS, 'quiz-passed-certificate.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), certificate.click()]);
  expect(download.suggestedFilename()).toMatch(/^修了証_.+\.pdf$/);
});

test('HR designates a promoter by searching kana in the picker, and downloads the roster named by its encoding', async ({
  page,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.getByRole('link', { name: 'デジタル活用推進員', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'デジタル活用推進員' })).toBeVisible();

  const picker = page.getByRole('combobox', { name: '推進員にする職員' });
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await picker.fill('こばやし');
  const listbox = page.getByRole('listbox', { name: '推進員にする職員の候補' });
  await expect(listbox.getByRole('option')).toHaveCount(1);
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await expect(listbox.getByRole('option').first()).toContainText('小林 さくら');
  await picker.press('ArrowDown');
  await expect(listbox.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: resolve(ARTIFACTS, 'promoter-picker.png'), fullPage: true });
  await picker.press('Enter');
  await expect(picker).toHaveValue('小林 さくら（500007）');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: '指定する' }).click();
  await expect(
    page.getByText(/小林 さくらさん（職員番号 500007）を.+の推進員に指定しました。/),
  ).toBeVisible();
  await expect(page.getByRole('table').filter({ hasText: '小林 さくら' })).toBeVisible();

  // A 職員番号 prefix finds people too.
  await picker.fill('50001');
  await expect(listbox.getByRole('option').first()).toBeVisible();
  await expect(listbox).toContainText('森 拓海');
  await picker.press('Escape');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');

  for (const [name, suffix] of [
    ['名簿をCSVでダウンロード（UTF-8・Excel用）', '_UTF-8.csv'],
    ['名簿をCSVでダウンロード（Shift_JIS）', '_Shift_JIS.csv'],
  ] as const) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^デジタル活用推進員名簿_令和\\d+年度${suffix}$`),
    );
  }
  await expect(page.locator('body')).not.toContainText(/utf-8-bom|udemy_business/);
  await page.screenshot({ path: resolve(ARTIFACTS, 'promoters-roster.png'), fullPage: true });
});

test('HR adds a cohort member with the picker; the KPI charts show their targets and a rate over 100 % is refused', async ({
  page,
  request,
}) => {
  const headers = await adminHeaders(request);
  // The fiscal year of today in Tokyo (April to March).
  const [year, month] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .split('-')
    .map(Number);
  const fiscalYear = month < 4 ? year - 1 : year;
  await request.post('/api/v1/specialist-cohorts', {
    headers,
    data: { code: 'E2E-SP', name: 'E2E DX推進スペシャリスト養成', fiscalYear },
  });
  const saved = await request.put(`/api/v1/kpi/targets?fiscalYear=${fiscalYear}`, {
    headers,
    data: {
      targets: [
        { key: 'tiered_completion_rate', baseline: 40, target: 80 },
        { key: 'workplace_completion_rate', baseline: 20, target: 60 },
        { key: 'promoter_coverage_rate', baseline: 30, target: 100 },
        { key: 'certified_specialists', baseline: 0, target: 5 },
      ],
    },
  });
  expect(saved.status()).toBe(200);

  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.getByRole('link', { name: 'DX推進スペシャリスト', exact: true }).click();
  const picker = page.getByRole('combobox', { name: 'メンバーにする職員' });
  await picker.fill('スズキ');
  await expect(
    page.getByRole('listbox', { name: 'メンバーにする職員の候補' }).getByRole('option').first(),
  ).toContainText('鈴木 一');
  await picker.press('ArrowDown');
  await picker.press('Enter');
  await expect(picker).toHaveValue('鈴木 一（500003）');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(
    page.getByText(
      /鈴木 一さん（職員番号 500003）を「E2E DX推進スペシャリスト養成」の基礎として登録しました。/,
    ),
  ).toBeVisible();
  await page.screenshot({ path: resolve(ARTIFACTS, 'cohort-picker.png'), fullPage: true });
  await expectNoAxeViolations(page, '養成期のメンバー登録後', { soft: true });

  await page.getByRole('link', { name: 'KPIダッシュボード', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'KPIダッシュボード' })).toBeVisible();
  await expect(page.getByRole('img', { name: /目標は80%（グラフに破線で表示）/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /目標は100%（輪の上に印で表示）/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /養成中1人、目標5人/ })).toBeVisible();
  await page.waitForTimeout(500); // the charts are drawn after the page renders
  await page.screenshot({ path: resolve(ARTIFACTS, 'kpi-targets-on-charts.png'), fullPage: true });
  await expectNoAxeViolations(page, 'KPIダッシュボード（目標つきのグラフ）', { soft: true });

  const rate = page.getByLabel('デジタル活用推進員を配置した所属の割合の目標値');
  await rate.fill('120');
  await page.getByRole('button', { name: '目標を保存' }).click();
  await expect(rate).toBeFocused();
  await expect(rate).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('割合は0〜100%の範囲で入力してください。')).toBeVisible();
});
