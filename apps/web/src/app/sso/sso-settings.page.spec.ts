import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { OidcProviderView, SamlProviderView } from '@dx/contract';
import { alertText, getButton, getByLabel, settle, statusText, typeInto } from '../../testing/dom';
import { SsoSettingsPage } from './sso-settings.page';

const OIDC = '/api/v1/integrations/oidc';
const SAML = '/api/v1/integrations/saml';
const notFound = [
  { type: 'x/not-found', title: '見つかりません', status: 404, detail: '未設定です。' },
  { status: 404, statusText: 'Not Found' },
] as const;

const oidcView: OidcProviderView = {
  issuer: 'https://idp.pref.example.lg.jp/realms/staff',
  clientId: 'dx-learning',
  secretStored: true,
  claim: 'preferred_username',
  passwordLoginForStaff: true,
  redirectUri: 'https://dx.pref.example.lg.jp/api/v1/auth/sso/mie/callback',
  postLogoutRedirectUri: 'https://dx.pref.example.lg.jp/login',
  signInUrl: 'https://dx.pref.example.lg.jp/api/v1/auth/sso/mie',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

const samlView: SamlProviderView = {
  entryPoint: 'https://idp.pref.example.lg.jp/saml/sso',
  attribute: 'employeeNumber',
  passwordLoginForStaff: false,
  certificate: {
    subject: 'CN=idp.pref.example.lg.jp',
    validTo: '2036-12-01T00:00:00.000Z',
    fingerprintSha256: 'AB:CD',
  },
  entityId: 'https://dx.pref.example.lg.jp/api/v1/auth/saml/mie/metadata',
  acsUrl: 'https://dx.pref.example.lg.jp/api/v1/auth/saml/mie/acs',
  metadataUrl: 'https://dx.pref.example.lg.jp/api/v1/auth/saml/mie/metadata',
  signInUrl: 'https://dx.pref.example.lg.jp/api/v1/auth/sso/mie',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('SsoSettingsPage (シングルサインオン)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SsoSettingsPage>;
  let page: HTMLElement;

  async function open(oidc: OidcProviderView | null, saml: SamlProviderView | null): Promise<void> {
    TestBed.configureTestingModule({
      imports: [SsoSettingsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SsoSettingsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    const oidcRequest = http.expectOne(OIDC);
    if (oidc) oidcRequest.flush(oidc);
    else oidcRequest.flush(...notFound);
    const samlRequest = http.expectOne(SAML);
    if (saml) samlRequest.flush(saml);
    else samlRequest.flush(...notFound);
    await settle(fixture);
  }

  afterEach(() => http.verify());

  it('sets up OpenID Connect with a write-only secret and shows the redirect URI to register', async () => {
    await open(null, null);
    expect(page.textContent).toContain('シングルサインオンはまだ設定されていません。');
    const secret = getByLabel(page, 'クライアントシークレット');
    expect(secret.type).toBe('password');
    typeInto(getByLabel(page, '発行者（issuer）のURL'), ' https://idp.pref.example.lg.jp/realms/staff ');
    typeInto(getByLabel(page, 'クライアントID'), 'dx-learning');
    typeInto(secret, 's3cret-value');
    getButton(page, '保存（IdP に接続して確認します）').click();
    await settle(fixture);
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === OIDC);
    expect(put.request.body).toEqual({
      issuer: 'https://idp.pref.example.lg.jp/realms/staff',
      clientId: 'dx-learning',
      clientSecret: 's3cret-value',
      claim: 'preferred_username',
      passwordLoginForStaff: true,
    });
    put.flush(oidcView);
    await settle(fixture);
    expect(statusText(page)).toContain('OpenID Connect の設定を保存しました。');
    expect(page.textContent).toContain(oidcView.redirectUri);
    expect(page.textContent).toContain(oidcView.postLogoutRedirectUri);
    expect(getByLabel(page, 'クライアントシークレット').value).toBe('');
    expect(page.textContent).not.toContain('s3cret-value');
  });

  it('shows a refused issuer beside its field', async () => {
    await open(oidcView, null);
    getButton(page, '保存（IdP に接続して確認します）').click();
    await settle(fixture);
    const put = http.expectOne((r) => r.method === 'PUT');
    expect(put.request.body.clientSecret).toBeUndefined();
    put.flush(
      {
        type: 'x/validation',
        title: '入力エラー',
        status: 422,
        detail: '認証基盤（IdP）に接続できませんでした。',
        errors: [{ field: 'issuer', message: '発行者（issuer）の設定情報を取得できません。' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle(fixture);
    expect(alertText(page)).toContain('認証基盤（IdP）に接続できませんでした。');
    const issuer = getByLabel(page, '発行者（issuer）のURL');
    expect(issuer.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector(`#${issuer.getAttribute('aria-describedby')}`)?.textContent).toContain(
      '設定情報を取得できません',
    );
  });

  it('shows a SAML provider with what the IdP needs, keeps its certificate unless a new one is pasted, and removes it', async () => {
    await open(null, samlView);
    expect(page.textContent).toContain(samlView.acsUrl);
    expect(page.textContent).toContain('認めない（IdP でのみログイン）');
    expect(getByLabel(page, 'IdP のシングルサインオンURL').value).toBe(samlView.entryPoint);
    getButton(page, '保存').click();
    await settle(fixture);
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === SAML);
    expect(put.request.body).toEqual({
      entryPoint: samlView.entryPoint,
      attribute: 'employeeNumber',
      passwordLoginForStaff: false,
    });
    put.flush(samlView);
    await settle(fixture);
    getButton(page, '設定を削除').click();
    await settle(fixture);
    http
      .expectOne((r) => r.method === 'DELETE' && r.url === SAML)
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    expect(statusText(page)).toContain('設定を削除しました');
    expect(page.textContent).toContain('シングルサインオンはまだ設定されていません。');
  });
});
