import {
  adminAuth,
  expectProblem,
  Auth,
  createTenant,
  createUser,
  fixtureRecords,
  importFile,
  importOk,
  JAPANESE,
  loginAs,
  orgCsv,
  OrgUnitInput,
  person,
  readFixture,
  setPassword,
  staffCsv,
} from './support/factories';
import { createTestApp, multipartFile, TestApp } from './support/test-app';

const FIRST = '2026-04-01';
const SECOND = '2026-10-01';
const THIRD = '2027-04-01';

/** The fixture's chart as objects, to render again in other encodings and layouts. */
const fixtureChart: OrgUnitInput[] = fixtureRecords('sample-org.csv', 'cp932').map((r) => ({
  code: r['所属コード'],
  name: r['所属名'],
  parent: r['上位所属コード'] || undefined,
  kind: r['区分'],
}));

/** The fixture with 企画課 renamed, 廃棄物対策課 dropped and 循環型社会推進課 added. */
const secondChart: OrgUnitInput[] = [
  ...fixtureChart
    .filter((u) => u.code !== '030100')
    .map((u) => (u.code === '010100' ? { ...u, name: '企画調整課' } : u)),
  { code: '030200', name: '循環型社会推進課', kind: '所属', parent: '030000' },
];

interface Node {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  staffCount: number;
  totalStaffCount: number;
}

