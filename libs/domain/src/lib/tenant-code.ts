/**
 * A tenant's code (団体コード) is what staff type on the login page and what `?tenant=` and TENANT_HOSTS name:
 * 2–30 half-width lower-case letters, digits and hyphens, starting with a letter (`mie`, `town-kameyama`).
 */
export const TENANT_CODE_PATTERN = /^[a-z][a-z0-9-]{1,29}$/;

/** Codes no tenant may take: the platform operator's own, and words that read as parts of the app. */
export const RESERVED_TENANT_CODES: readonly string[] = ['platform', 'api', 'admin', 'login'];

/** Why a code cannot be a new tenant's (in Japanese), or null when it can. */
export function tenantCodeProblem(code: string): string | null {
  if (!TENANT_CODE_PATTERN.test(code))
    return '団体コードは英小文字で始まる2〜30文字の半角英小文字・数字・ハイフンで入力してください。';
  if (RESERVED_TENANT_CODES.includes(code)) return `団体コード「${code}」は予約されているため使えません。`;
  return null;
}
