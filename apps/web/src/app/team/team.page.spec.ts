import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { MatrixPerson, ReminderPreview, ReminderResult, TeamMatrix } from '@dx/contract';
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
    unitPath: '総務課',
    lastRemindedOn: null,
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
        unitName: '企画班',
        unitPath: '人事課 / 企画班',
        lastRemindedOn: `${YEAR}-05-01`,
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

  /** Lets a change of the URL (the view's state) reach the page, then renders. */
  async function navigated(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }

  const emptyPreview = (overrides: Partial<ReminderPreview> = {}): ReminderPreview => ({
    recipients: 1,
    messages: [
      {
        employeeNo: '0000009',
        name: '𠮷田 髙子',
        to: 'takako@example.lg.jp',
        subject: '【職員DX研修】受講期限のお知らせ',
        text: '𠮷田 髙子 様\n\n次の研修が未修了です。',
        courses: ['新規採用職員研修（デジタル基礎）'],
      },
    ],
    skippedPeople: [],
    ...overrides,
  });

  it('shows each cell as status text, 「―」 where not assigned, overdue person first, with row and column totals', () => {
    const rows = tableRows(page, '職員ごとの研修の受講状況');
    expect(rows).toEqual([
      ['𠮷田 髙子', '総務課', '主任', '期限超過', '受講中', '修了 0 / 割当 2', '1', '―督促なし'],
      ['三重 太郎', '総務課', '主事', '―割当なし', '修了', '修了 1 / 割当 1', '0', '―督促なし'],
      ['伊勢 花子', '人事課 / 企画班', '主事', '未着手', '免除', '修了 1 / 割当 2', '0', `${YEAR}年5月1日`],
    ]);
    // The status is written out and the colour only repeats it (data-status drives the colour).
    const firstRowBadges = Array.from(page.querySelectorAll('tbody tr:first-child .status-badge'));
    expect(firstRowBadges.map((b) => [b.textContent?.trim(), b.getAttribute('data-status')])).toEqual([
      ['期限超過', 'overdue'],
      ['受講中', 'in_progress'],
    ]);
    // Row headers and column headers carry scope; the full course title is the header's visible text.
    expect(page.querySelectorAll('tbody th[scope="row"]').length).toBe(3);
    const headers = Array.from(page.querySelectorAll('thead th[scope="col"]'));
    expect(headers.map((h) => h.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '氏名',
      expect.stringContaining('所属（課 / 班）'),
      '職位',
      '新規採用職員研修（デジタル基礎）',
      '職場内DX研修',
      '修了／割当',
      '期限超過',
      '最終督促日',
    ]);
    expect(headers[3].getAttribute('title')).toBe('新規採用職員研修（デジタル基礎）');
    // The table scrolls in its own labelled, focusable region.
    const region = page.querySelector('[role="region"]');
    expect(region?.getAttribute('tabindex')).toBe('0');
    expect(region?.getAttribute('aria-label')).toBe('職員ごとの受講状況の表');

    const footer = Array.from(page.querySelectorAll('tfoot tr > *')).map((c) =>
      c.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(footer).toEqual([
      '合計（3人）',
      '',
      '修了 0 / 割当 2期限超過 1',
      '修了 2 / 割当 3期限超過 0 免除 1',
      '修了 2 / 割当 5',
      '1',
      '',
    ]);
    expect(statusText(page)).toContain('3人中 1–3人');
  });

  it('previews the e-mail, sends to the selected people after confirmation and lists who was skipped and why', async () => {
    const send = getButton(page, '選択した人に督促メールを送る');
    expect(send.disabled).toBe(true);

    for (const no of ['0000009', '0000002']) {
      const box = page.querySelector<HTMLInputElement>('#team-select-' + no);
      box!.checked = true;
      box!.dispatchEvent(new Event('change'));
    }
    await settle(fixture);
    expect(page.textContent).toContain('2人を選択中');

    send.click();
    render();
    expect(page.querySelector('dialog')?.textContent).toContain('選択した2人に');
    http.expectNone('/api/v1/team/reminders');
    // The dialog shows the exact e-mail first; nothing is sent by looking.
    const previewRequest = http.expectOne('/api/v1/team/reminders/preview');
    expect(previewRequest.request.body).toEqual({ fiscalYear: YEAR, employeeNos: ['0000009', '0000002'] });
    previewRequest.flush(
      emptyPreview({
        skippedPeople: [{ employeeNo: '0000002', name: '伊勢 花子', reason: 'already_reminded' }],
      }),
    );
    await settle(fixture);
    const dialog = page.querySelector('dialog')!;
    expect(dialog.textContent).toContain('送信先：1人');
    expect(dialog.textContent).toContain('件名【職員DX研修】受講期限のお知らせ');
    expect(dialog.querySelector('pre')?.textContent).toBe('𠮷田 髙子 様\n\n次の研修が未修了です。');
    expect(dialog.textContent).toContain('伊勢 花子（0000002）：本日すでに督促メールを送っています');

    getButton(page, '送信する').click();
    await settle(fixture);
    const request = http.expectOne('/api/v1/team/reminders');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ fiscalYear: YEAR, employeeNos: ['0000009', '0000002'] });
    const result: ReminderResult = {
      sent: 1,
      skipped: 1,
      recipients: [
        { employeeNo: '0000009', name: '𠮷田 髙子', courses: ['新規採用職員研修（デジタル基礎）'] },
      ],
      withoutEmail: [],
      skippedPeople: [{ employeeNo: '0000002', name: null, reason: 'nothing_due' }],
    };
    request.flush(result);
    await new Promise((resolve) => setTimeout(resolve, 0));
    render();
    // The matrix is read again, for the 最終督促日 column.
    expectMatrix().flush(matrix());
    await settle(fixture);

    expect(statusText(page)).toContain('1人に送信しました。1人には送信していません（理由は下の一覧）。');
    // A name the server did not give comes from the selection.
    expect(statusText(page)).toContain('伊勢 花子（0000002）：期限超過・期限間近の未修了の研修がありません');
    expect(page.querySelector('dialog')).toBeNull();
    expect(page.textContent).toContain('0人を選択中');
  });

  it('reminds everyone overdue or due soon without a selection, and may be cancelled', async () => {
    getButton(page, '期限超過・期限間近の全員に督促メールを送る').click();
    render();
    http.expectOne('/api/v1/team/reminders/preview').flush(emptyPreview());
    await settle(fixture);
    getButton(page, 'やめる').click();
    await settle(fixture);
    expect(page.querySelector('dialog')).toBeNull();
    http.expectNone('/api/v1/team/reminders');

    getButton(page, '期限超過・期限間近の全員に督促メールを送る').click();
    render();
    const previewRequest = http.expectOne('/api/v1/team/reminders/preview');
    expect(previewRequest.request.body).toEqual({ fiscalYear: YEAR, dueWithinDays: 14 });
    previewRequest.flush(emptyPreview({ recipients: 5 }));
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
      skippedPeople: [{ employeeNo: '0000002', name: '伊勢 花子', reason: 'no_email' }],
    } satisfies ReminderResult);
    await new Promise((resolve) => setTimeout(resolve, 0));
    render();
    expectMatrix().flush(matrix());
    await settle(fixture);
    expect(statusText(page)).toContain('5人に送信しました。');
    expect(statusText(page)).toContain('伊勢 花子（0000002）：メールアドレスが登録されていません');
  });

  it('sends to Slack when the manager picks it in the confirmation (e-mail stays the default)', async () => {
    getButton(page, '期限超過・期限間近の全員に督促メールを送る').click();
    render();
    http.expectOne('/api/v1/team/reminders/preview').flush(emptyPreview({ recipients: 2 }));
    await settle(fixture);
    const dialog = page.querySelector('dialog')!;
    expect(dialog.querySelector('fieldset legend')?.textContent?.trim()).toBe('送信方法');
    expect(getByLabel(dialog, 'メール（本人あて）').checked).toBe(true);
    const slack = getByLabel(dialog, 'Slack（所属のチャンネル）');
    slack.checked = true;
    slack.dispatchEvent(new Event('change'));
    await settle(fixture);
    getButton(page, '送信する').click();
    await settle(fixture);
    const request = http.expectOne('/api/v1/team/reminders');
    expect(request.request.body).toEqual({ fiscalYear: YEAR, dueWithinDays: 14, channel: 'slack' });
    request.flush({
      sent: 2,
      skipped: 0,
      recipients: [],
      withoutEmail: [],
      skippedPeople: [],
      slackMessages: 1,
    } satisfies ReminderResult);
    await new Promise((resolve) => setTimeout(resolve, 0));
    render();
    expectMatrix().flush(matrix());
    await settle(fixture);
    expect(statusText(page)).toContain('2人に送信しました。Slack へ1件のメッセージを送信待ちにしました。');
  });

  it('cannot send when the preview finds nobody to mail', async () => {
    getButton(page, '期限超過・期限間近の全員に督促メールを送る').click();
    render();
    http.expectOne('/api/v1/team/reminders/preview').flush(
      emptyPreview({
        recipients: 0,
        messages: [],
        skippedPeople: [{ employeeNo: '0000009', name: '𠮷田 髙子', reason: 'already_reminded' }],
      }),
    );
    await settle(fixture);
    expect(page.querySelector('dialog')?.textContent).toContain('送信先：0人');
    expect(getButton(page, '送信する').disabled).toBe(true);
  });

  it('drills down into a sub-unit and back up through the breadcrumb, the unit in the URL', async () => {
    getButton(page, '総務課に絞り込む').click();
    await navigated();
    expect(TestBed.inject(Router).url).toBe('/?orgUnitCode=110');
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
    await navigated();
    expectMatrix().flush(matrix());
    await settle(fixture);
    expect(page.textContent).toContain('下位の所属（2）');
  });

  it('keeps filters, order and page in the URL: a filter adds a history entry, Back (the previous URL) restores it', async () => {
    const status = getByLabel<HTMLSelectElement>(page, '状態');
    status.value = 'overdue';
    status.dispatchEvent(new Event('change'));
    await navigated();
    expect(TestBed.inject(Router).url).toBe('/?status=overdue');
    expectMatrix({ status: 'overdue' }).flush(matrix({ total: 120 }));
    await settle(fixture);
    expect(statusText(page)).toContain('120人中 1–3人');

    getButton(page, '次へ').click();
    await navigated();
    expect(TestBed.inject(Router).url).toBe('/?status=overdue&page=2');
    expectMatrix({ status: 'overdue', page: '2' }).flush(matrix({ total: 120, page: 2 }));
    await settle(fixture);
    expect(statusText(page)).toContain('120人中 51–53人');

    // The 所属 header sorts by unit (and starts again on page 1).
    page.querySelector<HTMLButtonElement>('#team-sort-unit')!.click();
    await navigated();
    expect(TestBed.inject(Router).url).toBe('/?status=overdue&sort=unit');
    expectMatrix({ status: 'overdue', sort: 'unit' }).flush(matrix({ total: 120 }));
    await settle(fixture);
    expect(page.querySelector('th[aria-sort]')?.getAttribute('aria-sort')).toBe('ascending');

    // What Back does: the router goes to the earlier URL, and the page shows that view again.
    await TestBed.inject(Router).navigateByUrl('/?status=overdue&page=2');
    await navigated();
    expectMatrix({ status: 'overdue', page: '2' }).flush(matrix({ total: 120, page: 2 }));
    await settle(fixture);
    expect(getByLabel<HTMLSelectElement>(page, '状態').value).toBe('overdue');
    expect(page.querySelector('th[aria-sort]')?.getAttribute('aria-sort')).toBe('none');

    // A bookmark with a name search fills the box.
    await TestBed.inject(Router).navigateByUrl('/?q=%E4%BC%8A%E5%8B%A2&fiscalYear=' + (YEAR - 1));
    await navigated();
    expectMatrix({ q: '伊勢', fiscalYear: String(YEAR - 1) }).flush(matrix({ fiscalYear: YEAR - 1 }));
    await settle(fixture);
    expect(getByLabel<HTMLInputElement>(page, '氏名で検索').value).toBe('伊勢');
    expect(getByLabel<HTMLSelectElement>(page, '年度').value).toBe(String(YEAR - 1));
  });
});
