import * as iconv from 'iconv-lite';
import { CP932_SUBSTITUTE, charactersOutsideCp932, decodeCp932, encodeCp932WithReport } from './cp932';

describe('encodeCp932WithReport', () => {
  it.each([
    ['ASCII', 'abc,123\r\n'],
    ['a real question mark', 'よろしいですか?'],
    ['髙', '髙木 健'],
    ['﨑', '山﨑 太郎'],
    ['NEC special characters', '①㈱～'],
    ['kana and kanji', '職場内DX研修,令和8年度'],
  ])('encodes %s without substitution and decodes back identically', (_label, text) => {
    const result = encodeCp932WithReport(text);
    expect(result.substituted).toEqual([]);
    expect(decodeCp932(result.bytes)).toBe(text);
  });

  it('writes 髙 as its CP932 code FB FC', () => {
    expect(Array.from(encodeCp932WithReport('髙').bytes)).toEqual([0xfb, 0xfc]);
  });

  it('substitutes 𠮷 with 〓 and reports it', () => {
    const result = encodeCp932WithReport('𠮷野 花子?');
    expect(result.substituted).toEqual(['𠮷']);
    expect(decodeCp932(result.bytes)).toBe(`${CP932_SUBSTITUTE}野 花子?`);
  });

  it('reports each unencodable character once, in order of appearance', () => {
    const result = encodeCp932WithReport('𠮷田,\u{1F600},𠮷,髙,\u2014');
    expect(result.substituted).toEqual(['𠮷', '\u{1F600}', '\u2014']);
    expect(decodeCp932(result.bytes)).toBe('〓田,〓,〓,髙,〓');
  });

  it('never writes a question mark for an unencodable character', () => {
    const result = encodeCp932WithReport('\u{1F600}');
    expect(Array.from(result.bytes)).toEqual([0x81, 0xac]);
  });

  it('substitutes a character iconv-lite would map to a look-alike', () => {
    const result = encodeCp932WithReport('¥100');
    expect(result.substituted).toEqual(['¥']);
    expect(decodeCp932(result.bytes)).toBe('〓100');
  });

  it('substitutes a lone surrogate', () => {
    const result = encodeCp932WithReport('a\ud842b');
    expect(result.substituted).toEqual(['\ud842']);
    expect(decodeCp932(result.bytes)).toBe('a〓b');
  });

  it('encodes an empty string to no bytes', () => {
    expect(encodeCp932WithReport('')).toEqual({ bytes: expect.any(Uint8Array), substituted: [] });
    expect(encodeCp932WithReport('').bytes).toHaveLength(0);
  });
});

describe('charactersOutsideCp932', () => {
  it('names the characters a Shift_JIS file cannot carry, and none of the NEC/IBM extensions CP932 has', () => {
    expect(charactersOutsideCp932('𠮷田 𩸽 𠮷')).toEqual(['𠮷', '𩸽']);
    expect(charactersOutsideCp932('髙橋 﨑山 ①')).toEqual([]);
    expect(charactersOutsideCp932('')).toEqual([]);
  });
});

describe('decodeCp932', () => {
  it('reads what Japanese Windows tools write', () => {
    expect(decodeCp932(iconv.encode('教材/開始.html', 'cp932'))).toBe('教材/開始.html');
  });
});
