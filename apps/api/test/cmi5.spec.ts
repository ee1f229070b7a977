import { fiscalYearOf } from '@dx/domain';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminAuth,
  Auth,
  createTenant,
  createUser,
  expectProblem,
  importOk,
  loginAs,
  orgCsv,
  person,
  smallOrg,
  staffAuth,
  staffCsv,
  todayInTokyoForTests,
} from './support/factories';
import { CMI5_AU_ID, CMI5_COURSE_ID, cmi5Package, cmi5Xml } from './support/cmi5-package';
import { zipOf } from './support/scorm-packages';
import { createTestApp, multipartFile, TestApp } from './support/test-app';
import { asSystem } from '../src/database/tenant-context';
import { ContentServer } from '../src/packages/content-server';
import { Cmi5AbandonJob } from '../src/xapi/cmi5-abandon-job';

const FY = fiscalYearOf(todayInTokyoForTests());
const API = '/api/v1/catalogue';
const V = { 'x-experience-api-version': '1.0.3' };
const EDITOR = { loginId: 'cmi5-editor', password: 'cmi5-editor-password' };
const PASSWORD = 'learner-password-123';
const [LEARNER, OTHER, RACER, OUTSIDER] = ['510001', '510002', '510003', '510004'];
const VERB = {
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  experienced: 'http://adlnet.gov/expapi/verbs/experienced',
};
const EXT = 'https://w3id.org/xapi/cmi5/context/extensions/';
const MOVEON_CATEGORY = { id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' };

/** What the AU learns from its launch URL and the fetch URL. */
interface AuSession {
  auth: Record<string, string>;
  actor: Record<string, unknown>;
  registration: string;
  activityId: string;
  launchData: { contextTemplate: Record<string, unknown>; [key: string]: unknown };
  fetchPath: string;
  url: URL;
}

describe('cmi5 packages', () => {
  let t: TestApp;
  let admin: Auth;
  let editor: Auth;
  const learners: Record<string, Auth> = {};
  const dataDir = join(tmpdir(), `dx-cmi5-${randomBytes(6).toString('hex')}`);

  const ok = async (auth: Auth, method: 'GET' | 'POST', url: string, payload?: unknown, status = 200) => {
    const response = await t.request({
      method,
      url,
      headers: auth,
      ...(payload ? { payload: payload as object } : {}),
    });
    expect({ status: response.statusCode, body: response.body.slice(0, 1500) }).toMatchObject({ status });
    return response.body ? response.json() : undefined;
  };
  const upload = (zip: Buffer) => {
    const { payload, headers } = multipartFile(zip, 'cmi5.zip');
    return t.request({ method: 'POST', url: `${API}/packages`, payload, headers: { ...headers, ...editor } });
  };
  const uploaded = async (zip: Buffer) => {
    const response = await upload(zip);
    expect({ status: response.statusCode, body: response.body.slice(0, 800) }).toMatchObject({ status: 201 });
    return response.json();
  };
  const course = async (code: string, zip: Buffer, assign: string[]) => {
    const view = await uploaded(zip);
    await ok(
      editor,
      'POST',
      `${API}/courses`,
      {
        code,
        trackCode: 'KAISO',
        title: `研修 ${code}`,
        description: 'cmi5教材の研修です。',
        estimatedMinutes: 30,
        dssCodes: ['lit.what'],
      },
      201,
    );
    const module = await ok(
      editor,
      'POST',
      `${API}/courses/${code}/draft/modules`,
      {
        kind: 'package',
        title: '教材',
        required: true,
        content: { packageId: view.id },
      },
      201,
    );
    await ok(editor, 'POST', `${API}/courses/${code}/publish`);
    for (const no of assign) {
      await ok(
        admin,
        'POST',
        `/api/v1/staff/${no}/enrollments`,
        {
          courseCode: code,
          fiscalYear: FY,
          dueDate: `${FY + 1}-03-31`,
        },
        201,
      );
    }
    return module.id as number;
  };
  const launch = (auth: Auth, code: string, moduleId: number, au?: string) =>
    t.request({
      method: 'POST',
      url: `/api/v1/me/courses/${code}/modules/${moduleId}/package-launch?fiscalYear=${FY}${au ? `&sco=${encodeURIComponent(au)}` : ''}`,
      headers: auth,
    });
  const lrs = (
    session: Pick<AuSession, 'auth'>,
    method: 'GET' | 'PUT' | 'POST',
    resource: string,
    query?: Record<string, string>,
    payload?: unknown,
  ) =>
    t.request({
      method,
      url: `/api/v1/xapi/${resource}${query ? `?${new URLSearchParams(query)}` : ''}`,
      headers: { ...session.auth, ...V },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const stateQuery = (s: AuSession, stateId: string, registration = s.registration) => ({
    activityId: s.activityId,
    agent: JSON.stringify(s.actor),
    registration,
    stateId,
  });
  /** Launches the AU and does what its page does first: fetch the token and read LMS.LaunchData. */
  const start = async (auth: Auth, code: string, moduleId: number, au?: string): Promise<AuSession> => {
    const answer = await launch(auth, code, moduleId, au);
    expect({ status: answer.statusCode, body: answer.body.slice(0, 500) }).toMatchObject({ status: 200 });
    const url = new URL(answer.json().url);
    const fetchPath = new URL(url.searchParams.get('fetch') ?? '').pathname;
    const fetched = await t.request({ method: 'POST', url: fetchPath });
    expect(fetched.statusCode).toBe(200);
    const token = fetched.json()['auth-token'] as string;
    expect(token).toEqual(expect.any(String));
    const session = {
      auth: { authorization: `Basic ${token}` },
      actor: JSON.parse(url.searchParams.get('actor') ?? ''),
      registration: url.searchParams.get('registration') ?? '',
      activityId: url.searchParams.get('activityId') ?? '',
      fetchPath,
      url,
      launchData: { contextTemplate: {} },
    };
    const data = await lrs(session, 'GET', 'activities/state', stateQuery(session, 'LMS.LaunchData'));
    expect(data.statusCode).toBe(200);
    return { ...session, launchData: data.json() };
  };
  const statement = (s: AuSession, verb: string, extra: Record<string, unknown> = {}, moveOn = false) => {
    const context = JSON.parse(JSON.stringify(s.launchData.contextTemplate));
    if (moveOn) context.contextActivities.category.push(MOVEON_CATEGORY);
    return {
      id: randomUUID(),
      actor: s.actor,
      verb: { id: verb },
      object: { objectType: 'Activity', id: s.activityId },
      context: { ...context, registration: s.registration },
      ...extra,
    };
  };
  const send = (s: AuSession, body: unknown) => lrs(s, 'POST', 'statements', undefined, body);
  const passed = (s: AuSession, scaled = 0.9) =>
    statement(s, VERB.passed, { result: { success: true, score: { scaled } } }, true);
  const completed = (s: AuSession) => statement(s, VERB.completed, { result: { completion: true } }, true);
  const enrollmentStatus = async (auth: Auth, code: string) =>
    (await ok(auth, 'GET', `/api/v1/me/courses/${code}?fiscalYear=${FY}`)).enrollment.status as string;
  const satisfiedCount = (registration: string) =>
    t.db
      .query(`SELECT count(*)::int AS n FROM xapi_statement WHERE registration = $1 AND verb_id = $2`, [
        registration,
        VERB.satisfied,
      ])
      .then((rows) => rows[0].n as number);

  /** The statements of a registration with one verb, as the LRS stores them (the LMS's own included). */
  const statementsOf = (registration: string, verb: string) =>
    t.db
      .query(
        `SELECT statement FROM xapi_statement WHERE registration = $1 AND verb_id = $2 ORDER BY stored, id`,
        [registration, verb],
      )
      .then((rows: { statement: Record<string, unknown> }[]) => rows.map((r) => r.statement));
  const judge = (s: AuSession, verb: 'passed' | 'failed', scaled: number) =>
    statement(s, VERB[verb], { result: { success: verb === 'passed', score: { scaled } } }, true);

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, CONTENT_PORT: '0' });
    admin = await adminAuth(t);
    await createUser(t, { ...EDITOR, roles: ['content_admin'] });
    editor = await loginAs(t, EDITOR.loginId, EDITOR.password);
    const effectiveDate = `${FY}-04-01`;
    await importOk(t, 'org-units', admin, orgCsv(smallOrg(['10'])), { effectiveDate });
    await importOk(
      t,
      'staff',
      admin,
      staffCsv(
        [LEARNER, OTHER, RACER, OUTSIDER].map((no) =>
          person(no, { assigned: effectiveDate, hired: '2010-04-01' }),
        ),
      ),
      { effectiveDate },
    );
    for (const no of [LEARNER, OTHER, RACER, OUTSIDER])
      learners[no] = await staffAuth(t, admin, no, PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it('reads cmi5.xml: the course title and id, each AU with its url, moveOn, mastery score and parameters', async () => {
      const view = await uploaded(
        await cmi5Package([
          {},
          {
            title: '外部の教材',
            url: 'https://lms.example.jp/au?x=1',
            moveOn: 'Completed',
            masteryScore: null,
          },
        ]),
      );
      expect(view).toMatchObject({
        title: 'ハラスメント防止研修 2026',
        standard: 'cmi5',
        version: '1.0',
        courseId: CMI5_COURSE_ID,
        fileCount: 3,
        scos: [
          {
            id: CMI5_AU_ID,
            title: 'ハラスメントとは',
            launch: 'index.html',
            masteryScore: 0.8,
            moveOn: 'CompletedAndPassed',
            launchMethod: 'AnyWindow',
            launchParameters: 'lang=ja',
          },
          {
            title: '外部の教材',
            launch: 'https://lms.example.jp/au?x=1',
            moveOn: 'Completed',
            masteryScore: null,
          },
        ],
      });
    });

    it.each([
      ['no manifest at all', () => zipOf({ 'index.html': '<html></html>' }), 'invalid-manifest', 'cmi5.xml'],
      [
        'cmi5.xml that is not XML',
        () => zipOf({ 'cmi5.xml': '<courseStructure><course', 'index.html': 'x' }),
        'invalid-manifest',
        '正しいXML',
      ],
      [
        'no course element',
        () => zipOf({ 'cmi5.xml': '<courseStructure></courseStructure>' }),
        'invalid-manifest',
        'course',
      ],
      [
        'a moveOn cmi5 does not define',
        () => cmi5Package([{ moveOn: 'Whenever' }]),
        'invalid-manifest',
        'moveOn',
      ],
      [
        'a mastery score above 1',
        () => cmi5Package([{ masteryScore: 80 }]),
        'invalid-manifest',
        'masteryScore',
      ],
      [
        'the AU launch file missing',
        () => cmi5Package([{ url: 'lesson/start.html?p=1' }]),
        'launch-file-missing',
        'lesson/start.html',
      ],
    ])('refuses %s in Japanese', async (_name, build, slug, words) => {
      const problem = expectProblem(await upload(await build()), 422);
      expect(problem['type']).toContain(slug);
      expect(problem['detail']).toContain(words);
    });

    it('keeps cmi5.xml at the root only', async () => {
      const nested = await zipOf({ 'course/cmi5.xml': cmi5Xml(), 'course/index.html': 'x' });
      expect(expectProblem(await upload(nested), 422)['detail']).toContain('最上位');
    });
  });

  describe('launch, fetch and the token', () => {
    let moduleId = 0;
    beforeAll(async () => {
      moduleId = await course('CMI5-1', await cmi5Package(), [LEARNER, OTHER]);
    });

    it('launches with endpoint, fetch, actor, registration and activityId; writes LMS.LaunchData and launched', async () => {
      const s = await start(learners[LEARNER], 'CMI5-1', moduleId);
      expect(s.url.pathname).toMatch(/^\/p\/[^/]+\/s\/0\/index\.html$/);
      expect(s.url.searchParams.get('endpoint')).toMatch(/^http:\/\/[^/]+\/api\/v1\/xapi\/$/);
      expect(s.actor).toEqual({
        objectType: 'Agent',
        account: { homePage: t.config.PUBLIC_URL, name: LEARNER },
      });
      expect(s.registration).toMatch(/^[0-9a-f-]{36}$/);
      // The LMS's own activity id for the AU (cmi5 8.1: never the publisher's id, which goes into grouping).
      expect(s.activityId).toMatch(/^http:\/\/[^/]+\/xapi\/cmi5\/packages\/\d+\/au\/[0-9a-f]{40}$/);
      expect(s.activityId).not.toBe(CMI5_AU_ID);
      expect(s.launchData).toMatchObject({
        launchMode: 'Normal',
        moveOn: 'CompletedAndPassed',
        masteryScore: 0.8,
        launchParameters: 'lang=ja',
        // In the course page's frame the AU's exit goes to the content origin's return page (it closes the player).
        returnURL: expect.stringMatching(/^http:\/\/localhost:\d+\/p\/[^/]+\/__dx\/return$/),
        contextTemplate: {
          contextActivities: {
            grouping: [{ id: CMI5_AU_ID }],
            category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }],
          },
          extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': expect.any(String) },
        },
      });
      const launched = await lrs(s, 'GET', 'statements', {
        registration: s.registration,
        verb: VERB.launched,
      });
      expect(launched.statusCode).toBe(200);
      expect(launched.json().statements).toHaveLength(1);
      expect(launched.json().statements[0].object.id).toBe(s.activityId);
      expect(launched.json().statements[0].context.extensions).toMatchObject({
        'https://w3id.org/xapi/cmi5/context/extensions/launchmode': 'Normal',
        'https://w3id.org/xapi/cmi5/context/extensions/moveon': 'CompletedAndPassed',
        'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': 0.8,
        'https://w3id.org/xapi/cmi5/context/extensions/launchparameters': 'lang=ja',
        'https://w3id.org/xapi/cmi5/context/extensions/launchurl':
          expect.stringMatching(/\/s\/0\/index\.html$/),
      });
    });

    it('gives the auth token once: a second POST of the fetch URL is cmi5 error 1', async () => {
      const s = await start(learners[LEARNER], 'CMI5-1', moduleId);
      const again = await t.request({ method: 'POST', url: s.fetchPath });
      expect(again.json()).toEqual({
        'error-code': '1',
        'error-text': expect.stringMatching(/すでに使われました/),
      });
      const forged = await t.request({ method: 'POST', url: s.fetchPath.replace(/[^/]+$/, 'x'.repeat(43)) });
      expect(forged.json()['error-code']).toBe('2');
      expect(again.headers['access-control-allow-origin']).toBe('*');
    });

    it('reuses the registration on the next launch of an unfinished attempt: the AU finds its bookmark', async () => {
      const first = await start(learners[LEARNER], 'CMI5-1', moduleId);
      expect((await send(first, statement(first, VERB.initialized))).statusCode).toBe(200);
      const detail = await ok(learners[LEARNER], 'GET', `/api/v1/me/courses/CMI5-1?fiscalYear=${FY}`);
      expect(detail.modules[0].package.scos[0]).toMatchObject({ status: 'incomplete', done: false });
      const put = await lrs(first, 'PUT', 'activities/state', stateQuery(first, 'bookmark'), { page: 2 });
      expect(put.statusCode).toBe(204);
      const second = await start(learners[LEARNER], 'CMI5-1', moduleId);
      expect(second.registration).toBe(first.registration);
      const bookmark = await lrs(second, 'GET', 'activities/state', stateQuery(second, 'bookmark'));
      expect(bookmark.json()).toEqual({ page: 2 });
      // The new launch abandoned the old session (it records no more statements), but its token still reads the
      // learner's state until it expires; the new one too.
      expect((await lrs(first, 'GET', 'activities/state', stateQuery(first, 'bookmark'))).statusCode).toBe(
        200,
      );
    });

    it("scopes the token to its learner and registration: another learner's registration, actor or the LMS's document is 403", async () => {
      const mine = await start(learners[LEARNER], 'CMI5-1', moduleId);
      const theirs = await start(learners[OTHER], 'CMI5-1', moduleId);
      expect(theirs.registration).not.toBe(mine.registration);
      // Another learner's state, with their agent and registration.
      expectProblem(await lrs(mine, 'GET', 'activities/state', stateQuery(theirs, 'LMS.LaunchData')), 403);
      // Own agent, their registration.
      expectProblem(
        await lrs(mine, 'GET', 'activities/state', stateQuery(mine, 'bookmark', theirs.registration)),
        403,
      );
      expectProblem(await lrs(mine, 'GET', 'statements', { registration: theirs.registration }), 403);
      expectProblem(await lrs(mine, 'GET', 'statements', {}), 403);
      expectProblem(await send(mine, { ...statement(mine, VERB.initialized), actor: theirs.actor }), 403);
      expectProblem(
        await send(mine, {
          ...statement(mine, VERB.initialized),
          context: { registration: theirs.registration },
        }),
        403,
      );
      expectProblem(
        await lrs(mine, 'PUT', 'activities/state', stateQuery(mine, 'LMS.LaunchData'), {
          launchMode: 'Review',
        }),
        403,
      );
      expectProblem(await lrs(mine, 'GET', 'activities/profile', { activityId: CMI5_AU_ID }), 403);
      // A made-up token and an expired session are 401.
      const fake = Buffer.from(`cmi5-${randomUUID()}:${'x'.repeat(43)}`).toString('base64');
      expectProblem(
        await lrs(
          { auth: { authorization: `Basic ${fake}` } },
          'GET',
          'activities/state',
          stateQuery(mine, 'bookmark'),
        ),
        401,
      );
      await t.db.query(
        `UPDATE cmi5_session SET expires_at = now() - interval '1 second' WHERE registration = $1`,
        [theirs.registration],
      );
      expectProblem(await lrs(theirs, 'GET', 'activities/state', stateQuery(theirs, 'LMS.LaunchData')), 401);
    });

    it("keeps the token in its tenant: another tenant's credential sees none of it and cannot use it", async () => {
      const s = await start(learners[LEARNER], 'CMI5-1', moduleId);
      const other = await createTenant(t, 'cmi5-other');
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/integrations/xapi-clients',
        headers: other.admin,
        payload: { name: '別団体' },
      });
      const { key, secret } = created.json();
      const otherAuth = { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
      const seen = await lrs({ auth: otherAuth }, 'GET', 'statements', { registration: s.registration });
      expect(seen.json().statements).toEqual([]);
      const state = await lrs(
        { auth: otherAuth },
        'GET',
        'activities/state',
        stateQuery(s, 'LMS.LaunchData'),
      );
      expect(state.statusCode).toBe(404);
      const [session] = await t.db.query(
        `SELECT DISTINCT tenant_id FROM cmi5_session WHERE registration = $1`,
        [s.registration],
      );
      expect(session.tenant_id).not.toBe(other.tenantId);
    });

    it('gives a learner without the assignment 404 for the launch', async () => {
      expectProblem(await launch(learners[OUTSIDER], 'CMI5-1', moduleId), 404);
      expect(
        await t.db.query(
          `SELECT 1 FROM cmi5_session s JOIN enrollment e ON e.id = s.enrollment_id JOIN staff st ON st.id = e.staff_id WHERE st.employee_no = $1`,
          [OUTSIDER],
        ),
      ).toEqual([]);
    });
  });

  describe('the cmi5 rules and moveOn', () => {
    it('refuses what the AU may not send: before initialized, passed below the mastery score, after terminated', async () => {
      const moduleId = await course('CMI5-RULES', await cmi5Package(), [LEARNER]);
      const s = await start(learners[LEARNER], 'CMI5-RULES', moduleId);
      expectProblem(await send(s, completed(s)), 403);
      // A "cmi5 allowed" statement (no cmi5 category) belongs between initialized and terminated too.
      const experienced = () => ({
        ...statement(s, 'http://adlnet.gov/expapi/verbs/experienced'),
        context: { registration: s.registration },
      });
      expectProblem(await send(s, experienced()), 403);
      expect((await send(s, statement(s, VERB.initialized))).statusCode).toBe(200);
      expectProblem(await send(s, statement(s, VERB.initialized)), 403);
      expect((await send(s, experienced())).statusCode).toBe(200);
      // The object of a cmi5 defined statement is the launch's activityId, not the publisher's AU id.
      expectProblem(
        await send(s, { ...completed(s), object: { objectType: 'Activity', id: CMI5_AU_ID } }),
        403,
      );
      expectProblem(await send(s, passed(s, 0.5)), 403);
      expectProblem(
        await send(
          s,
          statement(s, VERB.failed, { result: { success: false, score: { scaled: 0.95 } } }, true),
        ),
        403,
      );
      expectProblem(await send(s, statement(s, VERB.satisfied)), 403);
      expect((await send(s, statement(s, VERB.terminated))).statusCode).toBe(200);
      expectProblem(await send(s, completed(s)), 403);
      // A statement without the cmi5 category ("cmi5 allowed") is refused after terminated too.
      expectProblem(await send(s, experienced()), 403);
      expect(await enrollmentStatus(learners[LEARNER], 'CMI5-RULES')).not.toBe('completed');
    });

    it.each([
      ['Completed', ['completed'], true],
      ['Completed', ['passed'], false],
      ['Passed', ['passed'], true],
      ['Passed', ['completed'], false],
      ['CompletedAndPassed', ['completed'], false],
      ['CompletedAndPassed', ['completed', 'passed'], true],
      ['CompletedOrPassed', ['passed'], true],
      ['CompletedOrPassed', ['failed'], false],
      ['NotApplicable', [], true],
    ])('moveOn %s with %j completes the module: %s', async (moveOn, verbs, done) => {
      const code = `CMI5-${moveOn}-${verbs.join('-') || 'none'}`.slice(0, 40);
      const moduleId = await course(code, await cmi5Package([{ moveOn }]), [LEARNER]);
      const s = await start(learners[LEARNER], code, moduleId);
      expect((await send(s, statement(s, VERB.initialized))).statusCode).toBe(200);
      for (const verb of verbs) {
        const body =
          verb === 'completed'
            ? completed(s)
            : verb === 'passed'
              ? passed(s)
              : statement(s, VERB.failed, { result: { success: false, score: { scaled: 0.3 } } }, true);
        expect((await send(s, body)).statusCode).toBe(200);
      }
      expect((await send(s, statement(s, VERB.terminated))).statusCode).toBe(200);
      const status = await enrollmentStatus(learners[LEARNER], code);
      if (done) expect(status).toBe('completed');
      else expect(status).not.toBe('completed');
      expect(await satisfiedCount(s.registration)).toBe(done ? 1 : 0);
    });

    it('completes a course of two AUs only when both satisfy their moveOn', async () => {
      const second = `${CMI5_COURSE_ID}/au/2`;
      const moduleId = await course(
        'CMI5-TWO',
        await cmi5Package([{}, { id: second, moveOn: 'Completed' }]),
        [LEARNER],
      );
      const a = await start(learners[LEARNER], 'CMI5-TWO', moduleId);
      await send(a, [statement(a, VERB.initialized), completed(a), passed(a), statement(a, VERB.terminated)]);
      expect(await enrollmentStatus(learners[LEARNER], 'CMI5-TWO')).not.toBe('completed');
      // The next launch without an AU named opens the first unsatisfied one.
      const b = await start(learners[LEARNER], 'CMI5-TWO', moduleId);
      expect(b.launchData.contextTemplate).toMatchObject({
        contextActivities: { grouping: [{ id: second }] },
      });
      expect(b.activityId).not.toBe(a.activityId);
      expect(b.registration).toBe(a.registration);
      await send(b, [statement(b, VERB.initialized), completed(b), statement(b, VERB.terminated)]);
      expect(await enrollmentStatus(learners[LEARNER], 'CMI5-TWO')).toBe('completed');
      const detail = await ok(learners[LEARNER], 'GET', `/api/v1/me/courses/CMI5-TWO?fiscalYear=${FY}`);
      expect(detail.modules[0].package.scos.map((x: { done: boolean }) => x.done)).toEqual([true, true]);
      expect(await satisfiedCount(a.registration)).toBe(1);
    });

    it('takes one of passed / failed per session: a failed session is retried in a new one', async () => {
      const moduleId = await course('CMI5-JUDGE', await cmi5Package([{ moveOn: 'Passed' }]), [LEARNER]);
      const first = await start(learners[LEARNER], 'CMI5-JUDGE', moduleId);
      expect((await send(first, statement(first, VERB.initialized))).statusCode).toBe(200);
      expect((await send(first, judge(first, 'failed', 0.3))).statusCode).toBe(200);
      expect(expectProblem(await send(first, judge(first, 'failed', 0.4)), 403)['detail']).toContain(
        'どちらか1度',
      );
      expectProblem(await send(first, judge(first, 'passed', 0.9)), 403);
      expect((await send(first, statement(first, VERB.terminated))).statusCode).toBe(200);
      const second = await start(learners[LEARNER], 'CMI5-JUDGE', moduleId);
      expect(second.launchData['launchMode']).toBe('Normal');
      expect((await send(second, statement(second, VERB.initialized))).statusCode).toBe(200);
      expect((await send(second, judge(second, 'passed', 0.9))).statusCode).toBe(200);
      expect(await enrollmentStatus(learners[LEARNER], 'CMI5-JUDGE')).toBe('completed');
    });

    it('completes once under 20 concurrent identical posts', async () => {
      const moduleId = await course('CMI5-RACE', await cmi5Package(), [RACER]);
      const s = await start(learners[RACER], 'CMI5-RACE', moduleId);
      expect((await send(s, statement(s, VERB.initialized))).statusCode).toBe(200);
      const batch = [completed(s), passed(s)];
      const answers = await Promise.all(Array.from({ length: 20 }, () => send(s, batch)));
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
      expect(await satisfiedCount(s.registration)).toBe(1);
      const progress = await t.db.query(
        `SELECT p.source FROM module_progress p JOIN enrollment e ON e.id = p.enrollment_id
           JOIN staff st ON st.id = e.staff_id WHERE st.employee_no = $1 AND p.module_id = $2`,
        [RACER, moduleId],
      );
      expect(progress).toEqual([{ source: 'package' }]);
      expect(await enrollmentStatus(learners[RACER], 'CMI5-RACE')).toBe('completed');
      const my = await ok(learners[RACER], 'GET', `/api/v1/me/enrollments?fiscalYear=${FY}`);
      expect(JSON.stringify(my)).toContain('CMI5-RACE');
    });
  });

  describe('launch modes, satisfied, learner preferences and abandoned sessions', () => {
    it('relaunches a satisfied AU in Review: LaunchData and launched say so, and completion statements are refused', async () => {
      const moduleId = await course('CMI5-REVIEW', await cmi5Package(), [LEARNER]);
      const s = await start(learners[LEARNER], 'CMI5-REVIEW', moduleId);
      await send(s, [statement(s, VERB.initialized), completed(s), passed(s), statement(s, VERB.terminated)]);
      expect(await enrollmentStatus(learners[LEARNER], 'CMI5-REVIEW')).toBe('completed');
      const answer = (await launch(learners[LEARNER], 'CMI5-REVIEW', moduleId)).json();
      expect(answer).toMatchObject({ launchMode: 'Review', launchMethod: 'AnyWindow' });
      const review = await start(learners[LEARNER], 'CMI5-REVIEW', moduleId);
      expect(review.registration).toBe(s.registration);
      expect(review.activityId).toBe(s.activityId);
      expect(review.launchData['launchMode']).toBe('Review');
      const launched = await statementsOf(s.registration, VERB.launched);
      expect(launched.map((l) => (l['context'] as { extensions: object }).extensions)).toEqual([
        expect.objectContaining({ [`${EXT}launchmode`]: 'Normal' }),
        expect.objectContaining({ [`${EXT}launchmode`]: 'Review' }),
        expect.objectContaining({ [`${EXT}launchmode`]: 'Review' }),
      ]);
      expect((await send(review, statement(review, VERB.initialized))).statusCode).toBe(200);
      for (const body of [completed(review), judge(review, 'passed', 0.95), judge(review, 'failed', 0.1)])
        expect(expectProblem(await send(review, body), 403)['detail']).toContain('復習（Review）');
      // "cmi5 allowed" statements and terminated are recorded as in any session.
      expect((await send(review, statement(review, VERB.experienced))).statusCode).toBe(200);
      expect((await send(review, statement(review, VERB.terminated))).statusCode).toBe(200);
      const [state] = await t.db.query(
        `SELECT completion_status, success_status, score_scaled, failed_attempts, status FROM package_sco_state
          WHERE module_id = $1`,
        [moduleId],
      );
      expect(state).toEqual({
        completion_status: 'completed',
        success_status: 'passed',
        score_scaled: 0.9,
        failed_attempts: 0,
        status: 'satisfied',
      });
      expect(await satisfiedCount(s.registration)).toBe(1);
      expect(await statementsOf(s.registration, VERB.completed)).toHaveLength(1);
    });

    it('satisfies each block and the course once, under ids of its own with the publisher ids in grouping', async () => {
      const [b1, b2] = [`${CMI5_COURSE_ID}/block/1`, `${CMI5_COURSE_ID}/block/2`];
      const au = (n: number) => `${CMI5_COURSE_ID}/au/${n}`;
      const moduleId = await course(
        'CMI5-BLOCKS',
        await cmi5Package([
          { id: au(1), block: b1, moveOn: 'Completed' },
          { id: au(2), block: b1, moveOn: 'Completed' },
          { id: au(3), moveOn: 'Completed' },
          { id: au(4), block: b2, moveOn: 'NotApplicable' },
        ]),
        [LEARNER],
      );
      const pkg = await t.db.query(
        `SELECT p.scos FROM course_module m JOIN content_package p ON p.id = (m.content->>'packageId')::int
          WHERE m.id = $1`,
        [moduleId],
      );
      expect(pkg[0].scos.map((x: { blocks?: string[] }) => x.blocks)).toEqual([undefined, [b1], [b1], [b2]]);
      const run = async (id: string, finish = true) => {
        const s = await start(learners[LEARNER], 'CMI5-BLOCKS', moduleId, id);
        const body = [statement(s, VERB.initialized), completed(s), statement(s, VERB.terminated)];
        expect((await send(s, finish ? body : body.slice(0, 1))).statusCode).toBe(200);
        return s;
      };
      const objects = async (registration: string) =>
        (await statementsOf(registration, VERB.satisfied)).map((x) => ({
          object: x['object'],
          grouping: (x['context'] as { contextActivities: { grouping: unknown } }).contextActivities.grouping,
        }));
      // The first launch evaluates moveOn (cmi5 9.6.1): block 2 has only a NotApplicable AU, so it is satisfied.
      const first = await run(au(1));
      const blockId = expect.stringMatching(/\/xapi\/cmi5\/packages\/\d+\/block\/[0-9a-f]{40}$/);
      expect(await objects(first.registration)).toEqual([
        {
          object: expect.objectContaining({
            id: blockId,
            definition: { type: 'https://w3id.org/xapi/cmi5/activitytype/block' },
          }),
          grouping: [expect.objectContaining({ id: b2 })],
        },
      ]);
      await run(au(2));
      expect((await objects(first.registration)).map((x) => x.grouping)).toEqual([
        [expect.objectContaining({ id: b2 })],
        [expect.objectContaining({ id: b1 })],
      ]);
      expect(await enrollmentStatus(learners[LEARNER], 'CMI5-BLOCKS')).not.toBe('completed');
      await run(au(3));
      const all = await objects(first.registration);
      expect(all).toHaveLength(3);
      expect(all[2]).toEqual({
        object: expect.objectContaining({
          id: expect.stringMatching(/\/xapi\/cmi5\/packages\/\d+\/course$/),
          definition: { type: 'https://w3id.org/xapi/cmi5/activitytype/course' },
        }),
        grouping: [expect.objectContaining({ id: CMI5_COURSE_ID })],
      });
      expect(new Set(all.map((x) => (x.object as { id: string }).id)).size).toBe(3);
      expect(all.map((x) => (x.object as { id: string }).id)).not.toContain(b1);
      expect(await enrollmentStatus(learners[LEARNER], 'CMI5-BLOCKS')).toBe('completed');
      // Launching again (Review) and a NotApplicable AU's own launch satisfy nothing twice.
      await run(au(1), false);
      await run(au(4));
      expect(await objects(first.registration)).toHaveLength(3);
    });

    it('gives the AU the learner preferences agent profile (Japanese, audio on) and keeps its own writes out', async () => {
      const moduleId = await course('CMI5-PREFS', await cmi5Package(), [OTHER]);
      const s = await start(learners[OTHER], 'CMI5-PREFS', moduleId);
      const query = { agent: JSON.stringify(s.actor), profileId: 'cmi5LearnerPreferences' };
      const prefs = await lrs(s, 'GET', 'agents/profile', query);
      expect(prefs.statusCode).toBe(200);
      expect(prefs.json()).toEqual({ languagePreference: 'ja-JP', audioPreference: 'on' });
      // cmi5 11: the LMS may refuse the AU's changes with 403 (which the AU must not treat as an error).
      const put = await lrs(s, 'PUT', 'agents/profile', query, { languagePreference: 'en-US' });
      expect(put.statusCode).toBe(403);
      // A tenant's own xAPI client may set it (the LMS writes it only when absent), and the AU reads that.
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/integrations/xapi-clients',
        headers: admin,
        payload: { name: '学習設定' },
      });
      const { key, secret } = created.json();
      const client = {
        auth: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` },
      };
      const current = await lrs(client, 'GET', 'agents/profile', query);
      const update = await t.request({
        method: 'PUT',
        url: `/api/v1/xapi/agents/profile?${new URLSearchParams(query)}`,
        headers: { ...client.auth, ...V, 'if-match': String(current.headers['etag']) },
        payload: { languagePreference: 'ja-JP,en-US', audioPreference: 'off' },
      });
      expect(update.statusCode).toBe(204);
      const again = await start(learners[OTHER], 'CMI5-PREFS', moduleId);
      expect((await lrs(again, 'GET', 'agents/profile', query)).json()).toEqual({
        languagePreference: 'ja-JP,en-US',
        audioPreference: 'off',
      });
      // Another learner's preferences stay out of reach.
      const theirs = {
        agent: JSON.stringify({ ...s.actor, account: { homePage: t.config.PUBLIC_URL, name: LEARNER } }),
        profileId: 'cmi5LearnerPreferences',
      };
      expectProblem(await lrs(again, 'GET', 'agents/profile', theirs), 403);
    });

    it('abandons a session that never terminated when the learner launches again: once, and it takes nothing more', async () => {
      const moduleId = await course('CMI5-ABANDON', await cmi5Package(), [LEARNER]);
      const first = await start(learners[LEARNER], 'CMI5-ABANDON', moduleId);
      expect((await send(first, statement(first, VERB.initialized))).statusCode).toBe(200);
      await t.db.query(
        `UPDATE cmi5_session SET created_at = created_at - interval '90 seconds',
                last_statement_at = last_statement_at - interval '30 seconds' WHERE registration = $1`,
        [first.registration],
      );
      const second = await start(learners[LEARNER], 'CMI5-ABANDON', moduleId);
      const firstSession = (first.launchData.contextTemplate['extensions'] as Record<string, string>)[
        `${EXT}sessionid`
      ];
      const [abandoned, ...more] = await statementsOf(first.registration, VERB.abandoned);
      expect(more).toEqual([]);
      expect(abandoned).toMatchObject({
        actor: { objectType: 'Agent', account: { name: LEARNER } },
        object: { id: first.activityId },
        context: {
          registration: first.registration,
          contextActivities: {
            grouping: [expect.objectContaining({ id: CMI5_AU_ID })],
            category: [expect.objectContaining({ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' })],
          },
          extensions: { [`${EXT}sessionid`]: firstSession },
        },
      });
      // From the launch to the AU's last statement.
      expect((abandoned['result'] as { duration: string }).duration).toMatch(/^PT1M\d+(\.\d+)?S$/);
      // After abandoned the LMS records nothing more of that session; the new one goes on.
      expect(expectProblem(await send(first, statement(first, VERB.terminated)), 403)['detail']).toContain(
        '終了',
      );
      expect((await send(second, statement(second, VERB.initialized))).statusCode).toBe(200);
      // A terminated session is not abandoned; the open one is, by the next launch.
      expect((await send(second, statement(second, VERB.terminated))).statusCode).toBe(200);
      const third = await start(learners[LEARNER], 'CMI5-ABANDON', moduleId);
      expect(await statementsOf(first.registration, VERB.abandoned)).toHaveLength(1);
      await start(learners[LEARNER], 'CMI5-ABANDON', moduleId);
      const all = await statementsOf(first.registration, VERB.abandoned);
      expect(all).toHaveLength(2);
      expect(
        (all[1]['context'] as { extensions: Record<string, string> }).extensions[`${EXT}sessionid`],
      ).toBe((third.launchData.contextTemplate['extensions'] as Record<string, string>)[`${EXT}sessionid`]);
      expect((all[1]['result'] as { duration: string }).duration).toMatch(/^PT\d+(\.\d+)?S$/);
    });

    it('abandons an expired session that never terminated in the scheduled sweep, once', async () => {
      const moduleId = await course('CMI5-EXPIRE', await cmi5Package(), [RACER]);
      const s = await start(learners[RACER], 'CMI5-EXPIRE', moduleId);
      expect((await send(s, statement(s, VERB.initialized))).statusCode).toBe(200);
      const job = t.app.get(Cmi5AbandonJob);
      await asSystem(() => job.abandonExpiredSessions());
      expect(await statementsOf(s.registration, VERB.abandoned)).toEqual([]);
      await t.db.query(
        `UPDATE cmi5_session SET expires_at = now() - interval '1 second' WHERE registration = $1`,
        [s.registration],
      );
      expect(await asSystem(() => job.abandonExpiredSessions())).toBeGreaterThanOrEqual(1);
      expect(await asSystem(() => job.abandonExpiredSessions())).toBe(0);
      const abandoned = await statementsOf(s.registration, VERB.abandoned);
      expect(abandoned).toHaveLength(1);
      expect(abandoned[0]).toMatchObject({
        object: { id: s.activityId },
        result: { duration: expect.any(String) },
      });
      // The next launch finds nothing left to abandon.
      await start(learners[RACER], 'CMI5-EXPIRE', moduleId);
      expect(await statementsOf(s.registration, VERB.abandoned)).toHaveLength(1);
    });

    it('launches an OwnWindow AU for its own window with the course page as returnURL; the return page closes the frame', async () => {
      const moduleId = await course(
        'CMI5-WINDOW',
        await cmi5Package([{ launchMethod: 'OwnWindow', entitlementKey: 'pref-2026-0001' }]),
        [OTHER],
      );
      const answer = (await launch(learners[OTHER], 'CMI5-WINDOW', moduleId)).json();
      expect(answer).toMatchObject({ launchMethod: 'OwnWindow', launchMode: 'Normal' });
      const s = await start(learners[OTHER], 'CMI5-WINDOW', moduleId);
      expect(s.launchData).toMatchObject({
        returnURL: `http://localhost:80/my/courses/CMI5-WINDOW?fiscalYear=${FY}`,
        entitlementKey: { courseStructure: 'pref-2026-0001' },
      });
      // The AU's files are sandboxed by the content origin's own CSP, also as a top-level window.
      const port = t.app.get(ContentServer).listeningPort;
      const local = (url: string) => url.replace(/^http:\/\/[^/?]+/, `http://127.0.0.1:${port}`);
      const page = await fetch(local(s.url.toString()), { headers: { cookie: 'dx_session=stolen' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts allow-forms; /);
      expect(page.headers.get('set-cookie')).toBeNull();
      // The frame's returnURL (an AnyWindow AU) on the content origin: posts the exit message to the app's origin.
      const framed = await course('CMI5-FRAME', await cmi5Package(), [OTHER]);
      const frame = await start(learners[OTHER], 'CMI5-FRAME', framed);
      const back = await fetch(local(String(frame.launchData['returnURL'])));
      expect(back.status).toBe(200);
      expect(back.headers.get('content-security-policy')).toContain('sandbox allow-scripts allow-forms');
      expect(await back.text()).toContain(`postMessage({ type: 'dx-package-exit' }, "http://localhost:80")`);
      const forged = await fetch(
        local(String(frame.launchData['returnURL']).replace(/\/p\/[^/]+\//, '/p/x.y/')),
      );
      expect(forged.status).toBe(403);
    });
  });
});
