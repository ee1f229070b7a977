import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { EnrollmentSummary } from '@dx/contract';
import { currentFiscalYear, formatFiscalYear } from '../shared/dates';
import { getByLabel, settle, statusText } from '../../testing/dom';
import { MyLearningPage } from './my-learning.page';

function enrollment(overrides: Partial<EnrollmentSummary>): EnrollmentSummary {
  return {
    courseCode: 'WORKPLACE-DX-2026',
    courseTitle: '職場内DX研修',
    trackCode: 'WORKPLACE-DX',
    fiscalYear: currentFiscalYear(),
    status: 'not_started',
    dueDate: '2027-03-31',
    completedAt: null,
    progress: 0,
    trackName: '職場内DX研修',
    estimatedMinutes: 60,
    exemptReason: null,
    recertification: null,
    ...overrides,
  };
}

describe('MyLearningPage (マイ研修)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<MyLearningPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [MyLearningPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MyLearningPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  async function answer(items: EnrollmentSummary[]): Promise<void> {
    // The 認定 section asks for the person's credentials: none here (it then shows nothing).
    http.match('/api/v1/me/specialist-credentials').forEach((r) => r.flush([]));
    const request = http.expectOne(
      (r) => r.url === '/api/v1/me/enrollments' && r.params.get('fiscalYear') === String(currentFiscalYear()),
    );
    expect(request.request.method).toBe('GET');
    request.flush(items);
    await settle(fixture);
  }

  /** Each card as the person reads it: title, then the status written on its badge. */
  function cards(): { title: string; status: string }[] {
    return Array.from(page.querySelectorAll('.enrollment-card')).map((card) => ({
      title: card.querySelector('h2')?.textContent?.trim() ?? '',
      status: card.querySelector('.status-badge')?.textContent?.trim() ?? '',
    }));
  }

  it('puts overdue courses first, then in progress, not started, completed and exempt, each with its status written out', async () => {
    await answer([
      enrollment({
        courseCode: 'C1',
        courseTitle: '情報セキュリティ基礎',
        status: 'completed',
        completedAt: '2026-06-10',
        progress: 1,
      }),
      enrollment({
        courseCode: 'C2',
        courseTitle: '生成AIの使い方',
        status: 'not_started',
        dueDate: '2026-12-20',
      }),
      enrollment({
        courseCode: 'C3',
        courseTitle: '新規採用職員研修',
        status: 'overdue',
        dueDate: '2026-07-01',
        progress: 0.4,
      }),
      enrollment({ courseCode: 'C4', courseTitle: 'データ活用入門', status: 'in_progress', progress: 0.5 }),
      enrollment({ courseCode: 'C5', courseTitle: 'RPA実践', status: 'exempt', exemptReason: '育児休業' }),
      enrollment({ courseCode: 'C6', courseTitle: '文書管理', status: 'not_started', dueDate: '2026-11-30' }),
    ]);

    expect(cards()).toEqual([
      { title: '新規採用職員研修', status: '期限超過' },
      { title: 'データ活用入門', status: '受講中' },
      { title: '文書管理', status: '未着手' },
      { title: '生成AIの使い方', status: '未着手' },
      { title: '情報セキュリティ基礎', status: '修了' },
      { title: 'RPA実践', status: '免除' },
    ]);
    expect(statusText(page)).toContain('6件中 1件修了');
    expect(statusText(page)).toContain('期限超過 1件');

    const overdue = page.querySelector<HTMLElement>('.enrollment-card')!;
    expect(overdue.textContent).toContain('2026年7月1日');
    const bar = overdue.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(overdue.textContent).toContain('40%');
    const link = overdue.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(`/my/courses/C3?fiscalYear=${currentFiscalYear()}`);

    const completed = Array.from(page.querySelectorAll<HTMLElement>('.enrollment-card'))[4];
    expect(completed.textContent).toContain('修了日');
    expect(completed.textContent).toContain('2026年6月10日');
  });

  it('shows 有効期限 of a recurring course, the 更新期間中 badge of an open renewal and 更新期限切れ apart from 期限超過', async () => {
    await answer([
      enrollment({
        courseCode: 'INFOSEC',
        courseTitle: '情報セキュリティ研修',
        status: 'not_started',
        recertification: { validUntil: '2027-06-30', renewal: true, renewalOpen: true },
      }),
      enrollment({
        courseCode: 'LICENSE',
        courseTitle: 'DX推進資格研修',
        status: 'renewal_overdue',
        dueDate: '2026-09-30',
        recertification: { validUntil: '2026-09-30', renewal: true, renewalOpen: false },
      }),
      enrollment({
        courseCode: 'PRIVACY',
        courseTitle: '個人情報保護研修',
        status: 'completed',
        completedAt: '2026-05-01',
        progress: 1,
        recertification: { validUntil: '2029-04-30', renewal: false, renewalOpen: false },
      }),
      enrollment({
        courseCode: 'KAISO',
        courseTitle: '新規採用職員研修',
        status: 'overdue',
        dueDate: '2026-07-01',
      }),
    ]);

    expect(cards()).toEqual([
      { title: '新規採用職員研修', status: '期限超過' },
      { title: 'DX推進資格研修', status: '更新期限切れ' },
      { title: '情報セキュリティ研修', status: '未着手' },
      { title: '個人情報保護研修', status: '修了' },
    ]);
    expect(statusText(page)).toContain('期限超過 1件');
    expect(statusText(page)).toContain('更新期限切れ 1件');
    expect(statusText(page)).toContain('更新期間中 1件');
    const byTitle = (title: string) =>
      Array.from(page.querySelectorAll<HTMLElement>('.enrollment-card')).find((c) =>
        c.querySelector('h2')?.textContent?.includes(title),
      )!;
    expect(byTitle('情報セキュリティ研修').querySelector('.renewal-badge')?.textContent?.trim()).toBe(
      '更新期間中',
    );
    expect(byTitle('情報セキュリティ研修').textContent).toContain('有効期限2027年6月30日');
    expect(byTitle('DX推進資格研修').querySelector('.renewal-badge')).toBeNull();
    expect(
      byTitle('個人情報保護研修').querySelector('.enrollment-validity')?.textContent?.replace(/\s+/g, ''),
    ).toBe('有効期限2029年4月30日');
    expect(byTitle('新規採用職員研修').querySelector('.enrollment-validity')).toBeNull();
  });

  it('lists courses of the same status and due date by course code, as the API sends them', async () => {
    await answer([
      enrollment({ courseCode: 'DX-102', courseTitle: 'あいさつから始めるDX' }),
      enrollment({ courseCode: 'DX-101', courseTitle: 'わかりやすい文書作成' }),
    ]);

    expect(cards().map((card) => card.title)).toEqual(['わかりやすい文書作成', 'あいさつから始めるDX']);
  });

  it('offers the current fiscal year and the four before it, and says so when nothing is assigned', async () => {
    const select = getByLabel<HTMLSelectElement>(page, '年度');
    const year = currentFiscalYear();
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual(
      [year, year - 1, year - 2, year - 3, year - 4].map(formatFiscalYear),
    );
    await answer([]);

    expect(page.textContent).toContain('この年度に割り当てられた研修はありません。');
    expect(statusText(page)).not.toContain('期限超過');
  });
});
