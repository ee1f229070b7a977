import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { LoginResponse, MeResponse } from '@dx/contract';
import { alertText, getButton, getByLabel, settle, typeInto } from '../../testing/dom';
import { LoginPage } from './login.page';
import { unauthorizedInterceptor } from './unauthorized.interceptor';

describe('LoginPage', () => {
  let http: HttpTestingController;

  async function render() {
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
    await fixture.whenStable();
    return { fixture, page: fixture.nativeElement as HTMLElement };
  }

  async function logIn(page: HTMLElement, fixture: { whenStable(): Promise<unknown> }) {
    typeInto(getByLabel(page, '職員番号またはログインID'), 'A00123');
    typeInto(getByLabel(page, 'パスワード'), 'wrong-password');
    getButton(page, 'ログイン').click();
    await settle(fixture);
  }

  afterEach(() => http.verify());

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
});
