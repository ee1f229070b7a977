import { initialTenantCode } from './login-tenant';

const HOST = { code: 'town', name: 'みえ町', fromHost: true, hasLogo: false, singleSignOn: null };
const DEFAULT = { code: 'default', name: '三重県', fromHost: false, hasLogo: false, singleSignOn: null };

describe("the login page's 団体", () => {
  it('takes ?tenant= over everything', () => {
    expect(initialTenantCode('mie', HOST, 'other')).toBe('mie');
  });

  it("takes the host name's tenant over the remembered one", () => {
    expect(initialTenantCode(undefined, HOST, 'other')).toBe('town');
  });

  it('takes the remembered one on a host of no tenant, else none (the default tenant)', () => {
    expect(initialTenantCode(undefined, DEFAULT, 'town')).toBe('town');
    expect(initialTenantCode('', DEFAULT, null)).toBe('');
    expect(initialTenantCode(undefined, null, null)).toBe('');
  });
});
