import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { TenantSettings } from '@dx/contract';
import { chooseFile, getButton, getByLabel, settle, statusText, typeInto } from '../../../testing/dom';
import { TenantSettingsPage } from './tenant-settings.page';

const SETTINGS: TenantSettings = { code: 'default', name: '三重県', issuerLine: null, hasLogo: false };

describe('TenantSettingsPage (団体の表示設定)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<TenantSettingsPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TenantSettingsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TenantSettingsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/tenant/settings').flush(SETTINGS);
    await step();
    // The card of the certification period, beside the display settings, asks for its own setting.
    http.expectOne('/api/v1/specialist-certifications/settings').flush({ validityYears: 3 });
    await settle(fixture);
  });

  afterEach(() => http.verify());

  async function step(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
  }

  it('saves the name and the issuer line (an empty one: the name)', async () => {
    expect(getByLabel(page, '団体名（表示名）').value).toBe('三重県');
    typeInto(getByLabel(page, '修了証の発行者'), '三重県知事 試験 太郎');
    getButton(page, '保存する').click();
    await step();
    const save = http.expectOne((r) => r.method === 'PUT');
    expect(save.request.body).toEqual({ name: '三重県', issuerLine: '三重県知事 試験 太郎' });
    save.flush({ ...SETTINGS, issuerLine: '三重県知事 試験 太郎' });
    await step();
    http.expectOne('/api/v1/me').flush(null, { status: 401, statusText: 'Unauthorized' });
    await settle(fixture);
    expect(statusText(page)).toContain('保存しました。');
  });

  it('asks for a name beside its field before sending anything', async () => {
    typeInto(getByLabel(page, '団体名（表示名）'), ' ');
    getButton(page, '保存する').click();
    await step();
    expect(page.querySelector('#tenant-display-name-error')?.textContent).toContain(
      '団体の表示名を入力してください。',
    );
  });

  it("uploads a logo, and shows the server's refusal beside the file field", async () => {
    expect(page.querySelector('[aria-labelledby="logo-heading"]')?.textContent).toContain(
      'ログイン画面と修了証（発行者名の左）に表示します',
    );
    chooseFile(getByLabel(page, 'ロゴ画像'), new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    await step();
    http
      .expectOne((r) => r.method === 'PUT' && r.url === '/api/v1/tenant/logo')
      .flush(
        {
          type: 'x',
          title: '入力エラー',
          status: 422,
          detail: 'ロゴ画像は PNG または JPEG にしてください。',
          errors: [{ field: 'file', message: 'ロゴ画像は PNG または JPEG にしてください。' }],
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
    await settle(fixture);
    expect(page.querySelector('#tenant-logo-error')?.textContent).toContain('PNG または JPEG');

    chooseFile(getByLabel(page, 'ロゴ画像'), new File(['png'], 'logo.png', { type: 'image/png' }));
    await step();
    http
      .expectOne((r) => r.method === 'PUT' && r.url === '/api/v1/tenant/logo')
      .flush({ ...SETTINGS, hasLogo: true });
    await settle(fixture);
    expect(statusText(page)).toContain('ロゴを登録しました。');
    expect(page.querySelector<HTMLImageElement>('img.tenant-logo')?.alt).toBe('三重県のロゴ（現在）');
  });
});
