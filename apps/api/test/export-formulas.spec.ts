import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { importOk, orgCsv, parseCsv, person, smallOrg, staffCsv } from './support/factories';
import { ADMIN, createTestApp, TestApp } from './support/test-app';

/** Names a spreadsheet would take for formulas: half-width and the full-width forms Japanese Excel converts. */
const NAMES = {
  '880001': '＝HYPERLINK("http://evil.example","開く")',
  '880002': '＋81 太郎',
  '880003': '－5 花子',
  '880004': '＠SUM 次郎',
  '880005': '=1+1 三郎',
  '880006': 'ー長音 四郎',
};

describe('exports neutralise formula starts, half-width and full-width, in CSV (both encodings) and XLSX', () => {
  let t: TestApp;
  let hr: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.login(ADMIN.loginId, ADMIN.password);
    await importOk(t, 'org-units', hr, orgCsv(smallOrg(['10'])), { effectiveDate: '2026-04-01' });
    await importOk(
      t,
      'staff',
      hr,
      staffCsv(Object.entries(NAMES).map(([no, name]) => person(no, { name }))),
      { effectiveDate: '2026-04-01' },
    );
  });
  afterAll(() => t?.close());

  const download = (path: string) =>
    t.request({ method: 'GET', url: `/api/v1/exports/${path}`, headers: hr }).then((r) => {
      expect(r.statusCode).toBe(200);
      return r.rawPayload;
    });
  const namesIn = (records: string[][]) => records.slice(1).map((r) => r[6]);

  it('prefixes an apostrophe in both CSV encodings to every name that starts like a formula, and to no other', async () => {
    const utf8 = parseCsv((await download('completion.csv?fiscalYear=2026')).subarray(3).toString('utf8'));
    const sjis = parseCsv(
      iconv.decode(await download('completion.csv?fiscalYear=2026&encoding=shift_jis'), 'cp932'),
    );
    const expected = Object.values(NAMES).map((name) => (/^[-=+@＝＋－＠]/.test(name) ? `'${name}` : name));
    for (const records of [utf8, sjis]) expect(namesIn(records).sort()).toEqual([...expected].sort());
  });

  it('writes them into the XLSX as text cells in the Text format, with no apostrophe and no formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('completion.xlsx?fiscalYear=2026')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const cells = new Map<string, ExcelJS.Cell>();
    sheet.eachRow((row, n) => n > 1 && cells.set(String(row.getCell(7).value), row.getCell(7)));
    expect([...cells.keys()].sort()).toEqual(Object.values(NAMES).sort());
    for (const [name, cell] of cells) {
      expect({ name, type: cell.type, numFmt: cell.numFmt ?? null }).toEqual({
        name,
        type: ExcelJS.ValueType.String,
        numFmt: /^[-=+@＝＋－＠]/.test(name) ? '@' : null,
      });
    }
  });
});