describe('org-unit import', () => {
  let t: TestApp;
  let admin: Auth;

  const chart = async (date: string, auth: Auth = admin): Promise<Node[]> => {
    const response = await t.request({ method: 'GET', url: `/api/v1/org-units?date=${date}`, headers: auth });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const byCode = (nodes: Node[]) => Object.fromEntries(nodes.map((n) => [n.code, n]));

  /** Everything an org import could write, to show that a refused one wrote nothing. */
  const snapshot = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM org_unit)::int AS units,
                (SELECT count(*) FROM org_unit_version)::int AS versions,
                (SELECT coalesce(max(id), 0) FROM org_unit_version)::int AS last_version,
                (SELECT coalesce(string_agg(id || ':' || coalesce(valid_to::text, '-'), ',' ORDER BY id), '') FROM org_unit_version) AS ends,
                (SELECT count(*) FROM audit_log WHERE action = 'import.org_units')::int AS audited`,
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
  });
  afterAll(() => t?.close());

  describe('the Shift_JIS fixture', () => {
    it('is checked without being written when dryRun=true', async () => {
      const before = await snapshot();
      const body = await importOk(t, 'org-units', admin, readFixture('sample-org.csv'), {
        dryRun: true,
        effectiveDate: FIRST,
      });
      expect(body).toMatchObject({
        dryRun: true,
        counts: { created: 9, updated: 0, closed: 0, unchanged: 0 },
        errors: [],
      });
      expect(await chart(FIRST)).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });

    it('is written when dryRun=false, names decoded from CP932', async () => {
      const body = await importOk(t, 'org-units', admin, readFixture('sample-org.csv'), {
        dryRun: false,
        effectiveDate: FIRST,
      });
      expect(body).toMatchObject({
        dryRun: false,
        counts: { created: 9, updated: 0, closed: 0, unchanged: 0 },
        errors: [],
      });
      const nodes = await chart(FIRST);
      expect(nodes.map((n) => n.code).sort()).toEqual(fixtureChart.map((u) => u.code).sort());
      expect(byCode(nodes)['020000']).toMatchObject({
        name: 'デジタル社会推進局',
        kind: '部局',
        parentCode: null,
      });
      expect(byCode(nodes)['020110']).toMatchObject({ name: 'DX推進班', kind: '班', parentCode: '020100' });
      expect(byCode(nodes)['030100']).toMatchObject({
        name: '廃棄物対策課',
        kind: '所属',
        parentCode: '030000',
      });
      // Parents come before their children.
      const position = new Map(nodes.map((n, i) => [n.code, i]));
      for (const n of nodes)
        if (n.parentCode) expect(position.get(n.parentCode)!).toBeLessThan(position.get(n.code)!);
      // Before the effective date there was no chart.
      expect(await chart('2026-03-31')).toEqual([]);
    });

    it('reports every row unchanged, and writes nothing, when the same file is sent again', async () => {
      const before = await snapshot();
      const body = await importOk(t, 'org-units', admin, readFixture('sample-org.csv'), {
        effectiveDate: FIRST,
      });
      expect(body.counts).toEqual({ created: 0, updated: 0, closed: 0, unchanged: 9 });
      const after = await snapshot();
      expect({ ...after, audited: before.audited }).toEqual(before);
    });

    it.each([
      ['UTF-8 without BOM, LF', { encoding: 'utf-8', eol: '\n' }],
      ['UTF-8 without BOM, CRLF', { encoding: 'utf-8', eol: '\r\n' }],
      ['UTF-8 with BOM, LF', { encoding: 'utf-8-bom', eol: '\n' }],
      ['UTF-8 with BOM, CRLF', { encoding: 'utf-8-bom', eol: '\r\n' }],
      ['Shift_JIS, LF', { encoding: 'shift_jis', eol: '\n' }],
      ['every cell quoted', { encoding: 'utf-8', quoteAll: true }],
      [
        'columns in another order, plus an unknown column',
        { encoding: 'utf-8-bom', columns: ['区分', '備考', '所属名', '上位所属コード', '所属コード'] },
      ],
    ] as const)('reads the same chart as %s (every row unchanged)', async (_label, options) => {
      const before = await snapshot();
      const body = await importOk(t, 'org-units', admin, orgCsv(fixtureChart, options), {
        effectiveDate: FIRST,
      });
      expect(body.counts).toEqual({ created: 0, updated: 0, closed: 0, unchanged: 9 });
      expect((await snapshot()).versions).toBe(before.versions);
    });
  });

  describe('a later chart that renames one unit, drops one and adds one', () => {
    it('is only reported with dryRun=true', async () => {
      const before = await snapshot();
      // Closing 1 of 9 units is over the 10 % guard of so small a chart: confirmed with allowMassClose.
      const body = await importOk(t, 'org-units', admin, orgCsv(secondChart), {
        dryRun: true,
        effectiveDate: SECOND,
        allowMassClose: true,
      });
      expect(body).toMatchObject({
        dryRun: true,
        counts: { created: 1, updated: 1, closed: 1, unchanged: 7 },
      });
      expect(await snapshot()).toEqual(before);
      expect(byCode(await chart(SECOND))['010100'].name).toBe('企画課');
    });

    it('counts updated, closed and created, and closes the dropped unit instead of deleting it', async () => {
      const body = await importOk(t, 'org-units', admin, orgCsv(secondChart), {
        effectiveDate: SECOND,
        allowMassClose: true,
      });
      expect(body.counts).toEqual({ created: 1, updated: 1, closed: 1, unchanged: 7 });

      const versions = await t.db.query(
        `SELECT v.name, v.valid_from, v.valid_to FROM org_unit_version v JOIN org_unit u ON u.id = v.unit_id
          WHERE u.code = '030100' ORDER BY v.valid_from`,
      );
      expect(versions).toEqual([{ name: '廃棄物対策課', valid_from: FIRST, valid_to: SECOND }]);
      const renamed = await t.db.query(
        `SELECT v.name, v.valid_from, v.valid_to FROM org_unit_version v JOIN org_unit u ON u.id = v.unit_id
          WHERE u.code = '010100' ORDER BY v.valid_from`,
      );
      expect(renamed).toEqual([
        { name: '企画課', valid_from: FIRST, valid_to: SECOND },
        { name: '企画調整課', valid_from: SECOND, valid_to: null },
      ]);
    });

    it('still shows the old chart for a date before, and the new one from the effective date', async () => {
      const old = byCode(await chart('2026-09-30'));
      expect(Object.keys(old).sort()).toEqual(fixtureChart.map((u) => u.code).sort());
      expect(old['010100'].name).toBe('企画課');
      expect(old['030100'].name).toBe('廃棄物対策課');

      const now = byCode(await chart(SECOND));
      expect(Object.keys(now).sort()).toEqual(secondChart.map((u) => u.code).sort());
      expect(now['010100'].name).toBe('企画調整課');
      expect(now['030100']).toBeUndefined();
      expect(now['030200']).toMatchObject({ name: '循環型社会推進課', kind: '所属', parentCode: '030000' });
    });

    it('refuses a chart effective before one already applied (422), writing nothing', async () => {
      const before = await snapshot();
      const response = await importFile(t, 'org-units', admin, orgCsv(fixtureChart), {
        effectiveDate: '2026-06-01',
      });
      expectProblem(response, 422);
      expect(await snapshot()).toEqual(before);
      expect(byCode(await chart('2026-06-01'))['010100'].name).toBe('企画課');
    });
  });

  describe('refused files: 422 naming the row and column, nothing written', () => {
    /** Line numbers: the header is line 1, secondChart fills lines 2–10, an appended unit is line 11. */
    const withExtra = (...extra: OrgUnitInput[]) => orgCsv([...secondChart, ...extra]);

    const cases: [string, Buffer, { row: number; column: string }[]][] = [
      [
        'an unknown 区分',
        withExtra({ code: '040000', name: '新局', kind: '局' }),
        [{ row: 11, column: '区分' }],
      ],
      [
        'a 部局 with a parent',
        withExtra({ code: '040000', name: '新部', kind: '部局', parent: '010000' }),
        [{ row: 11, column: '上位所属コード' }],
      ],
      [
        'a 所属 without a parent',
        withExtra({ code: '040100', name: '新課', kind: '所属' }),
        [{ row: 11, column: '上位所属コード' }],
      ],
      [
        'a 班 without a parent',
        withExtra({ code: '040110', name: '新班', kind: '班' }),
        [{ row: 11, column: '上位所属コード' }],
      ],
      [
        'a parent code that is not in the file',
        withExtra({ code: '040100', name: '新課', kind: '所属', parent: '049999' }),
        [{ row: 11, column: '上位所属コード' }],
      ],
      [
        'a parent code of a unit that was dropped',
        withExtra({ code: '030210', name: '新班', kind: '班', parent: '030100' }),
        [{ row: 11, column: '上位所属コード' }],
      ],
      [
        'a 所属 under a 班',
        withExtra({ code: '040100', name: '新課', kind: '所属', parent: '010110' }),
        [{ row: 11, column: '上位所属コード' }],
      ],
      [
        'an empty 所属名',
        withExtra({ code: '040000', name: '', kind: '部局' }),
        [{ row: 11, column: '所属名' }],
      ],
      [
        'a 所属コード with characters a code cannot hold',
        withExtra({ code: '04_000', name: '新部', kind: '部局' }),
        [{ row: 11, column: '所属コード' }],
      ],
      [
        'a duplicated code (error on the repeat only)',
        withExtra({ code: '010110', name: '政策班', kind: '班', parent: '010100' }),
        [{ row: 11, column: '所属コード' }],
      ],
      [
        'two bad rows (one error each, in line order)',
        withExtra(
          { code: '040000', name: '新局', kind: '局' },
          { code: '040100', name: '新課', kind: '所属' },
        ),
        [
          { row: 11, column: '区分' },
          { row: 12, column: '上位所属コード' },
        ],
      ],
      [
        'a missing required column',
        orgCsv(secondChart, { columns: ['所属コード', '所属名', '上位所属コード'] }),
        [{ row: 1, column: '区分' }],
      ],
    ];

    it.each(cases)('%s', async (_label, file, expected) => {
      const before = await snapshot();
      const response = await importFile(t, 'org-units', admin, file, { effectiveDate: THIRD });
      const body = expectProblem(response, 422);
      const errors = body.errors as { row?: number; column?: string; message: string }[];
      expect(errors.map(({ row, column }) => ({ row, column }))).toEqual(expected);
      for (const error of errors) expect(error.message).toMatch(JAPANESE);
      expect(await snapshot()).toEqual(before);
    });

    it('counts lines, not records, when a quoted field spans lines', async () => {
      const before = await snapshot();
      // Line 11–12 hold one record whose name has a line break; the bad record starts on line 13.
      const text =
        '所属コード,所属名,上位所属コード,区分\n' +
        secondChart.map((u) => `${u.code},${u.name},${u.parent ?? ''},${u.kind}`).join('\n') +
        '\n040000,"新しい\n部局",,部局\n040100,新課,,所属\n';
      const body = expectProblem(
        await importFile(t, 'org-units', admin, text, { effectiveDate: THIRD }),
        422,
      );
      expect((body.errors as { row: number }[]).map((e) => e.row)).toEqual([13]);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['an empty file', Buffer.alloc(0)],
      ['a file with only a BOM', Buffer.from([0xef, 0xbb, 0xbf])],
      [
        'binary content (a PNG image)',
        Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
      ],
      [
        'bytes that are neither UTF-8 nor Shift_JIS',
        Buffer.concat([
          Buffer.from('所属コード,所属名,上位所属コード,区分\r\n', 'utf8'),
          Buffer.from([0x81, 0xff, 0xfe, 0x0d, 0x0a]),
        ]),
      ],
    ])('%s', async (_label, file) => {
      const before = await snapshot();
      const body = expectProblem(
        await importFile(t, 'org-units', admin, file, { effectiveDate: THIRD }),
        422,
      );
      expect(body.detail).toMatch(JAPANESE);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a body that is not multipart with 415', async () => {
      const asCsv = await t.request({
        method: 'POST',
        url: `/api/v1/imports/org-units?effectiveDate=${THIRD}`,
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: orgCsv(secondChart),
      });
      expectProblem(asCsv, 415);
      const asJson = await t.request({
        method: 'POST',
        url: `/api/v1/imports/org-units?effectiveDate=${THIRD}`,
        headers: admin,
        payload: { file: '所属コード,所属名,上位所属コード,区分' },
      });
      expectProblem(asJson, 415);
    });

    it('refuses a multipart body without a `file` field with 400', async () => {
      const { payload, headers } = multipartFile(orgCsv(secondChart), 'chart.csv', 'upload');
      const response = await t.request({
        method: 'POST',
        url: `/api/v1/imports/org-units?effectiveDate=${THIRD}`,
        headers: { ...headers, ...admin },
        payload,
      });
      expectProblem(response, 400);
    });

    it('refuses a file over 20 MB with 413, writing nothing', async () => {
      const before = await snapshot();
      const line = '099999,大きすぎるファイルの行,,部局\r\n';
      const big = Buffer.from(
        '所属コード,所属名,上位所属コード,区分\r\n' +
          line.repeat(Math.ceil((21 * 1024 * 1024) / Buffer.byteLength(line))),
      );
      expect(big.length).toBeGreaterThan(20 * 1024 * 1024);
      expectProblem(await importFile(t, 'org-units', admin, big, { effectiveDate: THIRD }), 413);
      expect(await snapshot()).toEqual(before);
    });

    it.each(['2026-02-30', '2026/02/30', 'tomorrow', '2026-4'])(
      'refuses the effectiveDate %s with 422',
      async (date) => {
        const before = await snapshot();
        const body = expectProblem(
          await importFile(t, 'org-units', admin, orgCsv(secondChart), { effectiveDate: date }),
          422,
        );
        expect(body.errors).toEqual([
          expect.objectContaining({ field: 'effectiveDate', message: expect.stringMatching(JAPANESE) }),
        ]);
        expect(await snapshot()).toEqual(before);
      },
    );
  });

  describe('a 所属 moved to another 部局', () => {
    it('takes its 班 (and the people in them) along into the new 部局 from the effective date', async () => {
      // Someone in a 班 of デジタル改革推進課, which then moves from デジタル社会推進局 to 政策企画部.
      await importOk(t, 'staff', admin, staffCsv([person('800001', { unit: '020110', assigned: SECOND })]), {
        effectiveDate: SECOND,
      });
      const moved = secondChart.map((u) => (u.code === '020100' ? { ...u, parent: '010000' } : u));
      const body = await importOk(t, 'org-units', admin, orgCsv(moved), { effectiveDate: THIRD });
      expect(body.counts).toEqual({ created: 0, updated: 1, closed: 0, unchanged: 8 });

      const before = byCode(await chart('2027-03-31'));
      expect(before['020000'].totalStaffCount).toBe(1);
      expect(before['010000'].totalStaffCount).toBe(0);
      const after = byCode(await chart(THIRD));
      expect(after['020100'].parentCode).toBe('010000');
      expect(after['020000'].totalStaffCount).toBe(0);
      expect(after['010000'].totalStaffCount).toBe(1);

      const search = async (unit: string, date: string) =>
        (
          await t.request({
            method: 'GET',
            url: `/api/v1/staff?orgUnitCode=${unit}&date=${date}`,
            headers: admin,
          })
        ).json();
      expect((await search('010000', THIRD)).items.map((i: { employeeNo: string }) => i.employeeNo)).toEqual([
        '800001',
      ]);
      expect((await search('020000', THIRD)).items).toEqual([]);
      expect(
        (await search('020000', '2027-03-31')).items.map((i: { employeeNo: string }) => i.employeeNo),
      ).toEqual(['800001']);
    });
  });

  describe('quoted fields', () => {
    it('keeps commas and doubled quotes inside quoted names', async () => {
      const tenant = await createTenant(t, 'quoted');
      const units: OrgUnitInput[] = [
        { code: '100000', name: '総務部', kind: '部局' },
        { code: '100100', name: '人事課, 研修担当', kind: '所属', parent: '100000' },
        { code: '100110', name: '"DX" 推進班', kind: '班', parent: '100100' },
      ];
      const body = await importOk(t, 'org-units', tenant.admin, orgCsv(units, { encoding: 'shift_jis' }), {
        effectiveDate: FIRST,
      });
      expect(body.counts).toEqual({ created: 3, updated: 0, closed: 0, unchanged: 0 });
      const nodes = byCode(await chart(FIRST, tenant.admin));
      expect(nodes['100100'].name).toBe('人事課, 研修担当');
      expect(nodes['100110'].name).toBe('"DX" 推進班');
      // The other tenant's chart is not touched by this one.
      expect(byCode(await chart(FIRST))['100100']).toBeUndefined();
    });
  });

  describe('who may import', () => {
    it('allows an HR user who is not a system administrator', async () => {
      await createUser(t, { loginId: 'hr-only', password: 'hr-only-password', roles: ['hr'] });
      const hr = await loginAs(t, 'hr-only', 'hr-only-password');
      const response = await importFile(t, 'org-units', hr, readFixture('sample-org.csv'), {
        dryRun: true,
        effectiveDate: THIRD,
        allowMassClose: true,
      });
      expect(response.statusCode).toBe(200);
    });

    it('refuses a plain staff member (403) and an anonymous caller (401), writing nothing', async () => {
      await setPassword(t, admin, '800001', 'staff-member-password');
      const staff = await loginAs(t, '800001', 'staff-member-password');
      const before = await snapshot();
      expectProblem(
        await importFile(t, 'org-units', staff, orgCsv(secondChart), { effectiveDate: THIRD }),
        403,
      );
      expectProblem(await importFile(t, 'org-units', {}, orgCsv(secondChart), { effectiveDate: THIRD }), 401);
      expect(await snapshot()).toEqual(before);
    });
  });
});
