import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AuditLogEntry, AuditLogPage } from '@dx/contract';
import { getButton, getByLabel, settle, statusText, tableRows, typeInto } from '../../../testing/dom';
import { AuditLogPage as AuditLogPageComponent } from './audit-log.page';

function entry(overrides: Partial<AuditLogEntry> = {}): AuditLogEntry {
  return {
    id: '1',
    occurredAt: '2026-12-03T01:05:00.000Z',
    actorLoginId: '500002',
    actorName: '人事 課長',
    action: 'staff.enrollments_viewed',
    person: { employeeNo: '500003', name: '𠮷田 太郎' },
    target: null,
    scope: { fiscalYear: '2026' },
    count: 4,
    incomplete: false,
    scopeLabel: '年度 令和8年度（2026年度）',
    ip: '10.0.0.8',
    ...overrides,
  };
}

function page(items: AuditLogEntry[], total = items.length, pageNo = 1): AuditLogPage {
  return { total, totalIsLowerBound: false, page: pageNo, pageSize: 50, items };
}

/** What a browser fires when a date is picked: input, then change. */
function pickDate(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('change'));
}

describe('AuditLogPage (監査ログ)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<AuditLogPageComponent>;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AuditLogPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditLogPageComponent);
    root = fixture.nativeElement as HTMLElement;
    document.body.appendChild(root);
    fixture.detectChanges();
    http.expectOne('/api/v1/audit-log?page=1&pageSize=50').flush(
      page([
        entry(),
        entry({
          id: '2',
          occurredAt: '2026-12-02T23:30:00.000Z',
          actorLoginId: 'hr-demo',
          actorName: '人事 担当',
          action: 'team.matrix_viewed',
          person: null,
          scope: { orgUnitCode: '100100', fiscalYear: '2026' },
          scopeLabel: '所属 100100・年度 令和8年度（2026年度）',
          count: 12,
        }),
        entry({
          id: '3',
          action: 'request.denied',
          actorLoginId: null,
          actorName: null,
          person: null,
          scope: null,
          scopeLabel: 'GET /api/v1/audit-log',
          count: null,
          ip: null,
        }),
      ]),
    );
    await settle(fixture);
  });

  afterEach(() => {
    http.verify();
    root.remove();
  });

  it('shows who did what to whom, in Tokyo time and Japanese words, never an action code', () => {
    expect(tableRows(root, '監査ログ')).toEqual([
      [
        '2026年12月3日（木）10:05',
        '人事 課長（500002）',
        '職員の受講状況の閲覧',
        '𠮷田 太郎（職員番号 500003）・年度 令和8年度（2026年度）',
        '4件',
        '10.0.0.8',
      ],
      [
        '2026年12月3日（木）08:30',
        '人事 担当（hr-demo）',
        '受講状況一覧（所属別）の閲覧',
        '所属 100100・年度 令和8年度（2026年度）',
        '12件',
        '10.0.0.8',
      ],
      [
        '2026年12月3日（木）10:05',
        '（ログイン前）',
        '権限のない操作の拒否',
        'GET /api/v1/audit-log',
        '—',
        '—',
      ],
    ]);
    const headers = Array.from(root.querySelectorAll('thead th')).map((th) => [
      th.textContent?.trim(),
      th.getAttribute('scope'),
    ]);
    expect(headers).toEqual(['日時', '操作者', '操作', '対象', '件数', '接続元'].map((h) => [h, 'col']));
    expect(statusText(root)).toContain('3件中 1–3件');
    // The action select names every action in Japanese.
    const options = Array.from(getByLabel<HTMLSelectElement>(root, '操作').options).map(
      (o) => o.textContent?.trim() ?? '',
    );
    expect(options).toContain('職員の検索');
    expect(options).toContain('監査ログのCSV出力');
    expect(options.every((text) => !/^[a-z_]+\.[a-z_]+$/.test(text))).toBe(true);
    expect(root.textContent).not.toMatch(/staff\.|team\.|export\.|request\.denied/);
  });

  it('searches by actor, 職員番号 (full-width digits too), dates and action, moves focus to the results and offers them as CSV', async () => {
    typeInto(getByLabel(root, '操作者のログインID'), ' hr-demo ');
    typeInto(getByLabel(root, '対象者の職員番号'), '５００００３');
    const from = getByLabel(root, '開始日');
    pickDate(from, '2026-12-01');
    const to = getByLabel(root, '終了日');
    pickDate(to, '2026-12-03');
    const action = getByLabel<HTMLSelectElement>(root, '操作');
    action.value = 'staff.enrollments_viewed';
    action.dispatchEvent(new Event('change'));
    getButton(root, '検索').click();
    fixture.detectChanges();
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();

    http
      .expectOne(
        '/api/v1/audit-log?actor=hr-demo&person=500003&from=2026-12-01&to=2026-12-03&action=staff.enrollments_viewed&page=1&pageSize=50',
      )
      .flush(page([entry()], 51));
    await settle(fixture);

    expect(document.activeElement?.id).toBe('audit-results-heading');
    expect(statusText(root)).toContain('51件中 1–1件');
    const link = Array.from(root.querySelectorAll<HTMLAnchorElement>('a[download]'))[0];
    expect(link.textContent?.trim()).toBe('この条件の記録をCSVでダウンロード（UTF-8・Excel用）');
    expect(link.getAttribute('href')).toBe(
      '/api/v1/exports/audit-log.csv?actor=hr-demo&person=500003&from=2026-12-01&to=2026-12-03&action=staff.enrollments_viewed',
    );

    getButton(root, '次へ').click();
    fixture.detectChanges();
    http
      .expectOne(
        (r) =>
          r.url === '/api/v1/audit-log' &&
          r.params.get('page') === '2' &&
          r.params.get('person') === '500003',
      )
      .flush(page([entry({ id: '9' })], 51, 2));
    await settle(fixture);
    expect(statusText(root)).toContain('51件中 51–51件');
  });

  it('refuses a 職員番号 that is not digits and an end before the start, naming the field, and sends nothing', async () => {
    typeInto(getByLabel(root, '対象者の職員番号'), 'abc');
    getButton(root, '検索').click();
    await settle(fixture);
    const person = getByLabel(root, '対象者の職員番号');
    expect(person.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector(`#${person.getAttribute('aria-describedby')}`)?.textContent).toContain(
      '職員番号は数字で入力してください。',
    );
    expect(document.activeElement).toBe(person);

    typeInto(person, '500003');
    const from = getByLabel(root, '開始日');
    pickDate(from, '2026-12-03');
    const to = getByLabel(root, '終了日');
    pickDate(to, '2026-12-01');
    getButton(root, '検索').click();
    await settle(fixture);
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(root.textContent).toContain('終了日は開始日と同じか、それより後の日付にしてください。');
    http.expectNone((r) => r.url === '/api/v1/audit-log');
  });
  it('says "以上" when there are more lines than the search counts', async () => {
    getButton(root, '検索').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    http
      .expectOne('/api/v1/audit-log?page=1&pageSize=50')
      .flush({ ...page([entry()], 10_000), totalIsLowerBound: true });
    await settle(fixture);
    expect(statusText(root)).toContain('10,000件以上中 1–1件');
  });
});
