import { expect, type Frame, type Page, test } from '@playwright/test';
import { resolve } from 'node:path';
import { baseURL } from '../playwright.config';
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

const COURSE = { code: 'E2E-SCORM', title: '情報セキュリティ（SCORM教材）' };
const LEARNER = { employeeNo: '500011', password: 'scorm-learner-2026-pass' };
const FY = 2026;

/** The package's frame (content origin, sandboxed). */
async function contentFrame(page: Page): Promise<Frame> {
  await expect(page.locator('iframe[sandbox]')).toBeVisible();
  await expect.poll(() => page.frames().some((f) => f.url().includes('/p/'))).toBe(true);
  return page.frames().find((f) => f.url().includes('/p/'))!;
}

async function openCourse(page: Page): Promise<void> {
  await page.goto(`/my/courses/${COURSE.code}?fiscalYear=${FY}`);
  await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  await choosePassword(request, headers, LEARNER);
  const created = await request.post('/api/v1/catalogue/courses', {
    headers,
    data: {
      code: COURSE.code,
      trackCode: 'KAISO',
      title: COURSE.title,
      description: 'SCORM 1.2 の教材で学ぶ研修です。',
      estimatedMinutes: 20,
      dssCodes: [],
    },
  });
  expect(created.status()).toBe(201);
});

test('a content administrator uploads a SCORM package, sees what it holds and publishes it', async ({
  page,
  request,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.goto(`/content/courses/${COURSE.code}`);
  await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
  await page.getByLabel('追加するモジュールの種類').selectOption({ label: 'eラーニング教材（SCORM・cmi5）' });
  await page.getByRole('button', { name: 'モジュールを追加', exact: true }).click();

  // A hostile archive is refused with the reason.
  const file = page.getByLabel('教材パッケージ（SCORM 1.2 / 2004・cmi5 のZIPファイル、500MBまで）');
  await file.setInputFiles({
    name: 'evil.zip',
    mimeType: 'application/zip',
    buffer: fixture('scorm/traversal.zip'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'パッケージの外を指す' })).toBeVisible();

  await file.setInputFiles({
    name: '情報セキュリティ.zip',
    mimeType: 'application/zip',
    buffer: fixture('scorm/scorm12-infosec.zip'),
  });
  const summary = page.getByTestId('package-summary');
  await expect(summary).toContainText('情報セキュリティ研修 2026');
  await expect(summary).toContainText('SCORM 1.2（1.2）');
  await expect(summary).toContainText('index.html');
  await expect(summary).toContainText('80点以上');
  await expect(page.getByLabel('モジュール名')).toHaveValue('情報セキュリティ研修 2026');
  await expectNoAxeViolations(page, '教材パッケージのアップロード', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'package-upload.png'), fullPage: true });
  await page.getByRole('button', { name: 'モジュールを追加する' }).click();
  await expect(page.locator('.draft-list')).toContainText('情報セキュリティ研修 2026');

  const headers = await adminHeaders(request);
  expect((await request.post(`/api/v1/catalogue/courses/${COURSE.code}/publish`, { headers })).status()).toBe(
    200,
  );
  const assigned = await request.post(`/api/v1/staff/${LEARNER.employeeNo}/enrollments`, {
    headers,
    data: { courseCode: COURSE.code, fiscalYear: FY, dueDate: `${FY + 1}-03-31` },
  });
  expect(assigned.status()).toBe(201);
});

