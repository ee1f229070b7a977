import { tenantCodeProblem } from './tenant-code';

describe('tenant codes', () => {
  it('takes short lower-case codes with digits and hyphens', () => {
    for (const code of ['mie', 'town', 'kameyama-city', 'a1']) expect(tenantCodeProblem(code)).toBeNull();
  });

  it('refuses capitals, full-width letters, a leading digit or hyphen, and lengths outside 2–30', () => {
    for (const code of ['Mie', 'ｍｉｅ', '1mie', '-mie', 'm', 'a'.repeat(31), 'mie town', '三重'])
      expect(tenantCodeProblem(code)).toMatch(/団体コードは/);
  });

  it("refuses the platform operator's own code", () => {
    expect(tenantCodeProblem('platform')).toMatch(/予約/);
  });
});
