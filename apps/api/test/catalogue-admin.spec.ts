import { fiscalYearOf } from '@dx/domain';
import {
  adminAuth,
  Auth,
  createUser,
  expectProblem,
  importOk,
  JAPANESE,
  loginAs,
  orgCsv,
  person,
  smallOrg,
  staffAuth,
  staffCsv,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const FY = fiscalYearOf(todayInTokyoForTests());
const API = '/api/v1/catalogue';
const EDITOR = { loginId: 'content-editor', password: 'content-editor-password' };
const HR_ONLY = { loginId: 'hr-only', password: 'hr-only-password-123' };
const LEARNER_PASSWORD = 'learner-password-123';

const lesson = (title: string, markdown = `# ${title}\n\n本文です。`) => ({
  kind: 'lesson',
  title,
  required: true,
  content: { markdown, videoUrl: 'https://intranet.pref.example.lg.jp/videos/a.mp4' },
});
const quiz = (title: string) => ({
  kind: 'quiz',
  title,
  required: true,
  content: { passMark: 80, attemptLimit: 3, drawCount: null },
});
const question = (text: string, kind: 'single' | 'multiple' = 'single') => ({
  kind,
  text,
  choices: [
    { text: '正しい答え', correct: true },
    { text: '誤った答え', correct: false },
  ],
  explanation: '解説です。',
});

describe('catalogue editor (研修管理)', () => {
  let t: TestApp;
  let admin: Auth;
  let editor: Auth;
  let learner: Auth;

  const call = (auth: Auth, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.request({
      method,
      url,
      headers: auth,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  /** Sends and insists on the status, showing the API's answer when it differs. */
  async function ok(
    auth: Auth,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    status = method === 'POST' ? 201 : 200,
  ) {
    const response = await call(auth, method, url, payload);
    expect({ status: response.statusCode, body: response.body.slice(0, 1500) }).toMatchObject({ status });
    return response.body ? response.json() : undefined;
  }

  async function createCourse(code: string, trackCode = 'KAISO') {
    return ok(editor, 'POST', `${API}/courses`, {
      code,
      trackCode,
      title: `研修 ${code}`,
      description: 'テスト用の研修です。',
      estimatedMinutes: 30,
      dssCodes: ['lit.what'],
    });
  }

  /** A course with one lesson and one quiz of one question, published (version 1). */
  async function publishedCourse(code: string) {
    await createCourse(code);
    await ok(editor, 'POST', `${API}/courses/${code}/draft/modules`, lesson('第1版の講義'));
    const q = await ok(editor, 'POST', `${API}/courses/${code}/draft/modules`, quiz('第1版の確認テスト'));
    await ok(
      editor,
      'POST',
      `${API}/courses/${code}/draft/modules/${q.id}/questions`,
      question('第1版の問題'),
    );
    return ok(editor, 'POST', `${API}/courses/${code}/publish`, undefined, 200);
  }

  async function assignByHand(employeeNo: string, courseCode: string) {
    return ok(admin, 'POST', `/api/v1/staff/${employeeNo}/enrollments`, {
      courseCode,
      fiscalYear: FY,
      dueDate: `${FY + 1}-03-31`,
    });
  }

  const moduleTitles = async (auth: Auth, code: string) => {
    const detail = await ok(auth, 'GET', `/api/v1/me/courses/${code}`);
    return (detail.modules as { title: string }[]).map((m) => m.title);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
    await createUser(t, { ...EDITOR, roles: ['content_admin'] });
    await createUser(t, { ...HR_ONLY, roles: ['hr'] });
    editor = await loginAs(t, EDITOR.loginId, EDITOR.password);
    const effectiveDate = `${FY}-04-01`;
    await importOk(t, 'org-units', admin, orgCsv(smallOrg(['10'])), { effectiveDate });
    await importOk(
      t,
      'staff',
      admin,
      staffCsv([
        person('400001', { assigned: effectiveDate }),
        person('400002', { assigned: effectiveDate }),
        person('400003', { assigned: effectiveDate, employment: '再任用職員' }),
      ]),
      { effectiveDate },
    );
    learner = await staffAuth(t, admin, '400001', LEARNER_PASSWORD);
  });
  afterAll(() => t?.close());

  describe('who may use it', () => {
    it('refuses anyone not logged in (401), a learner and an HR officer (403); lets a content admin and a sysadmin in', async () => {
      expectProblem(await t.request({ method: 'GET', url: `${API}/courses` }), 401);
      expectProblem(await call(learner, 'GET', `${API}/courses`), 403);
      expectProblem(await call(learner, 'POST', `${API}/tracks`, { code: 'X', name: 'X' }), 403);
      const hr = await loginAs(t, HR_ONLY.loginId, HR_ONLY.password);
      expectProblem(await call(hr, 'GET', `${API}/tracks`), 403);
      expect((await call(editor, 'GET', `${API}/courses`)).statusCode).toBe(200);
      expect((await call(admin, 'GET', `${API}/courses`)).statusCode).toBe(200);
    });
  });

  describe('tracks', () => {
    it('lists the default tracks, adds one (409 on a duplicate code) and edits it (404 for an unknown code)', async () => {
      const tracks = await ok(editor, 'GET', `${API}/tracks`);
      expect(tracks.map((tr: { code: string }) => tr.code)).toEqual([
        'KAISO',
        'DX-SPECIALIST',
        'DX-PROMOTER',
        'WORKPLACE-DX',
      ]);

      const created = await ok(editor, 'POST', `${API}/tracks`, {
        code: 'MGMT-DX',
        name: '管理職DX研修',
        description: '管理職向け',
      });
      expect(created).toMatchObject({ code: 'MGMT-DX', name: '管理職DX研修', sortOrder: 5, courseCount: 0 });
      const duplicate = expectProblem(
        await call(editor, 'POST', `${API}/tracks`, { code: 'MGMT-DX', name: '別名' }),
        409,
      );
      expect(duplicate.detail).toMatch(JAPANESE);

      const updated = await ok(editor, 'PUT', `${API}/tracks/MGMT-DX`, {
        name: '管理職向けDX研修',
        description: '改訂',
        sortOrder: 9,
      });
      expect(updated).toMatchObject({ name: '管理職向けDX研修', description: '改訂', sortOrder: 9 });
      expectProblem(await call(editor, 'PUT', `${API}/tracks/NOSUCH`, { name: 'x' }), 404);

      const invalid = expectProblem(
        await call(editor, 'POST', `${API}/tracks`, { code: 'ばつ', name: '' }),
        422,
      );
      expect((invalid.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['code', 'name']);
    });
  });

  describe('courses', () => {
    it('creates a course with nothing published yet; 409 on a duplicate code, 422 on an unknown track, 404 on an unknown course', async () => {
      const created = await createCourse('NEW-COURSE');
      expect(created).toMatchObject({
        code: 'NEW-COURSE',
        trackCode: 'KAISO',
        publishedVersion: 0,
        published: null,
        draft: { version: 1, modules: [] },
      });

      expectProblem(
        await call(editor, 'POST', `${API}/courses`, {
          code: 'NEW-COURSE',
          trackCode: 'KAISO',
          title: 'x',
          estimatedMinutes: 1,
        }),
        409,
      );
      const badTrack = expectProblem(
        await call(editor, 'POST', `${API}/courses`, {
          code: 'OTHER',
          trackCode: 'NOSUCH',
          title: 'x',
          estimatedMinutes: 1,
        }),
        422,
      );
      expect(badTrack.errors).toEqual([{ field: 'trackCode', message: expect.stringMatching(JAPANESE) }]);
      expectProblem(await call(editor, 'GET', `${API}/courses/NOSUCH`), 404);
      expectProblem(
        await call(editor, 'PUT', `${API}/courses/NOSUCH`, {
          trackCode: 'KAISO',
          title: 'x',
          estimatedMinutes: 1,
        }),
        404,
      );

      const updated = await ok(editor, 'PUT', `${API}/courses/NEW-COURSE`, {
        trackCode: 'WORKPLACE-DX',
        title: '改題した研修',
        description: '説明',
        estimatedMinutes: 45,
        dssCodes: ['role.designer', 'lit.why.society', 'lit.why.society'],
      });
      expect(updated).toMatchObject({
        trackCode: 'WORKPLACE-DX',
        title: '改題した研修',
        estimatedMinutes: 45,
        dssCodes: ['lit.why.society', 'role.designer'],
      });
      // Without dssCodes the mapping stays; an empty list clears it.
      const kept = await ok(editor, 'PUT', `${API}/courses/NEW-COURSE`, {
        trackCode: 'WORKPLACE-DX',
        title: '改題した研修',
        estimatedMinutes: 45,
      });
      expect(kept.dssCodes).toEqual(['lit.why.society', 'role.designer']);
      const badCodes = expectProblem(
        await call(editor, 'PUT', `${API}/courses/NEW-COURSE`, {
          trackCode: 'WORKPLACE-DX',
          title: '改題した研修',
          estimatedMinutes: 45,
          dssCodes: ['lit.why', 'lit.who', 'role.ceo'],
        }),
        422,
      );
      expect(badCodes.errors).toEqual([
        { field: 'dssCodes', message: expect.stringMatching(/「lit\.who」、「role\.ceo」/) },
      ]);
      expect((await ok(editor, 'GET', `${API}/courses/NEW-COURSE`)).dssCodes).toEqual([
        'lit.why.society',
        'role.designer',
      ]);
      const cleared = await ok(editor, 'PUT', `${API}/courses/NEW-COURSE`, {
        trackCode: 'WORKPLACE-DX',
        title: '改題した研修',
        estimatedMinutes: 45,
        dssCodes: [],
      });
      expect(cleared.dssCodes).toEqual([]);

      const list = await ok(editor, 'GET', `${API}/courses`);
      expect(list.find((c: { code: string }) => c.code === 'NEW-COURSE')).toMatchObject({
        trackName: '職場内DX研修',
        publishedVersion: 0,
        draftVersion: 1,
        moduleCount: 0,
      });
      expect(list.find((c: { code: string }) => c.code === 'KAISO-NEWHIRE')).toMatchObject({
        publishedVersion: 1,
        draftVersion: null,
      });
    });

    it('shows the editor view of a seeded course with the quiz answers', async () => {
      const course = await ok(editor, 'GET', `${API}/courses/KAISO-NEWHIRE`);
      expect(course.published.version).toBe(1);
      expect(course.dssCodes).toEqual([
        'lit.why.society',
        'lit.what.technology',
        'lit.how.usage',
        'lit.how.caution',
      ]);
      const quizModule = course.published.modules.find((m: { kind: string }) => m.kind === 'quiz');
      expect(quizModule.questions.length).toBeGreaterThan(0);
      expect(quizModule.questions[0].choices.some((c: { correct: boolean }) => c.correct)).toBe(true);
      expect(course.draft).toBeNull();
    });
  });

  describe('draft, questions and publishing', () => {
    it('builds a draft with a lesson and a quiz, refuses to publish an empty quiz, then publishes version 1', async () => {
      await createCourse('FLOW');
      expectProblem(await call(editor, 'POST', `${API}/courses/FLOW/publish`), 422);

      const lessonModule = await ok(editor, 'POST', `${API}/courses/FLOW/draft/modules`, lesson('はじめに'));
      expect(lessonModule).toMatchObject({ kind: 'lesson', position: 1, title: 'はじめに' });
      const quizModule = await ok(editor, 'POST', `${API}/courses/FLOW/draft/modules`, quiz('確認テスト'));
      expect(quizModule).toMatchObject({ kind: 'quiz', position: 2, questions: [] });

      const refused = expectProblem(await call(editor, 'POST', `${API}/courses/FLOW/publish`), 422);
      expect(refused.errors).toEqual([
        { field: 'draft.modules.1', message: expect.stringContaining('問題がありません') },
      ]);

      const added = await ok(
        editor,
        'POST',
        `${API}/courses/FLOW/draft/modules/${quizModule.id}/questions`,
        question('DXの目的は？'),
      );
      expect(added).toMatchObject({
        position: 1,
        choices: [
          { id: 1, correct: true },
          { id: 2, correct: false },
        ],
      });
      const edited = await ok(
        editor,
        'PUT',
        `${API}/courses/FLOW/draft/modules/${quizModule.id}/questions/${added.id}`,
        {
          ...question('県庁DXの目的として正しいものは？', 'multiple'),
          choices: [
            { text: 'A', correct: true },
            { text: 'B', correct: true },
            { text: 'C', correct: false },
          ],
        },
      );
      expect(edited).toMatchObject({ kind: 'multiple', text: '県庁DXの目的として正しいものは？' });
      expect(edited.choices).toHaveLength(3);

      const before = await ok(editor, 'GET', `${API}/courses/FLOW`);
      expect(before).toMatchObject({ publishedVersion: 0, published: null, draft: { version: 1 } });

      const published = await ok(editor, 'POST', `${API}/courses/FLOW/publish`, undefined, 200);
      expect(published.publishedVersion).toBe(1);
      expect(published.published.modules.map((m: { title: string }) => m.title)).toEqual([
        'はじめに',
        '確認テスト',
      ]);
      expect(published.draft).toBeNull();

      const [audit] = await t.db.query(
        `SELECT detail FROM audit_log WHERE action = 'course.published' AND target = 'FLOW'`,
      );
      expect(audit.detail).toMatchObject({ from: 0, to: 1 });
    });

    it("keeps a new course's draft while it is empty: starting it again, removing its last module, then publishing it", async () => {
      await createCourse('EMPTY-START');
      // The editor's 「下書きを作成して編集」 on a course that has nothing to copy yet.
      const started = await ok(editor, 'POST', `${API}/courses/EMPTY-START/draft`, undefined, 200);
      expect(started.draft).toEqual({ version: 1, modules: [] });
      expect(await ok(editor, 'GET', `${API}/courses/EMPTY-START`)).toMatchObject({
        draft: { version: 1, modules: [] },
      });

      const only = await ok(editor, 'POST', `${API}/courses/EMPTY-START/draft/modules`, lesson('唯一の講義'));
      await ok(editor, 'DELETE', `${API}/courses/EMPTY-START/draft/modules/${only.id}`, undefined, 204);
      const emptied = await ok(editor, 'GET', `${API}/courses/EMPTY-START`);
      expect(emptied.draft).toEqual({ version: 1, modules: [] });
      const refused = expectProblem(await call(editor, 'POST', `${API}/courses/EMPTY-START/publish`), 422);
      expect(refused.errors).toEqual([{ field: 'draft', message: expect.stringMatching(JAPANESE) }]);

      await ok(editor, 'POST', `${API}/courses/EMPTY-START/draft/modules`, lesson('改めて追加した講義'));
      const published = await ok(editor, 'POST', `${API}/courses/EMPTY-START/publish`, undefined, 200);
      expect(published).toMatchObject({ publishedVersion: 1, draft: null });

      // After publishing there is no draft until one is started; starting it copies version 1.
      expectProblem(await call(editor, 'DELETE', `${API}/courses/EMPTY-START/draft`), 404);
      const second = await ok(editor, 'POST', `${API}/courses/EMPTY-START/draft`, undefined, 200);
      expect(second.draft.version).toBe(2);
      expect(second.draft.modules.map((m: { title: string }) => m.title)).toEqual(['改めて追加した講義']);
      const list = await ok(editor, 'GET', `${API}/courses`);
      expect(list.find((c: { code: string }) => c.code === 'EMPTY-START')).toMatchObject({
        publishedVersion: 1,
        draftVersion: 2,
        moduleCount: 1,
        draftModuleCount: 1,
      });
    });

    it('rejects a single-choice question with two correct answers, naming the field', async () => {
      await createCourse('QUESTIONS');
      const quizModule = await ok(editor, 'POST', `${API}/courses/QUESTIONS/draft/modules`, quiz('テスト'));
      const url = `${API}/courses/QUESTIONS/draft/modules/${quizModule.id}/questions`;

      const twoCorrect = expectProblem(
        await call(editor, 'POST', url, {
          ...question('1つ選ぶ問題'),
          choices: [
            { text: 'A', correct: true },
            { text: 'B', correct: true },
          ],
        }),
        422,
      );
      expect(twoCorrect.errors).toEqual([
        { field: 'choices', message: '1つ選ぶ形式の問題では、正解は1つだけにしてください。' },
      ]);

      const noCorrect = expectProblem(
        await call(editor, 'POST', url, {
          ...question('正解なし'),
          choices: [
            { text: 'A', correct: false },
            { text: 'B', correct: false },
          ],
        }),
        422,
      );
      expect(noCorrect.errors).toEqual([
        { field: 'choices', message: '正解の選択肢を1つ以上選んでください。' },
      ]);

      const oneChoice = expectProblem(
        await call(editor, 'POST', url, {
          ...question('選択肢1つ'),
          choices: [{ text: 'A', correct: true }],
        }),
        422,
      );
      expect(oneChoice.errors).toEqual([{ field: 'choices', message: '選択肢は2つ以上にしてください。' }]);

      const emptyChoice = expectProblem(
        await call(editor, 'POST', url, {
          ...question('空の選択肢'),
          choices: [
            { text: ' ', correct: true },
            { text: 'B', correct: false },
          ],
        }),
        422,
      );
      expect(emptyChoice.errors).toEqual([
        { field: 'choices.0.text', message: '選択肢の文を入力してください。' },
      ]);

      // Questions belong to quizzes only.
      const lessonModule = await ok(editor, 'POST', `${API}/courses/QUESTIONS/draft/modules`, lesson('講義'));
      expectProblem(
        await call(
          editor,
          'POST',
          `${API}/courses/QUESTIONS/draft/modules/${lessonModule.id}/questions`,
          question('x'),
        ),
        404,
      );
    });

    it('validates the content of each kind of module, with Japanese messages naming the field', async () => {
      await createCourse('CONTENT');
      const url = `${API}/courses/CONTENT/draft/modules`;
      const fieldsOf = async (body: unknown) => {
        const problem = expectProblem(await call(editor, 'POST', url, body), 422);
        const errors = problem.errors as { field: string; message: string }[];
        for (const error of errors) expect(error.message).toMatch(JAPANESE);
        return errors.map((e) => e.field).sort();
      };

      expect(
        await fieldsOf({ ...lesson('x'), content: { markdown: 'x', videoUrl: 'http://example.jp/v.mp4' } }),
      ).toEqual(['content.videoUrl']);
      expect(await fieldsOf({ ...lesson('x'), content: { markdown: 'あ'.repeat(20_001) } })).toEqual([
        'content.markdown',
      ]);
      expect(await fieldsOf({ ...lesson('x'), content: { markdown: 'x', script: '<script>' } })).toEqual([
        'content.script',
      ]);
      expect(
        await fieldsOf({ ...quiz('x'), content: { passMark: 101, attemptLimit: 0, drawCount: 0 } }),
      ).toEqual(['content.attemptLimit', 'content.drawCount', 'content.passMark']);
      expect(
        await fieldsOf({
          kind: 'external',
          title: 'x',
          required: true,
          content: { provider: 'udemy_business', url: 'ftp://x' },
        }),
      ).toEqual(['content.url']);
      expect(
        await fieldsOf({
          kind: 'live',
          title: 'x',
          required: true,
          content: {
            format: '集合研修',
            startsAt: '2026-06-01T13:00:00+09:00',
            endsAt: '2026-06-01T12:00:00+09:00',
            capacity: 0,
          },
        }),
      ).toEqual(['content.capacity', 'content.endsAt']);
      expect(
        await fieldsOf({
          kind: 'assignment',
          title: 'x',
          required: true,
          content: {
            instructions: '提出してください',
            allowFile: true,
            allowedExtensions: ['pdf'],
            maxFileBytes: 20 * 1024 * 1024 + 1,
          },
        }),
      ).toEqual(['content.maxFileBytes']);
      expect(await fieldsOf({ kind: 'video', title: 'x', required: true, content: {} })).toEqual(['kind']);
      expect(await fieldsOf({ kind: 'lesson', title: '', required: true })).toEqual(['content', 'title']);

      const live = await ok(editor, 'POST', url, {
        kind: 'live',
        title: '集合研修',
        required: false,
        content: {
          format: 'Web会議',
          startsAt: '2026-06-01T13:00:00+09:00',
          endsAt: '2026-06-01T16:00:00+09:00',
          meetingUrl: 'https://meet.example.lg.jp/room',
          capacity: 30,
          place: '',
        },
      });
      expect(live.content).toEqual({
        format: 'Web会議',
        startsAt: '2026-06-01T13:00:00+09:00',
        endsAt: '2026-06-01T16:00:00+09:00',
        meetingUrl: 'https://meet.example.lg.jp/room',
        capacity: 30,
      });
      // The kind of a module stays what it is.
      const changed = expectProblem(await call(editor, 'PUT', `${url}/${live.id}`, lesson('講義')), 422);
      expect(changed.errors).toEqual([{ field: 'kind', message: expect.stringMatching(JAPANESE) }]);
    });

    it('reorders, edits and deletes draft modules; refuses an order that does not name each module once', async () => {
      await createCourse('ORDER');
      const base = `${API}/courses/ORDER/draft`;
      const a = await ok(editor, 'POST', `${base}/modules`, lesson('A'));
      const b = await ok(editor, 'POST', `${base}/modules`, lesson('B'));
      const c = await ok(editor, 'POST', `${base}/modules`, lesson('C'));

      const reordered = await ok(editor, 'PUT', `${base}/order`, { moduleIds: [c.id, a.id, b.id] });
      expect(
        reordered.modules.map((m: { title: string; position: number }) => `${m.position}${m.title}`),
      ).toEqual(['1C', '2A', '3B']);
      expectProblem(await call(editor, 'PUT', `${base}/order`, { moduleIds: [a.id, b.id] }), 422);
      expectProblem(
        await call(editor, 'PUT', `${base}/order`, { moduleIds: [a.id, b.id, c.id, 999999] }),
        422,
      );

      const edited = await ok(editor, 'PUT', `${base}/modules/${a.id}`, {
        ...lesson('A（改訂）'),
        required: false,
      });
      expect(edited).toMatchObject({ title: 'A（改訂）', required: false, position: 2 });

      await ok(editor, 'DELETE', `${base}/modules/${c.id}`, undefined, 204);
      const course = await ok(editor, 'GET', `${API}/courses/ORDER`);
      expect(
        course.draft.modules.map((m: { title: string; position: number }) => `${m.position}${m.title}`),
      ).toEqual(['1A（改訂）', '2B']);
      expectProblem(await call(editor, 'DELETE', `${base}/modules/${c.id}`), 404);
      expectProblem(await call(editor, 'PUT', `${base}/modules/abc`, lesson('x')), 404);
    });
  });

  describe('versions: nobody already assigned sees the course change', () => {
    it('keeps a learner assigned before a publish on the old version; a new assignment gets the new one', async () => {
      const v1 = await publishedCourse('VERSIONED');
      expect(v1.publishedVersion).toBe(1);
      const [v1Lesson, v1Quiz] = v1.published.modules;

      await assignByHand('400001', 'VERSIONED');
      expect(await moduleTitles(learner, 'VERSIONED')).toEqual(['第1版の講義', '第1版の確認テスト']);

      // The published version is read-only, even through the draft routes.
      const readOnly = expectProblem(
        await call(editor, 'PUT', `${API}/courses/VERSIONED/draft/modules/${v1Lesson.id}`, lesson('改ざん')),
        409,
      );
      expect(readOnly.detail).toMatch(JAPANESE);
      expectProblem(await call(editor, 'DELETE', `${API}/courses/VERSIONED/draft/modules/${v1Quiz.id}`), 409);
      expectProblem(
        await call(
          editor,
          'PUT',
          `${API}/courses/VERSIONED/draft/modules/${v1Quiz.id}/questions/${v1Quiz.questions[0].id}`,
          question('改ざん'),
        ),
        409,
      );

      // The first edit copies the published version into a draft (version 2), questions included.
      const draft = await ok(editor, 'POST', `${API}/courses/VERSIONED/draft`, undefined, 200);
      expect(draft.draft.version).toBe(2);
      expect(draft.draft.modules.map((m: { title: string }) => m.title)).toEqual([
        '第1版の講義',
        '第1版の確認テスト',
      ]);
      const [draftLesson, draftQuiz] = draft.draft.modules;
      expect(draftLesson.id).not.toBe(v1Lesson.id);
      expect(draftQuiz.questions.map((q: { text: string }) => q.text)).toEqual(['第1版の問題']);
      // Asking again changes nothing.
      const again = await ok(editor, 'POST', `${API}/courses/VERSIONED/draft`, undefined, 200);
      expect(again.draft.modules.map((m: { id: number }) => m.id)).toEqual([draftLesson.id, draftQuiz.id]);

      await ok(
        editor,
        'PUT',
        `${API}/courses/VERSIONED/draft/modules/${draftLesson.id}`,
        lesson('第2版の講義'),
      );
      await ok(editor, 'POST', `${API}/courses/VERSIONED/draft/modules`, lesson('第2版で追加した講義'));
      await ok(
        editor,
        'PUT',
        `${API}/courses/VERSIONED/draft/modules/${draftQuiz.id}/questions/${draftQuiz.questions[0].id}`,
        question('第2版の問題'),
      );

      const listed = (await ok(editor, 'GET', `${API}/courses`)).find(
        (c: { code: string }) => c.code === 'VERSIONED',
      );
      expect(listed).toMatchObject({
        publishedVersion: 1,
        draftVersion: 2,
        moduleCount: 2,
        draftModuleCount: 3,
      });
      // Until the publish, everyone (old and new) gets version 1.
      expect(await moduleTitles(learner, 'VERSIONED')).toEqual(['第1版の講義', '第1版の確認テスト']);

      const v2 = await ok(editor, 'POST', `${API}/courses/VERSIONED/publish`, undefined, 200);
      expect(v2.publishedVersion).toBe(2);

      expect(await moduleTitles(learner, 'VERSIONED')).toEqual(['第1版の講義', '第1版の確認テスト']);
      const [v1Question] = await t.db.query(`SELECT text FROM quiz_question WHERE module_id = $1`, [
        v1Quiz.id,
      ]);
      expect(v1Question.text).toBe('第1版の問題');

      await assignByHand('400002', 'VERSIONED');
      const newcomer = await staffAuth(t, admin, '400002', LEARNER_PASSWORD);
      expect(await moduleTitles(newcomer, 'VERSIONED')).toEqual([
        '第2版の講義',
        '第1版の確認テスト',
        '第2版で追加した講義',
      ]);
      const versions = await t.db.query(
        `SELECT s.employee_no, e.course_version FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id
          WHERE c.code = 'VERSIONED' ORDER BY s.employee_no`,
      );
      expect(versions).toEqual([
        { employee_no: '400001', course_version: 1 },
        { employee_no: '400002', course_version: 2 },
      ]);
    });

    it('discards a draft without touching the published version', async () => {
      await publishedCourse('DISCARD');
      await ok(editor, 'POST', `${API}/courses/DISCARD/draft/modules`, lesson('捨てる講義'));
      await ok(editor, 'DELETE', `${API}/courses/DISCARD/draft`, undefined, 204);
      const course = await ok(editor, 'GET', `${API}/courses/DISCARD`);
      expect(course).toMatchObject({ publishedVersion: 1, draft: null });
      expect(course.published.modules).toHaveLength(2);
      expectProblem(await call(editor, 'DELETE', `${API}/courses/DISCARD/draft`), 404);
    });
  });

  describe('assignment rules', () => {
    it('replaces the rules and assigns whoever they now name at once, in the current fiscal year', async () => {
      await publishedCourse('RULED');
      expect(await ok(editor, 'GET', `${API}/courses/RULED/rules`)).toEqual([]);

      const rule = {
        trigger: { kind: 'all_active' },
        due: { kind: 'fixed_date', month: 3, day: 31 },
        employmentTypes: ['再任用職員'],
        active: true,
      };
      const saved = await ok(editor, 'PUT', `${API}/courses/RULED/rules`, { rules: [rule] });
      expect(saved).toMatchObject({
        fiscalYear: FY,
        assigned: 1,
        rules: [{ ...rule, id: expect.any(Number) }],
      });

      const [enrollment] = await t.db.query(
        `SELECT s.employee_no, e.due_date::text AS due, e.source, e.rule_id, e.course_version
           FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course c ON c.id = e.course_id WHERE c.code = 'RULED'`,
      );
      expect(enrollment).toEqual({
        employee_no: '400003',
        due: `${FY + 1}-03-31`,
        source: 'rule',
        rule_id: saved.rules[0].id,
        course_version: 1,
      });

      // Widening the rule (same id) assigns the others; sending it again assigns nobody twice.
      const widened = await ok(editor, 'PUT', `${API}/courses/RULED/rules`, {
        rules: [
          {
            ...rule,
            id: saved.rules[0].id,
            employmentTypes: [],
            due: { kind: 'days_after_trigger', days: 30 },
          },
        ],
      });
      expect(widened.assigned).toBe(2);
      expect(widened.rules[0].id).toBe(saved.rules[0].id);
      expect((await ok(editor, 'PUT', `${API}/courses/RULED/rules`, { rules: widened.rules })).assigned).toBe(
        0,
      );

      // Removing the rule unassigns nobody.
      const removed = await ok(editor, 'PUT', `${API}/courses/RULED/rules`, { rules: [] });
      expect(removed).toMatchObject({ rules: [], assigned: 0 });
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM enrollment e JOIN course c ON c.id = e.course_id WHERE c.code = 'RULED'`,
      );
      expect(count).toBe(3);
    });

    it('validates each rule against the trigger and due-date kinds', async () => {
      const fieldsOf = async (code: string, rules: unknown[]) => {
        const problem = expectProblem(
          await call(editor, 'PUT', `${API}/courses/${code}/rules`, { rules }),
          422,
        );
        const errors = problem.errors as { field: string; message: string }[];
        for (const error of errors) expect(error.message).toMatch(JAPANESE);
        return errors.map((e) => e.field).sort();
      };
      const base = {
        trigger: { kind: 'all_active' },
        due: { kind: 'fixed_date', month: 3, day: 31 },
        employmentTypes: [],
        active: true,
      };
      expect(await fieldsOf('RULED', [{ ...base, trigger: { kind: 'everyone' } }])).toEqual([
        'rules.0.trigger.kind',
      ]);
      expect(
        await fieldsOf('RULED', [{ ...base, trigger: { kind: 'reached_level_in_fiscal_year' } }]),
      ).toEqual(['rules.0.trigger.level']);
      expect(
        await fieldsOf('RULED', [{ ...base, trigger: { kind: 'position_levels', levels: [] } }]),
      ).toEqual(['rules.0.trigger.levels']);
      expect(await fieldsOf('RULED', [{ ...base, due: { kind: 'fixed_date', month: 2, day: 30 } }])).toEqual([
        'rules.0.due.day',
      ]);
      expect(await fieldsOf('RULED', [{ ...base, due: { kind: 'days_after_trigger' } }])).toEqual([
        'rules.0.due.days',
      ]);
      expect(await fieldsOf('RULED', [{ ...base, employmentTypes: ['アルバイト'] }])).toEqual([
        'rules.0.employmentTypes',
      ]);
      expect(await fieldsOf('RULED', [{ ...base, id: 999999 }])).toEqual(['rules.0.id']);
      expectProblem(await call(editor, 'PUT', `${API}/courses/NOSUCH/rules`, { rules: [] }), 404);

      // A course never published cannot have an active rule (it would assign an empty course).
      await createCourse('UNPUBLISHED');
      expect(await fieldsOf('UNPUBLISHED', [base])).toEqual(['rules.0.active']);
      expect(
        (await ok(editor, 'PUT', `${API}/courses/UNPUBLISHED/rules`, { rules: [{ ...base, active: false }] }))
          .assigned,
      ).toBe(0);
    });
  });
});
