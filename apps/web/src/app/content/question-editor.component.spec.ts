import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ModuleAdminView, QuestionView } from '@dx/contract';
import { alertText, getButton, getByLabel, settle, statusText, typeInto } from '../../testing/dom';
import { QuestionEditorComponent } from './question-editor.component';

const URL = '/api/v1/catalogue/courses/DX-BASIC/draft/modules/21/questions';

function quizModule(questions: QuestionView[] = []): ModuleAdminView {
  return {
    id: 21,
    position: 2,
    kind: 'quiz',
    title: '確認テスト',
    required: true,
    content: { passMark: 80, attemptLimit: 3, drawCount: null },
    questions,
  };
}

const EXISTING: QuestionView = {
  id: 301,
  position: 1,
  kind: 'single',
  text: 'DXの目的は？',
  choices: [
    { id: 1, text: '住民サービスの向上', correct: true },
    { id: 2, text: '紙の書類を増やす', correct: false },
  ],
  explanation: 'デジタルで業務とサービスを変えることです。',
};

describe('QuestionEditorComponent (確認テストの問題)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<QuestionEditorComponent>;
  let root: HTMLElement;
  let changes: number;

  async function render(module: ModuleAdminView): Promise<void> {
    TestBed.configureTestingModule({
      imports: [QuestionEditorComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(QuestionEditorComponent);
    fixture.componentRef.setInput('courseCode', 'DX-BASIC');
    fixture.componentRef.setInput('module', module);
    changes = 0;
    fixture.componentInstance.changed.subscribe(() => changes++);
    root = fixture.nativeElement as HTMLElement;
    document.body.appendChild(root);
    await fixture.whenStable();
  }

  const check = (input: HTMLInputElement, on = true) => {
    input.checked = on;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };

  afterEach(() => {
    http.verify();
    root.remove();
  });

  it('lists the questions with their correct answers and says a quiz without questions cannot be published', async () => {
    await render(quizModule());
    expect(root.textContent).toContain('問題（0問）');
    expect(root.textContent).toContain('公開するには1問以上必要です');

    fixture.componentRef.setInput('module', quizModule([EXISTING]));
    await settle(fixture);
    expect(root.textContent).toContain('問題（1問）');
    const items = Array.from(root.querySelectorAll('.question-list > li'));
    expect(items[0].textContent).toContain('DXの目的は？');
    expect(items[0].querySelector('.tag-correct')?.parentElement?.textContent).toContain(
      '住民サービスの向上',
    );
  });

  it('adds a single-choice question: one 「正解」 radio at a time, sent with the choices in order', async () => {
    await render(quizModule());
    getButton(root, '問題を追加').click();
    await settle(fixture);

    typeInto(
      getByLabel<HTMLInputElement>(root, '問題文'),
      '  個人情報を含むファイルの扱いとして正しいものは？ ',
    );
    typeInto(getByLabel(root, '選択肢1'), '私用のメールに送る');
    typeInto(getByLabel(root, '選択肢2'), '決められた場所に保存する');
    getButton(root, '選択肢を追加').click();
    await settle(fixture);
    typeInto(getByLabel(root, '選択肢3'), 'USBメモリで持ち帰る');

    // The first choice starts as the correct one; choosing the second moves the mark (radio buttons).
    const correct2 = getByLabel(root, '正解（選択肢2）');
    expect(correct2.type).toBe('radio');
    check(correct2);
    await settle(fixture);
    expect(getByLabel(root, '正解（選択肢1）').checked).toBe(false);

    getButton(root, '問題を追加する').click();
    await settle(fixture);
    const request = http.expectOne(URL);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      kind: 'single',
      text: '個人情報を含むファイルの扱いとして正しいものは？',
      choices: [
        { text: '私用のメールに送る', correct: false },
        { text: '決められた場所に保存する', correct: true },
        { text: 'USBメモリで持ち帰る', correct: false },
      ],
      explanation: '',
    });
    request.flush({ ...EXISTING, id: 302, text: '個人情報を含むファイルの扱いとして正しいものは？' });
    await settle(fixture);

    expect(statusText(root)).toContain('問題を追加しました。');
    expect(root.textContent).toContain('問題（1問）');
    expect(changes).toBe(1);
    expect(root.querySelector('form')).toBeNull();
  });

  it('refuses, before sending, a question without a correct answer or with an empty choice', async () => {
    await render(quizModule());
    getButton(root, '問題を追加').click();
    await settle(fixture);
    const multiple = root.querySelector<HTMLInputElement>('input[type="radio"][value="multiple"]')!;
    check(multiple);
    await settle(fixture);
    expect(getByLabel(root, '正解（選択肢1）').type).toBe('checkbox');

    typeInto(getByLabel<HTMLInputElement>(root, '問題文'), 'クラウドの利点をすべて選んでください。');
    typeInto(getByLabel(root, '選択肢1'), '場所を選ばず使える');
    check(getByLabel(root, '正解（選択肢1）'), false);
    await settle(fixture);

    getButton(root, '問題を追加する').click();
    await settle(fixture);
    http.expectNone(URL);
    expect(root.textContent).toContain('選択肢2の文を入力してください。');
    expect(root.textContent).toContain('正解の選択肢を1つ以上選んでください。');
    expect(getByLabel(root, '選択肢2').getAttribute('aria-invalid')).toBe('true');
    expect(alertText(root)).toContain('入力内容を確認してください。');
  });

  it('keeps only the first correct answer when a multiple-choice question becomes single-choice', async () => {
    await render(quizModule());
    getButton(root, '問題を追加').click();
    await settle(fixture);
    check(root.querySelector<HTMLInputElement>('input[type="radio"][value="multiple"]')!);
    await settle(fixture);
    check(getByLabel(root, '正解（選択肢2）'));
    await settle(fixture);
    expect([
      getByLabel(root, '正解（選択肢1）').checked,
      getByLabel(root, '正解（選択肢2）').checked,
    ]).toEqual([true, true]);

    check(root.querySelector<HTMLInputElement>('input[type="radio"][value="single"]')!);
    await settle(fixture);
    expect([
      getByLabel(root, '正解（選択肢1）').checked,
      getByLabel(root, '正解（選択肢2）').checked,
    ]).toEqual([true, false]);
  });

  it('edits a question and shows the messages of a refusal from the API beside the field', async () => {
    await render(quizModule([EXISTING]));
    getButton(root, '編集（問1）').click();
    await settle(fixture);
    expect(getByLabel<HTMLTextAreaElement>(root, '問題文').value).toBe('DXの目的は？');
    expect(getByLabel(root, '選択肢2').value).toBe('紙の書類を増やす');

    typeInto(getByLabel<HTMLInputElement>(root, '解説（任意）'), '新しい解説');
    getButton(root, '問題を保存する').click();
    await settle(fixture);
    const request = http.expectOne(`${URL}/301`);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body.explanation).toBe('新しい解説');
    request.flush(
      {
        type: 'https://dx-learning.example/problems/validation',
        title: '入力エラー',
        status: 422,
        detail: '入力内容に誤りがあります。',
        errors: [{ field: 'text', message: '問題文は2,000文字以内で入力してください。' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle(fixture);
    expect(root.querySelector('.field-error')?.textContent).toContain(
      '問題文は2,000文字以内で入力してください。',
    );
    expect(getByLabel(root, '問題文').getAttribute('aria-invalid')).toBe('true');
    expect(changes).toBe(0);
  });

  it('deletes a question after a confirmation', async () => {
    await render(quizModule([EXISTING]));
    getButton(root, '削除（問1）').click();
    await settle(fixture);
    expect(root.textContent).toContain('問1を削除しますか？');
    getButton(root, '削除する').click();
    await settle(fixture);
    const request = http.expectOne(`${URL}/301`);
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    expect(root.textContent).toContain('問題（0問）');
    expect(statusText(root)).toContain('問題を削除しました。');
    expect(changes).toBe(1);
  });
});
