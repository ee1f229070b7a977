import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ModuleView, QuizAttemptView, QuizResult } from '@dx/contract';
import { getButton, settle } from '../../testing/dom';
import { QuizModuleComponent } from './quiz-module.component';

const QUIZ: ModuleView = {
  id: 21,
  position: 2,
  kind: 'quiz',
  title: '理解度の確認',
  required: true,
  completed: false,
  completedAt: null,
  quiz: {
    questionCount: 2,
    passMark: 80,
    attemptLimit: 3,
    attemptsUsed: 0,
    bestScore: null,
    passed: false,
    openAttemptId: null,
  },
};

const ATTEMPT: QuizAttemptView = {
  attemptId: 501,
  attemptNo: 1,
  attemptLimit: 3,
  passMark: 80,
  questions: [
    {
      id: 1,
      kind: 'single',
      text: 'DXの目的は？',
      choices: [
        { id: 11, text: '紙を増やす' },
        { id: 12, text: '県民サービスの向上' },
      ],
    },
    {
      id: 2,
      kind: 'single',
      text: 'パスワードは？',
      choices: [
        { id: 21, text: '使い回す' },
        { id: 22, text: '長く固有にする' },
      ],
    },
  ],
};

function result(overrides: Partial<QuizResult>): QuizResult {
  return {
    attemptId: 501,
    score: 50,
    passed: false,
    passMark: 80,
    attemptsLeft: 2,
    courseCompleted: false,
    correctChoicesShown: false,
    questions: [
      {
        id: 1,
        text: 'DXの目的は？',
        correct: false,
        explanation: '目的はサービスの向上です。',
        choices: [
          { id: 11, text: '紙を増やす', chosen: true },
          { id: 12, text: '県民サービスの向上', chosen: false },
        ],
      },
      {
        id: 2,
        text: 'パスワードは？',
        correct: true,
        explanation: '使い回しは危険です。',
        choices: [
          { id: 21, text: '使い回す', chosen: false },
          { id: 22, text: '長く固有にする', chosen: true },
        ],
      },
    ],
    ...overrides,
  };
}

describe('QuizModuleComponent (確認テスト)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<QuizModuleComponent>;
  let panel: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [QuizModuleComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(QuizModuleComponent);
    fixture.componentRef.setInput('module', QUIZ);
    fixture.componentRef.setInput('courseCode', 'KAISO-NEWHIRE');
    fixture.componentRef.setInput('fiscalYear', 2026);
    panel = fixture.nativeElement as HTMLElement;
    document.body.appendChild(panel);
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    panel.remove();
  });

  async function answerAndSubmit(answer: QuizResult): Promise<void> {
    getButton(panel, 'テストを開始する').click();
    await settle(fixture);
    http
      .expectOne('/api/v1/me/courses/KAISO-NEWHIRE/modules/21/quiz-attempts?fiscalYear=2026')
      .flush(ATTEMPT);
    await settle(fixture);
    for (const id of [11, 22]) {
      const input = panel.querySelector<HTMLInputElement>(`input[value="${id}"]`)!;
      input.checked = true;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    await settle(fixture);
    getButton(panel, '回答を送信する').click();
    await settle(fixture);
    const request = http.expectOne('/api/v1/me/quiz-attempts/501/submit');
    expect(request.request.body).toEqual({
      answers: [
        { questionId: 1, choiceIds: [11] },
        { questionId: 2, choiceIds: [22] },
      ],
    });
    request.flush(answer);
    await settle(fixture);
  }

  it('after a failed attempt with attempts left: which question was wrong and the explanations, no correct choice marked', async () => {
    await answerAndSubmit(result({}));

    const items = Array.from(panel.querySelectorAll('.result-question'));
    expect(items.map((li) => li.querySelector('.result-mark')?.textContent?.trim())).toEqual([
      '不正解',
      '正解',
    ]);
    expect(panel.textContent).toContain('目的はサービスの向上です。');
    expect(panel.textContent).toContain('使い回しは危険です。');
    expect(panel.querySelectorAll('.tag-correct')).toHaveLength(0);
    expect(panel.querySelectorAll('.choice-correct')).toHaveLength(0);
    expect(panel.textContent).toContain('正答は、合格した後か最後の受験の後に表示します。');
    expect(panel.querySelectorAll('.tag-chosen')).toHaveLength(2);
    expect(getButton(panel, 'もう一度受ける')).toBeTruthy();
    expect(document.activeElement?.textContent?.trim()).toBe('テストの結果');
    expect(panel.querySelector('a[download]')).toBeNull();
  });

  it('after passing: focus on the result, the correct choices shown and the 修了証 download right below', async () => {
    const passed = result({
      score: 100,
      passed: true,
      attemptsLeft: 0,
      courseCompleted: true,
      correctChoicesShown: true,
    });
    passed.questions = passed.questions.map((q) => ({
      ...q,
      correct: true,
      choices: q.choices.map((c) => ({ ...c, correct: c.id === 12 || c.id === 22 })),
    }));
    await answerAndSubmit(passed);

    const heading = panel.querySelector<HTMLElement>('.quiz-result-heading')!;
    expect(document.activeElement).toBe(heading);
    expect(panel.textContent).toContain('合格');
    const link = panel.querySelector<HTMLAnchorElement>('a[download]')!;
    expect(link.textContent?.trim()).toBe('修了証をダウンロード（PDF）');
    expect(link.getAttribute('href')).toBe(
      '/api/v1/me/courses/KAISO-NEWHIRE/certificate.pdf?fiscalYear=2026',
    );
    // The link is the first control after the heading: one Tab away.
    const focusables = Array.from(panel.querySelectorAll<HTMLElement>('a[href], button, [tabindex]'));
    expect(focusables[focusables.indexOf(heading) + 1]).toBe(link);
    expect(
      Array.from(panel.querySelectorAll('.tag-correct')).map((t) => t.closest('li')?.textContent),
    ).toEqual([expect.stringContaining('県民サービスの向上'), expect.stringContaining('長く固有にする')]);
    expect(panel.textContent).not.toContain('正答は、合格した後か最後の受験の後に表示します。');
  });
});
