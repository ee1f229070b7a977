import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
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

// A cmi5 course (fixtures/scorm/cmi5-harassment.zip, built by apps/api/test/support/cmi5-package.ts): one AU that
// fetches its auth token, reads LMS.LaunchData and the learner's preferences, keeps a bookmark in its own state
// document and sends completed, passed (0.9, mastery 0.8) and terminated to the LRS on the app's origin, from the
// sandboxed content frame, then goes to its returnURL (the content origin's return page, which closes the player).
const COURSE = { code: 'E2E-CMI5', title: 'ハラスメント防止（cmi5教材）' };
const LEARNER = { employeeNo: '500009', password: 'cmi5-learner-2026-pass' };
const FY = 2026;

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
      description: 'cmi5 の教材で学ぶ研修です。',
      estimatedMinutes: 15,
      dssCodes: [],
    },
  });
  expect(created.status()).toBe(201);
});

test('a content administrator uploads a cmi5 package and sees its AU with moveOn and mastery score', async ({
  page,
  request,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.goto(`/content/courses/${COURSE.code}`);
  await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
  await page.getByLabel('追加するモジュールの種類').selectOption({ label: 'eラーニング教材（SCORM・cmi5）' });
  await page.getByRole('button', { name: 'モジュールを追加', exact: true }).click();
  await page.getByLabel('教材パッケージ（SCORM 1.2 / 2004・cmi5 のZIPファイル、500MBまで）').setInputFiles({
    name: 'ハラスメント防止.zip',
    mimeType: 'application/zip',
    buffer: fixture('scorm/cmi5-harassment.zip'),
  });
  const summary = page.getByTestId('package-summary');
  await expect(summary).toContainText('ハラスメント防止研修 2026');
  await expect(summary).toContainText('cmi5（1.0）');
  await expect(summary).toContainText('AU（学習単位）');
  await expect(summary).toContainText('80%以上');
  await expect(summary).toContainText('完了かつ合格（CompletedAndPassed）');
  await expectNoAxeViolations(page, 'cmi5 教材のアップロード', { soft: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'package-cmi5-upload.png'), fullPage: true });
  await page.getByRole('button', { name: 'モジュールを追加する' }).click();
  await expect(page.locator('.draft-list')).toContainText('ハラスメント防止研修 2026');

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

test('a learner plays the cmi5 AU in the sandboxed frame, closes midway, resumes from the bookmark, completes and reviews', async ({
  browser,
}) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  await page.goto(`/my/courses/${COURSE.code}?fiscalYear=${FY}`);
  await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
  await page.getByRole('button', { name: '学習を始める' }).click();
  await expect(page.locator('iframe[sandbox]')).toHaveAttribute('sandbox', 'allow-scripts allow-forms');
  const frame = page.frameLocator('iframe[sandbox]');
  await expect(frame.getByRole('heading', { name: 'ハラスメントとは' })).toBeVisible();
  // The AU got its token, read LMS.LaunchData and was accepted with initialized.
  await expect(frame.locator('#mode')).toHaveText('Normal / CompletedAndPassed / lang=ja');
  await expect(frame.locator('#prefs')).toHaveText('ja-JP / on');
  await expect(frame.locator('#resumed')).toHaveText('最初から');
  await expect(frame.locator('#log')).toContainText('initialized: 200');
  await frame.getByRole('button', { name: '次へ' }).click();
  await expect(frame.locator('#page')).toHaveText('2');
  await expect(frame.locator('#log')).toContainText('bookmark 2: 204');
  await page.screenshot({ path: resolve(ARTIFACTS, 'package-cmi5-playing.png'), fullPage: true });
  await page.close({ runBeforeUnload: true });
  await first.close();

  // Another browser: a new launch of the unfinished attempt keeps the registration, so the AU reads its bookmark.
  const second = await browser.newContext();
  const again = await second.newPage();
  await logIn(again, LEARNER.employeeNo, LEARNER.password);
  await again.goto(`/my/courses/${COURSE.code}?fiscalYear=${FY}`);
  await expect(again.getByText('学習中')).toBeVisible();
  await again.getByRole('button', { name: '続きから学習する' }).click();
  const resumed = again.frameLocator('iframe[sandbox]');
  await expect(resumed.locator('#resumed')).toHaveText('前回の続き（2ページ）から');
  await expect(resumed.locator('#page')).toHaveText('2');
  await resumed.getByRole('button', { name: '次へ' }).click();
  await expect(resumed.locator('#page')).toHaveText('3');
  await resumed.getByRole('button', { name: '修了する' }).click();
  // The AU sends completed, passed and terminated, then goes to its returnURL: the content origin's return page
  // tells the player to close. The LMS counted moveOn (completed and passed) and completed the module.
  await expect(again.locator('iframe[sandbox]')).toHaveCount(0, { timeout: 15_000 });
  await expect(again.getByText('修了', { exact: true }).first()).toBeVisible();
  await expectNoAxeViolations(again, 'cmi5 教材の修了後', { soft: true });
  await again.screenshot({ path: resolve(ARTIFACTS, 'package-cmi5-completed.png'), fullPage: true });
  const detail = await again.request.get(`/api/v1/me/courses/${COURSE.code}?fiscalYear=${FY}`);
  expect((await detail.json()).enrollment.status).toBe('completed');

  // Opened again, the satisfied AU plays in Review: it sends only initialized and terminated, nothing changes.
  await again.getByRole('button', { name: '復習する' }).click();
  const review = again.frameLocator('iframe[sandbox]');
  await expect(review.locator('#mode')).toHaveText('Review / CompletedAndPassed / lang=ja');
  await expect(review.locator('#log')).toContainText('initialized: 200');
  await expect(again.getByTestId('package-review')).toBeVisible();
  await again.screenshot({ path: resolve(ARTIFACTS, 'package-cmi5-review.png'), fullPage: true });
  await review.getByRole('button', { name: '修了する' }).click();
  await expect(again.locator('iframe[sandbox]')).toHaveCount(0, { timeout: 15_000 });
  const after = await again.request.get(`/api/v1/me/courses/${COURSE.code}?fiscalYear=${FY}`);
  expect((await after.json()).enrollment.status).toBe('completed');

  // マイ研修 shows the course as done like any other.
  await again.goto(`/my?fiscalYear=${FY}`);
  await expect(again.getByText(COURSE.title)).toBeVisible();
  await again.screenshot({ path: resolve(ARTIFACTS, 'package-cmi5-my-learning.png'), fullPage: true });
  await second.close();
});

test('an OwnWindow AU plays in a window of its own, sandboxed by the content origin, and returns to the course page', async ({
  browser,
  request,
}) => {
  // fixtures/scorm/cmi5-own-window.zip: the same AU, launchMethod OwnWindow. Set up through the API.
  const code = 'E2E-CMI5-WIN';
  const headers = await adminHeaders(request);
  const uploaded = await request.post('/api/v1/catalogue/packages', {
    headers,
    multipart: {
      file: {
        name: 'own-window.zip',
        mimeType: 'application/zip',
        buffer: fixture('scorm/cmi5-own-window.zip'),
      },
    },
  });
  expect(uploaded.status()).toBe(201);
  const created = await request.post('/api/v1/catalogue/courses', {
    headers,
    data: {
      code,
      trackCode: 'KAISO',
      title: 'ハラスメント防止（別ウィンドウの教材）',
      description: 'cmi5 の教材を別のウィンドウで学ぶ研修です。',
      estimatedMinutes: 15,
      dssCodes: [],
    },
  });
  expect(created.status()).toBe(201);
  const module = await request.post(`/api/v1/catalogue/courses/${code}/draft/modules`, {
    headers,
    data: {
      kind: 'package',
      title: '教材',
      required: true,
      content: { packageId: (await uploaded.json()).id },
    },
  });
  expect(module.status()).toBe(201);
  expect((await request.post(`/api/v1/catalogue/courses/${code}/publish`, { headers })).status()).toBe(200);
  const assigned = await request.post(`/api/v1/staff/${LEARNER.employeeNo}/enrollments`, {
    headers,
    data: { courseCode: code, fiscalYear: FY, dueDate: `${FY + 1}-03-31` },
  });
  expect(assigned.status()).toBe(201);

  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  await page.goto(`/my/courses/${code}?fiscalYear=${FY}`);
  const opened = page.waitForEvent('popup');
  await page.getByRole('button', { name: '学習を始める' }).click();
  const au = await opened;
  await expect(page.getByTestId('package-own-window')).toContainText('別のウィンドウで開いています');
  await expect(page.locator('iframe')).toHaveCount(0);
  await expect(au.locator('#mode')).toHaveText('Normal / CompletedAndPassed / lang=ja');
  await expect(au.locator('#log')).toContainText('initialized: 200');
  // A top-level window on the content origin, yet an opaque origin (its CSP sandbox): no cookies of this host, no
  // storage, no opener to reach the course page through.
  const inside = await au.evaluate(async () => {
    const read = (f: () => unknown) => {
      try {
        return String(f());
      } catch (error) {
        return `blocked: ${(error as Error).name}`;
      }
    };
    return {
      origin: window.origin,
      cookie: read(() => document.cookie),
      storage: read(() => window.localStorage.length),
      opener: window.opener === null,
    };
  });
  expect(inside).toEqual({
    origin: 'null',
    cookie: expect.stringMatching(/^(blocked: SecurityError|)$/),
    storage: 'blocked: SecurityError',
    opener: true,
  });
  await au.screenshot({ path: resolve(ARTIFACTS, 'package-cmi5-own-window.png'), fullPage: true });
  await au.getByRole('button', { name: '次へ' }).click();
  await au.getByRole('button', { name: '次へ' }).click();
  await au.getByRole('button', { name: '修了する' }).click();
  // On terminated the AU goes to its returnURL: the course page, in its own window, with the module done.
  await au.waitForURL(new RegExp(`/my/courses/${code}\\?fiscalYear=${FY}$`));
  await expect(au.getByText('修了', { exact: true }).first()).toBeVisible();
  // The course page that opened it notices too (it watches the module while the window is open).
  await expect(page.getByText('教材を修了しました。')).toBeVisible({ timeout: 15_000 });
  await context.close();
});
