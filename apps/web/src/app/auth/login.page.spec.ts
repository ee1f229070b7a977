import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { LoginResponse, LoginTenant, MeResponse } from '@dx/contract';
import { alertText, getButton, getByLabel, settle, typeInto } from '../../testing/dom';
import { LoginPage } from './login.page';
import { unauthorizedInterceptor } from './unauthorized.interceptor';

describe('LoginPage', () => {
  let http: HttpTestingController;

  const DEFAULT_TENANT = {
    code: 'default',
    name: '三重県',
    fromHost: false,
    hasLogo: false,
    singleSignOn: null,
  };

  /** The page first asks which 団体 the host is (or the default); `query`: ?tenant=. */
  async function render(query?: string, host: LoginTenant = DEFAULT_TENANT) {
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([unauthorizedInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(LoginPage);
    if (query) fixture.componentRef.setInput('tenant', query);
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/v1/auth/tenant' && !r.params.has('code')).flush(host);
    await settle(fixture);
    return { fixture, page: fixture.nativeElement as HTMLElement };
  }

  async function logIn(page: HTMLElement, fixture: { whenStable(): Promise<unknown> }) {
    typeInto(getByLabel(page, '職員番号またはログインID'), 'A00123');
    typeInto(getByLabel(page, 'パスワード'), 'wrong-password');
    getButton(page, 'ログイン').click();
    await settle(fixture);
  }

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  it('shows the server’s detail in the alert region when the credentials are wrong (401)', async () => {
    const { fixture, page } = await render();
    await logIn(page, fixture);

    const request = http.expectOne('/api/v1/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ loginId: 'A00123', password: 'wrong-password' });
    request.flush(
      {
        type: 'https://dx-learning.example/problems/login-failed',
        title: 'ログインできません',
        status: 401,
        detail: 'ログインIDまたはパスワードが正しくありません。',
      },
      { status: 401, statusText: 'Unauthorized', headers: { 'Content-Type': 'application/problem+json' } },
    );
    await settle(fixture);

    expect(alertText(page)).toContain('ログインIDまたはパスワードが正しくありません。');
    expect(getByLabel(page, 'パスワード').value).toBe('');
    expect(getButton(page, 'ログイン').disabled).toBe(false);
  });

  it('asks for both fields before sending anything', async () => {
    const { fixture, page } = await render();
    getButton(page, 'ログイン').click();
    await settle(fixture);

    http.expectNone('/api/v1/auth/login');
    expect(alertText(page)).toContain('職員番号またはログインIDとパスワードを入力してください。');
  });

  it('goes to the password change when the server says the password must be changed', async () => {
    const { fixture, page } = await render();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await logIn(page, fixture);

    const response: LoginResponse = {
      accessToken: 'token',
      expiresIn: 3600,
      mustChangePassword: true,
      user: { loginId: 'A00123', displayName: '三重 太郎', roles: ['learner'] },
      lastLogin: null,
    };
    http.expectOne('/api/v1/auth/login').flush(response);
    await settle(fixture);
    const me: MeResponse = {
      ...response.user,
      mustChangePassword: true,
      tenantName: '三重県',
      employeeNo: 'A00123',
      managedUnit: null,
      lastLogin: null,
    };
    http.expectOne('/api/v1/me').flush(me);
    await settle(fixture);

    expect(navigate).toHaveBeenCalledWith('/change-password');
  });

  it('preselects the 団体 of ?tenant=, shows its name, signs in to it and remembers it', async () => {
    const { fixture, page } = await render('town');
    http
      .expectOne((r) => r.url === '/api/v1/auth/tenant' && r.params.get('code') === 'town')
      .flush({ code: 'town', name: 'みえ町', fromHost: false, hasLogo: false, singleSignOn: null });
    await settle(fixture);
    expect(getByLabel(page, '団体（団体コード）').value).toBe('town');
    expect(page.textContent).toContain('みえ町 にログインします。');

    await logIn(page, fixture);
    const request = http.expectOne('/api/v1/auth/login');
    expect(request.request.body).toEqual({
      loginId: 'A00123',
      password: 'wrong-password',
      tenantCode: 'town',
    });
    request.flush({
      accessToken: 't',
      expiresIn: 60,
      mustChangePassword: false,
      user: { loginId: 'A00123', displayName: '町 太郎', roles: ['learner'] },
      lastLogin: null,
    } satisfies LoginResponse);
    await settle(fixture);
    http.expectOne('/api/v1/me').flush(null, { status: 401, statusText: 'Unauthorized' });
    await settle(fixture);
    expect(localStorage.getItem('dx.tenantCode')).toBe('town');
  });

  it("starts with the host's 団体, and says so when a typed code names none", async () => {
    const { fixture, page } = await render(undefined, {
      code: 'town',
      name: 'みえ町',
      fromHost: true,
      hasLogo: false,
      singleSignOn: null,
    });
    expect(getByLabel(page, '団体（団体コード）').value).toBe('town');
    expect(page.textContent).toContain('みえ町 にログインします。');
    const field = getByLabel(page, '団体（団体コード）');
    typeInto(field, 'nowhere');
    field.dispatchEvent(new Event('change'));
    http
      .expectOne((r) => r.params.get('code') === 'nowhere')
      .flush(
        { status: 404, title: '見つかりません', detail: '', type: 'x' },
        { status: 404, statusText: 'Not Found' },
      );
    await settle(fixture);
    expect(page.textContent).toContain('この団体コードの団体は見つかりません。');
  });

  it('offers the sign-in at the 団体’s identity provider when it has one', async () => {
    const { page } = await render(undefined, {
      code: 'town',
      name: 'みえ町',
      fromHost: true,
      hasLogo: false,
      singleSignOn: 'saml',
    });
    const link = Array.from(page.querySelectorAll('a')).find(
      (a) => a.textContent?.trim() === 'シングルサインオンでログイン',
    );
    expect(link?.getAttribute('href')).toBe('/api/v1/auth/sso/town');
  });

  it('offers no single sign-on for a 団体 without an identity provider', async () => {
    const { page } = await render(undefined, DEFAULT_TENANT);
    expect(page.textContent).not.toContain('シングルサインオンでログイン');
  });

  it("shows the 団体's logo when it has one", async () => {
    const { page } = await render(undefined, {
      code: 'town',
      name: 'みえ町',
      fromHost: true,
      hasLogo: true,
      singleSignOn: null,
    });
    const logo = page.querySelector<HTMLImageElement>('img.tenant-logo');
    expect(logo?.getAttribute('src')).toBe('/api/v1/auth/tenant/logo?code=town');
    expect(logo?.alt).toBe('みえ町');
  });
});
