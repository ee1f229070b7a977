import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { adminHeaders, ARTIFACTS, choosePassword, loadSampleRoster, logIn } from './support';

// 中村 翔 (on the staff since 1997): no other spec logs in as him.
const LEARNER = { employeeNo: '500006', password: 'renewing-learner-2026' };

function tokyoToday(): string {
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
}
function fiscalYearOf(day: string): number {
  const [year, month] = day.split('-').map(Number);
  return month >= 4 ? year : year - 1;
}
function shift(day: string, days: number, years = 0): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test('マイ研修 shows 有効期限, the 更新期間中 badge of a renewal and 更新期限切れ apart from 期限超過', async ({
  page,
  request,
}) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  const today = tokyoToday();
  const fiscalYear = fiscalYearOf(today);
  const courses = [
    { code: 'E2E-INFOSEC', title: '情報セキュリティ研修（更新）', recurrence: { kind: 'every_fiscal_year' } },
    {
      code: 'E2E-PRIVACY',
      title: '個人情報保護研修（更新）',
      recurrence: {
        kind: 'valid_for_years',
        years: 1,
        window: { kind: 'date_before_expiry', month: 4, day: 1 },
      },
    },
  ];
  for (const course of courses) {
    const created = await request.post('/api/v1/catalogue/courses', {
      headers,
      data: {
        code: course.code,
        trackCode: 'WORKPLACE-DX',
        title: course.title,
        estimatedMinutes: 20,
        recurrence: course.recurrence,
      },
    });
    expect([201, 409]).toContain(created.status());
    if (created.status() === 201) {
      await request.post(`/api/v1/catalogue/courses/${course.code}/draft/modules`, {
        headers,
        data: { kind: 'lesson', title: '講義', required: true, content: { markdown: '# 講義' } },
      });
      expect((await request.post(`/api/v1/catalogue/courses/${course.code}/publish`, { headers })).ok()).toBe(
        true,
      );
    }
  }
  // Last year's 情報セキュリティ研修, and 個人情報保護研修 valid one year from a day that makes it end ten days ago (in
  // this fiscal year from 2 April on; earlier in April it is still valid).
  const privacyDay = shift(today, -9, -1);
  const csv = `職員番号,研修コード,修了日\n${LEARNER.employeeNo},E2E-INFOSEC,${fiscalYear - 1}-06-01\n${LEARNER.employeeNo},E2E-PRIVACY,${privacyDay}\n`;
  const imported = await request.post('/api/v1/imports/completions', {
    headers,
    multipart: { file: { name: 'completions.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } },
  });
  expect(imported.ok()).toBe(true);
  // Saving a course's rules runs the rules engine for the current fiscal year, as its start would.
  const saved = await request.put('/api/v1/catalogue/courses/E2E-INFOSEC/rules', {
    headers,
    data: { rules: [] },
  });
  expect(saved.ok()).toBe(true);

  await choosePassword(request, headers, LEARNER);
  await logIn(page, LEARNER.employeeNo, LEARNER.password);
  await page.getByRole('link', { name: 'マイ研修', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'マイ研修' })).toBeVisible();

  const infosec = page.locator('.enrollment-card', { hasText: '情報セキュリティ研修（更新）' });
  await expect(infosec.locator('.renewal-badge')).toHaveText('更新期間中');
  await expect(infosec.locator('.enrollment-validity')).toContainText(
    new RegExp(`有効期限\\s*${fiscalYear}年3月31日`),
  );
  const privacy = page.locator('.enrollment-card', { hasText: '個人情報保護研修（更新）' });
  const privacyEnd = shift(privacyDay, -1, 1);
  if (privacyEnd < today && privacyEnd > `${fiscalYear}-04-01`) {
    await expect(privacy.locator('.status-badge')).toHaveText('更新期限切れ');
    await expect(page.getByRole('status')).toContainText('更新期限切れ 1件');
  }
  await expect(page.getByRole('status')).toContainText('更新期間中');
  await page.screenshot({ path: resolve(ARTIFACTS, 'my-training-renewals.png'), fullPage: true });
});
