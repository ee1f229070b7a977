import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ModuleAdminView, ModuleKindName } from '@dx/contract';
import { getButton, getByLabel, settle, typeInto } from '../../testing/dom';
import { ModuleFormComponent } from './module-form.component';

const URL = '/api/v1/catalogue/courses/DX-BASIC/draft/modules';

describe('ModuleFormComponent (モジュールの追加・編集)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ModuleFormComponent>;
  let root: HTMLElement;
  let saved: ModuleAdminView[];

  async function render(kind: ModuleKindName, module: ModuleAdminView | null = null): Promise<void> {
    TestBed.configureTestingModule({
      imports: [ModuleFormComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ModuleFormComponent);
    fixture.componentRef.setInput('courseCode', 'DX-BASIC');
    fixture.componentRef.setInput('kind', kind);
    fixture.componentRef.setInput('module', module);
    saved = [];
    fixture.componentInstance.saved.subscribe((m) => saved.push(m));
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('adds a quiz with numbers, an empty draw count meaning every question, and shows a refused field beside it', async () => {
    await render('quiz');
    typeInto(getByLabel(root, 'モジュール名'), '確認テスト');
    typeInto(getByLabel(root, '合格点（0〜100点）'), '120');
    // 正答の表示: the safe choice first and chosen, both in Japanese (no raw code on screen).
    const reveal = getByLabel<HTMLSelectElement>(root, '正答の表示');
    expect(Array.from(reveal.options).map((o) => o.textContent?.trim())).toEqual([
      '合格した後、または最後の受験の後に表示する（推奨）',
      '毎回の受験の後に表示する',
    ]);
    expect(reveal.value).toBe('after_pass_or_last_attempt');
    getButton(root, 'モジュールを追加する').click();
    await settle(fixture);
    const request = http.expectOne(URL);
    expect(request.request.body).toEqual({
      kind: 'quiz',
      title: '確認テスト',
      required: true,
      content: {
        passMark: 120,
        attemptLimit: 3,
        drawCount: null,
        revealCorrectAnswers: 'after_pass_or_last_attempt',
      },
    });
    request.flush(
      {
        type: 'https://dx-learning.example/problems/validation',
        title: '入力エラー',
        status: 422,
        detail: '入力内容に誤りがあります。',
        errors: [{ field: 'content.passMark', message: '合格点は0〜100の整数で入力してください。' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle(fixture);
    const passMark = getByLabel(root, '合格点（0〜100点）');
    expect(passMark.getAttribute('aria-invalid')).toBe('true');
    expect(passMark.getAttribute('aria-describedby')).toBe('module-passMark-error');
    expect(root.querySelector('#module-passMark-error')?.textContent).toContain(
      '合格点は0〜100の整数で入力してください。',
    );
    expect(saved).toEqual([]);
  });

  it('edits an assignment: the size is typed in MB and stored in bytes, extensions from a comma list', async () => {
    const module: ModuleAdminView = {
      id: 33,
      position: 3,
      kind: 'assignment',
      title: '業務改善の提案',
      required: true,
      content: {
        instructions: '提案してください。',
        allowFile: true,
        allowedExtensions: ['pdf'],
        maxFileBytes: 5 * 1024 * 1024,
      },
    };
    await render('assignment', module);
    expect(getByLabel(root, 'ファイルの上限サイズ（MB、20MBまで）').value).toBe('5');
    typeInto(getByLabel(root, '添付できるファイルの種類'), 'pdf、docx, .xlsx');
    typeInto(getByLabel(root, 'ファイルの上限サイズ（MB、20MBまで）'), '20');
    getButton(root, 'モジュールを保存する').click();
    await settle(fixture);
    const request = http.expectOne(`${URL}/33`);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body.content).toEqual({
      instructions: '提案してください。',
      allowFile: true,
      allowedExtensions: ['pdf', 'docx', '.xlsx'],
      maxFileBytes: 20 * 1024 * 1024,
    });
    request.flush({ ...module, content: request.request.body.content });
    await settle(fixture);
    expect(saved.map((m) => m.id)).toEqual([33]);
  });
});
