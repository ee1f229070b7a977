import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CourseEditorView, ModuleAdminView, TrackView } from '@dx/contract';
import { getButton, queryButton, settle, statusText } from '../../testing/dom';
import { CourseEditorPage } from './course-editor.page';

const BASE = '/api/v1/catalogue';
const TRACKS: TrackView[] = [
  { code: 'KAISO', name: '階層別研修', description: '', sortOrder: 1, courseCount: 5 },
];

function lesson(id: number, position: number, title: string): ModuleAdminView {
  return { id, position, kind: 'lesson', title, required: true, content: { markdown: `# ${title}` } };
}

function course(overrides: Partial<CourseEditorView> = {}): CourseEditorView {
  return {
    code: 'KAISO-LEADER',
    title: '新任所属長研修',
    description: '',
    estimatedMinutes: 60,
    dssCodes: [],
    trackCode: 'KAISO',
    trackName: '階層別研修',
    publishedVersion: 1,
    enrollmentCount: 4,
    recurrence: { kind: 'none' },
    published: { version: 1, modules: [lesson(1, 1, '公開中の教材')] },
    draft: { version: 2, modules: [lesson(11, 1, '教材A'), lesson(12, 2, '教材B')] },
    ...overrides,
  };
}

describe('CourseEditorPage (研修の編集)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CourseEditorPage>;
  let root: HTMLElement;

  async function render(view: CourseEditorView): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CourseEditorPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CourseEditorPage);
    fixture.componentRef.setInput('code', view.code);
    root = fixture.nativeElement as HTMLElement;
    document.body.appendChild(root);
    fixture.detectChanges();
    http.expectOne(`${BASE}/courses/${view.code}`).flush(view);
    http.expectOne(`${BASE}/tracks`).flush(TRACKS);
    // The rules editor appears with the course and asks for its rules (a pending request keeps whenStable waiting).
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    http.expectOne(`${BASE}/courses/${view.code}/rules`).flush([]);
    await settle(fixture);
  }

  afterEach(() => {
    http.verify();
    root.remove();
  });

  it('shows the published version read-only and the draft with move buttons; moving keeps the focus on the module', async () => {
    await render(course());
    expect(root.textContent).toContain('公開中の版（第1版）');
    expect(root.textContent).toContain('公開中の教材');
    expect(queryButton(root, '編集（公開中の教材）')).toBeUndefined();
    expect(getButton(root, '上へ（教材A）').disabled).toBe(true);

    getButton(root, '下へ（教材A）').click();
    await settle(fixture);
    const request = http.expectOne(`${BASE}/courses/KAISO-LEADER/draft/order`);
    expect(request.request.body).toEqual({ moduleIds: [12, 11] });
    request.flush({ version: 2, modules: [lesson(12, 1, '教材B'), lesson(11, 2, '教材A')] });
    await settle(fixture);

    const titles = Array.from(root.querySelectorAll('.draft-list .module-title')).map((e) =>
      e.textContent?.trim(),
    );
    expect(titles).toEqual(['1. 教材B', '2. 教材A']);
    expect(statusText(root)).toContain('「教材A」を2番目に移動しました。');
    // At the bottom the 「下へ」 button is disabled, so the focus goes to 「上へ」 of the same module.
    expect(document.activeElement?.id).toBe('move-up-11');
  });

  it('publishes the draft only after a confirmation', async () => {
    await render(course());
    getButton(root, 'この下書きを公開').click();
    await settle(fixture);
    expect(root.textContent).toContain('この下書きを第2版として公開しますか？');
    http.expectNone(`${BASE}/courses/KAISO-LEADER/publish`);

    getButton(root, '公開する').click();
    await settle(fixture);
    http.expectOne(`${BASE}/courses/KAISO-LEADER/publish`).flush(
      course({
        publishedVersion: 2,
        published: { version: 2, modules: [lesson(12, 1, '教材B')] },
        draft: null,
      }),
    );
    await settle(fixture);
    expect(statusText(root)).toContain('第2版を公開しました。');
    expect(root.textContent).toContain('公開中の版（第2版）');
    expect(getButton(root, '下書きを作成して編集')).toBeTruthy();
  });

  it('opens a new course on its empty first draft, ready to add modules, and keeps publishing closed until it has one', async () => {
    await render(
      course({
        publishedVersion: 0,
        enrollmentCount: 0,
        published: null,
        draft: { version: 1, modules: [] },
      }),
    );
    expect(root.textContent).toContain('第1版の下書きです。');
    expect(root.querySelector('#draft-empty')?.textContent).toContain('まだモジュールがありません。');
    expect(getButton(root, 'モジュールを追加')).toBeTruthy();
    expect(queryButton(root, '下書きを作成して編集')).toBeUndefined();
    getButton(root, 'この下書きを公開').click();
    await settle(fixture);
    expect(root.textContent).toContain('下書きにモジュールがありません。');
    expect(getButton(root, '公開する').disabled).toBe(true);
  });

  it('does not offer to publish a draft whose quiz has no question', async () => {
    await render(
      course({
        draft: {
          version: 2,
          modules: [
            {
              id: 13,
              position: 1,
              kind: 'quiz',
              title: '確認テスト',
              required: true,
              content: {},
              questions: [],
            },
          ],
        },
      }),
    );
    getButton(root, 'この下書きを公開').click();
    await settle(fixture);
    expect(root.textContent).toContain('確認テスト「確認テスト」に問題がありません。');
    expect(getButton(root, '公開する').disabled).toBe(true);
  });
});
