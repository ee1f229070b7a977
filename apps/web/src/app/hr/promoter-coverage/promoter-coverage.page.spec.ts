import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { PromoterCoverage, UncoveredSection } from '@dx/contract';
import { currentFiscalYear } from '../../shared/dates';
import { getButton, queryButton, settle, statusText, tableRows } from '../../../testing/dom';
import { PromoterCoveragePage, requestSummary } from './promoter-coverage.page';

const YEAR = currentFiscalYear();

function unit(overrides: Partial<UncoveredSection> = {}): UncoveredSection {
  return {
    unitCode: '100100',
    unitName: '人事課',
    departmentCode: '100000',
    departmentName: '総務部',
    head: { employeeNo: '700001', name: '人事 課長', hasEmail: true },
    staffCount: 12,
    lastRequestedAt: null,
    ...overrides,
  };
}

function coverage(uncovered: UncoveredSection[], fiscalYear = YEAR): PromoterCoverage {
  return {
    fiscalYear,
    asOf: `${fiscalYear}-12-06`,
    sections: 10,
    sectionsWithPromoter: 10 - uncovered.length,
    rate: (10 - uncovered.length) / 10,
    uncovered,
  };
}

describe('PromoterCoveragePage (推進員の配置状況)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<PromoterCoveragePage>;
  let page: HTMLElement;

  function open(fiscalYear?: string): void {
    TestBed.configureTestingModule({
      imports: [PromoterCoveragePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PromoterCoveragePage);
    if (fiscalYear) fixture.componentRef.setInput('fiscalYear', fiscalYear);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  }

  afterEach(() => http.verify());

  it('lists the 所属 without a promoter with 部局, 所属長, staff and when they were last asked', async () => {
    open();
    http.expectOne(`/api/v1/promoter-coverage?fiscalYear=${YEAR}`).flush(
      coverage([
        unit({ lastRequestedAt: `${YEAR}-12-01T01:30:00.000Z` }),
        unit({
          unitCode: '100200',
          unitName: '財政課',
          head: { employeeNo: '700003', name: '財政 課長', hasEmail: false },
        }),
        unit({
          unitCode: '200200',
          unitName: '林業課',
          departmentName: '農林部',
          head: null,
          staffCount: 1,
        }),
      ]),
    );
    await settle(fixture);
    expect(tableRows(page, '推進員がいない所属')).toEqual([
      [
        '100100',
        '人事課',
        '総務部',
        '人事 課長（700001）',
        '12',
        `依頼済み（${YEAR}年12月1日（${weekday(`${YEAR}-12-01`)}）10:30）`,
      ],
      ['100200', '財政課', '総務部', '財政 課長（700003） メールアドレス未登録', '12', '未依頼'],
      ['200200', '林業課', '農林部', '不在', '1', '未依頼'],
    ]);
    expect(page.textContent).toContain('配置率70.0%');
    expect(getButton(page, '所属長に推進員の指名を依頼する（3所属）').disabled).toBe(false);
  });

  it('asks after a confirmation and says how many mails and Slack messages went, naming what failed', async () => {
    open();
    http
      .expectOne(`/api/v1/promoter-coverage?fiscalYear=${YEAR}`)
      .flush(coverage([unit(), unit({ unitCode: '100200', unitName: '財政課' })]));
    await settle(fixture);
    getButton(page, '所属長に推進員の指名を依頼する（2所属）').click();
    await settle(fixture);
    expect(page.textContent).toContain('2所属の所属長に');
    // Nothing goes before the confirmation; やめる takes it back.
    http.expectNone((r) => r.method === 'POST');
    getButton(page, 'やめる').click();
    await settle(fixture);
    expect(queryButton(page, '依頼を送る')).toBeUndefined();

    getButton(page, '所属長に推進員の指名を依頼する（2所属）').click();
    await settle(fixture);
    getButton(page, '依頼を送る').click();
    const request = http.expectOne(`/api/v1/promoter-coverage/requests?fiscalYear=${YEAR}`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({});
    request.flush({
      asked: 2,
      emailsSent: 1,
      slackMessages: 1,
      alreadyAskedToday: [],
      failures: [
        {
          unitCode: '100200',
          unitName: '財政課',
          reason: '所属長 財政 課長（700003）のメールアドレスが登録されていません（Slack には送信しました）',
        },
      ],
    });
    // The list is read again (the answer is awaited, so the page is not stable until it comes).
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    http
      .expectOne(`/api/v1/promoter-coverage?fiscalYear=${YEAR}`)
      .flush(
        coverage([
          unit({ lastRequestedAt: new Date().toISOString() }),
          unit({ unitCode: '100200', unitName: '財政課', lastRequestedAt: new Date().toISOString() }),
        ]),
      );
    await settle(fixture);
    expect(statusText(page)).toContain('2所属の所属長に依頼しました（メール 1通、Slack 1件）。');
    expect(statusText(page)).toContain(
      '財政課（100200）：所属長 財政 課長（700003）のメールアドレスが登録されていません',
    );
    expect(tableRows(page, '推進員がいない所属').map((r) => r[5].startsWith('依頼済み'))).toEqual([
      true,
      true,
    ]);
  });

  it('opens the year the KPI link names, and has nothing to ask when every 所属 has a promoter', async () => {
    open(String(YEAR - 1));
    http.expectOne(`/api/v1/promoter-coverage?fiscalYear=${YEAR - 1}`).flush(coverage([], YEAR - 1));
    await settle(fixture);
    expect(page.textContent).toContain('すべての所属に推進員がいます。');
    expect(getButton(page, '所属長に推進員の指名を依頼する（0所属）').disabled).toBe(true);
  });

  it('says so when a second press the same day asks nobody again', () => {
    expect(
      requestSummary({
        asked: 0,
        emailsSent: 0,
        slackMessages: 0,
        alreadyAskedToday: [{ unitCode: '100100', unitName: '人事課' }],
        failures: [],
      }),
    ).toBe('本日はすでにすべての所属に依頼済みです。新たに送った依頼はありません。');
  });
});

function weekday(day: string): string {
  return '日月火水木金土'[new Date(`${day}T00:00:00Z`).getUTCDay()];
}
