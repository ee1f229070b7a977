import { UTF8_BOM, neutralizeSpreadsheetCell, toCsvLine } from './encoding-export';
import { parseCsv } from './csv';

describe('neutralizeSpreadsheetCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://example.com","x")', '\'=HYPERLINK("http://example.com","x")'],
    ['+81-59-000-0000', "'+81-59-000-0000"],
    ['-5', "'-5"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['三重 太郎', '三重 太郎'],
    ['2026-04-01', '2026-04-01'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['＝1', "'＝1"],
    ['＋81-59', "'＋81-59"],
    ['－5', "'－5"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['ー長音で始まる', 'ー長音で始まる'],
    ["'quoted", "'quoted"],
    ['', ''],
  ])('%j → %j', (value, expected) => {
    expect(neutralizeSpreadsheetCell(value)).toBe(expected);
  });
});

describe('toCsvLine', () => {
  it.each([
    [['a', 'b', 'c'], 'a,b,c\r\n'],
    [['三重県,津市', 'x'], '"三重県,津市",x\r\n'],
    [['彼は"はい"と言った'], '"彼は""はい""と言った"\r\n'],
    [['1行目\n2行目', ''], '"1行目\n2行目",\r\n'],
    [['a\rb'], '"a\rb"\r\n'],
    [['', ''], ',\r\n'],
    [[], '\r\n'],
    [[' spaced '], ' spaced \r\n'],
  ])('%j → %j', (fields, expected) => {
    expect(toCsvLine(fields)).toBe(expected);
  });

  it('is read back to the same fields by parseCsv', () => {
    const fields = ['a,b', '"q"', 'x\r\ny', '', '髙木'];
    expect(parseCsv(toCsvLine(fields) + toCsvLine(fields))).toEqual([fields, fields]);
  });
});

describe('UTF8_BOM', () => {
  it('is the byte order mark EF BB BF in UTF-8', () => {
    expect(Array.from(new TextEncoder().encode(UTF8_BOM))).toEqual([0xef, 0xbb, 0xbf]);
  });
});
