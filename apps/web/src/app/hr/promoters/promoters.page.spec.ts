import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { PromoterView } from '@dx/contract';
import { currentFiscalYear } from '../../shared/dates';
import { getButton, getByLabel, settle, statusText, tableRows, typeInto } from '../../../testing/dom';
import { PromotersPage } from './promoters.page';

const YEAR = currentFiscalYear();

function promoter(overrides: Partial<PromoterView> = {}): PromoterView {
  return {
    employeeNo: '0012345',
    name: '三重 花子',
    unitCode: '110',
    unitName: '総務課',
    designatedOn: `${YEAR}-04-01`,
    fiscalYear: YEAR,
    ...overrides,
  };
}

describe('PromotersPage (デジタル活用推進員)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<PromotersPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [PromotersPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PromotersPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne(`/api/v1/promoters?fiscalYear=${YEAR}`).flush([promoter()]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('designates a promoter for the chosen year (full-width digits accepted) and shows the new roster', async () => {
    expect(tableRows(page, 'デジタル活用推進員')).toEqual([
      ['0012345', '三重 花子', '総務課', `${YEAR}年4月1日`, '指定を解除（三重 花子）'],
    ]);

    typeInto(getByLabel(page, '職員番号'), '００２２２２２');
    typeInto(getByLabel(page, '指定日'), `${YEAR}-05-10`);
    getByLabel(page, '指定日').dispatchEvent(new Event('change'));
    getButton(page, '指定する').click();
    await settle(fixture);

    const request = http.expectOne(`/api/v1/promoters/0022222?fiscalYear=${YEAR}`);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ designatedOn: `${YEAR}-05-10` });
    request.flush(null, { status: 204, statusText: 'No Content' });
    // The roster is fetched again (a pending load keeps the fixture from being stable, so do not wait for it).
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    http
      .expectOne(`/api/v1/promoters?fiscalYear=${YEAR}`)
      .flush([
        promoter(),
        promoter({ employeeNo: '0022222', name: '伊勢 次郎', designatedOn: `${YEAR}-05-10` }),
      ]);
    await settle(fixture);

    expect(statusText(page)).toContain('職員番号 0022222 を');
    expect(statusText(page)).toContain('2人');
    expect(tableRows(page, 'デジタル活用推進員').map((row) => row[1])).toEqual(['三重 花子', '伊勢 次郎']);
  });

  it('asks before removing a designation, then removes it', async () => {
    Array.from(page.querySelectorAll('button'))
      .find((button) => button.textContent?.trim().startsWith('指定を解除'))
      ?.click();
    await settle(fixture);
    expect(page.textContent).toContain('三重 花子さんの指定を解除しますか？');
    http.expectNone((r) => r.method === 'DELETE');

    getButton(page, '解除する').click();
    await settle(fixture);
    const request = http.expectOne(`/api/v1/promoters/0012345?fiscalYear=${YEAR}`);
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);

    expect(statusText(page)).toContain('三重 花子さん（職員番号 0012345）の推進員の指定を解除しました。');
    expect(page.textContent).toContain('この年度に指定された推進員はいません。');
  });
});
