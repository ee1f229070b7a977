import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { XapiClientView } from '@dx/contract';
import { alertText, getButton, getByLabel, settle, statusText, tableRows, typeInto } from '../../testing/dom';
import { XapiClientsPage } from './xapi-clients.page';

const CLIENT: XapiClientView = {
  id: 1,
  name: 'Udemy Business',
  key: 'a1b2c3d4e5f6a1b2c3d4e5f6',
  createdAt: '2026-11-01T01:00:00.000Z',
  createdBy: 'admin',
  revokedAt: null,
};

describe('XapiClientsPage (xAPI 接続)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<XapiClientsPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [XapiClientsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(XapiClientsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/integrations/xapi-clients').flush([CLIENT]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  /** After a change the page reloads the list: whenStable would wait for that request, so step by hand. */
  async function reloaded(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
  }

  it('lists the credentials and shows a new one with its secret once', async () => {
    expect(tableRows(page, 'xAPI 接続情報')[0]).toEqual(
      expect.arrayContaining(['Udemy Business', CLIENT.key, '有効']),
    );
    getButton(page, '作成する').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    expect(alertText(page)).toContain('接続の名前を入力してください。');
    typeInto(getByLabel(page, '接続の名前（どのシステムが使うか）'), '教材サーバー');
    getButton(page, '作成する').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const request = http.expectOne(
      (r) => r.method === 'POST' && r.url === '/api/v1/integrations/xapi-clients',
    );
    expect(request.request.body).toEqual({ name: '教材サーバー' });
    request.flush({
      id: 2,
      name: '教材サーバー',
      key: 'k2',
      secret: 'the-secret',
      createdAt: CLIENT.createdAt,
    });
    await reloaded();
    http.expectOne('/api/v1/integrations/xapi-clients').flush([CLIENT]);
    await settle(fixture);
    expect(statusText(page)).toContain('シークレットはこの画面でしか表示されません');
    expect(statusText(page)).toContain('the-secret');
  });

  it('revokes a credential after confirmation', async () => {
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    getButton(page, '無効にする（Udemy Business）').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne((r) => r.method === 'DELETE').flush(null, { status: 204, statusText: 'No Content' });
    await reloaded();
    http
      .expectOne('/api/v1/integrations/xapi-clients')
      .flush([{ ...CLIENT, revokedAt: '2026-11-02T01:00:00.000Z' }]);
    await settle(fixture);
    expect(statusText(page)).toContain('「Udemy Business」を無効にしました。');
    expect(tableRows(page, 'xAPI 接続情報')[0].join(' ')).toContain('無効');
  });
});
