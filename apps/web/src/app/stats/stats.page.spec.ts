import { HttpEventType, HttpHeaders, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CompletionReport, CompletionReportRow, MeResponse, Role } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { AuthService } from '../auth/auth.service';
import { currentFiscalYear } from '../shared/dates';
import { alertText, getButton, getByLabel, settle, statusText, tableRows } from '../../testing/dom';
import { BlobSaver } from './downloads';
import { StatsPage } from './stats.page';

const YEAR = currentFiscalYear();

function row(overrides: Partial<CompletionReportRow>): CompletionReportRow {
  return {
    key: '100',
    label: '総務部',
    assigned: 0,
    completed: 0,
    inProgress: 0,
    notStarted: 0,
    overdue: 0,
    renewalOverdue: 0,
    exempt: 0,
    completionRate: 0,
    ...overrides,
  };
}

function report(overrides: Partial<CompletionReport> = {}): CompletionReport {
  return {
    fiscalYear: YEAR,
    asOf: '2026-04-01',
    rows: [
      row({
        key: '100',
        label: '総務部',
        assigned: 1000,
        completed: 823,
        inProgress: 100,
        notStarted: 50,
        overdue: 17,
        renewalOverdue: 3,
        exempt: 7,
        completionRate: 0.8234,
      }),
      row({
        key: '200',
        label: '健康医療部',
        assigned: 3,
        completed: 2,
        inProgress: 1,
        completionRate: 2 / 3,
      }),
      row({ key: '300', label: '', assigned: 0, completionRate: 0 }),
    ],
    totals: row({
      key: 'total',
      label: '合計',
      assigned: 1003,
      completed: 825,
      inProgress: 101,
      notStarted: 50,
      overdue: 17,
      renewalOverdue: 3,
      exempt: 7,
      completionRate: 825 / 1003,
    }),
    ...overrides,
  };
}

