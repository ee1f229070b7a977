import {
  CsvFormatError,
  CsvSyntaxError,
  countLineBreaks,
  parseCsv,
  parseCsvRecords,
  readCsvText,
} from './csv';
import type { CsvFormatIssue, CsvTable, ReadCsvOptions } from './csv';

const read = (text: string, required: readonly string[], options?: ReadCsvOptions): CsvTable =>
  readCsvText({ text, encoding: 'utf-8' }, required, options);

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

describe('parseCsv', () => {
  it.each<[string, string, string[][]]>([
    [
      'simple LF',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'lone CR',
      'a,b\r1,2\r',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no final line ending',
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'empty fields',
      'a,,c\n,,\n',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    ['trailing comma', 'a,b,\n', [['a', 'b', '']]],
    ['quoted comma', '"三重県,津市",x\n', [['三重県,津市', 'x']]],
    ['quoted LF', '"1行目\n2行目",x\n', [['1行目\n2行目', 'x']]],
    ['quoted CRLF', '"1行目\r\n2行目",x\r\n', [['1行目\r\n2行目', 'x']]],
    ['escaped quote', '"彼は""はい""と言った",x\n', [['彼は"はい"と言った', 'x']]],
    ['only an escaped quote', '""""\n', [['"']]],
    ['empty quoted field', '"",x\n', [['', 'x']]],
    ['comma, newline and quote together', '"a,b\n""c""",d', [['a,b\n"c"', 'd']]],
    ['spaces kept', ' a , b \n', [[' a ', ' b ']]],
    ['trailing empty lines dropped', 'a\n1\n\n\r\n\n', [['a'], ['1']]],
    ['empty line in the middle kept', 'a\n\n1\n', [['a'], [''], ['1']]],
    ['empty text', '', []],
    ['only line endings', '\r\n\r\n', []],
  ])('%s', (_label, text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  it.each([
    ['unterminated quote', 'a,b\n1,"abc\n2,3\n', 2, '閉じられていない引用符があります'],
    ['quote inside an unquoted field', 'a,b\n1,ab"c\n', 2, '引用符で囲まれていない項目の途中に引用符'],
    ['quote after leading space', 'a,b\r\n1,2\r\n3, "x"\r\n', 3, '引用符で囲まれていない項目の途中に引用符'],
    ['text after the closing quote', 'a\n"ab"c\n', 2, '引用符で囲まれた項目の後に'],
    ['text after a multi-line quoted field', '"a\nb"c\n', 2, '引用符で囲まれた項目の後に'],
  ])('throws CsvSyntaxError for %s', (_label, text, line, message) => {
    let caught: unknown;
    try {
      parseCsv(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect(caught).toMatchObject({ line, message: expect.stringContaining(message) });
  });
});

describe('parseCsvRecords', () => {
  it('numbers records by the physical line they start on', () => {
    const text = 'h1,h2\r\n1,"a\r\nb\r\nc"\r\n2,x\r\n"3",y\n4,z';
    expect(parseCsvRecords(text).map((record) => record.line)).toEqual([1, 2, 5, 6, 7]);
  });

  it('counts a lone CR inside quotes as a line break', () => {
    expect(parseCsvRecords('"a\rb"\nc').map((record) => record.line)).toEqual([1, 3]);
  });
});

describe('readCsvText', () => {
  it('maps values to header names, in any column order, ignoring (and not keeping) unknown columns', () => {
    const table = read('備考, 所属名 ,所属コード\r\nメモ, 政策企画部 ,010000\r\n', ['所属コード', '所属名']);
    expect(table).toEqual<CsvTable>({
      encoding: 'utf-8',
      header: ['備考', '所属名', '所属コード'],
      rows: [{ line: 2, values: { 所属名: '政策企画部', 所属コード: '010000' } }],
    });
  });

  it('keeps optional columns when the file has them', () => {
    const table = read('a,備考,c\n1,メモ,3\n', ['a'], { optional: ['備考', 'なし'] });
    expect(table.rows[0].values).toEqual({ a: '1', 備考: 'メモ' });
  });

  it('trims values, also of full-width spaces', () => {
    const table = read('氏名\n\u3000髙木 健 \n', ['氏名']);
    expect(table.rows[0].values['氏名']).toBe('髙木 健');
  });

  it('fills missing trailing fields with empty strings', () => {
    const table = read('a,b,c\n1\n', ['a', 'b', 'c']);
    expect(table.rows[0].values).toEqual({ a: '1', b: '', c: '' });
  });

  it('skips blank records but keeps the line numbers of the others', () => {
    const table = read('a,b\n1,2\n\n , \n,,\n3,4\n', ['a', 'b']);
    expect(table.rows.map((row) => [row.line, row.values['a']])).toEqual([
      [2, '1'],
      [6, '3'],
    ]);
  });

  it('accepts a header-only file with no rows', () => {
    expect(read('a,b\r\n', ['a']).rows).toEqual([]);
  });

  it('ignores columns whose header is blank', () => {
    const table = read('a,,b,\n1,x,2,y\n', ['a', 'b']);
    expect(table.rows[0].values).toEqual({ a: '1', b: '2' });
  });

  it('matches header names exactly', () => {
    expect(issuesOf(() => read('職員 番号,ｼｮｸｲﾝ\n1,2\n', ['職員番号']))).toEqual([
      { row: 1, column: '職員番号', message: '必須の列「職員番号」がありません' },
    ]);
  });

  it('reports each missing required column', () => {
    const error = formatErrorOf(() =>
      read('所属名,区分\n政策企画部,部局\n', ['所属コード', '所属名', '上位所属コード']),
    );
    expect(error.errors).toEqual([
      { row: 1, column: '所属コード', message: '必須の列「所属コード」がありません' },
      { row: 1, column: '上位所属コード', message: '必須の列「上位所属コード」がありません' },
    ]);
    expect(error.message).toContain('必須の列「所属コード」がありません');
    expect(error.message).toContain('必須の列「上位所属コード」がありません');
  });

  it('reports a duplicated header column', () => {
    expect(issuesOf(() => read('a,b,a\n1,2,3\n', ['a', 'b']))).toEqual([
      { row: 1, column: 'a', message: '列「a」が重複しています' },
    ]);
  });

  it('reports every record with more fields than the header, by line', () => {
    const issues = issuesOf(() => read('a,b\n1,2\n1,2,3\n"x\ny",2\n1,2,3,4\n', ['a']));
    expect(issues).toEqual([
      { row: 3, message: expect.stringContaining('項目の数が見出し行より多く') },
      { row: 6, message: expect.stringContaining('この行 4 項目') },
    ]);
  });

  it.each([
    ['no text', ''],
    ['only line endings', '\r\n\r\n'],
    ['only blank records', ' , \n,\n'],
  ])('reports an empty file: %s', (_label, text) => {
    expect(issuesOf(() => read(text, ['a']))).toEqual([{ message: 'ファイルが空です' }]);
  });

  it('strips a BOM left in the text and spaces from header names, keeping the encoding it was given', () => {
    const table = readCsvText({ text: '\uFEFF 職員番号 ,氏名\n1,a\n', encoding: 'shift_jis' }, ['職員番号']);
    expect(table).toMatchObject({ encoding: 'shift_jis', header: ['職員番号', '氏名'] });
  });

  it('turns a syntax error into a format error with the row and column', () => {
    expect(issuesOf(() => read('a,b\n1,2\n3,"4\n', ['a']))).toEqual([
      { row: 3, column: 'b', message: '閉じられていない引用符があります' },
    ]);
  });
});

describe('countLineBreaks', () => {
  it('counts CRLF, CR and LF once each, within the range asked', () => {
    expect(countLineBreaks('a\r\nb\rc\nd')).toBe(3);
    expect(countLineBreaks('a\r\nb\rc\nd', 3)).toBe(2);
    expect(countLineBreaks('a\r\nb', 0, 2)).toBe(1);
    expect(countLineBreaks('')).toBe(0);
  });
});
