import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MatrixPerson, ReminderResult, TeamMatrix } from '@dx/contract';
import { currentFiscalYear } from '../shared/dates';
import { getButton, getByLabel, settle, statusText, tableRows } from '../../testing/dom';
import { TeamPage } from './team.page';

const YEAR = currentFiscalYear();

function person(overrides: Partial<MatrixPerson>): MatrixPerson {
  return {
    employeeNo: '0000001',
    name: '三重 太郎',
    unitCode: '110',
    unitName: '総務課',
    positionName: '主事',
    cells: {},
    assigned: 0,
    completed: 0,
    overdue: 0,
    ...overrides,
  };
}

function matrix(overrides: Partial<TeamMatrix> = {}): TeamMatrix {
  return {
    fiscalYear: YEAR,
    asOf: `${YEAR}-05-01`,
    unit: { code: '100', name: '総務部', kind: '部局' },
    subUnits: [
      { code: '110', name: '総務課', kind: '所属', assigned: 4, completed: 1, overdue: 1 },
      { code: '120', name: '人事課', kind: '所属', assigned: 2, completed: 2, overdue: 0 },
    ],
    courses: [
      { code: 'KAISO-NEW', title: '新規採用職員研修（デジタル基礎）', trackCode: 'KAISO' },
      { code: 'WDX', title: '職場内DX研修', trackCode: 'WORKPLACE-DX' },
    ],
    columnTotals: {
      'KAISO-NEW': { assigned: 2, completed: 0, overdue: 1, exempt: 0 },
      WDX: { assigned: 3, completed: 2, overdue: 0, exempt: 1 },
    },
    total: 3,
    page: 1,
    pageSize: 50,
    people: [
      // The API sorts overdue people first; the page keeps its order.
      person({
        employeeNo: '0000009',
        name: '𠮷田 髙子',
        positionName: '主任',
        cells: {
          'KAISO-NEW': { status: 'overdue', dueDate: `${YEAR}-04-30`, completedAt: null },
          WDX: { status: 'in_progress', dueDate: `${YEAR + 1}-03-31`, completedAt: null },
        },
        assigned: 2,
        completed: 0,
        overdue: 1,
      }),
      person({
        employeeNo: '0000001',
        name: '三重 太郎',
        cells: { WDX: { status: 'completed', dueDate: `${YEAR + 1}-03-31`, completedAt: `${YEAR}-04-20` } },
        assigned: 1,
        completed: 1,
      }),
      person({
        employeeNo: '0000002',
        name: '伊勢 花子',
        unitCode: '120',
        unitName: '人事課',
        cells: {
          'KAISO-NEW': { status: 'not_started', dueDate: `${YEAR}-06-30`, completedAt: null },
          WDX: { status: 'exempt', dueDate: `${YEAR + 1}-03-31`, completedAt: null },
        },
        assigned: 2,
        completed: 1,
      }),
    ],
    ...overrides,
  };
}