test('a learner plays the package in the sandboxed frame, closes the page midway, resumes on another browser and completes', async ({
  browser,
}) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  await openCourse(page);
  await page.getByRole('button', { name: '学習を始める' }).click();
  await expect(page.locator('iframe[sandbox]')).toHaveAttribute('sandbox', 'allow-scripts allow-forms');
  const frame = page.frameLocator('iframe[sandbox]');
  await expect(frame.getByRole('heading', { name: '情報セキュリティの基本' })).toBeVisible();
  await expect(frame.locator('#entry')).toHaveText('ab-initio');

  const committed = page.waitForResponse((r) => r.url().includes('/package-runtime/') && r.status() === 200);
  await frame.getByRole('button', { name: '次へ' }).click();
  await expect(frame.locator('#page')).toHaveText('2');
  await committed;
  // Page 3, then the page is closed before the debounced commit: the page-hide request carries it.
  await frame.getByRole('button', { name: '次へ' }).click();
  await expect(frame.locator('#page')).toHaveText('3');
  await page.screenshot({ path: resolve(ARTIFACTS, 'package-playing.png'), fullPage: true });
  await page.close({ runBeforeUnload: true });
  await first.close();

  // Another PC: a fresh browser context, signed in again.
  const second = await browser.newContext();
  const again = await second.newPage();
  await logIn(again, LEARNER.employeeNo, LEARNER.password);
  await openCourse(again);
  await expect(again.getByText('学習中')).toBeVisible();
  await again.getByRole('button', { name: '続きから学習する' }).click();
  const resumed = again.frameLocator('iframe[sandbox]');
  await expect(resumed.locator('#page')).toHaveText('3');
  await expect(resumed.locator('#entry')).toHaveText('resume');
  await expect(resumed.locator('#seen')).toHaveText('seen:3');
  await resumed.getByRole('button', { name: '修了する' }).click();
  await expect(resumed.locator('#done')).toHaveText('修了しました');
  await expect(again.getByText('教材を修了しました。')).toBeVisible();
  await again.getByRole('button', { name: '教材を閉じる' }).click();
  await expect(again.getByText('合格')).toBeVisible();
  await expectNoAxeViolations(again, '教材パッケージの修了後', { soft: true });
  await again.screenshot({ path: resolve(ARTIFACTS, 'package-completed.png'), fullPage: true });
  const detail = await again.request.get(`/api/v1/me/courses/${COURSE.code}?fiscalYear=${FY}`);
  expect((await detail.json()).enrollment.status).toBe('completed');
  await second.close();
});

test('a package script cannot read the app’s cookies, storage or API with the learner’s session', async ({
  page,
}) => {
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  const appCookies = await page.context().cookies(baseURL);
  expect(appCookies.length).toBeGreaterThan(0);
  await openCourse(page);
  // A completed module is folded: open it to play it again.
  await page.getByRole('button', { name: /情報セキュリティ研修 2026/ }).click();
  await page.getByRole('button', { name: '続きから学習する' }).click();
  const frame = await contentFrame(page);
  await expect(frame.getByRole('heading', { name: '情報セキュリティの基本' })).toBeVisible();

  expect(await frame.evaluate(() => window.origin)).toBe('null');
  const probes = await frame.evaluate(async (app) => {
    const attempt = async (work: () => unknown) => {
      try {
        return `read:${String(await work())}`;
      } catch (error) {
        return `blocked:${(error as Error).name}`;
      }
    };
    return {
      cookie: await attempt(() => document.cookie),
      parentCookie: await attempt(() => window.parent.document.cookie),
      storage: await attempt(() => window.localStorage.length),
      api: await attempt(async () => {
        const response = await fetch(`${app}/api/v1/me/enrollments`, { credentials: 'include' });
        return `${response.status} ${await response.text()}`;
      }),
    };
  }, baseURL);
  expect(probes.cookie).toBe('blocked:SecurityError');
  expect(probes.parentCookie).toBe('blocked:SecurityError');
  expect(probes.storage).toBe('blocked:SecurityError');
  expect(probes.api).toBe('blocked:TypeError');
  // A forged message from another window is ignored: only the player's own frame is heard.
  await page.evaluate(() =>
    window.postMessage(
      { type: 'dx-scorm-commit', scoId: 'ITEM-1', data: { lessonStatus: 'failed' }, final: true },
      '*',
    ),
  );
  await page.waitForTimeout(500);
  const detail = await page.request.get(`/api/v1/me/courses/${COURSE.code}?fiscalYear=${FY}`);
  expect((await detail.json()).modules[0].package.scos[0].status).toBe('passed');
});
