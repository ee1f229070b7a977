import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeResponse, Role, UdemyBusinessConnectionView } from '@dx/contract';
import { AuthService } from '../auth/auth.service';
import {
  alertText,
  getButton,
  getByLabel,
  queryButton,
  settle,
  statusText,
  typeInto,
} from '../../testing/dom';
import { UdemyBusinessPage } from './udemy-business.page';

const URL = '/api/v1/integrations/udemy-business';

function connection(overrides: Partial<UdemyBusinessConnectionView> = {}): UdemyBusinessConnectionView {
  return {
    baseUrl: 'https://pref-example.udemy.com',
    organizationId: '424242',
    clientId: 'dx-client',
    secretStored: true,
    updatedAt: '2026-12-01T00:00:00.000Z',
    lastSyncAt: '2026-12-02T17:30:05.000Z',
    lastSuccessAt: '2026-12-02T17:30:00.000Z',
    lastResult: {
      ok: true,
      at: '2026-12-02T17:30:05.000Z',
      counts: { completed: 12, unchanged: 300, skipped: 4 },
      fetched: 316,
      fromDate: '2026-12-01',
    },
    ...overrides,
  };
}

describe('UdemyBusinessPage (Udemy Business 連携)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<UdemyBusinessPage>;
  let page: HTMLElement;

  async function open(roles: Role[], answer: UdemyBusinessConnectionView | null): Promise<void> {
    TestBed.configureTestingModule({
      imports: [UdemyBusinessPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).loadMe().subscribe();
    http.expectOne('/api/v1/me').flush({
      loginId: 'u1',
      displayName: '人事 太郎',
      roles,
      mustChangePassword: false,
      tenantName: '三重県',
      employeeNo: null,
      managedUnit: null,
      lastLogin: null,
    } satisfies MeResponse);
    fixture = TestBed.createComponent(UdemyBusinessPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    const request = http.expectOne(URL);
    if (answer) request.flush(answer);
    else
      request.flush(
        { type: 'x/not-found', title: '見つかりません', status: 404, detail: '未設定です。' },
        { status: 404, statusText: 'Not Found' },
      );
    await settle(fixture);
  }

  afterEach(() => http.verify());

  it('shows HR the last sync and syncs now; HR sees no connection form', async () => {
    await open(['hr'], connection());
    expect(page.textContent).toContain('成功：316件を取得（修了 12件・変更なし 300件・未照合など 4件）');
    expect(page.textContent).toContain('2026年12月2日以降の受講状況');
    expect(page.querySelector('form')).toBeNull();
    getButton(page, '今すぐ同期').click();
    await settle(fixture);
    http
      .expectOne((r) => r.method === 'POST' && r.url === `${URL}/sync`)
      .flush({ counts: { completed: 3, unchanged: 10, skipped: 0 }, fetched: 13, fromDate: '2026-12-02' });
    await settle(fixture);
    http.expectOne((r) => r.method === 'GET' && r.url === URL).flush(connection());
    await settle(fixture);
    expect(statusText(page)).toContain('同期しました（13件を取得：修了 3件・変更なし 10件・未照合など 0件）');
  });

  it('shows a failed sync’s Japanese problem and the recorded failure', async () => {
    await open(['hr'], connection());
    getButton(page, '今すぐ同期').click();
    await settle(fixture);
    const detail = 'Udemy Business の認証に失敗しました。クライアントIDとシークレットを確認してください。';
    http.expectOne(`${URL}/sync`).flush(
      {
        type: 'x/udemy-upstream',
        title: 'Udemy Business との同期に失敗しました',
        status: 502,
        detail,
        upstreamStatus: 401,
      },
      { status: 502, statusText: 'Bad Gateway' },
    );
    await settle(fixture);
    http.expectOne(URL).flush(
      connection({
        lastResult: { ok: false, at: '2026-12-03T01:00:00.000Z', upstreamStatus: 401, detail },
      }),
    );
    await settle(fixture);
    expect(alertText(page)).toContain(detail);
    expect(page.textContent).toContain(`失敗（応答 401：${detail}）`);
  });

  it('lets the system administrator set the connection with a write-only secret', async () => {
    await open(['sysadmin', 'hr'], null);
    expect(page.textContent).toContain('Udemy Business の接続先はまだ設定されていません。');
    expect(queryButton(page, '今すぐ同期')).toBeUndefined();
    const secret = getByLabel(page, 'クライアントシークレット');
    expect(secret.type).toBe('password');
    expect(page.textContent).toContain('暗号化して保存され');
    typeInto(getByLabel(page, '接続先URL'), 'https://pref-example.udemy.com');
    typeInto(getByLabel(page, '組織ID'), '424242');
    typeInto(getByLabel(page, 'クライアントID'), 'dx-client');
    typeInto(secret, 's3cret-value');
    getButton(page, '接続先を保存').click();
    await settle(fixture);
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === URL);
    expect(put.request.body).toEqual({
      baseUrl: 'https://pref-example.udemy.com',
      organizationId: '424242',
      clientId: 'dx-client',
      clientSecret: 's3cret-value',
    });
    put.flush(connection({ lastSyncAt: null, lastSuccessAt: null, lastResult: null }));
    await settle(fixture);
    expect(statusText(page)).toContain('接続先を保存しました。');
    expect(getByLabel(page, 'クライアントシークレット').value).toBe('');
    expect(getByLabel(page, '組織ID').value).toBe('424242');
    expect(page.textContent).not.toContain('s3cret-value');
    expect(page.textContent).toContain('すべての受講状況（初回）');
  });

  it('shows the field errors of a refused connection beside the field', async () => {
    await open(['sysadmin', 'hr'], connection());
    typeInto(getByLabel(page, '接続先URL'), 'ftp://example');
    getButton(page, '接続先を保存').click();
    await settle(fixture);
    const put = http.expectOne((r) => r.method === 'PUT');
    expect(put.request.body.clientSecret).toBeUndefined();
    put.flush(
      {
        type: 'x/validation',
        title: '入力エラー',
        status: 422,
        detail: '入力内容に誤りがあります。',
        errors: [
          {
            field: 'baseUrl',
            message: '接続先URLは http:// または https:// で始まるURLで入力してください。',
          },
        ],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle(fixture);
    const input = getByLabel(page, '接続先URL');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector(`#${input.getAttribute('aria-describedby')}`)?.textContent).toContain(
      'http:// または https://',
    );
  });
});
