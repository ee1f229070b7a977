import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CourseDetail, ModuleView, QuizAttemptView, QuizResult } from '@dx/contract';
import { alertText, getButton, getByLabel, queryButton, settle, statusText } from '../../testing/dom';
import { CoursePage } from './course.page';

const COURSE = 'DX-BASIC';
const FY = 2026;

function lesson(overrides: Partial<ModuleView> = {}): ModuleView {
  return {
    id: 11,
    position: 1,
    kind: 'lesson',
    title: 'DXとは何か',
    required: true,
    completed: false,
    completedAt: null,
    lesson: {
      html: '<p>デジタル技術で<strong>業務を変える</strong>ことです。</p>',
      videoUrl: '/media/dx-intro.mp4',
    },
    ...overrides,
  };
}

function quiz(overrides: Partial<ModuleView> = {}): ModuleView {
  return {
    id: 12,
    position: 2,
    kind: 'quiz',
    title: '確認テスト',
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
    ...overrides,
  };
}

function course(modules: ModuleView[], overrides: Partial<CourseDetail> = {}): CourseDetail {
  const required = modules.filter((m) => m.required);
  return {
    enrollment: {
      courseCode: COURSE,
      courseTitle: 'DX基礎研修',
      trackCode: 'WORKPLACE-DX',
      fiscalYear: FY,
      status: required.some((m) => m.completed) ? 'in_progress' : 'not_started',
      dueDate: '2027-03-31',
      completedAt: null,
      progress: required.length ? required.filter((m) => m.completed).length / required.length : 0,
      trackName: '職場内DX研修',
      estimatedMinutes: 45,
      exemptReason: null,
      recertification: null,
    },
    description: '全職員が受講する、DXの基本を学ぶ研修です。',
    skillArea: null,
    modules,
    certificate: null,
    ...overrides,
  };
}

const ATTEMPT: QuizAttemptView = {
  attemptId: 501,
  attemptNo: 1,
  attemptLimit: 3,
  passMark: 80,
  questions: [
    {
      id: 1,
      kind: 'single',
      text: 'パスワードの扱いとして正しいものはどれですか。',
      choices: [
        { id: 101, text: '付箋に書いて画面に貼る' },
        { id: 102, text: '他人と共有しない' },
        { id: 103, text: '全システムで同じものを使う' },
      ],
    },
    {
      id: 2,
      kind: 'multiple',
      text: '個人情報に当たるものはどれですか。',
      choices: [
        { id: 201, text: '氏名と住所' },
        { id: 202, text: '県の人口' },
        { id: 203, text: 'マイナンバー' },
      ],
    },
  ],
};

