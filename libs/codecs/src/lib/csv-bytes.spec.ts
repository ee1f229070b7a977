import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { CSV_LIMITS, CsvFormatError, type CsvFormatIssue } from '@dx/domain';
import { decodeCsvBytes, readCsvTable } from './csv-bytes';

const repositoryRoot = path.resolve(__dirname, '../../../..');
const fixturesDirectory = path.join(repositoryRoot, 'fixtures');
const readFixture = (name: string): Uint8Array => fs.readFileSync(path.join(fixturesDirectory, name));

const STAFF_COLUMNS = [
  '職員番号',
  '氏名',
  '氏名カナ',
  'メールアドレス',
  '所属コード',
  '職位',
  '雇用区分',
  '採用日',
  '昇任日',
  '発令日',
] as const;

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const utf8WithBom = (text: string): Uint8Array => utf8(`\uFEFF${text}`);
const shiftJis = (text: string): Uint8Array => iconv.encode(text, 'cp932');

function formatErrorOf(action: () => unknown): CsvFormatError {
  try {
    action();
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('CsvFormatError was expected');
}

function issuesOf(action: () => unknown): CsvFormatIssue[] {
  return formatErrorOf(action).errors;
}

describe('decodeCsvBytes', () => {
  it.each([
    ['ASCII', utf8('code,name\r\n1,a\r\n'), 'code,name\r\n1,a\r\n', 'utf-8'],
    [
      'UTF-8',
      utf8('所属コード,所属名\n010000,政策企画部\n'),
      '所属コード,所属名\n010000,政策企画部\n',
      'utf-8',
    ],
    ['UTF-8 with BOM', utf8WithBom('所属コード\n髙\n'), '所属コード\n髙\n', 'utf-8-bom'],
    ['Shift_JIS', shiftJis('所属コード\r\n政策企画部\r\n'), '所属コード\r\n政策企画部\r\n', 'shift_jis'],
    ['CP932 extension characters', shiftJis('髙木,山﨑,①,㈱'), '髙木,山﨑,①,㈱', 'shift_jis'],
    ['empty', new Uint8Array(), '', 'utf-8'],
  ])('%s', (_label, bytes, text, encoding) => {
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding });
  });

  it('keeps 𠮷 from UTF-8 as one code point', () => {
    expect(decodeCsvBytes(utf8('𠮷野')).text).toBe('𠮷野');
  });

  it('refuses bytes that are neither UTF-8 nor CP932, naming the line', () => {
    const bytes = Uint8Array.from([...utf8('a\r\nb\r\n'), 0xfd, 0x0d, 0x0a]);
    expect(issuesOf(() => decodeCsvBytes(bytes))).toEqual([
      { row: 3, message: expect.stringContaining('読み取れない文字') },
    ]);
  });

  it('refuses a file with a UTF-8 BOM whose content is not UTF-8', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...shiftJis('所属')]);
    expect(() => decodeCsvBytes(bytes)).toThrow(CsvFormatError);
  });
});

describe('readCsvTable', () => {
  it('shifts line numbers after a quoted field with an embedded newline', () => {
    const text = 'コード,名称\r\n1,"一行目\r\n二行目"\r\n2,次\r\n3,"a\nb\nc"\r\n4,最後\r\n';
    const table = readCsvTable(shiftJis(text), ['コード', '名称']);
    expect(table.rows.map((row) => row.line)).toEqual([2, 4, 5, 8]);
    expect(table.rows[0].values['名称']).toBe('一行目\r\n二行目');
  });

  it('strips a stray BOM and spaces from header names', () => {
    const table = readCsvTable(utf8('\uFEFF\uFEFF 職員番号 ,氏名\n1,a\n'), ['職員番号']);
    expect(table.header).toEqual(['職員番号', '氏名']);
    expect(table.encoding).toBe('utf-8-bom');
  });

  it.each([
    ['no bytes', new Uint8Array()],
    ['only a BOM', utf8WithBom('')],
    ['only line endings', utf8('\r\n\r\n')],
    ['only blank records', utf8(' , \n,\n')],
  ])('reports an empty file: %s', (_label, bytes) => {
    expect(issuesOf(() => readCsvTable(bytes, ['a']))).toEqual([{ message: 'ファイルが空です' }]);
  });

  it('refuses binary content', () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect(issuesOf(() => readCsvTable(bytes, ['a']))).toEqual([
      { message: 'CSVファイルではありません（バイナリデータが含まれています）' },
    ]);
  });

  it('refuses a UTF-16 file, which is full of NUL bytes', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]);
    expect(issuesOf(() => readCsvTable(bytes, ['a']))[0].message).toContain('バイナリデータ');
  });
});

