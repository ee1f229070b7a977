import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ADMIN,
  adminHeaders,
  ARTIFACTS,
  choosePassword,
  expectNoAxeViolations,
  fixture,
  loadSampleRoster,
} from './support';

const LEARNER = {
  employeeNo: '500007',
  name: '小林 さくら',
  kana: 'コバヤシ',
  password: 'udemy-learner-pass-2026',
};
const COURSE = { code: 'UDEMY-E2E', title: 'Udemy研修：はじめてのDX' };
const FISCAL_YEAR = 2026;

test('HR uploads a Udemy Business CSV, resolves an unmatched row, and the person’s course is completed with a 修了証', async ({
  page,
  request,
}) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  // A course whose only module is the Udemy course 5123401 (the fixture's はじめてのDX), assigned to 小林 さくら.
  const api = async (method: 'post' | 'put', path: string, data?: object) => {
    const response = await request[method](`/api/v1${path}`, { headers, data });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    return response;
  };
  await api('post', '/catalogue/courses', {
    code: COURSE.code,
    trackCode: 'KAISO',
    title: COURSE.title,
    description: 'Udemy Business の講座を受講して修了します。',
    estimatedMinutes: 150,
    dssCodes: ['lit.what'],
  });
  await api('post', `/catalogue/courses/${COURSE.code}/draft/modules`, {
    kind: 'external',
    title: 'はじめてのDX：自治体職員のためのデジタル変革入門（Udemy Business）',
    required: true,
    content: {
      provider: 'udemy_business',
      courseId: '5123401',
      url: 'https://pref-example.udemy.com/course/dx-hajimete/',
    },
  });
  await api('post', `/catalogue/courses/${COURSE.code}/publish`);
  await api('post', `/staff/${LEARNER.employeeNo}/enrollments`, {
    courseCode: COURSE.code,
    fiscalYear: FISCAL_YEAR,
    dueDate: `${FISCAL_YEAR + 1}-03-31`,
  });
  await choosePassword(request, headers, { employeeNo: LEARNER.employeeNo, password: LEARNER.password });

  // HR: データ取込 → Udemy Business, preview, then apply.
  await page.goto('/login');
  await page.getByLabel('職員番号またはログインID').fill(ADMIN.loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
  await page.getByRole('link', { name: 'データ取込', exact: true }).click();
  await page.getByLabel('Udemy Business 受講状況').check();
  await page.getByLabel('CSVファイル').setInputFiles({
    name: 'user-course-activity.csv',
    mimeType: 'text/csv',
    buffer: fixture('udemy/user-course-activity-api.csv'),
  });
  await page.getByRole('button', { name: /プレビュー/ }).click();
  await expect(page.getByText('未照合').first()).toBeVisible();
  await page.getByRole('button', { name: 'この内容で反映する' }).click();
  await expect(page.getByText('Udemy Business 受講状況を反映しました。')).toBeVisible();
  await page.screenshot({ path: resolve(ARTIFACTS, 'udemy-import.png'), fullPage: true });

  // 連携の未照合: 佐藤 陽向's address is unknown; it is 小林 さくら's personal Udemy account.
  await page.getByRole('link', { name: '連携の未照合', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '連携の未照合' })).toBeVisible();
  const row = page.getByRole('row', { name: /SATO\.HINATA@EXAMPLE\.LG\.JP/ });
  await expect(row).toContainText('職員が見つからない');
  await expectNoAxeViolations(page, '連携の未照合', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'udemy-unmatched-queue.png'), fullPage: true });
  await row.getByRole('button', { name: /処理する/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /SATO\.HINATA/ })).toBeFocused();
  const picker = page.getByRole('combobox', { name: 'この記録の職員' });
  await picker.fill(LEARNER.kana);
  await page.getByRole('option', { name: new RegExp(LEARNER.name) }).click();
  await page.screenshot({ path: resolve(ARTIFACTS, 'udemy-unmatched-resolve.png'), fullPage: true });
  await page.getByRole('button', { name: '照合して反映する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '修了として反映しました' })).toBeVisible();
  await expect(page.getByRole('row', { name: /SATO\.HINATA@EXAMPLE\.LG\.JP/ })).toHaveCount(0);

  // The KPI page counts what still waits, and links to the queue.
  await page.goto('/kpi');
  await expect(page.getByRole('link', { name: '連携の未照合を開く' })).toBeVisible();

  // The learner: the course is completed and the 修了証 can be downloaded.
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('職員番号またはログインID').fill(LEARNER.employeeNo);
  await page.getByLabel('パスワード', { exact: true }).fill(LEARNER.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('link', { name: 'マイ研修', exact: true }).click();
  await page.getByRole('link', { name: COURSE.title }).click();
  await expect(page.getByRole('heading', { level: 2, name: '修了証' })).toBeVisible();
  await page.screenshot({ path: resolve(ARTIFACTS, 'udemy-course-completed.png'), fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '修了証（PDF）をダウンロード' }).click(),
  ]);
  const pdfPath = resolve(ARTIFACTS, 'udemy-certificate.pdf');
  await download.saveAs(pdfPath);
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
});
