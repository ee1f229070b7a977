// Serial numbers printed on completion certificates (修了証).
//
// Format: `<TENANT>-<FY>-<SEQUENCE>`, e.g. 'MIE-2026-000123':
// - TENANT: the tenant code in upper case (letters, digits, '-' and '_'; starts and ends with a
//   letter or digit), so certificates of different tenants in shared use never collide;
// - FY: the four-digit fiscal year (年度) of the completion;
// - SEQUENCE: the running number within that tenant and fiscal year, from 1, zero-padded to six
//   digits (more digits once it passes 999999).

const TENANT_CODE_PATTERN = /^[A-Z0-9](?:[A-Z0-9_-]*[A-Z0-9])?$/;
const SERIAL_PATTERN = /^([A-Z0-9](?:[A-Z0-9_-]*[A-Z0-9])?)-([1-9]\d{3})-(\d{6,})$/;
const SEQUENCE_DIGITS = 6;

export function formatCertificateSerial(tenantCode: string, fiscalYear: number, sequence: number): string {
  const tenant = tenantCode.trim().toUpperCase();
  if (!TENANT_CODE_PATTERN.test(tenant)) {
    throw new RangeError(`修了証番号に使えないテナントコードです：${tenantCode}`);
  }
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1000 || fiscalYear > 9999) {
    throw new RangeError(`年度は4桁の西暦で指定してください：${fiscalYear}`);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`修了証の連番は1以上の整数で指定してください：${sequence}`);
  }
  return `${tenant}-${fiscalYear}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** Crockford's base 32: no I, L, O or U, so a serial read off paper is not mistyped. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SERIAL_RANDOM_BYTES = 10;
const RANDOM_SERIAL_PATTERN =
  /^([A-Z0-9](?:[A-Z0-9_-]*[A-Z0-9])?)-([1-9]\d{3})-([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})$/;

/**
 * The serial of a new certificate: tenant, fiscal year and 80 random bits (ten bytes from a secure source) as 16
 * base-32 characters in groups of four, e.g. MIE-2026-7K3M-Q9XD-2HBT-F0CE. The verification page is public, so the
 * serial is the only secret: at 2^80 possibilities guessing one is hopeless, even without the rate limit.
 */
export function randomCertificateSerial(tenantCode: string, fiscalYear: number, random: Uint8Array): string {
  if (random.length !== SERIAL_RANDOM_BYTES)
    throw new RangeError(`乱数は${SERIAL_RANDOM_BYTES}バイト必要です。`);
  const prefix = formatCertificateSerial(tenantCode, fiscalYear, 1).replace(/-\d+$/, '');
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 15; i >= 0; i--) code += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${prefix}-${code.match(/.{4}/g)!.join('-')}`;
}

/** True for exactly the strings randomCertificateSerial and (for certificates issued before it) formatCertificateSerial produce. */
export function isCertificateSerial(s: string): boolean {
  if (RANDOM_SERIAL_PATTERN.test(s)) return true;
  const match = SERIAL_PATTERN.exec(s);
  if (!match) return false;
  const sequence = match[3];
  // Six digits are always written; beyond six there is no leading zero, and 0 is never issued.
  return Number(sequence) >= 1 && (sequence.length === SEQUENCE_DIGITS || !sequence.startsWith('0'));
}
