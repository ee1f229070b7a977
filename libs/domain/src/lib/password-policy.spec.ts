import { passwordProblems } from './password-policy';

const COMMON = new Set(['password', 'password1234', '123456789012', 'qwertyuiop']);
const isCommon = (p: string) => COMMON.has(p);
const owner = { loginId: '500004', names: ['高田 美咲', 'タカダ ミサキ'] };

describe('passwordProblems (NIST SP 800-63B)', () => {
  it.each<[string, string, RegExp]>([
    ['too short', 'short-pass', /12文字以上/],
    ['a common password', 'password1234', /よく使われて/],
    ['a common password with digits after it', 'password99999', /よく使われて/],
    ['twelve digits in a row (common)', '123456789012', /よく使われて/],
    ['the same letter twelve times', 'aaaaaaaaaaaa', /5種類以上/],
    ['twelve spaces', '            ', /5種類以上/],
    ['the login id twice', '500004500004', /ログインID/],
    ['the login id in full-width digits', 'ｍｙ５００００４ｐａｓｓ', /ログインID/],
    ['the kanji surname and given name', '高田美咲のパスワードです', /氏名/],
    ['the kana name', 'タカダミサキ-2026-dx', /氏名/],
    ['a name part in capitals across spaces', 'my ﾀｶﾀﾞ secret', /氏名/],
  ])('refuses %s', (_what, password, reason) => {
    const problems = passwordProblems(password, owner, isCommon);
    expect(problems.some((p) => reason.test(p))).toBe(true);
  });

  it.each(['correct horse battery', '伊勢えびと松阪牛の春の宴です', 'Mie-DX-ready-2026!'])(
    'accepts %j',
    (password) => {
      expect(passwordProblems(password, owner, isCommon)).toEqual([]);
    },
  );

  it('gives every reason at once, in Japanese', () => {
    expect(passwordProblems('500004', owner, isCommon)).toHaveLength(3);
  });

  it('ignores login ids and name parts too short to matter', () => {
    expect(passwordProblems('ab-good-passphrase', { loginId: 'ab', names: ['李 明'] }, isCommon)).toEqual([]);
  });
});