describe('CoursePage (研修の受講)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CoursePage>;
  let page: HTMLElement;

  async function render(detail: CourseDetail): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CoursePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CoursePage);
    fixture.componentRef.setInput('code', COURSE);
    fixture.componentRef.setInput('fiscalYear', String(FY));
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await answerCourse(detail);
  }

  async function answerCourse(detail: CourseDetail): Promise<void> {
    const request = http.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === `/api/v1/me/courses/${COURSE}` &&
        r.params.get('fiscalYear') === String(FY),
    );
    request.flush(detail);
    await settle(fixture);
  }

  function moduleCard(title: string): HTMLElement {
    const card = Array.from(page.querySelectorAll<HTMLElement>('.module-card')).find((c) =>
      c.querySelector('.module-title')?.textContent?.includes(title),
    );
    if (!card) throw new Error(`No module 「${title}」`);
    return card;
  }

  /** Lets the page react to a response that makes it load the course again (stability waits for that request). */
  async function nextTask(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }

  afterEach(() => http.verify());

  it('shows the course with its modules, and 「読み終えた」 records the lesson as completed', async () => {
    await render(course([lesson(), quiz()]));

    expect(page.querySelector('h1')?.textContent?.trim()).toBe('DX基礎研修');
    expect(page.textContent).toContain('全職員が受講する、DXの基本を学ぶ研修です。');
    expect(page.textContent).toContain('2027年3月31日');
    const card = moduleCard('DXとは何か');
    expect(card.querySelector('.module-status')?.textContent?.trim()).toBe('未完了');
    expect(card.querySelector('.module-panel')?.hasAttribute('hidden')).toBe(false);
    expect(card.querySelector('.lesson-body strong')?.textContent).toBe('業務を変える');
    const video = Array.from(card.querySelectorAll('a')).find(
      (a) => a.textContent?.trim() === '動画を開く（新しいタブ）',
    );
    expect(video?.getAttribute('target')).toBe('_blank');

    getButton(card, '読み終えた').click();
    await settle(fixture);

    const request = http.expectOne(`/api/v1/me/courses/${COURSE}/modules/11/complete?fiscalYear=${FY}`);
    expect(request.request.method).toBe('POST');
    request.flush(course([lesson({ completed: true, completedAt: '2026-05-01' }), quiz()]));
    await settle(fixture);

    const done = getButton(card, '完了しました');
    expect(done.disabled).toBe(true);
    expect(queryButton(card, '読み終えた')).toBeUndefined();
    expect(card.querySelector('.module-status')?.textContent?.trim()).toBe('完了');
    expect(page.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('50');
    // The lesson stays open, and the next step (the quiz) opens too.
    const quizCard = moduleCard('確認テスト');
    expect(quizCard.querySelector('.module-panel')?.hasAttribute('hidden')).toBe(false);
    const toggle = quizCard.querySelector<HTMLButtonElement>('.module-toggle')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    toggle.click();
    await settle(fixture);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(quizCard.querySelector('.module-panel')?.hasAttribute('hidden')).toBe(true);
  });

  it('sends the chosen answers and shows which were right, the correct choices and the explanations', async () => {
    await render(course([lesson({ completed: true, completedAt: '2026-05-01' }), quiz()]));
    const card = moduleCard('確認テスト');
    expect(card.textContent).toContain('80点');

    getButton(card, 'テストを開始する').click();
    await settle(fixture);
    const start = http.expectOne(`/api/v1/me/courses/${COURSE}/modules/12/quiz-attempts?fiscalYear=${FY}`);
    expect(start.request.method).toBe('POST');
    start.flush(ATTEMPT);
    await settle(fixture);

    const legends = Array.from(card.querySelectorAll('fieldset legend')).map((l) =>
      l.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(legends).toEqual([
      '問1 パスワードの扱いとして正しいものはどれですか。',
      '問2 個人情報に当たるものはどれですか。 （すべて選んでください）',
    ]);
    expect(getByLabel(card, '他人と共有しない').type).toBe('radio');
    expect(getByLabel(card, 'マイナンバー').type).toBe('checkbox');

    getByLabel(card, '付箋に書いて画面に貼る').click();
    getByLabel(card, '他人と共有しない').click();
    getByLabel(card, '氏名と住所').click();
    getByLabel(card, 'マイナンバー').click();
    await settle(fixture);
    getButton(card, '回答を送信する').click();
    await settle(fixture);

    const submit = http.expectOne('/api/v1/me/quiz-attempts/501/submit');
    expect(submit.request.method).toBe('POST');
    expect(submit.request.body).toEqual({
      answers: [
        { questionId: 1, choiceIds: [102] },
        { questionId: 2, choiceIds: [201, 203] },
      ],
    });
    const result: QuizResult = {
      attemptId: 501,
      score: 50,
      passed: false,
      correctChoicesShown: true,
      passMark: 80,
      attemptsLeft: 2,
      courseCompleted: false,
      questions: [
        {
          id: 1,
          text: ATTEMPT.questions[0].text,
          choices: [
            { id: 101, text: '付箋に書いて画面に貼る', correct: false, chosen: false },
            { id: 102, text: '他人と共有しない', correct: true, chosen: true },
            { id: 103, text: '全システムで同じものを使う', correct: false, chosen: false },
          ],
          correct: true,
          explanation: 'パスワードは本人だけが知るものです。',
        },
        {
          id: 2,
          text: ATTEMPT.questions[1].text,
          choices: [
            { id: 201, text: '氏名と住所', correct: true, chosen: true },
            { id: 202, text: '県の人口', correct: true, chosen: false },
            { id: 203, text: 'マイナンバー', correct: true, chosen: true },
          ],
          correct: false,
          explanation: '統計は個人を特定しないため個人情報ではありません。',
        },
      ],
    };
    submit.flush(result);
    await nextTask();
    // The attempt count and best score changed: the course is loaded again.
    await answerCourse(
      course([
        lesson({ completed: true }),
        quiz({ quiz: { ...quiz().quiz!, attemptsUsed: 1, bestScore: 50 } }),
      ]),
    );

    expect(statusText(card)).toContain('不合格');
    expect(statusText(card)).toContain('50点（合格点 80点）');
    const questions = Array.from(card.querySelectorAll<HTMLElement>('.result-question'));
    expect(questions.map((q) => q.querySelector('.result-mark')?.textContent?.trim())).toEqual([
      '正解',
      '不正解',
    ]);
    const secondChoices = Array.from(questions[1].querySelectorAll('.result-choices li')).map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(secondChoices).toEqual([
      '氏名と住所 正答 あなたの回答',
      '県の人口 正答',
      'マイナンバー 正答 あなたの回答',
    ]);
    expect(questions[1].textContent).toContain('解説：統計は個人を特定しないため個人情報ではありません。');
    expect(card.textContent).toContain('残りの受験回数：2回');
    expect(card.textContent).toContain('最高点50点');
    expect(getButton(card, 'もう一度受ける')).toBeTruthy();
    expect(queryButton(card, '回答を送信する')).toBeUndefined();
  });

  it('warns about unanswered questions by number and sends them as unanswered on the second press', async () => {
    await render(course([quiz({ position: 1 })]));
    const card = moduleCard('確認テスト');
    getButton(card, 'テストを開始する').click();
    await settle(fixture);
    http.expectOne(`/api/v1/me/courses/${COURSE}/modules/12/quiz-attempts?fiscalYear=${FY}`).flush(ATTEMPT);
    await settle(fixture);

    getByLabel(card, '他人と共有しない').click();
    await settle(fixture);
    getButton(card, '回答を送信する').click();
    await settle(fixture);

    http.expectNone('/api/v1/me/quiz-attempts/501/submit');
    expect(alertText(card)).toContain('未回答の問題があります：問2');

    getButton(card, '回答を送信する').click();
    await settle(fixture);
    const submit = http.expectOne('/api/v1/me/quiz-attempts/501/submit');
    expect(submit.request.body).toEqual({
      answers: [
        { questionId: 1, choiceIds: [102] },
        { questionId: 2, choiceIds: [] },
      ],
    });
    submit.flush(
      {
        type: 'https://dx-learning.example/problems/attempt-closed',
        title: '送信できません',
        status: 409,
        detail: 'この受験はすでに送信されています。',
      },
      { status: 409, statusText: 'Conflict', headers: { 'Content-Type': 'application/problem+json' } },
    );
    await nextTask();
    await answerCourse(course([quiz({ position: 1 })]));

    expect(alertText(card)).toContain('この受験はすでに送信されています。');
  });

  it('offers the certificate of a completed course as a download, with its verification page', async () => {
    const completed = course([lesson({ completed: true, completedAt: '2026-05-01' })], {
      certificate: {
        serial: 'DX-2026-000123',
        downloadPath: `/api/v1/me/courses/${COURSE}/certificate.pdf?fiscalYear=${FY}`,
        verifyPath: '/verify/DX-2026-000123',
      },
    });
    completed.enrollment = {
      ...completed.enrollment,
      status: 'completed',
      completedAt: '2026-05-01',
      progress: 1,
    };
    await render(completed);

    const link = Array.from(page.querySelectorAll('a')).find(
      (a) => a.textContent?.trim() === '修了証（PDF）をダウンロード',
    );
    expect(link?.getAttribute('href')).toBe(`/api/v1/me/courses/${COURSE}/certificate.pdf?fiscalYear=${FY}`);
    expect(link?.hasAttribute('download')).toBe(true);
    const verify = Array.from(page.querySelectorAll('a')).find(
      (a) => a.textContent?.trim() === '修了証の確認ページ',
    );
    expect(verify?.getAttribute('href')).toBe('/verify/DX-2026-000123');
    expect(page.querySelector('.status-badge')?.textContent?.trim()).toBe('修了');
  });
});
