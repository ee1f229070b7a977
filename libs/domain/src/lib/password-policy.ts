/**
 * Which passwords a person may choose (NIST SP 800-63B, 5.1.1.2): long enough, not a commonly used one, not built
 * from the account's own login id or name, and not a run of the same few characters. Composition rules (a digit,
 * a symbol…) are deliberately absent: they make passwords harder to remember, not to guess. Pure, so the web app
 * can explain the same rules before the server checks them; the list of common passwords stays on the server.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
export const MIN_DISTINCT_CHARACTERS = 5;

export interface PasswordOwner {
  loginId?: string | null;
  /** Kanji and kana names; each part of three or more characters (after removing spaces) must not appear. */
  names?: readonly (string | null | undefined)[];
}

/** Folds what a person sees as the same text: full-width to half-width, case, spaces. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The Japanese reasons a password is refused (empty: acceptable). */
export function passwordProblems(
  password: string,
  owner: PasswordOwner = {},
  isCommon: (folded: string) => boolean = () => false,
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    problems.push(`パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`);
  if (length > MAX_PASSWORD_LENGTH)
    problems.push(`パスワードは${MAX_PASSWORD_LENGTH}文字以内にしてください。`);
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) {
    problems.push(
      `同じ文字の繰り返しが多すぎます。${MIN_DISTINCT_CHARACTERS}種類以上の文字を使ってください。`,
    );
  }
  const folded = fold(password);
  const loginId = owner.loginId ? fold(owner.loginId) : '';
  if (loginId.length >= 3 && folded.includes(loginId)) {
    problems.push('ログインID（職員番号）を含むパスワードは使えません。');
  }
  const nameParts = (owner.names ?? [])
    .flatMap((name) => (name ? [fold(name), ...name.split(/[\s\u3000]+/).map(fold)] : []))
    .filter((part) => [...part].length >= 3);
  if (nameParts.some((part) => folded.includes(part))) problems.push('氏名を含むパスワードは使えません。');
  if (isCommon(folded) || isCommon(folded.replace(/\d+$/, ''))) {
    problems.push('よく使われていて推測されやすいパスワードです。別のものにしてください。');
  }
  return problems;
}
