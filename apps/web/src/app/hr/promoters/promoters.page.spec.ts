import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { PromoterView, StaffListItem } from '@dx/contract';
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

function staff(employeeNo: string, name: string, nameKana: string): StaffListItem {
  return {
    employeeNo,
    name,
    nameKana,
    email: null,
    unitCode: '210',
    unitName: '農業振興課',
    unitPath: '農業振興課',
    positionName: '主事',
    positionLevel: 1,
    employmentType: '正規職員',
    hiredOn: '2020-04-01',
    promotedOn: '2020-04-01',
    assignedOn: '2024-04-01',
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

  it('designates a promoter found by kana in the picker (no number typed) and shows the new roster', async () => {
    expect(tableRows(page, 'デジタル活用推進員')).toEqual([
      ['0012345', '三重 花子', '総務課', `${YEAR}年4月1日`, '指定を解除（三重 花子）'],
    ]);

    // Nothing chosen: the form says what to do and sends nothing.
    getButton(page, '指定する').click();
    await settle(fixture);
    expect(page.textContent).toContain('氏名・かな・職員番号で検索し、候補から職員を選んでください。');
    http.expectNone((r) => r.method === 'PUT');

    const box = getByLabel(page, '推進員にする職員');
    expect(box.getAttribute('role')).toBe('combobox');
    typeInto(box, 'いせ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    fixture.detectChanges();
    http.expectOne('/api/v1/staff?page=1&pageSize=10&q=%E3%81%84%E3%81%9B').flush({
      total: 1,
      page: 1,
      pageSize: 10,
      items: [staff('0022222', '伊勢 次郎', 'イセ ジロウ')],
    });
    await settle(fixture);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await settle(fixture);
    expect(box.value).toBe('伊勢 次郎（0022222）');

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

    expect(statusText(page)).toContain('伊勢 次郎さん（職員番号 0022222）を');
    expect(getByLabel(page, '推進員にする職員').value).toBe('');
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

  it('offers the roster as CSV in both encodings, each file named after its encoding', () => {
    const links = Array.from(page.querySelectorAll<HTMLAnchorElement>('a[download]'));
    expect(links.map((a) => [a.textContent?.trim(), a.getAttribute('href')])).toEqual([
      [
        '名簿をCSVでダウンロード（UTF-8・Excel用）',
        `/api/v1/exports/promoters.csv?fiscalYear=${YEAR}&encoding=utf-8`,
      ],
      [
        '名簿をCSVでダウンロード（Shift_JIS）',
        `/api/v1/exports/promoters.csv?fiscalYear=${YEAR}&encoding=shift_jis`,
      ],
    ]);
    expect(page.textContent).not.toMatch(/utf-8-bom|shift_jis/);
  });
});
