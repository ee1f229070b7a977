import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ADMIN, ARTIFACTS, fixture } from './support';

const NEW_HIRE = { employeeNo: '500004', name: '高田 美咲', password: 'new-hire-password-2026' };

/** The answer key, read straight from the test server's database: the browser never receives it. */
async function correctChoicesByQuestion(): Promise<Map<string, string[]>> {
  const client = new Client({
    connectionString: `postgres://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? '54331'}/dx_learning`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ text: string; choices: { text: string; correct: boolean }[] }>(
      `SELECT q.text, q.choices FROM quiz_question q JOIN course_module m ON m.id = q.module_id
         JOIN course c ON c.id = m.course_id WHERE c.code = 'KAISO-NEWHIRE'`,
    );
    return new Map(rows.map((r) => [r.text, r.choices.filter((c) => c.correct).map((c) => c.text)]));
  } finally {
    await client.end();
  }
}

test('a new hire reads the lessons, passes the quiz and downloads a 修了証 with their name', async ({
  page,
  request,
}) => {
  const login = await request.post('/api/v1/auth/login', { data: ADMIN });
  const headers = { authorization: `Bearer ${(await login.json()).accessToken}` };
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
  await request.put(`/api/v1/admin/users/${NEW_HIRE.employeeNo}/password`, {
    headers,
    data: { password: 'temporary-pass-1' },
  });

  await page.goto('/login');
  await page.getByLabel('職員番号またはログインID').fill(NEW_HIRE.employeeNo);
  await page.getByLabel('パスワード', { exact: true }).fill('temporary-pass-1');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByLabel('現在のパスワード').fill('temporary-pass-1');
  await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_HIRE.password);
  await page.getByLabel('新しいパスワード（確認）').fill(NEW_HIRE.password);
  await page.getByRole('button', { name: /変更/ }).click();

  await page.getByRole('link', { name: 'マイ研修', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'マイ研修' })).toBeVisible();
  await expect(page.getByText('期限超過').first()).toBeVisible(); // due 90 days after the April hire date
  await page.screenshot({ path: resolve(ARTIFACTS, 'my-training.png'), fullPage: true });
  await page.getByRole('link', { name: '新規採用職員研修（DX基礎）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新規採用職員研修（DX基礎）' })).toBeVisible();
  // Bold next to Japanese punctuation renders as bold, without its asterisks.
  const firstLesson = page.locator('.lesson-body').first();
  await expect(
    firstLesson.locator('strong', { hasText: '県庁DX（デジタル・トランスフォーメーション）' }),
  ).toBeVisible();
  expect(await firstLesson.innerText()).not.toContain('**');

  for (let lesson = 0; lesson < 3; lesson++) {
    await page.getByRole('button', { name: '読み終えた' }).first().click();
    await expect(page.getByRole('button', { name: '完了しました' }).nth(lesson)).toBeVisible();
  }

  await page.getByRole('button', { name: 'テストを開始する' }).click();
  const answers = await correctChoicesByQuestion();
  const questions = page.locator('fieldset');
  await expect(questions.first()).toBeVisible();
  for (const fieldset of await questions.all()) {
    const legend = (await fieldset.locator('legend').innerText()).trim();
    const key = [...answers.keys()].find((text) => legend.includes(text));
    expect(key, `question "${legend}" is in the bank`).toBeDefined();
    for (const choice of answers.get(key!)!) await fieldset.getByLabel(choice, { exact: true }).check();
  }
  await page.screenshot({ path: resolve(ARTIFACTS, 'quiz.png'), fullPage: true });
  await page.getByRole('button', { name: '回答を送信する' }).click();
  await expect(page.getByText('合格', { exact: true })).toBeVisible();
  await page.screenshot({ path: resolve(ARTIFACTS, 'quiz-result.png'), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '修了証（PDF）をダウンロード' }).click(),
  ]);
  const pdfPath = resolve(ARTIFACTS, 'certificate.pdf');
  await download.saveAs(pdfPath);
  const bytes = readFileSync(pdfPath);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const { PDFParse } = await import('pdf-parse');
  const text = (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text;
  expect(text).toContain(NEW_HIRE.name);
  expect(text).toContain('新規採用職員研修（DX基礎）');
  expect(text).toContain('修了証');
});
