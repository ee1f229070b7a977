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
    control.dispatchEvent(new Event('change'));
  }

  it('lists the members with their stage, and certifies a member through the member form', async () => {
    expect(tableRows(page, '令和8年度 DX推進スペシャリスト養成のメンバー')).toEqual([
      ['0012345', '三重 花子', '実践', '2026年5月1日', '—', '段階を変更（三重 花子）'],
    ]);
    expect(page.textContent).toContain('1人（うち認定 0人）');

    Array.from(page.querySelectorAll('button'))
      .find((button) => button.textContent?.trim().startsWith('段階を変更'))
      ?.click();
    await settle(fixture);
    expect(getByLabel(page, '職員番号').value).toBe('0012345');
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
      '職員番号 0012345 を「令和8年度 DX推進スペシャリスト養成」の認定として登録しました。',
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
