import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { UdemyCourseLink, UnmatchedRow } from '@dx/contract';
import { getButton, getByLabel, settle, statusText, typeInto } from '../../../testing/dom';
import { UnmatchedPage } from './unmatched.page';

function row(overrides: Partial<UnmatchedRow> = {}): UnmatchedRow {
  return {
    id: 3,
    source: 'csv',
    email: 'SATO.HINATA@EXAMPLE.LG.JP',
    externalId: null,
    udemyCourseId: '5123401',
    courseTitle: 'はじめてのDX',
    reason: 'unknown_person',
    receivedAt: '2026-06-16T01:00:00.000Z',
    completedOn: '2026-06-15',
    laterCompletedOn: null,
    status: 'pending',
    resolvedStaff: null,
    resolvedModule: null,
    dismissReason: null,
    handledBy: null,
    handledAt: null,
    ...overrides,
  };
}

const COURSES: UdemyCourseLink[] = [
  {
    courseCode: 'UDEMY-DX',
    moduleId: 41,
    udemyCourseId: '5123401',
    url: 'https://pref-example.udemy.com/course/dx-hajimete/',
    courseTitle: 'Udemy研修',
    moduleTitle: 'はじめてのDX',
  },
];

describe('UnmatchedPage (連携の未照合)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<UnmatchedPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [UnmatchedPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UnmatchedPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/integrations/unmatched?status=pending').flush([row()]);
    http.expectOne('/api/v1/integrations/udemy-business/courses').flush(COURSES);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('lists who, which course, when and why, in Japanese', () => {
    expect(page.querySelector('h1')?.textContent).toBe('連携の未照合');
    const cells = Array.from(page.querySelectorAll('tbody td')).map((td) => td.textContent?.trim());
    expect(cells).toContain('2026-06-15');
    expect(page.textContent).toContain('SATO.HINATA@EXAMPLE.LG.JP');
    expect(page.textContent).toContain('職員が見つからない');
    expect(page.textContent).toContain('Udemy CSV取込');
  });

  it('dismisses only with a reason, then sends it and announces the result', async () => {
    getButton(page, '処理する').click();
    await settle(fixture);
    getButton(page, '対象外にする').click();
    await settle(fixture);
    http.expectNone((r) => r.url.endsWith('/dismiss'));
    expect(page.textContent).toContain('理由を入力してください');

    typeInto(getByLabel<HTMLInputElement>(page, '対象外とする理由'), '県外の受講者');
    getButton(page, '対象外にする').click();
    const request = http.expectOne('/api/v1/integrations/unmatched/3/dismiss');
    expect(request.request.body).toEqual({ reason: '県外の受講者' });
    request.flush(row({ status: 'dismissed', dismissReason: '県外の受講者' }));
    // The list reloads (an open request keeps the fixture from being stable).
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/api/v1/integrations/unmatched?status=pending').flush([]);
    await settle(fixture);
    expect(statusText(page)).toContain('対象外にしました');
  });

  it('resolves to a module chosen from the Udemy courses', async () => {
    getButton(page, '処理する').click();
    await settle(fixture);
    const select = getByLabel<HTMLSelectElement>(page, 'この記録の教材（Udemy講座）');
    select.value = '41';
    select.dispatchEvent(new Event('change'));
    getButton(page, '照合して反映する').click();
    const request = http.expectOne('/api/v1/integrations/unmatched/3/resolve');
    expect(request.request.body).toEqual({ moduleId: 41 });
    request.flush(row({ status: 'applied' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/api/v1/integrations/unmatched?status=pending').flush([]);
    await settle(fixture);
    expect(statusText(page)).toContain('修了として反映しました');
  });
});
