import type { LightMyRequestResponse } from 'fastify';
import {
  adminAuth,
  Auth,
  createUser,
  expectProblem,
  JAPANESE,
  importOk,
  multipartForm,
  orgCsv,
  person,
  smallOrg,
  staffAuth,
  staffCsv,
  StaffInput,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

interface ModuleView {
  id: number;
  position: number;
  kind: string;
  title: string;
  required: boolean;
  completed: boolean;
  lesson?: { html: string };
  quiz?: {
    questionCount: number;
    attemptsUsed: number;
    attemptLimit: number;
    passed: boolean;
    openAttemptId: number | null;
  };
  assignment?: {
    submission: { status: string; fileName: string | null } | null;
    allowedExtensions: string[];
    maxFileBytes: number;
  };
}

interface CourseDetail {
  enrollment: {
    courseCode: string;
    trackCode: string;
    status: string;
    completedAt: string | null;
    progress: number;
    dueDate: string;
  };
  modules: ModuleView[];
  certificate: { serial: string; downloadPath: string } | null;
}

interface Attempt {
  attemptId: number;
  attemptNo: number;
  questions: { id: number; kind: string; text: string; choices: { id: number; text: string }[] }[];
}

interface QuizResultBody {
  passed: boolean;
  attemptsLeft: number;
  correctChoicesShown: boolean;
  questions: {
    id: number;
    correct: boolean;
    explanation: string;
    choices: { id: number; text: string; correct?: boolean; chosen: boolean }[];
  }[];
}

const APRIL = '2026-04-01';
const PASSWORD = 'learning-test-password';
const FY = '?fiscalYear=2026';

const JOURNEY = '600001';
const FAILER = '600002';
const RACER = '600003';
const SPECIALIST = '600004';
const BYSTANDER = '600005';
const TWO_TABS = '600006';
const REVEALER = '600007';

const roster: StaffInput[] = [
  person(JOURNEY, { name: '学習 太郎', hired: APRIL }),
  person(FAILER, { hired: APRIL }),
  person(RACER, { hired: '2015-04-01' }),
  person(SPECIALIST, { name: '専門 花子', hired: '2012-04-01' }),
  person(BYSTANDER, { hired: APRIL }),
  person(TWO_TABS, { hired: APRIL }),
  person(REVEALER, { hired: '2012-04-01' }),
];

describe('learning: the learner’s journey through a course', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;
  const as: Record<string, Auth> = {};
  const TODAY = todayInTokyoForTests();

  const ok = (response: LightMyRequestResponse, status = 200) => {
    expect({ status: response.statusCode, body: response.body.slice(0, 800) }).toMatchObject({ status });
    return response.body ? response.json() : undefined;
  };
  const course = async (auth: Auth, code: string): Promise<CourseDetail> =>
    ok(await t.request({ method: 'GET', url: `/api/v1/me/courses/${code}${FY}`, headers: auth }));
  const complete = (auth: Auth, code: string, moduleId: number) =>
    t.request({
      method: 'POST',
      url: `/api/v1/me/courses/${code}/modules/${moduleId}/complete${FY}`,
      headers: auth,
    });
  const startQuiz = (auth: Auth, code: string, moduleId: number) =>
    t.request({
      method: 'POST',
      url: `/api/v1/me/courses/${code}/modules/${moduleId}/quiz-attempts${FY}`,
      headers: auth,
    });
  const submitQuiz = (
    auth: Auth,
    attemptId: number,
    answers: { questionId: number; choiceIds: number[] }[],
  ) =>
    t.request({
      method: 'POST',
      url: `/api/v1/me/quiz-attempts/${attemptId}/submit`,
      headers: auth,
      payload: { answers },
    });
  const myEnrollment = async (auth: Auth, code: string) =>
    (
      ok(
        await t.request({ method: 'GET', url: `/api/v1/me/enrollments${FY}`, headers: auth }),
      ) as CourseDetail['enrollment'][]
    ).find((e) => e.courseCode === code);

  /** The answer sheet, right or all wrong, read from the question bank on the server side. */
  const answersFor = async (attempt: Attempt, right: boolean) => {
    const rows: { id: number; choices: { id: number; correct: boolean }[] }[] = await t.db.query(
      `SELECT id, choices FROM quiz_question WHERE id = ANY($1)`,
      [attempt.questions.map((q) => q.id)],
    );
    const key = new Map(rows.map((r) => [r.id, r.choices]));
    return attempt.questions.map((q) => {
      const choices = key.get(q.id)!;
      const wanted = right ? choices.filter((c) => c.correct) : [choices.find((c) => !c.correct)!];
      return { questionId: q.id, choiceIds: wanted.map((c) => c.id) };
    });
  };
  const correctChoiceIds = async (attempt: Attempt) => {
    const rows: { id: number; choices: { id: number; correct: boolean }[] }[] = await t.db.query(
      `SELECT id, choices FROM quiz_question WHERE id = ANY($1)`,
      [attempt.questions.map((q) => q.id)],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        r.choices
          .filter((c) => c.correct)
          .map((c) => c.id)
          .sort(),
      ]),
    );
  };
  const enrollmentRow = async (no: string, code: string) =>
    (
      await t.db.query(
        `SELECT e.id, e.completed_at, e.completed_on, e.completion_source FROM enrollment e
           JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id
          WHERE s.tenant_id = $1 AND s.employee_no = $2 AND c.code = $3 AND e.fiscal_year = 2026`,
        [tenantId, no, code],
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    [{ id: tenantId }] = await t.db.query(`SELECT id FROM tenant WHERE code = 'default'`);
    await importOk(t, 'org-units', hr, orgCsv(smallOrg()), { effectiveDate: APRIL });
    await importOk(t, 'staff', hr, staffCsv(roster), { effectiveDate: APRIL });
    for (const p of roster) as[p.no] = await staffAuth(t, hr, p.no, PASSWORD);
    // A lesson whose Markdown carries script, added to KAISO-NEWHIRE's published version (not required).
    await t.db.query(
      `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
       SELECT tenant_id, id, published_version, 99, 'lesson', '付録', false, $2 FROM course WHERE tenant_id = $1 AND code = 'KAISO-NEWHIRE'`,
      [
        tenantId,
        JSON.stringify({
          markdown:
            '# 付録\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[リンク](javascript:alert(3))',
        }),
      ],
    );
  });
  afterAll(() => t?.close());

  describe('KAISO-NEWHIRE, start to finish', () => {
    let detail: CourseDetail;
    let attempt: Attempt;
    let attemptBody: string;

    it('shows the course with its modules in order and each lesson as HTML', async () => {
      detail = await course(as[JOURNEY], 'KAISO-NEWHIRE');
      expect(detail.enrollment).toMatchObject({
        courseCode: 'KAISO-NEWHIRE',
        dueDate: '2026-06-30',
        progress: 0,
        completedAt: null,
      });
      expect(detail.modules.map((m) => m.kind)).toEqual(['lesson', 'lesson', 'lesson', 'quiz', 'lesson']);
      const positions = detail.modules.map((m) => m.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      for (const m of detail.modules.filter((m) => m.kind === 'lesson')) {
        expect(m.lesson!.html).toMatch(/<(p|h\d|ul|ol)[ >]/);
        expect(m.completed).toBe(false);
      }
      expect(detail.certificate).toBeNull();
    });

    it('escapes raw HTML and script in lesson Markdown: no <script>, no event handler, no javascript: link', async () => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/me/courses/KAISO-NEWHIRE${FY}`,
        headers: as[JOURNEY],
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toMatch(/<script/i);
      const html = (response.json() as CourseDetail).modules.find((m) => m.position === 99)!.lesson!.html;
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/href="javascript:/i);
    });

    it('raises progress as required lessons are completed; completing one twice counts once', async () => {
      const lessons = detail.modules.filter((m) => m.kind === 'lesson' && m.required);
      expect(lessons).toHaveLength(3);
      expect(await myEnrollment(as[JOURNEY], 'KAISO-NEWHIRE')).toMatchObject({ progress: 0 });
      const first = ok(await complete(as[JOURNEY], 'KAISO-NEWHIRE', lessons[0].id)) as CourseDetail;
      // マイ研修 shows it on the very next read (nothing of the learner's list is cached).
      expect(await myEnrollment(as[JOURNEY], 'KAISO-NEWHIRE')).toMatchObject({ progress: 0.25 });
      expect(first.enrollment).toMatchObject({
        progress: 0.25,
        status: TODAY > '2026-06-30' ? 'overdue' : 'in_progress',
      });
      expect(first.modules.find((m) => m.id === lessons[0].id)!.completed).toBe(true);
      const again = ok(await complete(as[JOURNEY], 'KAISO-NEWHIRE', lessons[0].id)) as CourseDetail;
      expect(again.enrollment.progress).toBe(0.25);
      ok(await complete(as[JOURNEY], 'KAISO-NEWHIRE', lessons[1].id));
      const third = ok(await complete(as[JOURNEY], 'KAISO-NEWHIRE', lessons[2].id)) as CourseDetail;
      expect(third.enrollment.progress).toBe(0.75);
      expect(third.enrollment.completedAt).toBeNull();
      expect(await myEnrollment(as[JOURNEY], 'KAISO-NEWHIRE')).toMatchObject({ progress: 0.75 });
    });

    it('completing a non-lesson module as a lesson is refused (422)', async () => {
      const quiz = detail.modules.find((m) => m.kind === 'quiz')!;
      expectProblem(await complete(as[JOURNEY], 'KAISO-NEWHIRE', quiz.id), 422);
    });

    it('the certificate is not there before completion (409)', async () => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/me/courses/KAISO-NEWHIRE/certificate.pdf${FY}`,
        headers: as[JOURNEY],
      });
      expectProblem(response, 409);
    });

    it('starts a quiz whose questions carry no hint of the correct answers', async () => {
      const quiz = detail.modules.find((m) => m.kind === 'quiz')!;
      const response = await startQuiz(as[JOURNEY], 'KAISO-NEWHIRE', quiz.id);
      attempt = ok(response);
      attemptBody = response.body;
      expect(attempt.attemptNo).toBe(1);
      expect(attempt.questions.length).toBe(quiz.quiz!.questionCount);
      expect(attempt.questions.length).toBeGreaterThan(0);
      expect(attemptBody).not.toMatch(/correct/i);
      expect(attemptBody).not.toMatch(/explanation/i);
      for (const q of attempt.questions) {
        expect(Object.keys(q).sort()).toEqual(['choices', 'id', 'kind', 'text']);
        for (const c of q.choices) expect(Object.keys(c).sort()).toEqual(['id', 'text']);
      }
      // Starting again while the attempt is open resumes it.
      const resumed = ok(await startQuiz(as[JOURNEY], 'KAISO-NEWHIRE', quiz.id)) as Attempt;
      expect(resumed.attemptId).toBe(attempt.attemptId);
    });

    it('grades the right answers as passed, completes the course today (progress 1) and explains each answer', async () => {
      const result = ok(await submitQuiz(as[JOURNEY], attempt.attemptId, await answersFor(attempt, true)));
      expect(result).toMatchObject({
        attemptId: attempt.attemptId,
        score: 100,
        passed: true,
        courseCompleted: true,
      });
      expect(result.questions).toHaveLength(attempt.questions.length);
      expect(result.correctChoicesShown).toBe(true);
      for (const q of result.questions) {
        expect(q.correct).toBe(true);
        expect(typeof q.explanation).toBe('string');
        expect(q.explanation.length).toBeGreaterThan(0);
        // After a pass the correct choices are shown: the ones chosen, every one of them.
        for (const c of q.choices) expect(c.correct).toBe(c.chosen);
      }
      const summary = await myEnrollment(as[JOURNEY], 'KAISO-NEWHIRE');
      expect(summary).toMatchObject({ status: 'completed', completedAt: TODAY, progress: 1 });
      const detailNow = await course(as[JOURNEY], 'KAISO-NEWHIRE');
      expect(detailNow.enrollment).toMatchObject({ status: 'completed', completedAt: TODAY, progress: 1 });
      expect(detailNow.certificate).not.toBeNull();
    });

    it('refuses a second submission of the same attempt (409) and changes nothing', async () => {
      const before = await t.db.query(
        `SELECT score, passed, answers, submitted_at FROM quiz_attempt WHERE id = $1`,
        [attempt.attemptId],
      );
      const enrollmentBefore = await enrollmentRow(JOURNEY, 'KAISO-NEWHIRE');
      expectProblem(await submitQuiz(as[JOURNEY], attempt.attemptId, await answersFor(attempt, false)), 409);
      expect(
        await t.db.query(`SELECT score, passed, answers, submitted_at FROM quiz_attempt WHERE id = $1`, [
          attempt.attemptId,
        ]),
      ).toEqual(before);
      expect(await enrollmentRow(JOURNEY, 'KAISO-NEWHIRE')).toEqual(enrollmentBefore);
    });

    it('another person cannot submit someone else’s attempt (404)', async () => {
      expectProblem(await submitQuiz(as[BYSTANDER], attempt.attemptId, []), 404);
    });

    it('sends the certificate as a PDF, not cached, with a UTF-8 file name', async () => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/me/courses/KAISO-NEWHIRE/certificate.pdf${FY}`,
        headers: as[JOURNEY],
      });
      expect({ status: response.statusCode, body: response.statusCode === 200 ? '' : response.body }).toEqual(
        { status: 200, body: '' },
      );
      expect(response.headers['content-type']).toContain('application/pdf');
      expect(response.headers['cache-control']).toContain('no-store');
      expect(String(response.headers['content-disposition'])).toMatch(/filename\*=UTF-8''\S+\.pdf/);
      expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });

    it('lets anyone check the certificate by its serial (no login), and 404s an unknown serial', async () => {
      const { certificate } = await course(as[JOURNEY], 'KAISO-NEWHIRE');
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/certificates/${encodeURIComponent(certificate!.serial)}`,
      });
      expect(ok(response)).toMatchObject({
        serial: certificate!.serial,
        valid: true,
        recipientName: '学習 太郎',
        courseTitle: '新規採用職員研修（DX基礎）',
        completedOn: TODAY,
      });
      expect(response.body).not.toContain(JOURNEY); // no more than the paper: not the 職員番号
      expectProblem(await t.request({ method: 'GET', url: `/api/v1/certificates/DEFAULT-2026-999999` }), 404);
      expectProblem(await t.request({ method: 'GET', url: `/api/v1/certificates/nonsense` }), 404);
    });
  });

  describe('quiz rules', () => {
    let quizId: number;

    beforeAll(async () => {
      quizId = (await course(as[FAILER], 'KAISO-NEWHIRE')).modules.find((m) => m.kind === 'quiz')!.id;
    });

    it('answering a question that is not in the attempt is 422, and the attempt stays open', async () => {
      const attempt = ok(await startQuiz(as[FAILER], 'KAISO-NEWHIRE', quizId)) as Attempt;
      const [{ id: stranger }] = await t.db.query(
        `SELECT q.id FROM quiz_question q WHERE q.tenant_id = $1 AND NOT (q.id = ANY($2)) LIMIT 1`,
        [tenantId, attempt.questions.map((q) => q.id)],
      );
      const answers = [...(await answersFor(attempt, true)), { questionId: stranger, choiceIds: [1] }];
      const problem = expectProblem(await submitQuiz(as[FAILER], attempt.attemptId, answers), 422);
      expect(JSON.stringify(problem)).toContain(String(stranger));
      const [row] = await t.db.query(`SELECT submitted_at, score FROM quiz_attempt WHERE id = $1`, [
        attempt.attemptId,
      ]);
      expect(row).toEqual({ submitted_at: null, score: null });
      const { modules } = await course(as[FAILER], 'KAISO-NEWHIRE');
      expect(modules.find((m) => m.id === quizId)!.quiz).toMatchObject({
        openAttemptId: attempt.attemptId,
        attemptsUsed: 1,
      });
    });

    it('a choice of another question is 422 as well', async () => {
      const attempt = ok(await startQuiz(as[FAILER], 'KAISO-NEWHIRE', quizId)) as Attempt;
      const answers = await answersFor(attempt, true);
      answers[0] = { questionId: answers[0].questionId, choiceIds: [9999] };
      expectProblem(await submitQuiz(as[FAILER], attempt.attemptId, answers), 422);
    });

    it('a malformed answer sheet is invalid input (400/422), never a 500, and the attempt stays open', async () => {
      const attempt = ok(await startQuiz(as[FAILER], 'KAISO-NEWHIRE', quizId)) as Attempt;
      for (const payload of [
        { answers: 'all of them' },
        { answers: [{ questionId: 'x', choiceIds: [1] }] },
        {},
      ]) {
        const response = await t.request({
          method: 'POST',
          url: `/api/v1/me/quiz-attempts/${attempt.attemptId}/submit`,
          headers: as[FAILER],
          payload,
        });
        expect([400, 422]).toContain(response.statusCode);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      const [row] = await t.db.query(`SELECT submitted_at FROM quiz_attempt WHERE id = $1`, [
        attempt.attemptId,
      ]);
      expect(row.submitted_at).toBeNull();
    });

    it('after three failed attempts, a fourth start is refused (422)', async () => {
      for (let n = 1; n <= 3; n++) {
        const attempt = ok(await startQuiz(as[FAILER], 'KAISO-NEWHIRE', quizId)) as Attempt;
        expect(attempt.attemptNo).toBe(n);
        const response = await submitQuiz(as[FAILER], attempt.attemptId, await answersFor(attempt, false));
        const result = ok(response) as QuizResultBody;
        expect(result).toMatchObject({
          passed: false,
          score: 0,
          attemptsLeft: 3 - n,
          courseCompleted: false,
        });
        // Every question says it was wrong and why, with the person's own (wrong) choice marked.
        expect(result.questions.map((q) => q.correct)).toEqual(attempt.questions.map(() => false));
        for (const q of result.questions) {
          expect(q.explanation.length).toBeGreaterThan(0);
          expect(q.choices.filter((c) => c.chosen)).toHaveLength(1);
        }
        const key = await correctChoiceIds(attempt);
        if (n < 3) {
          // Attempts left: the correct choices stay on the server (the default setting of the quiz).
          expect(result.correctChoicesShown).toBe(false);
          expect(response.body).not.toMatch(/"correct":true,"chosen"|"correct":false,"chosen"/);
          for (const q of result.questions)
            for (const c of q.choices) expect(Object.keys(c).sort()).toEqual(['chosen', 'id', 'text']);
        } else {
          // The last attempt: now the person may learn the answers.
          expect(result.correctChoicesShown).toBe(true);
          for (const q of result.questions) {
            expect(
              q.choices
                .filter((c) => c.correct)
                .map((c) => c.id)
                .sort(),
            ).toEqual(key.get(q.id));
          }
        }
      }
      expectProblem(await startQuiz(as[FAILER], 'KAISO-NEWHIRE', quizId), 422);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM quiz_attempt a JOIN enrollment e ON e.id = a.enrollment_id JOIN staff s ON s.id = e.staff_id
          WHERE s.employee_no = $1 AND s.tenant_id = $2`,
        [FAILER, tenantId],
      );
      expect(n).toBe(3);
      expect(await myEnrollment(as[FAILER], 'KAISO-NEWHIRE')).toMatchObject({ completedAt: null });
    });
  });

  describe('a quiz set to show the correct choices after each attempt (研修管理 → 正答の表示)', () => {
    const EDITOR = { loginId: 'reveal-editor', password: 'reveal-editor-password' };
    let editor: Auth;
    const catalogue = (method: 'POST' | 'PUT', url: string, payload?: object) =>
      t.request({ method, url: `/api/v1/catalogue${url}`, headers: editor, ...(payload ? { payload } : {}) });
    const quizModule = (revealCorrectAnswers?: unknown) => ({
      kind: 'quiz',
      title: '確認テスト',
      required: true,
      content: {
        passMark: 80,
        attemptLimit: 3,
        drawCount: null,
        ...(revealCorrectAnswers ? { revealCorrectAnswers } : {}),
      },
    });

    beforeAll(async () => {
      await createUser(t, { ...EDITOR, roles: ['content_admin'] });
      editor = await t.login(EDITOR.loginId, EDITOR.password);
      ok(
        await catalogue('POST', '/courses', {
          code: 'REVEAL',
          trackCode: 'KAISO',
          title: '正答を毎回示す研修',
          description: 'テスト用の研修です。',
          estimatedMinutes: 10,
        }),
        201,
      );
    });

    it('an unknown setting is refused with 422 naming 正答の表示, and nothing is added', async () => {
      const problem = expectProblem(
        await catalogue('POST', '/courses/REVEAL/draft/modules', quizModule('always')),
        422,
      );
      expect(JSON.stringify(problem)).toContain('正答の表示');
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM course_module m JOIN course c ON c.id = m.course_id WHERE c.tenant_id = $1 AND c.code = 'REVEAL'`,
        [tenantId],
      );
      expect(n).toBe(0);
    });

    it('is kept with the module, and a failed attempt with attempts left then shows the correct choices', async () => {
      const module = ok(
        await catalogue('POST', '/courses/REVEAL/draft/modules', quizModule('after_each_attempt')),
        201,
      );
      expect(module.content).toMatchObject({ revealCorrectAnswers: 'after_each_attempt' });
      ok(
        await catalogue('POST', `/courses/REVEAL/draft/modules/${module.id}/questions`, {
          kind: 'single',
          text: '個人情報を含むファイルの送り方は？',
          choices: [
            { text: '庁内の共有フォルダに置いて場所を伝える', correct: true },
            { text: '私用のメールで送る', correct: false },
          ],
          explanation: '私用のメールは庁外に出ます。',
        }),
        201,
      );
      ok(await catalogue('POST', '/courses/REVEAL/publish'));
      ok(
        await t.request({
          method: 'POST',
          url: `/api/v1/staff/${REVEALER}/enrollments`,
          headers: hr,
          payload: { courseCode: 'REVEAL', fiscalYear: 2026, dueDate: '2027-03-31' },
        }),
        201,
      );
      const quizId = (await course(as[REVEALER], 'REVEAL')).modules[0].id;
      const attempt = ok(await startQuiz(as[REVEALER], 'REVEAL', quizId)) as Attempt;
      const result = ok(
        await submitQuiz(as[REVEALER], attempt.attemptId, await answersFor(attempt, false)),
      ) as QuizResultBody;
      expect(result).toMatchObject({ passed: false, attemptsLeft: 2, correctChoicesShown: true });
      const [question] = result.questions;
      expect(question).toMatchObject({ correct: false, explanation: '私用のメールは庁外に出ます。' });
      expect(question.choices.find((c) => c.correct)?.text).toBe('庁内の共有フォルダに置いて場所を伝える');
      expect(question.choices.find((c) => c.chosen)).toMatchObject({
        text: '私用のメールで送る',
        correct: false,
      });
    });
  });

  describe('quiz clicks at the same moment', () => {
    it('10 concurrent starts open one attempt; 10 concurrent submissions of it grade it once (the rest 409)', async () => {
      const quizId = (await course(as[BYSTANDER], 'KAISO-NEWHIRE')).modules.find(
        (m) => m.kind === 'quiz',
      )!.id;
      const starts = await Promise.all(
        Array.from({ length: 10 }, () => startQuiz(as[BYSTANDER], 'KAISO-NEWHIRE', quizId)),
      );
      expect(starts.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
      expect(new Set(starts.map((r) => (r.json() as Attempt).attemptId)).size).toBe(1);
      const attempt = starts[0].json() as Attempt;
      const answers = await answersFor(attempt, false);
      const submits = await Promise.all(
        Array.from({ length: 10 }, () => submitQuiz(as[BYSTANDER], attempt.attemptId, answers)),
      );
      expect(submits.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
      const rows = await t.db.query(
        `SELECT attempt_no, passed FROM quiz_attempt WHERE enrollment_id = (SELECT enrollment_id FROM quiz_attempt WHERE id = $1)`,
        [attempt.attemptId],
      );
      expect(rows).toEqual([{ attempt_no: 1, passed: false }]);
      const { modules } = await course(as[BYSTANDER], 'KAISO-NEWHIRE');
      expect(modules.find((m) => m.id === quizId)!.quiz).toMatchObject({
        attemptsUsed: 1,
        openAttemptId: null,
        passed: false,
      });
    });
  });

  describe('what a person is not assigned', () => {
    it('completing a module of a course the person does not have is 404 and records nothing', async () => {
      const [{ id: moduleId }] = await t.db.query(
        `SELECT m.id FROM course_module m JOIN course c ON c.id = m.course_id
          WHERE c.tenant_id = $1 AND c.code = 'PROMOTER-BASIC' AND m.kind = 'lesson' ORDER BY m.position LIMIT 1`,
        [tenantId],
      );
      expectProblem(await complete(as[BYSTANDER], 'PROMOTER-BASIC', moduleId), 404);
      expectProblem(
        await t.request({
          method: 'GET',
          url: `/api/v1/me/courses/PROMOTER-BASIC${FY}`,
          headers: as[BYSTANDER],
        }),
        404,
      );
      // Nor through a course they do have: the module must belong to it.
      expectProblem(await complete(as[BYSTANDER], 'KAISO-NEWHIRE', moduleId), 404);
      expectProblem(await complete(as[BYSTANDER], 'NO-SUCH-COURSE', moduleId), 404);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM module_progress WHERE module_id = $1`,
        [moduleId],
      );
      expect(n).toBe(0);
    });

    it('an HR account with no staff record is no learner: マイ研修 is refused (403), its enrolments list is empty', async () => {
      expectProblem(
        await t.request({ method: 'GET', url: `/api/v1/me/courses/KAISO-NEWHIRE${FY}`, headers: hr }),
        403,
      );
      const own = await t.request({ method: 'GET', url: `/api/v1/me/enrollments${FY}`, headers: hr });
      expect({ status: own.statusCode, body: own.json() }).toEqual({ status: 200, body: [] });
    });
  });

  describe('concurrent clicks (WORKPLACE-DX)', () => {
    let modules: ModuleView[];

    beforeAll(async () => {
      modules = (await course(as[RACER], 'WORKPLACE-DX')).modules;
      expect(modules.map((m) => m.kind)).toEqual(['lesson', 'lesson', 'quiz']);
    });

    it('20 identical lesson completions at once record the lesson once', async () => {
      const lesson = modules[0];
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => complete(as[RACER], 'WORKPLACE-DX', lesson.id)),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM module_progress p JOIN enrollment e ON e.id = p.enrollment_id JOIN staff s ON s.id = e.staff_id
          WHERE s.employee_no = $1 AND s.tenant_id = $2 AND p.module_id = $3`,
        [RACER, tenantId, lesson.id],
      );
      expect(n).toBe(1);
      expect(await myEnrollment(as[RACER], 'WORKPLACE-DX')).toMatchObject({ progress: 1 / 3 });
    });

    it('20 completions of the last remaining module at once complete the course exactly once', async () => {
      const quiz = modules[2];
      const attempt = ok(await startQuiz(as[RACER], 'WORKPLACE-DX', quiz.id)) as Attempt;
      const graded = ok(await submitQuiz(as[RACER], attempt.attemptId, await answersFor(attempt, true)));
      expect(graded).toMatchObject({ passed: true, courseCompleted: false });
      expect((await enrollmentRow(RACER, 'WORKPLACE-DX')).completed_at).toBeNull();

      const last = modules[1];
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => complete(as[RACER], 'WORKPLACE-DX', last.id)),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
      for (const r of responses)
        expect((r.json() as CourseDetail).enrollment).toMatchObject({ status: 'completed', progress: 1 });

      const row = await enrollmentRow(RACER, 'WORKPLACE-DX');
      expect(row).toMatchObject({ completed_on: TODAY, completion_source: 'learner' });
      const progress = await t.db.query(
        `SELECT completed_at FROM module_progress WHERE enrollment_id = $1 AND module_id = $2`,
        [row.id, last.id],
      );
      expect(progress).toHaveLength(1);
      // Set once, by the transaction that recorded the last module: both carry that transaction's now().
      expect(new Date(row.completed_at).toISOString()).toBe(new Date(progress[0].completed_at).toISOString());
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM certificate WHERE enrollment_id = $1`,
        [row.id],
      );
      expect(n).toBeLessThanOrEqual(1);
    });
  });

  describe('the last modules completed at the same moment in two tabs', () => {
    it('completing the remaining lessons of WORKPLACE-DX at once completes the course, every time', async () => {
      const code = 'WORKPLACE-DX';
      const { modules } = await course(as[TWO_TABS], code);
      const quiz = modules.find((m) => m.kind === 'quiz')!;
      const attempt = ok(await startQuiz(as[TWO_TABS], code, quiz.id)) as Attempt;
      expect(
        ok(await submitQuiz(as[TWO_TABS], attempt.attemptId, await answersFor(attempt, true))),
      ).toMatchObject({ passed: true });
      const lessons = modules.filter((m) => m.kind === 'lesson' && m.required);
      expect(lessons).toHaveLength(2);
      const { id: enrollmentId } = await enrollmentRow(TWO_TABS, code);
      const outcomes: string[] = [];
      for (let trial = 0; trial < 8; trial++) {
        // Back to "quiz passed, both lessons to do" (the API never un-completes, so the test does it in SQL).
        await t.db.query(`DELETE FROM certificate WHERE enrollment_id = $1`, [enrollmentId]);
        await t.db.query(`DELETE FROM module_progress WHERE enrollment_id = $1 AND module_id = ANY($2)`, [
          enrollmentId,
          lessons.map((m) => m.id),
        ]);
        await t.db.query(
          `UPDATE enrollment SET completed_at = NULL, completed_on = NULL, completion_source = NULL WHERE id = $1`,
          [enrollmentId],
        );
        const responses = await Promise.all(lessons.map((m) => complete(as[TWO_TABS], code, m.id)));
        expect(responses.map((r) => r.statusCode)).toEqual([200, 200]);
        const summary = (await myEnrollment(as[TWO_TABS], code))!;
        outcomes.push(`${summary.status}@${summary.progress}`);
      }
      // Every required module is done each time: completed, never left at progress 1 and unfinished.
      expect(outcomes).toEqual(Array(8).fill('completed@1'));
    });

    it('opening a just-completed course in several tabs at once issues one certificate, and no error', async () => {
      const { id: enrollmentId } = await enrollmentRow(TWO_TABS, 'WORKPLACE-DX');
      for (let trial = 0; trial < 5; trial++) {
        await t.db.query(`DELETE FROM certificate WHERE enrollment_id = $1`, [enrollmentId]);
        const responses = await Promise.all(
          Array.from({ length: 6 }, () =>
            t.request({ method: 'GET', url: `/api/v1/me/courses/WORKPLACE-DX${FY}`, headers: as[TWO_TABS] }),
          ),
        );
        expect(responses.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
        const serials = new Set(responses.map((r) => (r.json() as CourseDetail).certificate?.serial));
        expect(serials.size).toBe(1);
        const rows = await t.db.query(`SELECT serial FROM certificate WHERE enrollment_id = $1`, [
          enrollmentId,
        ]);
        expect(rows).toEqual([{ serial: [...serials][0] }]);
      }
    });
  });

  describe('an assignment (課題) in SPECIALIST-BASIC, through the specialist cohort API', () => {
    let moduleId: number;
    const submit = (parts: Parameters<typeof multipartForm>[0]) => {
      const { payload, headers } = multipartForm(parts);
      return t.request({
        method: 'POST',
        url: `/api/v1/me/courses/SPECIALIST-BASIC/modules/${moduleId}/submission${FY}`,
        headers: { ...headers, ...as[SPECIALIST] },
        payload,
      });
    };
    const submissions = async () =>
      (
        await t.db.query(`SELECT count(*)::int AS n FROM assignment_submission WHERE module_id = $1`, [
          moduleId,
        ])
      )[0].n as number;

    beforeAll(async () => {
      // HR forms the year's cohort and adds the person: the rules assign SPECIALIST-BASIC in that request.
      ok(
        await t.request({
          method: 'POST',
          url: '/api/v1/specialist-cohorts',
          headers: hr,
          payload: {
            code: 'SP-2026',
            name: '2026年度 DX推進スペシャリスト養成',
            fiscalYear: 2026,
            dueDate: '2027-01-29',
          },
        }),
        201,
      );
      const member = await t.request({
        method: 'PUT',
        url: `/api/v1/specialist-cohorts/SP-2026/members/${SPECIALIST}`,
        headers: hr,
        payload: { stage: '基礎', joinedOn: '2026-05-01' },
      });
      expect({ status: member.statusCode, body: member.body.slice(0, 300) }).toMatchObject({ status: 204 });
    });

    it('assigns SPECIALIST-BASIC due on the cohort’s date', async () => {
      expect(await myEnrollment(as[SPECIALIST], 'SPECIALIST-BASIC')).toMatchObject({
        trackCode: 'DX-SPECIALIST',
        dueDate: '2027-01-29',
      });
      const detail = await course(as[SPECIALIST], 'SPECIALIST-BASIC');
      const assignment = detail.modules.find((m) => m.kind === 'assignment')!;
      moduleId = assignment.id;
      expect(assignment.assignment).toMatchObject({ submission: null });
      expect(assignment.assignment!.allowedExtensions).not.toContain('exe');
    });

    it('refuses a disallowed file type (.exe) with 422, storing nothing', async () => {
      const response = await submit([
        { name: 'text', value: '提出します' },
        {
          name: 'file',
          value: Buffer.from('MZ\x90\x00'),
          filename: 'tool.exe',
          contentType: 'application/octet-stream',
        },
      ]);
      expectProblem(response, 422);
      expect(await submissions()).toBe(0);
    });

    it('refuses a file over the module’s size limit with 413, storing nothing', async () => {
      const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
      const response = await submit([
        { name: 'file', value: big, filename: 'report.pdf', contentType: 'application/pdf' },
      ]);
      expectProblem(response, 413);
      expect(await submissions()).toBe(0);
    });

    it('refuses a file over the upload limit (20 MB) with 413', async () => {
      const huge = Buffer.alloc(20 * 1024 * 1024 + 10, 0x20);
      const response = await submit([
        { name: 'file', value: huge, filename: 'report.pdf', contentType: 'application/pdf' },
      ]);
      expectProblem(response, 413);
      expect(await submissions()).toBe(0);
    });

    it('refuses a submission that is not multipart (415)', async () => {
      const response = await t.request({
        method: 'POST',
        url: `/api/v1/me/courses/SPECIALIST-BASIC/modules/${moduleId}/submission${FY}`,
        headers: as[SPECIALIST],
        payload: { text: '提出します' },
      });
      expectProblem(response, 415);
      expect(await submissions()).toBe(0);
    });

    it('refuses an empty submission (422)', async () => {
      expectProblem(await submit([{ name: 'text', value: '   ' }]), 422);
      expect(await submissions()).toBe(0);
    });

    it('refuses NUL in the multipart text or file name with 422 naming the field (no 500), storing nothing', async () => {
      const text = expectProblem(await submit([{ name: 'text', value: '提出\u0000します' }]), 422);
      expect(text.errors).toEqual([{ field: 'text', message: expect.stringContaining('NUL') }]);
      const name = expectProblem(
        await submit([
          {
            name: 'file',
            value: Buffer.from('%PDF-1.7\n%%EOF'),
            filename: 'a\u0000b.pdf',
            contentType: 'application/pdf',
          },
        ]),
        422,
      );
      expect(name.errors).toEqual([{ field: 'file', message: expect.stringContaining('NUL') }]);
      expect(await submissions()).toBe(0);
    });

    it('judges a file by its bytes: HTML named .pdf, markup named .txt and a PDF named .docx are refused (422)', async () => {
      for (const [filename, value, contentType] of [
        [
          'report.pdf',
          '<html><body><script>alert(document.cookie)</script></body></html>',
          'application/pdf',
        ],
        ['notes.txt', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'text/plain'],
        [
          'plan.docx',
          '%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ],
      ]) {
        const response = await submit([{ name: 'file', value: Buffer.from(value), filename, contentType }]);
        const problem = expectProblem(response, 422);
        expect(problem.errors).toEqual([{ field: 'file', message: expect.stringMatching(JAPANESE) }]);
      }
      expect(await submissions()).toBe(0);
    });

    it('accepts a real PDF whatever type the browser claimed, stores the detected type and serves it as an attachment', async () => {
      const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const detail = ok(
        await submit([
          { name: 'text', value: '所属の業務改善案：申請書の電子化について…' },
          { name: 'file', value: pdf, filename: '改善案.pdf', contentType: 'text/html' },
        ]),
      ) as CourseDetail;
      const view = detail.modules.find((m) => m.id === moduleId)!;
      expect(view.assignment!.submission).toMatchObject({ status: 'submitted', fileName: '改善案.pdf' });
      expect(view.completed).toBe(false);
      expect(await submissions()).toBe(1);
      const [row] = await t.db.query(`SELECT id, file_type FROM assignment_submission WHERE module_id = $1`, [
        moduleId,
      ]);
      expect(row.file_type).toBe('application/pdf');
      const download = await t.request({
        method: 'GET',
        url: `/api/v1/submissions/${row.id}/file`,
        headers: hr,
      });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(String(download.headers['content-disposition'])).toMatch(/^attachment;/);
      // A type recorded before uploads were checked is never sent back as such.
      await t.db.query(`UPDATE assignment_submission SET file_type = 'text/html' WHERE id = $1`, [row.id]);
      const legacy = await t.request({
        method: 'GET',
        url: `/api/v1/submissions/${row.id}/file`,
        headers: hr,
      });
      expect(legacy.headers['content-type']).toBe('application/octet-stream');
      expect(legacy.headers['x-content-type-options']).toBe('nosniff');
    });

    it('refuses a second submission while the first awaits evaluation (409)', async () => {
      expectProblem(await submit([{ name: 'text', value: '追加の提出' }]), 409);
      expect(await submissions()).toBe(1);
    });
  });
});
