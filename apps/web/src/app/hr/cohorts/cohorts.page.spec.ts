import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CohortView } from '@dx/contract';
import { currentFiscalYear } from '../../shared/dates';
import { getButton, getByLabel, settle, statusText, tableRows, typeInto } from '../../../testing/dom';
import { CohortsPage } from './cohorts.page';

const COHORT: CohortView = {
  code: 'SP-2026',
  name: '令和8年度 DX推進スペシャリスト養成',
  fiscalYear: 2026,
  dueDate: '2027-01-31',
  members: [
    { employeeNo: '0012345', name: '三重 花子', stage: '実践', joinedOn: '2026-05-01', certifiedOn: null },
  ],
};

describe('CohortsPage (DX推進スペシャリスト)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CohortsPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CohortsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CohortsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/specialist-cohorts').flush([COHORT]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  function choose(label: string, value: string): void {
    const control = getByLabel<HTMLInputElement | HTMLSelectElement>(page, label);
    control.value = value;
    // What a browser fires when a date is picked or an option chosen: input, then change.
    control.dispatchEvent(new Event('input'));
    control.dispatchEvent(new Event('change'));
  }

  it('adds a member found by 職員番号 digits in the picker, choosing with the arrow keys and Enter', async () => {
    const box = getByLabel(page, 'メンバーにする職員');
    typeInto(box, '00777');
    await new Promise((resolve) => setTimeout(resolve, 300));
    fixture.detectChanges();
    http.expectOne('/api/v1/staff?page=1&pageSize=10&q=00777').flush({
      total: 2,
      page: 1,
      pageSize: 10,
      items: [
        { employeeNo: '0077701', name: '伊賀 一郎', nameKana: 'イガ イチロウ', unitName: '情報政策課' },
        { employeeNo: '0077702', name: '志摩 二郎', nameKana: 'シマ ジロウ', unitName: '税務課' },
      ],
    });
    await settle(fixture);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const options = Array.from(page.querySelectorAll('[role="option"]'));
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '伊賀 一郎、イガ イチロウ・職員番号 0077701・情報政策課',
      '志摩 二郎、シマ ジロウ・職員番号 0077702・税務課',
    ]);
    for (const key of ['ArrowDown', 'ArrowDown']) box.dispatchEvent(new KeyboardEvent('keydown', { key }));
    await settle(fixture);
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1].id);
    expect(options[1].getAttribute('aria-selected')).toBe('true');
    const enter = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true });
    box.dispatchEvent(enter);
    await settle(fixture);
    expect(enter.defaultPrevented).toBe(true); // Enter chose; it did not send the form
    expect(box.value).toBe('志摩 二郎（0077702）');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    http.expectNone((r) => r.method === 'PUT');

    getButton(page, '登録する').click();
    await settle(fixture);
    const request = http.expectOne('/api/v1/specialist-cohorts/SP-2026/members/0077702');
    expect(request.request.body).toMatchObject({ stage: '基礎' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    http.expectOne('/api/v1/specialist-cohorts').flush([COHORT]);
    await settle(fixture);
    expect(statusText(page)).toContain('志摩 二郎さん（職員番号 0077702）を');
  });

  it('no match says so and nothing can be sent; Escape closes an open list', async () => {
    const box = getByLabel(page, 'メンバーにする職員');
    typeInto(box, 'みえ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    fixture.detectChanges();
    http.expectOne('/api/v1/staff?page=1&pageSize=10&q=%E3%81%BF%E3%81%88').flush({
      total: 0,
      page: 1,
      pageSize: 10,
      items: [],
    });
    await settle(fixture);
    expect(statusText(page)).toContain('該当する職員はいません。');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    getButton(page, '登録する').click();
    await settle(fixture);
    http.expectNone((r) => r.method === 'PUT');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(page.textContent).toContain('候補から職員を選んでください。');

    typeInto(box, '三重');
    await new Promise((resolve) => setTimeout(resolve, 300));
    fixture.detectChanges();
    http
      .expectOne((r) => r.url === '/api/v1/staff')
      .flush({
        total: 1,
        page: 1,
        pageSize: 10,
        items: [{ employeeNo: '0012345', name: '三重 花子', nameKana: 'ミエ ハナコ', unitName: '総務課' }],
      });
    await settle(fixture);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', cancelable: true }));
    await settle(fixture);
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('lists the members with their stage, and certifies a member through the member form', async () => {
    expect(tableRows(page, '令和8年度 DX推進スペシャリスト養成のメンバー')).toEqual([
      ['0012345', '三重 花子', '実践', '2026年5月1日', '—', '段階を変更（三重 花子）'],
    ]);
    expect(page.textContent).toContain('1人（うち認定 0人）');

    Array.from(page.querySelectorAll('button'))
      .find((button) => button.textContent?.trim().startsWith('段階を変更'))
      ?.click();
    await settle(fixture);
    expect(getByLabel(page, 'メンバーにする職員').value).toBe('三重 花子（0012345）');
    choose('段階', '認定');
    choose('認定日', '2027-01-20');
    getButton(page, '登録する').click();
    await settle(fixture);

    const request = http.expectOne('/api/v1/specialist-cohorts/SP-2026/members/0012345');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({
      stage: '認定',
      joinedOn: '2026-05-01',
      certifiedOn: '2027-01-20',
    });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    http
      .expectOne('/api/v1/specialist-cohorts')
      .flush([{ ...COHORT, members: [{ ...COHORT.members[0], stage: '認定', certifiedOn: '2027-01-20' }] }]);
    await settle(fixture);

    expect(statusText(page)).toContain(
      '三重 花子さん（職員番号 0012345）を「令和8年度 DX推進スペシャリスト養成」の認定として登録しました。',
    );
    expect(page.textContent).toContain('1人（うち認定 1人）');
  });

  it('checks the code before creating a cohort', async () => {
    typeInto(getByLabel(page, 'コード'), 'SP 2027');
    typeInto(getByLabel(page, '名称'), '令和9年度 DX推進スペシャリスト養成');
    getButton(page, '作成する').click();
    await settle(fixture);
    http.expectNone((r) => r.method === 'POST');
    expect(page.textContent).toContain('コードは英数字とハイフンで、40文字以内で入力してください。');

    typeInto(getByLabel(page, 'コード'), 'SP-2027');
    const nextYear = currentFiscalYear() + 1;
    choose('年度', String(nextYear));
    getButton(page, '作成する').click();
    await settle(fixture);
    const request = http.expectOne('/api/v1/specialist-cohorts');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      code: 'SP-2027',
      name: '令和9年度 DX推進スペシャリスト養成',
      fiscalYear: nextYear,
    });
    request.flush(null, { status: 201, statusText: 'Created' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    http.expectOne('/api/v1/specialist-cohorts').flush([COHORT]);
    await settle(fixture);
    expect(statusText(page)).toContain('養成期「令和9年度 DX推進スペシャリスト養成」を作成しました。');
  });
});
