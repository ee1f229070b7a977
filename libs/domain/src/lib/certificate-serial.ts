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

/** True for exactly the strings formatCertificateSerial produces. */
export function isCertificateSerial(s: string): boolean {
  const match = SERIAL_PATTERN.exec(s);
  if (!match) return false;
  const sequence = match[3];
  // Six digits are always written; beyond six there is no leading zero, and 0 is never issued.
  return Number(sequence) >= 1 && (sequence.length === SEQUENCE_DIGITS || !sequence.startsWith('0'));
}
