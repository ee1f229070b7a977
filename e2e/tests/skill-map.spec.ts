import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN, ARTIFACTS, adminHeaders, loadSampleRoster, logIn } from './support';

/**
 * Two past-year completions of default courses mapped to DXリテラシー areas, for people no other spec looks at
 * (500010 加藤, 部長 of 030000; 500006 中村 of 020100): WORKPLACE-DX covers Why / What / How, KAISO-SUBSECTION
 * マインド・スタンス. FY2025, so this year's figures of the other specs do not move.
 */
const COMPLETIONS =
  '\uFEFF職員番号,研修コード,修了日\r\n500010,WORKPLACE-DX,2025-10-01\r\n500006,KAISO-SUBSECTION,2025-07-01\r\n';

test.beforeAll(async ({ request }) => {
  const headers = await adminHeaders(request);
  await loadSampleRoster(request, headers);
  const imported = await request.post('/api/v1/imports/completions', {
    headers,
    multipart: {
      file: {
        name: 'skill-map-completions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(COMPLETIONS, 'utf8'),
      },
    },
  });
  expect(imported.status(), await imported.text()).toBe(200);
});

test('HR opens スキルマップ from the menu: heat map, numbers per 部局, specialists, XLSX download by keyboard', async ({
  page,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'スキルマップ', exact: true })
    .click();
  await expect(page).toHaveURL(/\/hr\/skill-map$/);
  await expect(page.getByRole('heading', { level: 1, name: 'スキルマップ' })).toBeVisible();

  // The heat map: a canvas named by its summary, painted (not blank) once chart.js has drawn it.
  const heatmap = page.locator('dx-skill-heatmap canvas[role="img"]');
  await expect(heatmap).toBeVisible();
  await expect(heatmap).toHaveAttribute('aria-label', /ヒートマップ。全体では Why（DXの背景） \d/);
  await expect
    .poll(() =>
      heatmap.evaluate((canvas: HTMLCanvasElement) => {
        const context = canvas.getContext('2d');
        if (!context || canvas.width === 0) return 0;
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return painted;
      }),
    )
    .toBeGreaterThan(1000);

  // The table: a row per 部局 of the sample org (then 合計), staff and covered numbers with shares.
  const table = page.getByRole('table', { name: '部局別・領域別の修了者数（人）と割合' });
  await expect(table.getByRole('columnheader')).toHaveText([
    '部局',
    '職員数',
    'Why（DXの背景）',
    'What（DXで活用されるデータ・技術）',
    'How（データ・技術の利活用）',
    'マインド・スタンス',
  ]);
  const rowOf = (name: string) =>
    table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const rowHeaders = await table.getByRole('rowheader').allInnerTexts();
  expect(rowHeaders.length).toBeGreaterThanOrEqual(4);
  expect(rowHeaders.at(-1)).toBe('合計');
  const total = rowOf('合計').getByRole('cell');
  await expect(total.first()).toHaveText(/^\d+人$/);
  const totalStaff = Number((await total.first().innerText()).replace('人', ''));
  expect(totalStaff).toBeGreaterThanOrEqual(10);
  // 500010 (Why / What / How) and 500006 (マインド・スタンス) at least, whatever other specs completed.
  for (let area = 1; area <= 4; area++) {
    const text = await total.nth(area).innerText();
    expect(text).toMatch(/^\d+人\s*\d+(\.\d)?\s*%$/);
    expect(Number(text.split('人')[0])).toBeGreaterThanOrEqual(1);
  }

  // The specialists: a table if any cohort member is active, else the sentence saying there are none.
  const specialists = page.getByRole('table', { name: 'DX推進スペシャリストの人材類型別修了数（研修数）' });
  const none = page.getByText('在職中のDX推進スペシャリストはいません。');
  await expect(specialists.or(none)).toBeVisible();
  if (await specialists.isVisible()) {
    await expect(specialists.getByRole('columnheader', { name: 'ビジネスアーキテクト' })).toBeVisible();
    expect(await specialists.getByRole('row').count()).toBeGreaterThan(1);
  }

  await page.screenshot({ path: resolve(ARTIFACTS, 'skill-map.png'), fullPage: true });

  // Keyboard: Tab from the page's heading reaches the download button; Enter downloads the workbook.
  const button = page.getByRole('button', { name: 'Excel（XLSX）で出力' });
  await page.getByRole('heading', { level: 1, name: 'スキルマップ' }).evaluate((h: HTMLElement) => {
    h.tabIndex = -1;
    h.focus();
  });
  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await button.evaluate((b) => b === document.activeElement);
  }
  expect(reached, 'the download button is reached by Tab').toBe(true);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^スキルマップ_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const path = resolve(ARTIFACTS, 'test-results', 'skill-map.xlsx');
  await download.saveAs(path);
  const bytes = readFileSync(path);
  // An XLSX is a zip (PK\x03\x04) holding the workbook part.
  expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  expect(bytes.includes(Buffer.from('xl/workbook.xml'))).toBe(true);
  await expect(page.getByText('出力中…')).toHaveCount(0);
});
