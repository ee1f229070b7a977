import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import * as iconv from 'iconv-lite';
import {
  adminAuth,
  Auth,
  buildCompletionScenario,
  expectProblem,
  parseCsv,
  SCENARIO,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/*
 * GET /api/v1/exports/completion.csv (utf-8 and shift_jis) and .xlsx on the scenario of support/factories.ts
 * (the same as reports.spec.ts, where the placement of every person is tabulated). Every expected row is
 * written out by hand.
 */

const HEADER = [
  '年度',
  '部局',
  '所属コード',
  '所属名',
  '班',
  '職員番号',
  '氏名',
  '職位',
  '雇用区分',
  '研修体系',
  '研修コード',
  '研修名',
  '状態',
  '期限',
  '修了日',
];

const WDX = ['職場内DX研修', 'WORKPLACE-DX', '職場内DX研修'];
const NEWHIRE = ['階層別研修', 'KAISO-NEWHIRE', '新規採用職員研修（DX基礎）'];
const LEADER = ['階層別研修', 'KAISO-LEADER', '新任所属長研修（DXリーダーシップ）'];

/** The cell the unit '=SUM(A1)課' must become: a leading apostrophe keeps spreadsheets from running it. */
const SUM_UNIT = "'=SUM(A1)課";

const FY2025_ROWS: string[][] = [
  [
    '2025',
    '総務部',
    '100000',
    '総務部',
    '',
    '500001',
    '総務 部長',
    '部長',
    '正規職員',
    ...WDX,
    '修了',
    '2026-03-31',
    '2026-03-15',
  ],
  [
    '2025',
    '総務部',
    '100100',
    '人事課',
    '',
    '500002',
    '人事 課長',
    '課長',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  [
    '2025',
    '総務部',
    '100100',
    '人事課',
    '研修班',
    '500003',
    '𠮷田 太郎',
    '主事',
    '正規職員',
    ...WDX,
    '修了',
    '2026-03-31',
    '2025-10-01',
  ],
  [
    '2025',
    '総務部',
    '100100',
    '人事課',
    '研修班',
    '500004',
    '新人 花子',
    '主事',
    '正規職員',
    ...NEWHIRE,
    '修了',
    '2025-06-30',
    '2025-06-01',
  ],
  [
    '2025',
    '総務部',
    '100100',
    '人事課',
    '研修班',
    '500004',
    '新人 花子',
    '主事',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  [
    '2025',
    '総務部',
    '100100',
    '人事課',
    '研修班',
    '500011',
    '研修 課長',
    '課長',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  // The transferred person, in the 所属 they belonged to on 2026-03-31.
  [
    '2025',
    '総務部',
    '100200',
    SUM_UNIT,
    '',
    '500005',
    '異動 次郎',
    '主任',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  [
    '2025',
    '総務部',
    '100200',
    SUM_UNIT,
    '',
    '500012',
    '再任 六郎',
    '主事',
    '再任用職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  // A 班 directly under a 部局: 所属 is the 部局 itself, 班 the team.
  [
    '2025',
    '農林水産部',
    '200000',
    '農林水産部',
    '企画班',
    '500013',
    '企画 五郎',
    '主事',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  // The 所属's name on 2026-03-31 (renamed on 2026-04-01).
  [
    '2025',
    '農林水産部',
    '200100',
    '農業振興課',
    '',
    '500007',
    '農業 課長',
    '課長補佐',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  // The March leaver keeps their FY2025 row and completion.
  [
    '2025',
    '農林水産部',
    '200200',
    '𩸽漁業課',
    '',
    '500006',
    '退職 三郎',
    '主事',
    '正規職員',
    ...WDX,
    '修了',
    '2026-03-31',
    '2025-12-01',
  ],
  [
    '2025',
    '農林水産部',
    '200200',
    '𩸽漁業課',
    '',
    '500008',
    '林業 係長',
    '係長',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  [
    '2025',
    '農林水産部',
    '200200',
    '𩸽漁業課',
    '',
    '500009',
    '会計 四郎',
    '主事',
    '会計年度任用職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
  [
    '2025',
    '農林水産部',
    '200200',
    '𩸽漁業課',
    '',
    '500014',
    '漁業 課長',
    '課長',
    '正規職員',
    ...WDX,
    '期限超過',
    '2026-03-31',
    '',
  ],
];

const FY2026_ROWS: string[][] = [
  [
    '2026',
    '総務部',
    '100000',
    '総務部',
    '',
    '500001',
    '総務 部長',
    '部長',
    '正規職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  [
    '2026',
    '総務部',
    '100100',
    '人事課',
    '',
    '500002',
    '人事 課長',
    '課長',
    '正規職員',
    ...WDX,
    '修了',
    '2027-03-31',
    '2026-06-15',
  ],
  [
    '2026',
    '総務部',
    '100100',
    '人事課',
    '',
    '500010',
    '新規 採用',
    '主事',
    '正規職員',
    ...NEWHIRE,
    '免除',
    '2026-06-30',
    '',
  ],
  [
    '2026',
    '総務部',
    '100100',
    '人事課',
    '',
    '500010',
    '新規 採用',
    '主事',
    '正規職員',
    ...WDX,
    '修了',
    '2027-03-31',
    '2026-10-01',
  ],
  [
    '2026',
    '総務部',
    '100100',
    '人事課',
    '研修班',
    '500003',
    '𠮷田 太郎',
    '主事',
    '正規職員',
    ...WDX,
    '受講中',
    '2027-03-31',
    '',
  ],
  [
    '2026',
    '総務部',
    '100100',
    '人事課',
    '研修班',
    '500004',
    '新人 花子',
    '主事',
    '正規職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  [
    '2026',
    '総務部',
    '100100',
    '人事課',
    '研修班',
    '500011',
    '研修 課長',
    '課長',
    '正規職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  [
    '2026',
    '総務部',
    '100200',
    SUM_UNIT,
    '',
    '500012',
    '再任 六郎',
    '主事',
    '再任用職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  // 𩸽漁業課 is under 総務部 since 2026-10-01 ...
  [
    '2026',
    '総務部',
    '200200',
    '𩸽漁業課',
    '',
    '500009',
    '会計 四郎',
    '主事',
    '会計年度任用職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  [
    '2026',
    '総務部',
    '200200',
    '𩸽漁業課',
    '',
    '500014',
    '漁業 課長',
    '課長',
    '正規職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  [
    '2026',
    '農林水産部',
    '200000',
    '農林水産部',
    '企画班',
    '500013',
    '企画 五郎',
    '主事',
    '正規職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  // The transferred person, now in 農林水産部; the 所属's new name.
  [
    '2026',
    '農林水産部',
    '200100',
    '農業政策課',
    '',
    '500005',
    '異動 次郎',
    '主任',
    '正規職員',
    ...WDX,
    '修了',
    '2027-03-31',
    '2026-09-01',
  ],
  [
    '2026',
    '農林水産部',
    '200100',
    '農業政策課',
    '',
    '500007',
    '農業 課長',
    '課長',
    '正規職員',
    ...LEADER,
    '期限超過',
    '2026-05-31',
    '',
  ],
  [
    '2026',
    '農林水産部',
    '200100',
    '農業政策課',
    '',
    '500007',
    '農業 課長',
    '課長',
    '正規職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
  // ... but the September leaver stays where they were on their last day (農林水産部).
  [
    '2026',
    '農林水産部',
    '200200',
    '𩸽漁業課',
    '',
    '500008',
    '林業 係長',
    '係長',
    '正規職員',
    ...WDX,
    '未着手',
    '2027-03-31',
    '',
  ],
];

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
/** What the XLSX holds where the CSV has a neutralised cell: the same text as a text cell, without the apostrophe. */
const asXlsxText = (records: string[][]): string[][] =>
  records.map((record) => record.map((cell) => (/^'[=+\-@\t\r＝＋－＠]/.test(cell) ? cell.slice(1) : cell)));

describe('completion exports (GET /api/v1/exports/completion.csv and .xlsx)', () => {
  let t: TestApp;
  let hr: Auth;
  let as: Record<string, Auth>;
  const S = SCENARIO;
  const TODAY = todayInTokyoForTests();

  const get = (auth: Auth | undefined, path: string) =>
    t.request({ method: 'GET', url: `/api/v1/exports/${path}`, headers: auth ?? {} });
  const ok = async (auth: Auth, path: string): Promise<LightMyRequestResponse> => {
    const response = await get(auth, path);
    if (response.statusCode !== 200)
      throw new Error(`GET ${path}: ${response.statusCode} ${response.body.slice(0, 800)}`);
    return response;
  };
  /** The UTF-8 CSV's records (header first), after checking and removing its BOM. */
  const utf8Records = async (auth: Auth, query: string): Promise<string[][]> => {
    const response = await ok(auth, `completion.csv?${query}`);
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parseCsv(bytes.subarray(3).toString('utf8'));
  };
  const xlsxRecords = async (auth: Auth, query: string): Promise<string[][]> => {
    const response = await ok(auth, `completion.xlsx?${query}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const records: string[][] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
        if (sheet !== workbook.worksheets[0] && rowNumber === 1) return; // a continuation sheet repeats the header
        records.push(
          HEADER.map((_, i) => {
            const value = row.getCell(i + 1).value;
            return value === null || value === undefined ? '' : String(value);
          }),
        );
      });
    }
    return records;
  };
  const fileNameOf = (response: LightMyRequestResponse): string => {
    const disposition = String(response.headers['content-disposition'] ?? '');
    const match = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition);
    if (!match) throw new Error(`no filename* in ${disposition}`);
    return decodeURIComponent(match[1]);
  };

  beforeAll(async () => {
    expect(TODAY >= '2026-10-01' && TODAY <= '2027-03-31').toBe(true);
    t = await createTestApp();
    hr = await adminAuth(t);
    as = await buildCompletionScenario(t, hr);
  });
  afterAll(() => t?.close());

  describe('CSV, UTF-8 (the default)', () => {
    it('FY2025: BOM, the contract header, one row per person and course, placed as on 2026-03-31', async () => {
      const [header, ...rows] = await utf8Records(hr, 'fiscalYear=2025');
      expect(header).toEqual(HEADER);
      expect(rows).toEqual(FY2025_ROWS);
    });

    it('FY2026: placed as of today (transfer, move of a 所属 after a leaver’s last day), every status label', async () => {
      const [header, ...rows] = await utf8Records(hr, 'fiscalYear=2026');
      expect(header).toEqual(HEADER);
      expect(rows).toEqual(FY2026_ROWS);
      expect(new Set(rows.map((r) => r[12]))).toEqual(
        new Set(['未着手', '受講中', '修了', '期限超過', '免除']),
      );
    });

    it('headers: text/csv; charset=utf-8, Cache-Control no-store, a Japanese file name with the 年度 (RFC 5987)', async () => {
      const response = await ok(hr, 'completion.csv?fiscalYear=2026');
      expect(response.headers['content-type']).toMatch(/^text\/csv; ?charset=utf-8$/i);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-disposition']).toMatch(/^attachment;/);
      const name = fileNameOf(response);
      expect(name).toMatch(/\.csv$/);
      expect(name).toMatch(/(令和8|2026)年度/);
      expect(name).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(fileNameOf(await ok(hr, 'completion.csv?fiscalYear=2025'))).toMatch(/(令和7|2025)年度/);
      expect(response.headers['x-substituted-characters']).toBeUndefined();
    });

    it('without fiscalYear: the current year (FY2026)', async () => {
      const [, ...rows] = await utf8Records(hr, '');
      expect(rows).toEqual(FY2026_ROWS);
    });

    it("neutralises cells that a spreadsheet would run: the unit =SUM(A1)課 is written as '=SUM(A1)課", async () => {
      const response = await ok(hr, 'completion.csv?fiscalYear=2025');
      const text = response.rawPayload.subarray(3).toString('utf8');
      expect(text).toContain(SUM_UNIT);
      expect(text).not.toMatch(/(^|,)"?=SUM/m);
      for (const record of parseCsv(text)) for (const cell of record) expect(cell).not.toMatch(FORMULA_START);
    });

    it('writes =SUM(A1)課 in the XLSX as a text cell with the Text format: no formula, no visible apostrophe', async () => {
      const response = await ok(hr, 'completion.xlsx?fiscalYear=2025');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const cells: ExcelJS.Cell[] = [];
      workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell)));
      const sum = cells.filter((cell) => String(cell.value).includes('SUM(A1)'));
      expect(sum.length).toBeGreaterThan(0);
      for (const cell of sum) {
        expect({ value: cell.value, type: cell.type, numFmt: cell.numFmt, formula: cell.formula }).toEqual({
          value: '=SUM(A1)課',
          type: ExcelJS.ValueType.String,
          numFmt: '@',
          formula: undefined,
        });
      }
      expect(cells.some((cell) => cell.type === ExcelJS.ValueType.Formula)).toBe(false);
    });

    it('every record ends with the same line break (CRLF, RFC 4180), in both encodings', async () => {
      const utf8 = (await ok(hr, 'completion.csv?fiscalYear=2026')).rawPayload.subarray(3).toString('utf8');
      const sjis = iconv.decode(
        (await ok(hr, 'completion.csv?fiscalYear=2026&encoding=shift_jis')).rawPayload,
        'cp932',
      );
      // header + rows (+ the note in Shift_JIS), each followed by CRLF
      for (const [text, records] of [
        [utf8, FY2026_ROWS.length + 1],
        [sjis, FY2026_ROWS.length + 2],
      ] as const) {
        expect(text.endsWith('\r\n')).toBe(true);
        expect(text.split('\r\n')).toHaveLength(records + 1);
        expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      }
    });

    it('filters: trackCode, orgUnitCode (a 班; a 部局)', async () => {
      const kaiso = (await utf8Records(hr, 'fiscalYear=2026&trackCode=KAISO')).slice(1);
      expect(kaiso).toEqual(FY2026_ROWS.filter((r) => r[9] === '階層別研修'));
      expect(kaiso).toHaveLength(2);
      expect((await utf8Records(hr, 'fiscalYear=2025&orgUnitCode=100110')).slice(1)).toEqual(
        FY2025_ROWS.filter((r) => r[4] === '研修班'),
      );
      expect((await utf8Records(hr, 'fiscalYear=2026&orgUnitCode=200000')).slice(1)).toEqual(
        FY2026_ROWS.filter((r) => r[1] === '農林水産部'),
      );
      // The unit filter follows the placement: 𩸽漁業課 in FY2026 is its current members and its September leaver.
      expect((await utf8Records(hr, 'fiscalYear=2026&orgUnitCode=200200')).slice(1)).toEqual(
        FY2026_ROWS.filter((r) => r[2] === '200200'),
      );
    });

    it('has the same rows as the report counts (HR, both years)', async () => {
      for (const fiscalYear of [2025, 2026]) {
        const report = await t.request({
          method: 'GET',
          url: `/api/v1/reports/completion?fiscalYear=${fiscalYear}&groupBy=section`,
          headers: hr,
        });
        const rows = (await utf8Records(hr, `fiscalYear=${fiscalYear}`)).slice(1);
        const bySection = new Map<string, number>();
        for (const r of rows) bySection.set(r[2], (bySection.get(r[2]) ?? 0) + 1);
        expect(Object.fromEntries(bySection)).toEqual(
          Object.fromEntries(
            (report.json().rows as { key: string; assigned: number }[]).map((r) => [r.key, r.assigned]),
          ),
        );
      }
    });
  });

  describe('CSV, Shift_JIS (CP932)', () => {
    it('is CP932 without a BOM; 𠮷 and 𩸽 become 〓, reported in x-substituted-characters and a final note row; everything else is the UTF-8 export', async () => {
      const response = await ok(hr, 'completion.csv?fiscalYear=2025&encoding=shift_jis');
      expect(response.headers['content-type']).toMatch(/^text\/csv; ?charset=shift_jis$/i);
      expect(response.headers['cache-control']).toBe('no-store');
      const bytes = response.rawPayload;
      expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      // Valid CP932 throughout: decoding and encoding again gives the same bytes.
      const text = iconv.decode(bytes, 'cp932');
      expect(Buffer.compare(iconv.encode(text, 'cp932'), bytes)).toBe(0);
      expect(text).not.toContain('?');

      const header = String(response.headers['x-substituted-characters'] ?? '');
      expect([...decodeURIComponent(header)].sort()).toEqual(['𠮷', '𩸽'].sort());

      const records = parseCsv(text);
      const note = records[records.length - 1];
      expect(note).toHaveLength(1);
      expect(note[0]).toMatch(/^注記/);
      expect(note[0]).toContain('〓');
      expect(note[0]).toContain('U+20BB7');
      expect(note[0]).toContain('U+29E3D');

      const substituted = (rows: string[][]) =>
        rows.map((r) => r.map((cell) => cell.replace(/𠮷|𩸽/gu, '〓')));
      expect(records.slice(0, -1)).toEqual(substituted([HEADER, ...FY2025_ROWS]));
      expect(records.slice(1, -1).find((r) => r[5] === S.YOSHIDA)![6]).toBe('〓田 太郎');
    });

    it('a file with nothing to substitute has no header and no note', async () => {
      const response = await ok(as[S.AGRI_CHIEF], 'completion.csv?fiscalYear=2025&encoding=shift_jis');
      expect(response.headers['x-substituted-characters']).toBeUndefined();
      const records = parseCsv(iconv.decode(response.rawPayload, 'cp932'));
      expect(records).toEqual([HEADER, ...FY2025_ROWS.filter((r) => r[5] === S.AGRI_CHIEF)]);
    });

    it('reports only what the file holds: a manager’s export names 𠮷 (their 班 member), not the 𩸽 of a unit outside their scope', async () => {
      const response = await ok(as[S.HR_CHIEF], 'completion.csv?fiscalYear=2026&encoding=shift_jis');
      expect(decodeURIComponent(String(response.headers['x-substituted-characters'] ?? ''))).toBe('𠮷');
      const records = parseCsv(iconv.decode(response.rawPayload, 'cp932'));
      expect(records[records.length - 1][0]).toContain('U+20BB7');
      expect(records[records.length - 1][0]).not.toContain('U+29E3D');
    });

    it('an unknown encoding is 422', async () => {
      expectProblem(await get(hr, 'completion.csv?fiscalYear=2026&encoding=latin1'), 422);
    });
  });

  describe('XLSX', () => {
    it('has the same header and rows as the CSV (FY2025 and FY2026), no-store, a Japanese .xlsx file name', async () => {
      for (const [fiscalYear, rows] of [
        [2025, FY2025_ROWS],
        [2026, FY2026_ROWS],
      ] as const) {
        const xlsx = await xlsxRecords(hr, `fiscalYear=${fiscalYear}`);
        expect(xlsx).toEqual(asXlsxText([HEADER, ...rows]));
        expect(xlsx).toEqual(asXlsxText(await utf8Records(hr, `fiscalYear=${fiscalYear}`)));
      }
      const response = await ok(hr, 'completion.xlsx?fiscalYear=2026');
      expect(response.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(response.headers['cache-control']).toBe('no-store');
      expect(fileNameOf(response)).toMatch(/(令和8|2026)年度.*\.xlsx$/);
    });

    it('filters like the CSV', async () => {
      expect(await xlsxRecords(hr, 'fiscalYear=2026&trackCode=KAISO')).toEqual(
        asXlsxText(await utf8Records(hr, 'fiscalYear=2026&trackCode=KAISO')),
      );
    });
  });

  describe('who may export what', () => {
    const HR_SECTION = (r: string[]) => r[2] === '100100';

    it('a 課長 gets their 所属 with its 班 only, in both formats', async () => {
      const chief = as[S.HR_CHIEF];
      expect((await utf8Records(chief, 'fiscalYear=2026')).slice(1)).toEqual(FY2026_ROWS.filter(HR_SECTION));
      expect((await xlsxRecords(chief, 'fiscalYear=2026')).slice(1)).toEqual(
        asXlsxText(FY2026_ROWS.filter(HR_SECTION)),
      );
      expect((await utf8Records(chief, 'fiscalYear=2025')).slice(1)).toEqual(FY2025_ROWS.filter(HR_SECTION));
    });

    it('a 課長 placed in a 班 gets the 班; a 部長 the 部局 as it stood in each year', async () => {
      expect((await utf8Records(as[S.TEAM_CHIEF], 'fiscalYear=2026')).slice(1)).toEqual(
        FY2026_ROWS.filter((r) => r[4] === '研修班'),
      );
      expect((await utf8Records(as[S.DIRECTOR], 'fiscalYear=2025')).slice(1)).toEqual(
        FY2025_ROWS.filter((r) => r[1] === '総務部'),
      );
      expect((await xlsxRecords(as[S.DIRECTOR], 'fiscalYear=2026')).slice(1)).toEqual(
        asXlsxText(FY2026_ROWS.filter((r) => r[1] === '総務部')),
      );
    });

    it('a manager’s FY2025 export holds who was in their 所属 then', async () => {
      expect((await utf8Records(as[S.AGRI_CHIEF], 'fiscalYear=2025')).slice(1)).toEqual(
        FY2025_ROWS.filter((r) => r[5] === S.AGRI_CHIEF),
      );
      expect((await utf8Records(as[S.AGRI_CHIEF], 'fiscalYear=2026')).slice(1)).toEqual(
        FY2026_ROWS.filter((r) => r[2] === '200100'),
      );
    });

    it('a manager asking for a unit outside their subtree gets 404 (both formats)', async () => {
      expectProblem(await get(as[S.HR_CHIEF], 'completion.csv?fiscalYear=2026&orgUnitCode=200100'), 404);
      expectProblem(await get(as[S.HR_CHIEF], 'completion.xlsx?fiscalYear=2026&orgUnitCode=100000'), 404);
      expectProblem(
        await get(as[S.TEAM_CHIEF], 'completion.csv?fiscalYear=2026&orgUnitCode=100100&encoding=shift_jis'),
        404,
      );
    });

    it('a plain learner is 403, no token 401 (both formats)', async () => {
      expectProblem(await get(as[S.YOSHIDA], 'completion.csv?fiscalYear=2026'), 403);
      expectProblem(await get(as[S.YOSHIDA], 'completion.xlsx?fiscalYear=2026'), 403);
      expectProblem(await get(undefined, 'completion.csv?fiscalYear=2026'), 401);
      expectProblem(await get(undefined, 'completion.xlsx?fiscalYear=2026'), 401);
    });
  });
});
