import {
  normalizeEmployeeNo,
  normalizeKana,
  normalizeName,
  normalizeSearchQuery,
  toHalfWidthDigits,
} from './normalize';

describe('toHalfWidthDigits', () => {
  it.each([
    ['０１２３４５６７８９', '0123456789'],
    ['５０００１２', '500012'],
    ['令和８年', '令和8年'],
    ['ＡＢＣ１', 'ＡＢＣ1'],
    ['abc', 'abc'],
  ])('%s → %s', (input, expected) => {
    expect(toHalfWidthDigits(input)).toBe(expected);
  });
});

describe('normalizeEmployeeNo', () => {
  it.each([
    ['500012', '500012'],
    ['５０００１２', '500012'],
    ['  500012\u3000', '500012'],
    ['0012', '0012'],
    ['5０0０1２', '500012'],
    ['1', '1'],
    ['1'.repeat(20), '1'.repeat(20)],
    ['1'.repeat(21), null],
    ['', null],
    ['   ', null],
    ['50-0012', null],
    ['A500012', null],
    ['500 012', null],
    ['１２.５', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmployeeNo(input)).toBe(expected);
  });
});

describe('normalizeKana', () => {
  it.each([
    ['ﾐｴ ﾀﾛｳ', 'ミエ タロウ'],
    ['ｶﾞｷﾞｸﾞｹﾞｺﾞ', 'ガギグゲゴ'],
    ['ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ', 'パピプペポ'],
    ['ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ', 'バビブベボ'],
    ['ｳﾞｧｲｵﾘﾝ', 'ヴァイオリン'],
    ['ｺｰﾋｰ', 'コーヒー'],
    ['ｷｯﾁｮ', 'キッチョ'],
    ['ｱﾞ', 'ア゛'],
    ['ﾞｱ', '゛ア'],
    ['すずき はじめ', 'スズキ ハジメ'],
    ['がっこう', 'ガッコウ'],
    ['ぱぴぷぺぽ', 'パピプペポ'],
    ['カ\u3099', 'ガ'],
    ['か゛', 'ガ'],
    ['タカギ\u3000ケン', 'タカギ ケン'],
    ['  ヨシムラ \u3000  メグミ  ', 'ヨシムラ メグミ'],
    ['ｲｾ　ﾊﾅｺ', 'イセ ハナコ'],
    ['コバヤシ サクラ', 'コバヤシ サクラ'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeKana(input)).toBe(expected);
  });

  it('leaves kanji untouched', () => {
    expect(normalizeKana('髙木 𠮷')).toBe('髙木 𠮷');
  });
});

describe('normalizeName', () => {
  it.each([
    ['髙木 健', '髙木 健'],
    ['山﨑\u3000太郎', '山﨑 太郎'],
    ['𠮷田  花子', '𠮷田 花子'],
    ['  三重\t太郎 ', '三重 太郎'],
    ['三重\u3000\u3000太郎', '三重 太郎'],
    ['ｶﾀｶﾅ', 'ｶﾀｶﾅ'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it.each([['\ufa10'], ['\ufa30'], ['\uf9dc']])(
    'keeps the compatibility ideograph %s that NFKC would replace',
    (ideograph) => {
      expect(ideograph.normalize('NFKC')).not.toBe(ideograph);
      expect(normalizeName(`大${ideograph}`)).toBe(`大${ideograph}`);
    },
  );

  it('keeps the surrogate pair of 𠮷 intact', () => {
    const name = normalizeName(' 𠮷野 ');
    expect(name).toBe('𠮷野');
    expect(Array.from(name)).toEqual(['𠮷', '野']);
    expect(name.codePointAt(0)).toBe(0x20bb7);
  });
});

describe('normalizeSearchQuery', () => {
  it.each([
    ['500012', { digits: '500012', text: '500012', kana: '500012' }],
    ['５０００１２', { digits: '500012', text: '５０００１２', kana: '５０００１２' }],
    [' 0012 ', { digits: '0012', text: '0012', kana: '0012' }],
    ['髙木\u3000健', { digits: null, text: '髙木 健', kana: '髙木 健' }],
    ['ﾀｶｷﾞ', { digits: null, text: 'ﾀｶｷﾞ', kana: 'タカギ' }],
    ['たかぎ', { digits: null, text: 'たかぎ', kana: 'タカギ' }],
    ['5000a', { digits: null, text: '5000a', kana: '5000a' }],
    ['', { digits: null, text: '', kana: '' }],
  ])('%j → %j', (query, expected) => {
    expect(normalizeSearchQuery(query)).toEqual(expected);
  });
});