describe('TeamPage (チーム受講状況)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<TeamPage>;
  let page: HTMLElement;

  function expectMatrix(params: Record<string, string> = {}) {
    return http.expectOne((r) => {
      if (r.url !== '/api/v1/team/matrix') return false;
      const expected = { fiscalYear: String(YEAR), page: '1', pageSize: '50', ...params };
      const keys = r.params.keys();
      return (
        keys.length === Object.keys(expected).length &&
        Object.entries(expected).every(([key, value]) => r.params.get(key) === value)
      );
    });
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TeamPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TeamPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    expectMatrix().flush(matrix());
    await settle(fixture);
  });

  afterEach(() => http.verify());

  /** Renders after a change that starts a request (whenStable would wait for the request itself). */
  function render(): void {
    TestBed.tick();
  }

  it('shows each cell as status text, 「―」 where not assigned, overdue person first, with row and column totals', () => {
    const rows = tableRows(page, '職員ごとの研修の受講状況');
    expect(rows.map((row) => row.slice(1))).toEqual([
      ['𠮷田 髙子', '総務課', '主任', '期限超過', '受講中', '修了 0 / 割当 2', '1'],
      ['三重 太郎', '総務課', '主事', '―割当なし', '修了', '修了 1 / 割当 1', '0'],
      ['伊勢 花子', '人事課', '主事', '未着手', '免除', '修了 1 / 割当 2', '0'],
    ]);
    // The status is written out and the colour only repeats it (data-status drives the colour).
    const firstRowBadges = Array.from(page.querySelectorAll('tbody tr:first-child .status-badge'));
    expect(firstRowBadges.map((b) => [b.textContent?.trim(), b.getAttribute('data-status')])).toEqual([
      ['期限超過', 'overdue'],
      ['受講中', 'in_progress'],
    ]);
    // Row headers and column headers carry scope; the full course title is there for screen readers.
    expect(page.querySelectorAll('tbody th[scope="row"]').length).toBe(3);
    const courseHeader = Array.from(page.querySelectorAll('thead th[scope="col"]'))[4];
    expect(courseHeader.getAttribute('title')).toBe('新規採用職員研修（デジタル基礎）');
    expect(courseHeader.querySelector('.visually-hidden')?.textContent).toBe(
      '新規採用職員研修（デジタル基礎）',
    );

    const footer = Array.from(page.querySelectorAll('tfoot tr > *')).map((c) =>
      c.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(footer).toEqual([
      '合計（3人）',
      '修了 0 / 割当 2期限超過 1',
      '修了 2 / 割当 3期限超過 0 免除 1',
      '修了 2 / 割当 5',
      '1',
    ]);
    expect(statusText(page)).toContain('3人中 1–3人');
  });

  it('sends reminders to the selected people after confirmation and announces the result', async () => {
    const send = getButton(page, '選択した人に督促メールを送る');
    expect(send.disabled).toBe(true);

    const box = page.querySelector<HTMLInputElement>('#team-select-0000009');
    box!.checked = true;
    box!.dispatchEvent(new Event('change'));
    await settle(fixture);
    expect(page.textContent).toContain('1人を選択中');

    send.click();
    await settle(fixture);
    expect(page.querySelector('dialog')?.textContent).toContain('選択した1人に');
    http.expectNone('/api/v1/team/reminders');

    getButton(page, '送信する').click();
    await settle(fixture);
    const request = http.expectOne('/api/v1/team/reminders');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ fiscalYear: YEAR, employeeNos: ['0000009'] });
    const result: ReminderResult = {
      sent: 1,
      skipped: 2,
      recipients: [
        { employeeNo: '0000009', name: '𠮷田 髙子', courses: ['新規採用職員研修（デジタル基礎）'] },
      ],
      withoutEmail: [],
    };
    request.flush(result);
    await settle(fixture);

    expect(statusText(page)).toContain('1人に送信しました（本日送信済みの2件は除外）。');
    expect(page.querySelector('dialog')).toBeNull();
    expect(page.textContent).toContain('0人を選択中');
  });

  it('reminds everyone overdue or due soon without a selection, and may be cancelled', async () => {
    getButton(page, '期限超過・期限間近の全員に督促メールを送る').click();
    await settle(fixture);
    getButton(page, 'やめる').click();
    await settle(fixture);
    expect(page.querySelector('dialog')).toBeNull();
    http.expectNone('/api/v1/team/reminders');

    getButton(page, '期限超過・期限間近の全員に督促メールを送る').click();
    await settle(fixture);
    getButton(page, '送信する').click();
    await settle(fixture);
    const request = http.expectOne('/api/v1/team/reminders');
    expect(request.request.body).toEqual({ fiscalYear: YEAR, dueWithinDays: 14 });
    request.flush({
      sent: 5,
      skipped: 0,
      recipients: [],
      withoutEmail: ['0000002'],
    } satisfies ReminderResult);
    await settle(fixture);
    expect(statusText(page)).toContain('5人に送信しました。');
    expect(statusText(page)).toContain(
      'メールアドレスが登録されていない1人には送信できませんでした（職員番号：0000002）。',
    );
  });

  it('drills down into a sub-unit and back up through the breadcrumb', async () => {
    getButton(page, '総務課に絞り込む').click();
    render();
    expectMatrix({ orgUnitCode: '110' }).flush(
      matrix({ unit: { code: '110', name: '総務課', kind: '所属' }, subUnits: [], total: 2 }),
    );
    http.expectOne(`/api/v1/org-units?date=${YEAR}-05-01`).flush([
      { code: '100', name: '総務部', kind: '部局', parentCode: null, staffCount: 0, totalStaffCount: 3 },
      { code: '110', name: '総務課', kind: '所属', parentCode: '100', staffCount: 2, totalStaffCount: 2 },
    ]);
    await settle(fixture);

    const crumbs = Array.from(page.querySelectorAll('nav[aria-label="所属の階層"] li')).map((li) =>
      li.textContent?.trim(),
    );
    expect(crumbs).toEqual(['総務部', '総務課']);
    expect(page.querySelector('[aria-current="location"]')?.textContent).toBe('総務課');

    getButton(page, '総務部').click();
    render();
    expectMatrix().flush(matrix());
    await settle(fixture);
    expect(page.textContent).toContain('下位の所属（2）');
  });

  it('filters by status and pages with 前へ/次へ', async () => {
    const status = getByLabel<HTMLSelectElement>(page, '状態');
    status.value = 'overdue';
    status.dispatchEvent(new Event('change'));
    render();
    expectMatrix({ status: 'overdue' }).flush(matrix({ total: 120 }));
    await settle(fixture);
    expect(statusText(page)).toContain('120人中 1–3人');

    getButton(page, '次へ').click();
    render();
    http
      .expectOne(
        (r) =>
          r.url === '/api/v1/team/matrix' &&
          r.params.get('page') === '2' &&
          r.params.get('status') === 'overdue',
      )
      .flush(matrix({ total: 120, page: 2 }));
    await settle(fixture);
    expect(statusText(page)).toContain('120人中 51–53人');
  });
});
