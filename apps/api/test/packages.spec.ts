import { fiscalYearOf } from '@dx/domain';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ContentServer } from '../src/packages/content-server';
import { PackageRuntimeService } from '../src/packages/package-runtime.service';
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
import {
  browserFixtures,
  HOSTILE,
  scorm12Manifest,
  scorm12Package,
  scorm2004Package,
  zipOf,
} from './support/scorm-packages';
import { createTestApp, multipartFile, TestApp } from './support/test-app';

const FY = fiscalYearOf(todayInTokyoForTests());
const API = '/api/v1/catalogue';
const EDITOR = { loginId: 'package-editor', password: 'package-editor-password' };
const PASSWORD = 'learner-password-123';
const LEARNER = '410001';
const OTHER = '410002';
const RACER = '410003';

interface PackageView {
  id: number;
  title: string;
  standard: string;
  version: string;
  scos: { id: string; title: string; launch: string; masteryScore: number | null }[];
  fileCount: number;
}

describe('e-learning packages (SCORM)', () => {
  let t: TestApp;
  let admin: Auth;
  let editor: Auth;
  const learners: Record<string, Auth> = {};
  const dataDir = join(tmpdir(), `dx-packages-${randomBytes(6).toString('hex')}`);
  let contentPort = 0;

  const ok = async (
    auth: Auth,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    status = method === 'POST' ? 201 : 200,
  ) => {
    const response = await t.request({
      method,
      url,
      headers: auth,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    expect({ status: response.statusCode, body: response.body.slice(0, 1500) }).toMatchObject({ status });
    return response.body ? response.json() : undefined;
  };
  const upload = (zip: Buffer, fileName = 'package.zip', auth = editor) => {
    const { payload, headers } = multipartFile(zip, fileName);
    return t.request({ method: 'POST', url: `${API}/packages`, payload, headers: { ...headers, ...auth } });
  };
  const uploaded = async (zip: Buffer, fileName?: string): Promise<PackageView> => {
    const response = await upload(zip, fileName);
    expect({ status: response.statusCode, body: response.body.slice(0, 800) }).toMatchObject({ status: 201 });
    return response.json();
  };
  /** A published course with one package module, assigned to the given people. */
  const packageCourse = async (code: string, packageId: number, assign: string[]) => {
    await ok(editor, 'POST', `${API}/courses`, {
      code,
      trackCode: 'KAISO',
      title: `研修 ${code}`,
      description: 'SCORM教材の研修です。',
      estimatedMinutes: 30,
      dssCodes: ['lit.what'],
    });
    const module = await ok(editor, 'POST', `${API}/courses/${code}/draft/modules`, {
      kind: 'package',
      title: '教材',
      required: true,
      content: { packageId },
    });
    await ok(editor, 'POST', `${API}/courses/${code}/publish`, undefined, 200);
    for (const no of assign) {
      await ok(admin, 'POST', `/api/v1/staff/${no}/enrollments`, {
        courseCode: code,
        fiscalYear: FY,
        dueDate: `${FY + 1}-03-31`,
      });
    }
    return module.id as number;
  };
  const launch = (auth: Auth, code: string, moduleId: number, sco?: string) =>
    t.request({
      method: 'POST',
      url: `/api/v1/me/courses/${code}/modules/${moduleId}/package-launch?fiscalYear=${FY}${sco ? `&sco=${sco}` : ''}`,
      headers: auth,
    });
  const commit = (auth: Auth, code: string, moduleId: number, sco: string, payload: object) =>
    t.request({
      method: 'PUT',
      url: `/api/v1/me/courses/${code}/modules/${moduleId}/package-runtime/${sco}?fiscalYear=${FY}`,
      headers: auth,
      payload,
    });
  /** The content origin as this machine reaches it (the test listener is on 127.0.0.1). */
  const local = (url: string) => url.replace(/^http:\/\/[^/]+/, `http://127.0.0.1:${contentPort}`);

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, CONTENT_PORT: '0' });
    contentPort = t.app.get(ContentServer).listeningPort;
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
        [LEARNER, OTHER, RACER].map((no) => person(no, { assigned: effectiveDate, hired: '2010-04-01' })),
      ),
      { effectiveDate },
    );
    for (const no of [LEARNER, OTHER, RACER]) learners[no] = await staffAuth(t, admin, no, PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it('reads a SCORM 1.2 package: title, version, the SCO, its launch file and mastery score', async () => {
      const view = await uploaded(await scorm12Package(), '情報セキュリティ.zip');
      expect(view).toMatchObject({
        title: '情報セキュリティ研修 2026',
        standard: 'scorm12',
        version: '1.2',
        fileCount: 3,
        scos: [{ id: 'ITEM-1', title: '情報セキュリティの基本', launch: 'index.html', masteryScore: 80 }],
      });
      const [row] = await t.db.query(`SELECT storage_key FROM content_package WHERE id = $1`, [view.id]);
      expect(readdirSync(join(dataDir, 'packages', row.storage_key)).sort()).toEqual([
        'imsmanifest.xml',
        'index.html',
        'sco.js',
      ]);
      expect((await ok(editor, 'GET', `${API}/packages/${view.id}`)).title).toBe(view.title);
    });

    it('reads a SCORM 2004 4th edition package with two SCOs and its scaled passing score', async () => {
      const view = await uploaded(await scorm2004Package());
      expect(view).toMatchObject({
        standard: 'scorm2004',
        version: '2004 4th Edition',
        title: '個人情報の取扱い',
        scos: [
          { id: 'ITEM-1', launch: 'chapter1/index.html', masteryScore: 0.8 },
          { id: 'ITEM-2', launch: 'chapter2/index.html', masteryScore: 0.8 },
        ],
      });
    });

    it('decodes Shift_JIS file names (no UTF-8 flag) and stores them under their Japanese names', async () => {
      const view = await uploaded(HOSTILE.shiftJisNames());
      expect(view.scos[0].launch).toBe('教材/開始.html');
      const [row] = await t.db.query(`SELECT storage_key FROM content_package WHERE id = $1`, [view.id]);
      expect(existsSync(join(dataDir, 'packages', row.storage_key, '教材', '画像', '図1.png'))).toBe(true);
    });

    it('takes a package larger than the JSON body limit (streamed, not buffered)', async () => {
      const big = await zipOf({
        'imsmanifest.xml': scorm12Manifest(),
        'index.html': '<html><head></head><body>big</body></html>',
        'video.mp4': randomBytes(3 * 1024 * 1024),
      });
      expect((await uploaded(big)).fileCount).toBe(3);
    });

    it.each([
      ['traversal', HOSTILE.traversal, 'unsafe-path', '../'],
      ['absolute path', HOSTILE.absolute, 'unsafe-path', '絶対パス'],
      ['drive letter', HOSTILE.driveLetter, 'unsafe-path', 'ドライブ'],
      ['symlink', HOSTILE.symlink, 'unsafe-path', 'シンボリックリンク'],
      ['encrypted entries', HOSTILE.encrypted, 'encrypted-entries', '暗号化'],
      ['zip bomb', HOSTILE.bomb, 'zip-bomb', '倍'],
      ['more than 20,000 entries', HOSTILE.tooManyEntries, 'too-many-entries', '20,000'],
      ['missing launch file', HOSTILE.missingLaunch, 'launch-file-missing', 'start.html'],
      ['no manifest', HOSTILE.noManifest, 'invalid-manifest', 'imsmanifest.xml がありません'],
      ['invalid manifest', HOSTILE.invalidManifest, 'invalid-manifest', '正しいXMLではありません'],
      ['not a zip', HOSTILE.notZip, 'invalid-zip', 'ZIP'],
    ])('refuses %s with a Japanese problem and leaves nothing behind', async (_label, build, slug, words) => {
      const before = readdirSync(join(dataDir, 'packages')).length;
      const problem = expectProblem(await upload(await build()), 422);
      expect(problem.type).toMatch(new RegExp(`/${slug}$`));
      expect(problem.detail).toContain(words);
      expect(problem.detail).toMatch(JAPANESE);
      expect(readdirSync(join(dataDir, 'packages')).length).toBe(before);
      expect(readdirSync(join(dataDir, 'packages', '.incoming'))).toEqual([]);
      expect(existsSync(resolve(dataDir, 'evil.sh'))).toBe(false);
      expect(existsSync(resolve(dataDir, 'packages', 'evil.sh'))).toBe(false);
    });

    it('wants a .zip in multipart from a content administrator', async () => {
      expectProblem(await upload(await scorm12Package(), 'package.txt'), 422);
      expectProblem(
        await t.request({ method: 'POST', url: `${API}/packages`, headers: editor, payload: { file: 'x' } }),
        415,
      );
      expectProblem(await upload(await scorm12Package(), 'p.zip', learners[LEARNER]), 403);
      expectProblem(await upload(await scorm12Package(), 'p.zip', {}), 401);
    });

    it('the browser tests upload exactly what these builders make (fixtures/scorm/, UPDATE_FIXTURES=1 rewrites them)', async () => {
      const folder = resolve(__dirname, '../../../fixtures/scorm');
      for (const [name, bytes] of Object.entries(await browserFixtures())) {
        if (process.env['UPDATE_FIXTURES'] === '1') {
          mkdirSync(folder, { recursive: true });
          writeFileSync(join(folder, name), bytes);
        }
        expect(readFileSync(join(folder, name)).equals(bytes)).toBe(true);
      }
    });

    it('a module names an uploaded package of this tenant', async () => {
      await ok(editor, 'POST', `${API}/courses`, {
        code: 'PKG-BAD',
        trackCode: 'KAISO',
        title: '研修',
        description: '',
        estimatedMinutes: 10,
        dssCodes: [],
      });
      const problem = expectProblem(
        await t.request({
          method: 'POST',
          url: `${API}/courses/PKG-BAD/draft/modules`,
          headers: editor,
          payload: { kind: 'package', title: '教材', required: true, content: { packageId: 999999 } },
        }),
        422,
      );
      expect(JSON.stringify(problem.errors)).toContain('content.packageId');
    });
  });

  describe('playing a SCORM 1.2 package', () => {
    let moduleId: number;
    let packageId: number;

    beforeAll(async () => {
      packageId = (await uploaded(await scorm12Package())).id;
      moduleId = await packageCourse('PKG-12', packageId, [LEARNER, RACER]);
    });

    it('launches on the content origin with a signed token; the files come with their own CSP, nosniff, no cookie', async () => {
      const answer = await launch(learners[LEARNER], 'PKG-12', moduleId);
      expect(answer.statusCode).toBe(200);
      const body = answer.json();
      expect(body.url).toMatch(new RegExp(`^http://localhost:${contentPort}/p/[^/]+/s/0/index\\.html$`));
      const page = await fetch(local(body.url), { headers: { cookie: 'dx_session=stolen' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toBeNull();
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('content-security-policy')).toContain('frame-ancestors http://localhost:80');
      const html = await page.text();
      expect(html).toMatch(
        /<head><script src="\/p\/[^"]+\/__dx\/scorm-again\.js\?sco=0"><\/script><script src="\/p\/[^"]+\/__dx\/player\.js\?sco=0">/,
      );
      const script = await fetch(local(body.url.replace('/s/0/index.html', '/s/0/sco.js')));
      expect(script.headers.get('content-type')).toContain('text/javascript');
      const player = await fetch(local(body.url.replace('/s/0/index.html', '/__dx/player.js?sco=0')));
      expect(await player.text()).toContain('"cmi.core.entry":"ab-initio"');
      const api = await fetch(local(body.url.replace('/s/0/index.html', '/__dx/scorm-again.js?sco=0')));
      expect(await api.text()).toContain('Scorm12API');
    });

    it('refuses a missing, forged or expired token and paths that leave the package', async () => {
      const { url } = (await launch(learners[LEARNER], 'PKG-12', moduleId)).json();
      const token = new URL(url).pathname.split('/')[2];
      const [body, mac] = token.split('.');
      const forged = `${Buffer.from(JSON.stringify([1, 1, moduleId, packageId, 'http://localhost:80', 4102444800])).toString('base64url')}.${mac}`;
      const expired = t.app.get(PackageRuntimeService).tokens.sign({
        ...t.app.get(PackageRuntimeService).tokens.verify(token)!,
        expiresAt: Math.floor(Date.now() / 1000) - 1,
      });
      const base = `http://127.0.0.1:${contentPort}`;
      for (const path of [
        `/p/${forged}/s/0/index.html`,
        `/p/${body}.${mac.slice(1)}x/s/0/index.html`,
        `/p/${expired}/s/0/index.html`,
      ]) {
        const response = await fetch(base + path);
        expect(response.status).toBe(403);
        expect(response.headers.get('set-cookie')).toBeNull();
        expect(await response.text()).toMatch(JAPANESE);
      }
      expect((await fetch(`${base}/p//s/0/index.html`)).status).toBe(403);
      expect((await fetch(`${base}/index.html`)).status).toBe(404);
      expect((await fetch(`${base}/p/${token}/s/0/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
      expect((await fetch(`${base}/p/${token}/s/0/missing.html`)).status).toBe(404);
    });

    it('a learner without the assignment gets 404 for the launch and the commit', async () => {
      expectProblem(await launch(learners[OTHER], 'PKG-12', moduleId), 404);
      expectProblem(
        await commit(learners[OTHER], 'PKG-12', moduleId, 'ITEM-1', { lessonStatus: 'completed' }),
        404,
      );
      expectProblem(
        await commit(learners[LEARNER], 'PKG-12', moduleId, 'NO-SUCH-SCO', { lessonStatus: 'completed' }),
        404,
      );
    });

    it('resumes: the next launch (another PC) starts with the stored location, suspend data and status', async () => {
      const first = await commit(learners[LEARNER], 'PKG-12', moduleId, 'ITEM-1', {
        lessonStatus: 'incomplete',
        location: '2',
        suspendData: 'seen:2',
      });
      expect(first.json()).toEqual({ scoDone: false, moduleCompleted: false, courseCompleted: false });
      const { url } = (await launch(learners[LEARNER], 'PKG-12', moduleId)).json();
      const player = await (
        await fetch(local(url.replace('/s/0/index.html', '/__dx/player.js?sco=0')))
      ).text();
      expect(player).toContain('"cmi.core.lesson_location":"2"');
      expect(player).toContain('"cmi.suspend_data":"seen:2"');
      expect(player).toContain('"cmi.core.entry":"resume"');
      expect(player).toContain('"cmi.core.lesson_status":"incomplete"');
      expect(player).toContain('"cmi.student_data.mastery_score":"80"');
    });

    it('a failed attempt (below the mastery score) is counted, not completed', async () => {
      const answer = await commit(learners[LEARNER], 'PKG-12', moduleId, 'ITEM-1', {
        lessonStatus: 'completed',
        scoreRaw: 50,
        sessionTime: '00:03:00',
        exit: '',
      });
      expect(answer.json()).toMatchObject({ scoDone: false, moduleCompleted: false });
      const [state] = await t.db.query(
        `SELECT status, failed_attempts, total_seconds FROM package_sco_state WHERE module_id = $1`,
        [moduleId],
      );
      expect(state).toEqual({ status: 'failed', failed_attempts: 1, total_seconds: 180 });
      const detail = await ok(learners[LEARNER], 'GET', `/api/v1/me/courses/PKG-12?fiscalYear=${FY}`);
      expect(detail.modules[0]).toMatchObject({
        kind: 'package',
        completed: false,
        package: { standard: 'scorm12', scos: [{ id: 'ITEM-1', status: 'failed', done: false }] },
      });
    });

    it('completes once through the course, also under concurrent commits', async () => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          commit(learners[RACER], 'PKG-12', moduleId, 'ITEM-1', { lessonStatus: 'completed', scoreRaw: 90 }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
      expect(answers.filter((a) => a.json().courseCompleted)).toHaveLength(1);
      expect(answers.every((a) => a.json().moduleCompleted)).toBe(true);
      const progress = await t.db.query(
        `SELECT p.source FROM module_progress p JOIN enrollment e ON e.id = p.enrollment_id
           JOIN staff s ON s.id = e.staff_id WHERE s.employee_no = $1 AND p.module_id = $2`,
        [RACER, moduleId],
      );
      expect(progress).toEqual([{ source: 'package' }]);
      const detail = await ok(learners[RACER], 'GET', `/api/v1/me/courses/PKG-12?fiscalYear=${FY}`);
      expect(detail.enrollment.status).toBe('completed');
      expect(detail.modules[0].package.scos[0]).toMatchObject({ status: 'passed', done: true });
      // A later commit of a lower status changes nothing of the completion.
      await commit(learners[RACER], 'PKG-12', moduleId, 'ITEM-1', { lessonStatus: 'incomplete' });
      expect(
        (await ok(learners[RACER], 'GET', `/api/v1/me/courses/PKG-12?fiscalYear=${FY}`)).enrollment.status,
      ).toBe('completed');
    });

    it('validates what is committed', async () => {
      const problem = expectProblem(
        await commit(learners[LEARNER], 'PKG-12', moduleId, 'ITEM-1', {
          lessonStatus: 'done',
          suspendData: 'x'.repeat(64001),
        }),
        422,
      );
      expect(JSON.stringify(problem.errors)).toContain('suspendData');
    });

    it('a new package on the published course is a new course version; a completion stays', async () => {
      const next = await uploaded(await scorm12Package());
      await ok(editor, 'POST', `${API}/courses/PKG-12/draft`, undefined, 200);
      const course = await ok(editor, 'GET', `${API}/courses/PKG-12`);
      const draftModule = course.draft.modules[0];
      expect(draftModule.content).toEqual({ packageId });
      await ok(editor, 'PUT', `${API}/courses/PKG-12/draft/modules/${draftModule.id}`, {
        kind: 'package',
        title: '教材（改訂版）',
        required: true,
        content: { packageId: next.id },
      });
      const published = await ok(editor, 'POST', `${API}/courses/PKG-12/publish`, undefined, 200);
      expect(published.publishedVersion).toBe(2);
      expect(published.published.modules[0].content).toEqual({ packageId: next.id });
      const detail = await ok(learners[RACER], 'GET', `/api/v1/me/courses/PKG-12?fiscalYear=${FY}`);
      expect(detail.enrollment.status).toBe('completed');
      expect(detail.modules[0].id).toBe(moduleId);
    });
  });

  describe('playing a SCORM 2004 package with two SCOs', () => {
    it('tracks each SCO and completes the module when both are done', async () => {
      const view = await uploaded(await scorm2004Package());
      const moduleId = await packageCourse('PKG-2004', view.id, [LEARNER]);
      const first = (await launch(learners[LEARNER], 'PKG-2004', moduleId)).json();
      expect(first).toMatchObject({ scoId: 'ITEM-1' });
      expect(first.url).toMatch(/\/s\/0\/chapter1\/index\.html$/);
      const page = await (await fetch(local(first.url))).text();
      expect(page).toContain('../shared/sco2004.js');
      const player = await (
        await fetch(local(first.url.replace('/s/0/chapter1/index.html', '/__dx/player.js?sco=0')))
      ).text();
      expect(player).toContain('"cmi.scaled_passing_score":"0.8"');

      // Below the scaled passing score: failed, not done.
      expect(
        (
          await commit(learners[LEARNER], 'PKG-2004', moduleId, 'ITEM-1', {
            completionStatus: 'completed',
            scoreScaled: 0.5,
          })
        ).json(),
      ).toMatchObject({ scoDone: false });
      expect(
        (
          await commit(learners[LEARNER], 'PKG-2004', moduleId, 'ITEM-1', {
            completionStatus: 'completed',
            scoreScaled: 0.9,
          })
        ).json(),
      ).toEqual({ scoDone: true, moduleCompleted: false, courseCompleted: false });
      const second = (await launch(learners[LEARNER], 'PKG-2004', moduleId)).json();
      expect(second.scoId).toBe('ITEM-2');
      expect(
        (
          await commit(learners[LEARNER], 'PKG-2004', moduleId, 'ITEM-2', {
            completionStatus: 'completed',
            successStatus: 'passed',
          })
        ).json(),
      ).toEqual({ scoDone: true, moduleCompleted: true, courseCompleted: true });
      expect((await launch(learners[LEARNER], 'PKG-2004', moduleId, 'ITEM-2')).json().scoId).toBe('ITEM-2');
    });
  });
});
