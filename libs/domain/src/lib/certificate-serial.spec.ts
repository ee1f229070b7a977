import { formatCertificateSerial, isCertificateSerial, randomCertificateSerial } from './certificate-serial';

describe('formatCertificateSerial', () => {
  it.each<[string, number, number, string]>([
    ['DX', 2026, 123, 'DX-2026-000123'],
    ['mie', 2026, 1, 'MIE-2026-000001'],
    ['default', 2025, 999999, 'DEFAULT-2025-999999'],
    ['pref-24', 2026, 1000000, 'PREF-24-2026-1000000'],
    [' tsu_city ', 2027, 42, 'TSU_CITY-2027-000042'],
  ])('%j, %i, %i → %s', (tenant, fy, sequence, expected) => {
    const serial = formatCertificateSerial(tenant, fy, sequence);
    expect(serial).toBe(expected);
    expect(isCertificateSerial(serial)).toBe(true);
  });

  it.each<[string, string, number, number]>([
    ['empty tenant code', '', 2026, 1],
    ['tenant code with a space', 'mie pref', 2026, 1],
    ['tenant code in kanji', '三重県', 2026, 1],
    ['tenant code ending in a hyphen', 'mie-', 2026, 1],
    ['three-digit year', 'mie', 999, 1],
    ['fractional year', 'mie', 2026.5, 1],
    ['sequence 0', 'mie', 2026, 0],
    ['negative sequence', 'mie', 2026, -5],
    ['fractional sequence', 'mie', 2026, 1.5],
  ])('rejects %s', (_name, tenant, fy, sequence) => {
    expect(() => formatCertificateSerial(tenant, fy, sequence)).toThrow(RangeError);
  });
});

describe('isCertificateSerial', () => {
  it.each<[string, boolean]>([
    ['DX-2026-000123', true],
    ['MIE-2026-1234567', true],
    ['PREF-24-2026-000001', true],
    ['dx-2026-000123', false],
    ['DX-2026-123', false],
    ['DX-2026-000000', false],
    ['DX-2026-0123456', false],
    ['DX-0999-000001', false],
    ['DX-26-000001', false],
    ['2026-000001', false],
    ['-2026-000001', false],
    ['DX-2026-000123 ', false],
    ['DX-２０２６-000123', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isCertificateSerial(s)).toBe(expected);
  });
});

describe('randomCertificateSerial', () => {
  it('writes ten random bytes as 16 Crockford base-32 characters in four groups after tenant and year', () => {
    const zeros = randomCertificateSerial('mie', 2026, new Uint8Array(10));
    expect(zeros).toBe('MIE-2026-0000-0000-0000-0000');
    const ones = randomCertificateSerial('mie', 2026, new Uint8Array(10).fill(255));
    expect(ones).toBe('MIE-2026-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const counting = randomCertificateSerial(
      'pref-24',
      2027,
      Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 33]),
    );
    expect(counting).toBe('PREF-24-2027-0000-0000-0000-0011');
    for (const serial of [zeros, ones, counting]) expect(isCertificateSerial(serial)).toBe(true);
  });

  it('never uses the letters people confuse with digits (I, L, O, U)', () => {
    const seen = new Set<string>();
    for (let b = 0; b < 256; b++) {
      const serial = randomCertificateSerial('dx', 2026, new Uint8Array(10).fill(b));
      for (const c of serial.slice('DX-2026-'.length).replace(/-/g, '')) seen.add(c);
    }
    expect([...seen].filter((c) => /[ILOU]/.test(c))).toEqual([]);
    expect(seen.size).toBe(32);
  });

  it('refuses a random part that is not exactly ten bytes (80 bits)', () => {
    expect(() => randomCertificateSerial('dx', 2026, new Uint8Array(9))).toThrow(RangeError);
  });

  it.each([
    ['MIE-2026-0000-0000-0000-000I', false],
    ['MIE-2026-0000-0000-0000', false],
    ['MIE-2026-00000000-0000-0000', false],
    ['mie-2026-0000-0000-0000-0000', false],
  ])('%j is not a serial', (s, expected) => {
    expect(isCertificateSerial(s)).toBe(expected);
  });
});
