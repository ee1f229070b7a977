import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { PlatformTenant } from '@dx/contract';
import { getButton, getByLabel, settle, statusText, tableRows, typeInto } from '../../testing/dom';
import { PlatformTenantsPage } from './platform-tenants.page';

const MIE: PlatformTenant = {
  code: 'mie',
  name: '三重県',
  staffCount: 5000,
  disabled: false,
  createdAt: '2026-04-01T00:00:00.000Z',
};
const TOWN: PlatformTenant = { ...MIE, code: 'town', name: 'みえ町', staffCount: 0 };

describe('PlatformTenantsPage (団体管理)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<PlatformTenantsPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [PlatformTenantsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PlatformTenantsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/platform/tenants').flush([MIE]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  async function step(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
  }

  function fill(values: Record<string, string>): void {
    for (const [label, value] of Object.entries(values)) typeInto(getByLabel(page, label), value);
  }

  const GOOD = {
    団体コード: 'town',
    '団体名（表示名）': 'みえ町',
    最初のシステム管理者のログインID: 'town-admin',
    初期パスワード: 'Kameyama-Castle-1590',
    '初期パスワード（確認）': 'Kameyama-Castle-1590',
  };

  it('lists the tenants with their staff count and state', () => {
    expect(tableRows(page, '団体の一覧')).toEqual([
      ['mie', '三重県', '5,000', '利用中', '利用を停止する（三重県）'],
    ]);
  });

  it('shows each problem beside its field, sending nothing while the form is wrong', async () => {
    fill({ ...GOOD, 団体コード: 'Town', 初期パスワード: 'short' });
    getButton(page, '団体を作成する').click();
    await step();
    http.expectNone('/api/v1/platform/tenants');
    const code = getByLabel(page, '団体コード');
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#tenant-code-error')?.textContent).toContain('英小文字');
    expect(page.querySelector('#tenant-admin-password-error')?.textContent).toContain('12文字以上');
    expect(page.querySelector('#tenant-admin-password-confirm-error')?.textContent).toContain('一致しません');
    expect(code.getAttribute('aria-describedby')).toBe('tenant-code-hint tenant-code-error');
    expect(page.querySelector('#tenant-name-error')).toBeNull();
  });

  it("shows the server's refusal of a taken code beside the code field", async () => {
    fill(GOOD);
    getButton(page, '団体を作成する').click();
    await step();
    http
      .expectOne((r) => r.method === 'POST')
      .flush(
        {
          type: 'https://dx-learning.example/problems/tenant-exists',
          title: '団体コードが重複しています',
          status: 409,
          detail: '団体コード「town」は既に使われています。',
          errors: [{ field: 'code', message: '団体コード「town」は既に使われています。' }],
        },
        { status: 409, statusText: 'Conflict', headers: { 'Content-Type': 'application/problem+json' } },
      );
    await settle(fixture);
    expect(page.querySelector('#tenant-code-error')?.textContent).toContain('既に使われています');
  });

  it('creates a tenant, says so and lists it; disables one after confirmation', async () => {
    fill(GOOD);
    getButton(page, '団体を作成する').click();
    await step();
    const create = http.expectOne((r) => r.method === 'POST');
    expect(create.request.body).toEqual({
      code: 'town',
      name: 'みえ町',
      adminLoginId: 'town-admin',
      adminPassword: 'Kameyama-Castle-1590',
    });
    create.flush(TOWN);
    await step();
    http.expectOne('/api/v1/platform/tenants').flush([MIE, TOWN]);
    await settle(fixture);
    expect(statusText(page)).toContain('団体「みえ町」（town）を作成しました。');
    expect(tableRows(page, '団体の一覧')[1]).toEqual(
      expect.arrayContaining(['town', 'みえ町', '0', '利用中']),
    );

    jest.spyOn(window, 'confirm').mockReturnValue(true);
    getButton(page, '利用を停止する（みえ町）').click();
    await step();
    const patch = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/v1/platform/tenants/town');
    expect(patch.request.body).toEqual({ disabled: true });
    patch.flush({ ...TOWN, disabled: true });
    await step();
    http.expectOne('/api/v1/platform/tenants').flush([MIE, { ...TOWN, disabled: true }]);
    await settle(fixture);
    expect(statusText(page)).toContain('「みえ町」の利用を停止しました。');
    expect(tableRows(page, '団体の一覧')[1]).toEqual(expect.arrayContaining(['利用停止中']));
  });
});
