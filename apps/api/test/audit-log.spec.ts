import ExcelJS from 'exceljs';
import { get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditLogEntry, AuditLogPage } from '@dx/contract';
import { AuditService } from '../src/audit/audit.service';
import {
  adminAuth,
  Auth,
  buildCompletionScenario,
  createTenant,
  expectProblem,
  multipartForm,
  parseCsv,
  SCENARIO,
  tenantIdOf,
  todayInTokyoForTests,
} from './support/factories';
import { ADMIN, createTestApp, TestApp } from './support/test-app';

/*
 * Reads of personal data are audited (個人情報保護法: who viewed or exported whose data, when), on the completion
 * scenario of support/factories.ts: a manager viewing a person's enrolments and history, the matrix, the staff
 * search, the exports with their filters and row counts, a submission's file; a learner's own reads record nothing;
 * refused reads record no "viewed" line. HR searches the log (GET /api/v1/audit-log) and exports it as CSV.
 */

const S = SCENARIO;
const TODAY = todayInTokyoForTests();

interface Line {
  actor_login_id: string | null;
  action: string;
  subject_employee_no: string | null;
  detail: { scope?: Record<string, string>; count?: number; incomplete?: boolean } | null;
  ip: string | null;
  tenant_id: number | null;
}

describe('audit of personal-data reads and the audit log search (GET /api/v1/audit-log)', () => {
  let t: TestApp;
  let hr: Auth;
  let as: Record<string, Auth>;
  let tenantId: number;

  const get = (auth: Auth, url: string) => t.request({ method: 'GET', url, headers: auth });
  const ok = async (auth: Auth, url: string) => {
    const response = await get(auth, url);
    if (response.statusCode !== 200)
      throw new Error(`GET ${url}: ${response.statusCode} ${response.body.slice(0, 500)}`);
    return response;
  };
  /** The lines written since `mark`, once the background writes of the answers sent so far are done. */
  const linesSince = async (mark: string): Promise<Line[]> => {
    await new Promise((resolve) => setImmediate(resolve));
    await t.app.get(AuditService).settled();
    return t.db.query(
      `SELECT tenant_id, actor_login_id, action, subject_employee_no, detail, ip FROM audit_log WHERE id > $1 ORDER BY occurred_at, id`,
      [mark],
    );
  };
  const mark = async (): Promise<string> => {
    await linesSince('0');
    const [row] = await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_log`);
    return row.id;
  };
  const readsOnly = (lines: Line[]) => lines.filter((l) => l.action !== 'request.denied');

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    as = await buildCompletionScenario(t, hr);
    tenantId = await tenantIdOf(t);
  });
  afterAll(() => t?.close());

  describe('each audited read records who, what and whose', () => {
    it('a manager viewing a person’s enrolments: actor, tenant, address, the person, fiscal year and row count', async () => {
      const since = await mark();
      const response = await ok(as[S.HR_CHIEF], `/api/v1/staff/${S.YOSHIDA}/enrollments?fiscalYear=2026`);
      const lines = await linesSince(since);
      expect(lines).toEqual([
        {
          tenant_id: tenantId,
          actor_login_id: S.HR_CHIEF,
          action: 'staff.enrollments_viewed',
          subject_employee_no: S.YOSHIDA,
          detail: { scope: { fiscalYear: '2026' }, count: (response.json() as unknown[]).length },
          ip: '127.0.0.1',
        },
      ]);
      expect(lines[0].detail!.count).toBeGreaterThan(0);
    });

    it('without a fiscal year the current one is recorded; a person’s history is recorded with its length', async () => {
      const since = await mark();
      await ok(as[S.HR_CHIEF], `/api/v1/staff/${S.YOSHIDA}/enrollments`);
      const history = await ok(hr, `/api/v1/staff/${S.TRANSFERRED}/history`);
      const lines = await linesSince(since);
      const currentFiscalYear = Number(TODAY.slice(0, 4)) - (Number(TODAY.slice(5, 7)) < 4 ? 1 : 0);
      expect(lines.map((l) => [l.actor_login_id, l.action, l.subject_employee_no, l.detail])).toEqual([
        [
          S.HR_CHIEF,
          'staff.enrollments_viewed',
          S.YOSHIDA,
          expect.objectContaining({ scope: { fiscalYear: String(currentFiscalYear) } }),
        ],
        [
          ADMIN.loginId,
          'staff.history_viewed',
          S.TRANSFERRED,
          { count: (history.json() as unknown[]).length },
        ],
      ]);
      expect(lines[1].detail!.count).toBe(2);
    });

    it('the matrix with its unit, filters and the number of people', async () => {
      const since = await mark();
      const response = await ok(
        as[S.DIRECTOR],
        '/api/v1/team/matrix?orgUnitCode=100100&fiscalYear=2026&status=overdue&pageSize=10',
      );
      const matrix = response.json() as { total: number };
      const unfiltered = (await ok(hr, '/api/v1/team/matrix?orgUnitCode=100000&fiscalYear=2026')).json() as {
        total: number;
      };
      const lines = await linesSince(since);
      expect(lines).toEqual([
        expect.objectContaining({
          actor_login_id: S.DIRECTOR,
          action: 'team.matrix_viewed',
          subject_employee_no: null,
          detail: {
            scope: { orgUnitCode: '100100', fiscalYear: '2026', status: 'overdue' },
            count: matrix.total,
          },
        }),
        expect.objectContaining({
          actor_login_id: ADMIN.loginId,
          action: 'team.matrix_viewed',
          detail: { scope: { orgUnitCode: '100000', fiscalYear: '2026' }, count: unfiltered.total },
        }),
      ]);
      expect(unfiltered.total).toBeGreaterThan(3);
    });

    it('the staff search with its query and result count', async () => {
      const since = await mark();
      const response = await ok(
        as[S.DIRECTOR],
        `/api/v1/staff?q=${encodeURIComponent('人事')}&orgUnitCode=100100`,
      );
      const lines = await linesSince(since);
      expect(lines).toEqual([
        expect.objectContaining({
          actor_login_id: S.DIRECTOR,
          action: 'staff.searched',
          detail: {
            scope: { q: '人事', orgUnitCode: '100100' },
            count: Number((response.json() as { total: number }).total),
          },
        }),
      ]);
      expect(lines[0].detail!.count).toBe(1);
    });

    it('each export with its filters and the rows in the file, recorded when the file has been sent', async () => {
      const since = await mark();
      const utf8 = await ok(hr, '/api/v1/exports/completion.csv?fiscalYear=2026&orgUnitCode=100000');
      const sjis = await ok(
        as[S.HR_CHIEF],
        '/api/v1/exports/completion.csv?fiscalYear=2025&encoding=shift_jis',
      );
      const xlsx = await ok(hr, '/api/v1/exports/completion.xlsx?fiscalYear=2026&trackCode=WORKPLACE-DX');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      // Lines but the header (and the Shift_JIS file's final note on substituted characters).
      const csvRows = (response: { rawPayload: Buffer; headers: Record<string, unknown> }) =>
        response.rawPayload
          .toString('latin1')
          .split('\r\n')
          .filter((l) => l !== '').length -
        1 -
        (response.headers['x-substituted-characters'] ? 1 : 0);
      const xlsxRows = workbook.worksheets[0].actualRowCount - 1;
      const lines = await linesSince(since);
      expect(lines.map((l) => [l.actor_login_id, l.action, l.detail])).toEqual([
        [
          ADMIN.loginId,
          'export.completion_csv',
          { scope: { orgUnitCode: '100000', fiscalYear: '2026' }, count: csvRows(utf8) },
        ],
        [
          S.HR_CHIEF,
          'export.completion_csv',
          { scope: { fiscalYear: '2025', encoding: 'shift_jis' }, count: csvRows(sjis) },
        ],
        [
          ADMIN.loginId,
          'export.completion_xlsx',
          { scope: { trackCode: 'WORKPLACE-DX', fiscalYear: '2026' }, count: xlsxRows },
        ],
      ]);
      expect(lines.every((l) => (l.detail!.count ?? 0) > 0)).toBe(true);
    });

    it('HR listing submissions and downloading a learner’s submitted file: whose file it was', async () => {
      // 𠮷田 joins a specialist cohort (the rules assign SPECIALIST-BASIC) and hands in a PDF for its 課題.
      const cohort = await t.request({
        method: 'POST',
        url: '/api/v1/specialist-cohorts',
        headers: hr,
        payload: { code: 'SP-AUDIT', name: '監査テスト養成', fiscalYear: 2026, dueDate: '2027-01-29' },
      });
      expect(cohort.statusCode).toBe(201);
      const member = await t.request({
        method: 'PUT',
        url: `/api/v1/specialist-cohorts/SP-AUDIT/members/${S.YOSHIDA}`,
        headers: hr,
        payload: { stage: '基礎', joinedOn: '2026-05-01' },
      });
      expect(member.statusCode).toBe(204);
      const detail = (
        await ok(as[S.YOSHIDA], '/api/v1/me/courses/SPECIALIST-BASIC?fiscalYear=2026')
      ).json() as {
        modules: { id: number; kind: string }[];
      };
      const moduleId = detail.modules.find((m) => m.kind === 'assignment')!.id;
      const { payload, headers } = multipartForm([
        { name: 'text', value: '改善案です' },
        {
          name: 'file',
          value: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
          filename: '改善案.pdf',
          contentType: 'application/pdf',
        },
      ]);
      const submitted = await t.request({
        method: 'POST',
        url: `/api/v1/me/courses/SPECIALIST-BASIC/modules/${moduleId}/submission?fiscalYear=2026`,
        headers: { ...headers, ...as[S.YOSHIDA] },
        payload,
      });
      expect(submitted.statusCode).toBe(200);
      const [submission] = await t.db.query(`SELECT id FROM assignment_submission WHERE module_id = $1`, [
        moduleId,
      ]);

      const since = await mark();
      const list = (await ok(hr, '/api/v1/submissions?status=submitted')).json() as unknown[];
      await ok(hr, `/api/v1/submissions/${submission.id}/file`);
      expect(await linesSince(since)).toEqual([
        expect.objectContaining({
          action: 'submissions.listed',
          detail: { scope: { status: 'submitted' }, count: list.length },
        }),
        expect.objectContaining({
          actor_login_id: ADMIN.loginId,
          action: 'submission.file_downloaded',
          subject_employee_no: S.YOSHIDA,
          detail: { scope: { submissionId: String(submission.id) } },
        }),
      ]);
    });
  });

  describe('what is not audited', () => {
    it('a learner’s own reads (/me/…, own history, own certificate) record nothing', async () => {
      const since = await mark();
      await ok(as[S.YOSHIDA], '/api/v1/me/enrollments');
      await ok(as[S.YOSHIDA], '/api/v1/me/enrollments?fiscalYear=2025');
      await ok(as[S.YOSHIDA], '/api/v1/me/courses/WORKPLACE-DX?fiscalYear=2026');
      await ok(as[S.YOSHIDA], '/api/v1/me/courses/WORKPLACE-DX/certificate.pdf?fiscalYear=2025');
      await ok(as[S.YOSHIDA], `/api/v1/staff/${S.YOSHIDA}/history`);
      await ok(as[S.HR_CHIEF], `/api/v1/staff/${S.HR_CHIEF}/enrollments`);
      expect(await linesSince(since)).toEqual([]);
    });

    it('a refused or failed read records no "viewed" line (the refusal itself is recorded)', async () => {
      const since = await mark();
      // A plain learner may not read someone else's enrolments; a manager of another 部局 does not find them.
      expectProblem(await get(as[S.YOSHIDA], `/api/v1/staff/${S.DIRECTOR}/enrollments`), 403);
      expectProblem(await get(as[S.AGRI_CHIEF], `/api/v1/staff/${S.YOSHIDA}/enrollments`), 404);
      expectProblem(await get(as[S.AGRI_CHIEF], '/api/v1/team/matrix?orgUnitCode=100100'), 404);
      expectProblem(await get(as[S.DIRECTOR], '/api/v1/exports/audit-log.csv'), 403);
      expectProblem(await get(hr, '/api/v1/exports/completion.csv?fiscalYear=1999'), 422);
      const lines = await linesSince(since);
      expect(readsOnly(lines)).toEqual([]);
      // Both refusals are written in the background, in either order.
      expect(lines.map((l) => [l.action, l.actor_login_id]).sort()).toEqual([
        ['request.denied', S.DIRECTOR],
        ['request.denied', S.YOSHIDA],
      ]);
    });
  });

  describe('searching the log', () => {
    const search = async (auth: Auth, query: string): Promise<AuditLogPage> =>
      (await ok(auth, `/api/v1/audit-log?${query}`)).json();

    it('by person: the reads of that person’s data, newest first, with the person’s and the actor’s names', async () => {
      await ok(as[S.DIRECTOR], `/api/v1/staff/${S.NEWHIRE_2025}/enrollments?fiscalYear=2025`);
      await linesSince('0');
      await ok(hr, `/api/v1/staff/${S.NEWHIRE_2025}/history`);
      await linesSince('0');
      const page = await search(hr, `person=${S.NEWHIRE_2025}`);
      expect(page.items.map((i) => [i.action, i.actorLoginId, i.person])).toEqual([
        ['staff.history_viewed', ADMIN.loginId, { employeeNo: S.NEWHIRE_2025, name: '新人 花子' }],
        ['staff.enrollments_viewed', S.DIRECTOR, { employeeNo: S.NEWHIRE_2025, name: '新人 花子' }],
      ]);
      expect(page.total).toBe(2);
      const [first] = page.items;
      expect(first).toEqual<AuditLogEntry>({
        id: expect.any(String),
        occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        actorLoginId: ADMIN.loginId,
        actorName: expect.any(String),
        action: 'staff.history_viewed',
        person: { employeeNo: S.NEWHIRE_2025, name: '新人 花子' },
        target: null,
        scope: null,
        count: 1,
        incomplete: false,
        scopeLabel: '',
        ip: '127.0.0.1',
      });
      // Full-width digits are the same 職員番号.
      const fullWidth = S.NEWHIRE_2025.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
      expect((await search(hr, `person=${encodeURIComponent(fullWidth)}`)).total).toBe(2);
      // Changes to a person's enrolments are found under the person too.
      expect((await search(hr, `person=${S.NEWHIRE_2026}&action=exemption.granted`)).total).toBe(1);
    });

    it('by actor, action and Tokyo days, with paging', async () => {
      for (let i = 0; i < 3; i++) await ok(as[S.TEAM_CHIEF], `/api/v1/staff/${S.YOSHIDA}/enrollments`);
      await linesSince('0');
      // Their login is theirs too; the reads are three.
      expect((await search(hr, `actor=${S.TEAM_CHIEF}`)).items.map((i) => i.action)).toContain(
        'login.succeeded',
      );
      const all = await search(hr, `actor=${S.TEAM_CHIEF}&action=staff.enrollments_viewed`);
      expect(all.total).toBe(3);
      expect(
        all.items.every((i) => i.actorLoginId === S.TEAM_CHIEF && i.action === 'staff.enrollments_viewed'),
      ).toBe(true);
      const paged = await search(
        hr,
        `actor=${S.TEAM_CHIEF}&action=staff.enrollments_viewed&pageSize=2&page=2`,
      );
      expect({
        total: paged.total,
        more: paged.totalIsLowerBound,
        items: paged.items.length,
        page: paged.page,
      }).toEqual({ total: 3, more: false, items: 1, page: 2 });
      expect(
        (await search(hr, `actor=${S.TEAM_CHIEF}&action=staff.enrollments_viewed&pageSize=2&page=5`)).total,
      ).toBe(3);
      expect(
        (await search(hr, `actor=${S.TEAM_CHIEF}&action=staff.enrollments_viewed&from=${TODAY}&to=${TODAY}`))
          .total,
      ).toBe(3);
      expect((await search(hr, `actor=${S.TEAM_CHIEF}&to=2026-04-01`)).total).toBe(0);
      expect((await search(hr, `actor=${S.TEAM_CHIEF}&action=team.matrix_viewed`)).total).toBe(0);
      const [xlsx] = (await search(hr, 'action=export.completion_xlsx')).items;
      expect([xlsx.scope, xlsx.scopeLabel]).toEqual([
        { trackCode: 'WORKPLACE-DX', fiscalYear: '2026' },
        '研修体系 WORKPLACE-DX・年度 令和8年度（2026年度）',
      ]);
    });

    it('is scoped to the tenant: another tenant’s reads are not shown, nor ours to it', async () => {
      const other = await createTenant(t, 'audit-other');
      await ok(other.admin, '/api/v1/staff');
      await linesSince('0');
      const ours = await search(hr, `actor=admin-audit-other`);
      expect(ours.total).toBe(0);
      const theirs = await search(other.admin, '');
      expect(theirs.items.map((i) => i.actorLoginId)).not.toContain(ADMIN.loginId);
      expect(
        theirs.items.some((i) => i.action === 'staff.searched' && i.actorLoginId === 'admin-audit-other'),
      ).toBe(true);
      expect(theirs.items.every((i) => !i.person || i.person.employeeNo !== S.YOSHIDA)).toBe(true);
    });

    it('is for HR and system administrators only (403 for a manager or a learner, 401 without login)', async () => {
      expectProblem(await get(as[S.DIRECTOR], '/api/v1/audit-log'), 403);
      expectProblem(await get(as[S.YOSHIDA], '/api/v1/audit-log'), 403);
      expectProblem(await get(as[S.DIRECTOR], '/api/v1/exports/audit-log.csv'), 403);
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/audit-log' }), 401);
    });

    it('refuses invalid filters with 422 naming the field', async () => {
      const badDate = expectProblem(await get(hr, '/api/v1/audit-log?from=2026-02-30'), 422);
      expect(JSON.stringify(badDate.errors)).toContain('from');
      const reversed = expectProblem(await get(hr, '/api/v1/audit-log?from=2026-12-03&to=2026-12-01'), 422);
      expect(reversed.errors).toEqual([{ field: 'to', message: expect.stringContaining('終了日') }]);
      const person = expectProblem(await get(hr, '/api/v1/audit-log?person=abc'), 422);
      expect(person.errors).toEqual([{ field: 'person', message: expect.stringContaining('職員番号') }]);
    });
  });

  describe('GET /api/v1/exports/audit-log.csv', () => {
    it('is UTF-8 with BOM, Japanese headers and labels, cells safe from formulas, and is itself audited', async () => {
      // A line whose actor looks like a formula (as a hostile login id or an address from a proxy header might).
      await t.db.query(
        `INSERT INTO audit_log (tenant_id, actor_login_id, action, subject_employee_no, detail, ip)
         VALUES ($1, '=HYPERLINK("http://evil.example")', 'staff.enrollments_viewed', $2, '{"count": 3}', '+81-3')`,
        [tenantId, S.YOSHIDA],
      );
      const since = await mark();
      const response = await ok(hr, `/api/v1/exports/audit-log.csv?person=${S.YOSHIDA}&from=${TODAY}`);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const fileName = decodeURIComponent(
        /filename\*=UTF-8''([^;\s]+)/i.exec(String(response.headers['content-disposition']))![1],
      );
      expect(fileName).toBe(`監査ログ_${TODAY}_UTF-8.csv`);
      const bytes = response.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(records[0]).toEqual([
        '日時',
        '操作者',
        '操作者名',
        '操作',
        '職員番号',
        '氏名',
        '対象',
        '件数',
        '接続元',
      ]);
      const rows = records.slice(1);
      expect(rows.length).toBeGreaterThan(2);
      expect(rows.every((r) => r[4] === S.YOSHIDA && r[5] === '𠮷田 太郎')).toBe(true);
      const hostile = rows.find((r) => r[1].includes('HYPERLINK'))!;
      expect(hostile).toEqual([
        expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        `'=HYPERLINK("http://evil.example")`,
        '',
        '職員の受講状況の閲覧',
        S.YOSHIDA,
        '𠮷田 太郎',
        '',
        '3',
        `'+81-3`,
      ]);
      const byManager = rows.find((r) => r[1] === S.HR_CHIEF)!;
      expect(byManager.slice(2, 4)).toEqual([expect.any(String), '職員の受講状況の閲覧']);
      expect(byManager[6]).toMatch(/^年度 令和\d+年度（20\d\d年度）$/);
      // No raw action code anywhere in the file.
      expect(rows.every((r) => !/[a-z_]+\.[a-z_]+/.test(r[3]))).toBe(true);

      const lines = await linesSince(since);
      expect(lines).toEqual([
        expect.objectContaining({
          actor_login_id: ADMIN.loginId,
          action: 'export.audit_log_csv',
          detail: { scope: { person: S.YOSHIDA, from: TODAY }, count: rows.length },
        }),
      ]);
    });
  });
  describe('a download broken off', () => {
    it('is still recorded, marked incomplete, with the rows produced until then', async () => {
      // Enough lines that the file cannot sit whole in the socket buffers when the client goes away.
      await t.db.query(
        `INSERT INTO audit_log (tenant_id, actor_login_id, action, subject_employee_no, detail)
         SELECT $1, 'bulk-reader', 'staff.enrollments_viewed', $2, '{"count": 1}' FROM generate_series(1, 60000)`,
        [tenantId, S.PLANNER],
      );
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const since = await mark();
      await new Promise<void>((resolve, reject) => {
        const request = httpGet(
          { host: '127.0.0.1', port, path: '/api/v1/exports/audit-log.csv?actor=bulk-reader', headers: hr },
          (response) => {
            expect(response.statusCode).toBe(200);
            response.once('data', () => {
              request.destroy();
              resolve();
            });
          },
        );
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
      });
      // The server notices the closed connection a moment later.
      let lines: Line[] = [];
      for (let i = 0; i < 50 && lines.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        lines = await linesSince(since);
      }
      expect(lines).toEqual([
        expect.objectContaining({
          actor_login_id: ADMIN.loginId,
          action: 'export.audit_log_csv',
          detail: { scope: { actor: 'bulk-reader' }, count: expect.any(Number), incomplete: true },
        }),
      ]);
      expect(lines[0].detail!.count!).toBeLessThan(60000);
      // Beyond 10,000 matching lines the search says "at least" rather than counting a year of lines on every page.
      const bulk = (await ok(hr, '/api/v1/audit-log?actor=bulk-reader&page=3')).json() as AuditLogPage;
      expect([bulk.total, bulk.totalIsLowerBound, bulk.items.length]).toEqual([10_000, true, 50]);
    });
  });
});