describe('StatsPage (受講統計)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<StatsPage>;
  let page: HTMLElement;
  const saved: { blob: Blob; fileName: string }[] = [];

  function configure(roles: Role[], managedUnit: MeResponse['managedUnit'] = null): void {
    saved.length = 0;
    TestBed.configureTestingModule({
      imports: [StatsPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: BlobSaver,
          useValue: { save: (blob: Blob, fileName: string) => saved.push({ blob, fileName }) },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).loadMe().subscribe();
    http.expectOne('/api/v1/me').flush({
      loginId: 'u1',
      displayName: '三重 太郎',
      roles,
      mustChangePassword: false,
      tenantName: '三重県',
      employeeNo: '1',
      managedUnit,
      lastLogin: null,
    } satisfies MeResponse);
    fixture = TestBed.createComponent(StatsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  }

  beforeEach(async () => {
    configure(['hr']);
    http.expectOne(`/api/v1/reports/completion?fiscalYear=${YEAR}&groupBy=department`).flush(report());
    http.expectOne(`/api/v1/org-units?date=${todayInTokyo()}`).flush([
      { code: '100', name: '総務部', kind: '部局', parentCode: null, staffCount: 0, totalStaffCount: 10 },
      { code: '110', name: '総務課', kind: '所属', parentCode: '100', staffCount: 10, totalStaffCount: 10 },
    ]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('shows the counts and the completion rate as a percentage computed from completionRate, with totals', () => {
    expect(tableRows(page, '受講統計（部局別')).toEqual([
      ['総務部', '1000', '823', '100', '50', '17', '3', '7', '82.3%'],
      ['健康医療部', '3', '2', '1', '0', '0', '0', '0', '66.7%'],
      ['300', '0', '0', '0', '0', '0', '0', '0', '0.0%'],
    ]);
    const totals = Array.from(page.querySelectorAll('tfoot tr > *')).map((c) => c.textContent?.trim());
    expect(totals).toEqual(['合計', '1003', '825', '101', '50', '17', '3', '7', '82.3%']);
    expect(page.querySelector('thead th')?.getAttribute('scope')).toBe('col');
    expect(statusText(page)).toContain('令和8年4月1日時点の組織で集計');
    // The unit filter offers the org as it stood, indented under its 部局.
    const units = Array.from(getByLabel<HTMLSelectElement>(page, '所属').options).map((o) =>
      o.textContent?.trim(),
    );
    expect(units).toEqual(['すべて', '総務部（部局）', '総務課（所属）']);
  });

  it('regroups by 職位 and filters by track', async () => {
    const byPosition = Array.from(page.querySelectorAll<HTMLInputElement>('input[name="stats-group"]'))[2];
    byPosition.click();
    TestBed.tick();
    http.expectOne(`/api/v1/reports/completion?fiscalYear=${YEAR}&groupBy=position`).flush(
      report({
        rows: [row({ key: '主事', label: '主事', assigned: 4, completed: 1, completionRate: 0.25 })],
      }),
    );
    await settle(fixture);
    expect(tableRows(page, '受講統計（職位別')).toEqual([
      ['主事', '4', '1', '0', '0', '0', '0', '0', '25.0%'],
    ]);
    expect(page.querySelector('thead th')?.textContent?.trim()).toBe('職位');

    const track = getByLabel<HTMLSelectElement>(page, '研修体系');
    track.value = 'KAISO';
    track.dispatchEvent(new Event('change'));
    TestBed.tick();
    http
      .expectOne(
        (r) =>
          r.url === '/api/v1/reports/completion' &&
          r.params.get('groupBy') === 'position' &&
          r.params.get('trackCode') === 'KAISO',
      )
      .flush(report());
    await settle(fixture);
  });

  it('downloads a Shift_JIS CSV with progress, names it from Content-Disposition and reports substitutions', async () => {
    getButton(page, 'CSV（Shift_JIS）').click();
    await settle(fixture);
    const request = http.expectOne(`/api/v1/exports/completion.csv?fiscalYear=${YEAR}&encoding=shift_jis`);
    expect(request.request.responseType).toBe('blob');
    expect(request.request.reportProgress).toBe(true);
    expect(getButton(page, 'CSV（UTF-8・BOM付き）').disabled).toBe(true);

    request.event({ type: HttpEventType.DownloadProgress, loaded: 5 * 1024 * 1024 });
    await settle(fixture);
    expect(page.textContent).toContain('受信済み 5.0 MB');
    expect(statusText(page)).toContain('CSV（Shift_JIS）を作成してダウンロードしています…');

    request.flush(new Blob(['abc']), {
      headers: new HttpHeaders({
        'content-disposition': `attachment; filename="completion-export"; filename*=UTF-8''${encodeURIComponent('受講状況_令和8年度_Shift_JIS.csv')}`,
        'x-substituted-characters': encodeURIComponent('𠮷髙'),
      }),
    });
    await settle(fixture);

    expect(saved.map((s) => s.fileName)).toEqual(['受講状況_令和8年度_Shift_JIS.csv']);
    expect(statusText(page)).toContain(
      'CSV（Shift_JIS）「受講状況_令和8年度_Shift_JIS.csv」をダウンロードしました',
    );
    expect(statusText(page)).toContain('Shift_JISで表せない文字（𠮷髙）は〓に置き換えました');
    expect(getButton(page, 'CSV（UTF-8・BOM付き）').disabled).toBe(false);
  });

  it('shows the problem when an export fails, read from the blob body', async () => {
    getButton(page, 'Excel（XLSX）').click();
    await settle(fixture);
    http
      .expectOne(`/api/v1/exports/completion.xlsx?fiscalYear=${YEAR}`)
      .flush(
        new Blob([JSON.stringify({ title: '出力できません', detail: '対象が多すぎます。', status: 422 })]),
        {
          status: 422,
          statusText: 'Unprocessable Entity',
        },
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(fixture);
    expect(alertText(page)).toContain('対象が多すぎます。');
    expect(saved).toEqual([]);
  });

  it('never shows the API’s encoding codes on the export buttons', () => {
    const labels = Array.from(page.querySelectorAll('dx-completion-export button')).map((b) =>
      b.textContent?.trim(),
    );
    expect(labels).toEqual(['CSV（UTF-8・BOM付き）', 'CSV（Shift_JIS）', 'Excel（XLSX）']);
    expect(page.textContent).not.toMatch(/utf-8-bom|shift_jis|utf-8/);
  });
});

describe('StatsPage for a manager (担当範囲)', () => {
  let http: HttpTestingController;
  const saved: string[] = [];

  function open(
    managedUnit: { code: string; name: string },
    units: { code: string; name: string; kind: string; parentCode: string | null }[],
  ) {
    saved.length = 0;
    TestBed.configureTestingModule({
      imports: [StatsPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: BlobSaver, useValue: { save: (_blob: Blob, fileName: string) => saved.push(fileName) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).loadMe().subscribe();
    http.expectOne('/api/v1/me').flush({
      loginId: '500001',
      displayName: '総務 部長',
      roles: ['learner', 'manager'],
      mustChangePassword: false,
      tenantName: '三重県',
      employeeNo: '500001',
      managedUnit,
      lastLogin: null,
    } satisfies MeResponse);
    const fixture = TestBed.createComponent(StatsPage);
    fixture.detectChanges();
    // Nothing is asked for before the manager's unit is known: the first request has the right grouping.
    http.expectNone((r) => r.url === '/api/v1/reports/completion');
    http
      .expectOne(`/api/v1/org-units?date=${todayInTokyo()}`)
      .flush(units.map((u) => ({ ...u, staffCount: 1, totalStaffCount: 1 })));
    return { fixture, page: fixture.nativeElement as HTMLElement };
  }

  /** The unit list's answer reaches the report's parameters on a later turn. */
  async function unitsArrived(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }

  afterEach(() => http.verify());

  it('a 部長: by 所属 first (no 部局別), the unit picker limited to the 部局, and exports of the subtree', async () => {
    const { fixture, page } = open({ code: '100', name: '総務部' }, [
      { code: '100', name: '総務部', kind: '部局', parentCode: null },
      { code: '110', name: '総務課', kind: '所属', parentCode: '100' },
    ]);
    await unitsArrived();
    http.expectOne(`/api/v1/reports/completion?fiscalYear=${YEAR}&groupBy=section`).flush(report());
    await settle(fixture);
    const groups = Array.from(page.querySelectorAll('input[name="stats-group"]')).map((i) =>
      i.parentElement?.textContent?.trim(),
    );
    expect(groups).toEqual(['所属別', '職位別', '研修体系別']);
    const units = Array.from(getByLabel<HTMLSelectElement>(page, '所属').options).map((o) =>
      o.textContent?.trim(),
    );
    expect(units).toEqual(['担当範囲の全体（総務部）', '総務部（部局）', '総務課（所属）']);
    expect(page.textContent).toContain('担当する組織（総務部）とその下位の所属の分を集計・出力します。');

    const unit = getByLabel<HTMLSelectElement>(page, '所属');
    unit.value = '110';
    unit.dispatchEvent(new Event('change'));
    TestBed.tick();
    http
      .expectOne(`/api/v1/reports/completion?fiscalYear=${YEAR}&orgUnitCode=110&groupBy=section`)
      .flush(report());
    await settle(fixture);
    getButton(page, 'CSV（UTF-8・BOM付き）').click();
    await settle(fixture);
    // Without a name from the server, the file still says its year and encoding.
    http
      .expectOne(`/api/v1/exports/completion.csv?fiscalYear=${YEAR}&orgUnitCode=110&encoding=utf-8`)
      .flush(new Blob(['x']));
    await settle(fixture);
    expect(saved).toEqual(['受講状況_令和8年度_UTF-8.csv']);
  });

  it('a 課長: by 職位 or 研修体系 only', async () => {
    const { fixture, page } = open({ code: '110', name: '総務課' }, [
      { code: '110', name: '総務課', kind: '所属', parentCode: '100' },
    ]);
    await unitsArrived();
    http.expectOne(`/api/v1/reports/completion?fiscalYear=${YEAR}&groupBy=position`).flush(report());
    await settle(fixture);
    const groups = Array.from(page.querySelectorAll('input[name="stats-group"]')).map((i) =>
      i.parentElement?.textContent?.trim(),
    );
    expect(groups).toEqual(['職位別', '研修体系別']);
  });
});
