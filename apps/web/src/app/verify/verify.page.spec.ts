import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CertificateVerification } from '@dx/contract';
import { settle, statusText } from '../../testing/dom';
import { VerifyPage } from './verify.page';

describe('VerifyPage (修了証の確認)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<VerifyPage>;
  let page: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [VerifyPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VerifyPage);
    fixture.componentRef.setInput('serial', 'DX-2026-000123');
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  it('says a certificate is valid and shows whose it is, with the date in 和暦 and Western form', async () => {
    const certificate: CertificateVerification = {
      serial: 'DX-2026-000123',
      valid: true,
      recipientName: '三重 花子',
      courseTitle: 'DX基礎研修',
      completedOn: '2026-05-01',
      issuerName: '三重県 総務部 人事課',
      validUntil: null,
      superseded: false,
    };
    http.expectOne('/api/v1/certificates/DX-2026-000123').flush(certificate);
    await settle(fixture);

    expect(page.querySelector('h1')?.textContent?.trim()).toBe('修了証の確認');
    expect(statusText(page)).toContain('この修了証は有効です');
    expect(page.textContent).toContain('三重 花子');
    expect(page.textContent).toContain('DX基礎研修');
    expect(page.textContent).toContain('令和8年5月1日（2026年5月1日）');
    expect(page.textContent).toContain('三重県 総務部 人事課');
  });

  it('shows the validity of a renewed certificate and that a newer one exists', async () => {
    const certificate: CertificateVerification = {
      serial: 'DX-2026-000123',
      valid: true,
      recipientName: '三重 花子',
      courseTitle: '情報セキュリティ研修',
      completedOn: '2024-07-01',
      issuerName: '三重県 総務部 人事課',
      validUntil: '2099-06-30',
      superseded: true,
    };
    http.expectOne('/api/v1/certificates/DX-2026-000123').flush(certificate);
    await settle(fixture);

    expect(statusText(page)).toContain('この修了証は有効です');
    expect(statusText(page)).toContain('更新済み（新しい修了証があります）');
    expect(page.querySelector('.verify-validity')?.textContent?.trim()).toBe('2024年7月1日〜2099年6月30日');
  });

  it('says a genuine certificate whose validity has ended is no longer in force', async () => {
    http.expectOne('/api/v1/certificates/DX-2026-000123').flush({
      serial: 'DX-2026-000123',
      valid: true,
      recipientName: '三重 花子',
      courseTitle: '情報セキュリティ研修',
      completedOn: '2020-07-01',
      issuerName: '三重県 総務部 人事課',
      validUntil: '2023-06-30',
      superseded: false,
    } satisfies CertificateVerification);
    await settle(fixture);

    expect(statusText(page)).toContain('この修了証は本物ですが、有効期間が終了しています');
    expect(statusText(page)).not.toContain('この修了証は有効です');
    expect(statusText(page)).not.toContain('更新済み');
  });

  it('says so when no certificate has the serial (404)', async () => {
    http
      .expectOne('/api/v1/certificates/DX-2026-000123')
      .flush(
        { type: 'about:blank', title: '見つかりません', status: 404, detail: '修了証が見つかりません。' },
        { status: 404, statusText: 'Not Found', headers: { 'Content-Type': 'application/problem+json' } },
      );
    await settle(fixture);

    expect(statusText(page)).toContain('この証書番号の修了証は見つかりません');
    expect(page.textContent).not.toContain('この修了証は有効です');
  });
});