describe('readCsvTable limits (a file costs little beyond its text, whatever it holds)', () => {
  const MB20 = 20 * 1024 * 1024;

  it('reads the limits it was given and has sensible defaults', () => {
    expect(CSV_LIMITS).toEqual({ maxRows: 100_000, maxColumns: 1_000, maxFieldLength: 1_000 });
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['commas and spaces', ' ,,\u3000,\r\n'],
  ])('refuses 20 MB of blank lines (%s) as empty, quickly', (_label, line) => {
    const bytes = utf8(line.repeat(Math.floor(MB20 / utf8(line).length)));
    const started = performance.now();
    expect(issuesOf(() => readCsvTable(bytes, ['a']))).toEqual([{ message: 'ファイルが空です' }]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('reads a header and rows between 20 MB of blank lines, keeping the physical line numbers', () => {
    const blank = ',,\n'.repeat(3_000_000);
    const table = readCsvTable(utf8(`a,b\n${blank}1,2\n${blank}3,4\n${blank}`), ['a', 'b']);
    expect(table.rows).toEqual([
      { line: 3_000_002, values: { a: '1', b: '2' } },
      { line: 6_000_003, values: { a: '3', b: '4' } },
    ]);
  });

  it('refuses more data rows than the limit, naming the limit and the first line over it', () => {
    const text = 'a\n' + '1\n\n'.repeat(11);
    expect(issuesOf(() => readCsvTable(utf8(text), ['a'], { limits: { maxRows: 10 } }))).toEqual([
      {
        row: 22,
        message: 'データ行が多すぎます。1つのファイルで取り込めるのは10行までです（空行は数えません）',
      },
    ]);
    expect(
      readCsvTable(utf8('a\n' + '1\n'.repeat(10)), ['a'], { limits: { maxRows: 10 } }).rows,
    ).toHaveLength(10);
  });

  it('refuses a 20 MB file of rows at the default limit of 100,000', () => {
    const issues = issuesOf(() => readCsvTable(utf8('a\n' + '1\n'.repeat(MB20 / 2 - 2)), ['a']));
    expect(issues).toEqual([{ row: 100_002, message: expect.stringContaining('100,000行まで') }]);
  });

  it('refuses a header with more named columns than the limit', () => {
    const names = Array.from({ length: 1_001 }, (_, i) => `列${i + 1}`);
    expect(issuesOf(() => readCsvTable(utf8(names.join(',') + '\n1\n'), ['列1']))).toEqual([
      { row: 1, message: '見出し行の列が多すぎます（1,001列。1,000列まで）' },
    ]);
    expect(readCsvTable(utf8(names.slice(0, 1_000).join(',') + '\n1\n'), ['列1']).rows).toEqual([
      { line: 2, values: { 列1: '1' } },
    ]);
  });

  it('reads a header followed by millions of empty columns (as Excel writes its used range) without keeping them', () => {
    const empty = ','.repeat(3_000_000);
    const table = readCsvTable(utf8(`a,b${empty}\n1,2${empty}\n`), ['a', 'b']);
    expect(table.header).toHaveLength(1_000);
    expect(table.rows).toEqual([{ line: 2, values: { a: '1', b: '2' } }]);
    expect(issuesOf(() => readCsvTable(utf8(`a,b${empty}\n1,2${empty},x\n`), ['a']))).toEqual([
      {
        row: 2,
        message: '項目の数が見出し行より多くなっています（見出し 3,000,002 列、この行 3,000,003 項目）',
      },
    ]);
  });

  it('counts the fields of a row with millions of commas without keeping them', () => {
    const issues = issuesOf(() => readCsvTable(utf8('a,b\n1' + ','.repeat(5_000_000) + '\n'), ['a']));
    expect(issues).toEqual([
      { row: 2, message: '項目の数が見出し行より多くなっています（見出し 2 列、この行 5,000,001 項目）' },
    ]);
  });

  it('still tells a blank row with extra commas from one with content past the header', () => {
    expect(readCsvTable(utf8('a,b\n,,,,\n1,2\n'), ['a']).rows).toHaveLength(1);
    expect(issuesOf(() => readCsvTable(utf8('a,b\n,,,,x\n'), ['a']))).toEqual([
      { row: 2, message: expect.stringContaining('この行 5 項目') },
    ]);
  });

  it('refuses a cell longer than the limit, naming its row and column', () => {
    expect(issuesOf(() => readCsvTable(utf8(`a,b\n1,${'x'.repeat(1001)}\n`), ['a']))).toEqual([
      { row: 2, column: 'b', message: '項目が長すぎます（1項目1,000文字まで）' },
    ]);
    expect(readCsvTable(utf8(`a,b\n1,${'x'.repeat(1000)}\n`), ['a']).rows).toHaveLength(1);
  });

  it('refuses 20 MB of one unquoted cell as a too long cell', () => {
    expect(issuesOf(() => readCsvTable(new Uint8Array(MB20).fill(0x61), ['a']))).toEqual([
      { row: 1, message: '項目が長すぎます（1項目1,000文字まで）' },
    ]);
  });

  it('refuses a stray quote that would swallow the rest of the file, at the line it opens', () => {
    const text = 'a,b\n1,"x\n' + '2,y\n'.repeat(1000) + '3,"\n';
    expect(issuesOf(() => readCsvTable(utf8(text), ['a']))).toEqual([
      { row: 2, column: 'b', message: expect.stringContaining('閉じる引用符（"）が抜けていないか') },
    ]);
  });

  it('names the line of an undecodable byte after 20 MB of line breaks', () => {
    const bytes = new Uint8Array(MB20).fill(0x0a);
    bytes[MB20 - 2] = 0xfd;
    expect(issuesOf(() => readCsvTable(bytes, ['a']))).toEqual([
      { row: MB20 - 1, message: expect.stringContaining('読み取れない文字') },
    ]);
  });
});

describe('readCsvTable on the real fixtures', () => {
  const shiftJisTable = readCsvTable(readFixture('sample-staff.csv'), STAFF_COLUMNS);
  const utf8BomTable = readCsvTable(readFixture('sample-staff-utf8bom.csv'), STAFF_COLUMNS);

  it('detects the encodings', () => {
    expect(shiftJisTable.encoding).toBe('shift_jis');
    expect(utf8BomTable.encoding).toBe('utf-8-bom');
  });

  it('reads the same roster from both files', () => {
    expect(shiftJisTable.header).toEqual([...STAFF_COLUMNS]);
    expect(shiftJisTable.rows).toHaveLength(12);
    expect(utf8BomTable.header).toEqual(shiftJisTable.header);
    expect(utf8BomTable.rows).toEqual(shiftJisTable.rows);
  });

  it('keeps 髙 and the full-width 職員番号 as written', () => {
    for (const table of [shiftJisTable, utf8BomTable]) {
      const takagi = table.rows.find((row) => row.values['職員番号'] === '500005');
      expect(takagi).toMatchObject({ line: 6, values: { 氏名: '髙木 健', 氏名カナ: 'タカギ ケン' } });
      expect(table.rows[10].values['職員番号']).toBe('５０００１１');
      expect(table.rows[10].line).toBe(12);
    }
  });

  it('reads the org chart with its empty 上位所属コード', () => {
    const org = readCsvTable(readFixture('sample-org.csv'), [
      '所属コード',
      '所属名',
      '上位所属コード',
      '区分',
    ]);
    expect(org.encoding).toBe('shift_jis');
    expect(org.rows[0]).toEqual({
      line: 2,
      values: { 所属コード: '010000', 所属名: '政策企画部', 上位所属コード: '', 区分: '部局' },
    });
  });
});
