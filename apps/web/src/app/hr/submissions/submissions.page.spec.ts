import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { SubmissionListItem } from '@dx/contract';
import { getButton, getByLabel, settle, statusText, typeInto } from '../../../testing/dom';
import { SubmissionsPage } from './submissions.page';

function submission(overrides: Partial<SubmissionListItem> = {}): SubmissionListItem {
  return {
    id: 7,
    employeeNo: '0012345',
    name: '三重 花子',
    courseCode: 'SPECIALIST-BASIC',
    courseTitle: 'DX推進スペシャリスト養成（基礎）',
    moduleTitle: '業務改善の提案',
    fiscalYear: 2026,
    submittedAt: '2026-06-01T01:00:00.000Z',
    status: 'submitted',
    text: '申請書の電子化を提案します。',
    fileName: '提案書.pdf',
    comment: null,
    ...overrides,
  };
}

describe('SubmissionsPage (課題の評価)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SubmissionsPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SubmissionsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SubmissionsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/submissions?status=submitted').flush([submission()]);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('shows who handed in what and when (Asia/Tokyo), with the text behind a toggle and the file as a link', () => {
    expect(page.querySelector('h1')?.textContent).toBe('課題の評価');
    expect(page.querySelector('h3')?.textContent).toContain('三重 花子さん（職員番号 0012345）');
    expect(page.textContent).toContain('業務改善の提案');
    expect(page.textContent).toContain('2026年6月1日（月）10:00');
    const details = page.querySelector('details');
    expect(details?.querySelector('summary')?.textContent?.trim()).toBe('提出内容を表示');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain('申請書の電子化を提案します。');
    const link = Array.from(page.querySelectorAll('a')).find((a) => a.textContent?.includes('提案書.pdf'));
    expect(link?.getAttribute('href')).toBe('/api/v1/submissions/7/file');
  });

  it('refuses to return a submission without a comment, then sends {result: returned, comment} and announces it', async () => {
    getButton(page, '差し戻す').click();
    await settle(fixture);

    http.expectNone((r) => r.url.endsWith('/evaluation'));
    expect(page.textContent).toContain('差し戻すときは、コメントを入力してください。');
    const comment = getByLabel<HTMLInputElement>(page, 'コメント');
    expect(comment.getAttribute('aria-invalid')).toBe('true');

    typeInto(comment, '効果の見込みを数字で示してください。');
    getButton(page, '差し戻す').click();
    await settle(fixture);

    const request = http.expectOne('/api/v1/submissions/7/evaluation');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      result: 'returned',
      comment: '効果の見込みを数字で示してください。',
    });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);

    expect(statusText(page)).toContain('三重 花子さんの「業務改善の提案」を差し戻しました。');
    expect(statusText(page)).toContain('評価待ちの提出物はありません。');
    expect(page.querySelector('textarea')).toBeNull();
  });

  it('shows the server’s reason when the evaluation is refused', async () => {
    getButton(page, '合格').click();
    await settle(fixture);

    const request = http.expectOne('/api/v1/submissions/7/evaluation');
    expect(request.request.body).toEqual({ result: 'passed', comment: '' });
    request.flush(
      {
        type: 'https://dx-learning.example/problems/already-evaluated',
        title: '評価済みです',
        status: 409,
        detail: 'この提出物は既に評価されています。',
      },
      { status: 409, statusText: 'Conflict', headers: { 'Content-Type': 'application/problem+json' } },
    );
    await settle(fixture);

    expect(page.querySelector('[role="alert"] .alert-error')?.textContent).toContain(
      'この提出物は既に評価されています。',
    );
    expect(page.querySelector('h3')?.textContent).toContain('三重 花子さん');
  });
});
