import { errorsByField, tenantFormErrors } from './tenant-form';

const GOOD = {
  code: 'town',
  name: 'みえ町',
  adminLoginId: 'town-admin',
  adminPassword: 'Kameyama-Castle-1590',
  confirmation: 'Kameyama-Castle-1590',
};

describe('the new-tenant form', () => {
  it('finds nothing wrong with a complete, well-formed tenant', () => {
    expect(tenantFormErrors(GOOD)).toEqual([]);
  });

  it('names the field of each problem, in Japanese', () => {
    const errors = tenantFormErrors({
      code: 'Town',
      name: ' ',
      adminLoginId: '管理者',
      adminPassword: 'short',
      confirmation: 'other',
    });
    expect(errors.map((e) => e.field)).toEqual([
      'code',
      'name',
      'adminLoginId',
      'adminPassword',
      'confirmation',
    ]);
    expect(errorsByField(errors).get('code')).toEqual([expect.stringContaining('英小文字')]);
    expect(errorsByField(errors).get('adminPassword')).toEqual([expect.stringContaining('12文字以上')]);
  });

  it('refuses the platform’s own code and asks for an empty code', () => {
    expect(errorsByField(tenantFormErrors({ ...GOOD, code: 'platform' })).get('code')).toEqual([
      expect.stringContaining('予約'),
    ]);
    expect(errorsByField(tenantFormErrors({ ...GOOD, code: '' })).get('code')).toEqual([
      '団体コードを入力してください。',
    ]);
  });
});
