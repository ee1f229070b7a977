import type {
  ImportChange,
  ImportResultWithChanges,
  OrgClosingSummary,
  OrgImportCounts,
  StaffImportCounts,
} from '@dx/contract';
import {
  adminAuth,
  Auth,
  expectProblem,
  importFile,
  JAPANESE,
  loginAs,
  orgCsv,
  person,
  setPassword,
  smallOrg,
  staffCsv,
  StaffInput,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** Previews that show changes, not counts: the org chart's mass-close guard, before → after, encoding loss, dates. */
describe('import previews', () => {
  let t: TestApp;
  let admin: Auth;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminAuth(t);
  });
  afterAll(() => t?.close());

  async function ok<C>(kind: 'org-units' | 'staff', file: Buffer, query: Record<string, string | boolean>) {
    const response = await importFile(t, kind, admin, file, query);
    if (response.statusCode !== 200)
      throw new Error(`${kind} ${JSON.stringify(query)}: ${response.statusCode} ${response.body}`);
    return response.json() as ImportResultWithChanges<C>;
  }
  const changeOf = (changes: ImportChange[] | undefined, key: string) => {
    const change = changes?.find((c) => c.key === key);
    if (!change) throw new Error(`no change for ${key} in ${JSON.stringify(changes)}`);
    return change;
  };
  const fieldsOf = (change: ImportChange) =>
    Object.fromEntries(change.fields.map((f) => [f.field, [f.before, f.after]]));

  describe('an org chart that would close most units', () => {
    const FIRST = '2026-04-01';
    const SECOND = '2026-10-01';
    /** 4 部局 with a 所属 and a 班 each: 12 open units. */
    const chart = smallOrg(['10', '20', '30', '40']);
    /** Only the first 部局 is in the file: 9 of 12 units (75 %) would close. */
    const partial = smallOrg(['10']);
    const versions = async () =>
      (
        await t.db.query(`SELECT count(*)::int AS n, count(valid_to)::int AS closed FROM org_unit_version`)
      )[0];

    beforeAll(async () => {
      await ok('org-units', orgCsv(chart), { effectiveDate: FIRST });
      await ok(
        'staff',
        staffCsv([
          person('700001', { unit: '200110' }),
          person('700002', { unit: '200110' }),
          person('700003', { unit: '300100', position: '課長', hired: '2000-04-01', promoted: '2020-04-01' }),
          person('700004', { unit: '100110' }),
        ]),
        { effectiveDate: FIRST },
      );
    });

    it('is refused (422, even as a dry run) without allowMassClose, naming the share, the units and the people in them', async () => {
      const before = await versions();
      for (const dryRun of [true, false]) {
        const body = expectProblem(
          await importFile(t, 'org-units', admin, orgCsv(partial), { dryRun, effectiveDate: SECOND }),
          422,
        );
        expect(body['type']).toMatch(/\/mass-close$/);
        expect(body['detail']).toContain('12所属のうち9所属（75%）が廃止');
        expect(body['detail']).toContain('3人');
        expect(body['detail']).toContain('allowMassClose=true');
        const closing = body['closing'] as OrgClosingSummary;
        expect(closing).toMatchObject({
          openUnits: 12,
          closingUnits: 9,
          percent: 75,
          placedStaff: 3,
          unitsTruncated: false,
        });
        expect(closing.units.map((u) => u.code)).toEqual([
          '200000',
          '200100',
          '200110',
          '300000',
          '300100',
          '300110',
          '400000',
          '400100',
          '400110',
        ]);
        expect(closing.units.find((u) => u.code === '200110')).toEqual({
          code: '200110',
          name: '第20班',
          kind: '班',
          path: '第20部 / 第20課 / 第20班',
          placedStaff: 2,
        });
        expect(closing.units.find((u) => u.code === '300100')?.placedStaff).toBe(1);
      }
      expect(await versions()).toEqual(before);
    });

    it('is previewed with allowMassClose=true: each closing unit with its people, and a warning about them', async () => {
      const body = await ok<OrgImportCounts>('org-units', orgCsv(partial), {
        dryRun: true,
        effectiveDate: SECOND,
        allowMassClose: true,
      });
      expect(body.counts).toEqual({ created: 0, updated: 0, closed: 9, unchanged: 3 });
      expect(body.closing).toMatchObject({ closingUnits: 9, placedStaff: 3 });
      const closed = changeOf(body.changes, '200110');
      expect(closed).toMatchObject({ kind: 'closed', name: '第20班', placedStaff: 2 });
      expect(fieldsOf(closed)).toEqual({ path: ['第20部 / 第20課 / 第20班', null] });
      expect(body.changes!.filter((c) => c.kind === 'closed')).toHaveLength(9);
      expect(body.changesTruncated).toBe(false);
      expect(body.warnings).toEqual([
        expect.objectContaining({
          code: 'closing-units-staffed',
          count: 3,
          message: expect.stringContaining('3人'),
        }),
      ]);
    });

    it('is applied with allowMassClose=true: the units close on the effective date', async () => {
      const body = await ok<OrgImportCounts>('org-units', orgCsv(partial), {
        effectiveDate: SECOND,
        allowMassClose: true,
      });
      expect(body).toMatchObject({ dryRun: false, counts: { closed: 9 } });
      expect((await versions()).closed).toBe(9);
      const open = await t.request({
        method: 'GET',
        url: `/api/v1/org-units?date=${SECOND}`,
        headers: admin,
      });
      expect((open.json() as { code: string }[]).map((u) => u.code).sort()).toEqual([
        '100000',
        '100100',
        '100110',
      ]);
    });

    it('lists the units a chart creates and renames with their fields before → after', async () => {
      const grown = [...partial, ...smallOrg(['20', '30', '40', '50']).slice(0, 10)];
      const body = await ok<OrgImportCounts>(
        'org-units',
        orgCsv(grown.map((u) => (u.code === '100100' ? { ...u, name: '第10調整課' } : u))),
        {
          dryRun: true,
          effectiveDate: '2027-04-01',
        },
      );
      expect(body.counts).toEqual({ created: 10, updated: 1, closed: 0, unchanged: 2 });
      const renamed = changeOf(body.changes, '100100');
      expect(renamed).toMatchObject({ kind: 'updated', name: '第10調整課', row: 3 });
      expect(renamed.fields).toEqual([
        { field: 'name', before: '第10課', after: '第10調整課', removed: [], added: [[3, 5]] },
      ]);
      expect(fieldsOf(changeOf(body.changes, '500000'))).toEqual({
        name: [null, '第50部'],
        kind: [null, '部局'],
      });
      expect(fieldsOf(changeOf(body.changes, '200100'))).toEqual({
        name: [null, '第20課'],
        kind: [null, '所属'],
        parent: [null, '第20部（200000）'],
      });
      expect(body.closing).toBeUndefined();
    });
  });

  describe('a roster preview', () => {
    const DATE = '2027-04-01';
    const before: StaffInput[] = [
      person('600001', { name: '𠮷田 太郎', kana: 'ヨシダ タロウ', unit: '100110' }),
      person('600002', { name: '髙木 健', kana: 'タカギ ケン', unit: '100110' }),
      person('600003', { name: '異動 次郎', unit: '100110' }),
      person('600004', { name: '昇任 花子', unit: '100110', position: '主事' }),
      person('600005', { name: '退職 三郎', unit: '100110' }),
      person('600006', { name: '𩸽山 四郎', unit: '100110' }),
    ];

    beforeAll(async () => {
      // Another tenant's chart in this app would need another login: the default tenant's chart is extended.
      await ok('org-units', orgCsv([...smallOrg(['10', '20'])]), {
        effectiveDate: DATE,
        allowMassClose: true,
      });
      await ok('staff', staffCsv(before), { effectiveDate: DATE, allowMassLeave: true });
    });

    it('lists each changed person with the fields before → after and the kind of change', async () => {
      const after = [
        before[0],
        before[1],
        { ...before[2], unit: '200110', assigned: DATE },
        { ...before[3], position: '主任', promoted: DATE },
        before[5],
        person('600007', { name: '新規 採用', unit: '200100', hired: DATE, assigned: DATE }),
      ];
      const body = await ok<StaffImportCounts>('staff', staffCsv(after), {
        dryRun: true,
        effectiveDate: DATE,
        allowMassLeave: true,
      });
      expect(body.counts).toEqual({
        created: 1,
        updated: 0,
        transferred: 1,
        promoted: 1,
        left: 1,
        unchanged: 3,
      });
      expect(body.changes!.map((c) => [c.key, c.kind])).toEqual([
        ['600003', 'transferred'],
        ['600004', 'promoted'],
        ['600007', 'created'],
        ['600005', 'left'],
      ]);
      expect(fieldsOf(changeOf(body.changes, '600003'))).toEqual({
        unit: ['第10班（100110）', '第20班（200110）'],
        assignedOn: ['2026-04-01', DATE],
      });
      expect(fieldsOf(changeOf(body.changes, '600004'))).toEqual({
        position: ['主事', '主任'],
        promotedOn: ['2020-04-01', DATE],
      });
      expect(changeOf(body.changes, '600007')).toMatchObject({ name: '新規 採用', row: 7 });
      expect(fieldsOf(changeOf(body.changes, '600007'))).toMatchObject({
        name: [null, '新規 採用'],
        unit: [null, '第20課（200100）'],
        hiredOn: [null, DATE],
      });
      expect(fieldsOf(changeOf(body.changes, '600005'))).toEqual({
        unit: ['第10班（100110）', null],
        leftOn: [null, '2027-03-31'],
      });
      expect(body.warnings).toEqual([]);
      expect(body.changesTruncated).toBe(false);
    });

    it('warns when a Shift_JIS file has turned a name’s 𠮷 into 吉, and suggests sending UTF-8', async () => {
      // The personnel system wrote the same people as Shift_JIS: 𠮷 and 𩸽 do not exist there (髙 does, in CP932).
      const sjis = before.map((p) =>
        p.no === '600001' ? { ...p, name: '吉田 太郎' } : p.no === '600006' ? { ...p, name: '?山 四郎' } : p,
      );
      const body = await ok<StaffImportCounts>('staff', staffCsv(sjis, { encoding: 'shift_jis' }), {
        dryRun: true,
        effectiveDate: DATE,
      });
      expect(body.encoding).toBe('shift_jis');
      expect(body.counts).toMatchObject({ updated: 2, unchanged: 4 });
      const yoshida = changeOf(body.changes, '600001');
      expect(yoshida).toMatchObject({ kind: 'updated', warnings: ['encoding-loss'] });
      expect(yoshida.fields).toEqual([
        {
          field: 'name',
          before: '𠮷田 太郎',
          after: '吉田 太郎',
          removed: [[0, 2]],
          added: [[0, 1]],
          lost: ['𠮷'],
        },
      ]);
      expect(changeOf(body.changes, '600006').fields[0].lost).toEqual(['𩸽']);
      expect(body.changes!.find((c) => c.key === '600002')).toBeUndefined();
      const [warning] = body.warnings!;
      expect(warning).toMatchObject({ code: 'encoding-loss', count: 2 });
      expect(warning.message).toContain('𠮷');
      expect(warning.message).toContain('UTF-8');
      expect(warning.message).toMatch(JAPANESE);

      // The same correction in a UTF-8 file is a change someone meant: no warning.
      const utf8 = await ok<StaffImportCounts>('staff', staffCsv(sjis), {
        dryRun: true,
        effectiveDate: DATE,
      });
      expect(changeOf(utf8.changes, '600001').warnings).toBeUndefined();
      expect(utf8.warnings).toEqual([]);
    });

    it('reads full-width and slash dates on purpose, shows them as YYYY-MM-DD and says so', async () => {
      const written = before.map((p) =>
        p.no === '600003'
          ? { ...p, hired: '２０１９／０４／０１', assigned: '2026/4/1' }
          : p.no === '600004'
            ? { ...p, hired: '2020/04/01' }
            : p,
      );
      const body = await ok<StaffImportCounts>('staff', staffCsv(written), {
        dryRun: true,
        effectiveDate: '２０２７／０４／０１',
      });
      expect(body.effectiveDate).toBe(DATE);
      expect(body.counts).toMatchObject({ updated: 1, unchanged: 5 });
      expect(fieldsOf(changeOf(body.changes, '600003'))).toEqual({
        hiredOn: ['2020-04-01', '2019-04-01'],
        // An empty 昇任日 is the 採用日.
        promotedOn: ['2020-04-01', '2019-04-01'],
      });
      expect(body.warnings).toEqual([expect.objectContaining({ code: 'dates-normalized', count: 3 })]);
      expect(body.warnings![0].message).toContain('YYYY-MM-DD');
    });

    it('keeps a clear 422 with row and column for a date that does not exist, in any notation', async () => {
      const written = before.map((p) =>
        p.no === '600002'
          ? { ...p, hired: '２０２６／２／３０' }
          : p.no === '600004'
            ? { ...p, promoted: '2026/13/1' }
            : p,
      );
      const body = expectProblem(
        await importFile(t, 'staff', admin, staffCsv(written), { dryRun: true, effectiveDate: DATE }),
        422,
      );
      expect(body['errors']).toEqual([
        expect.objectContaining({
          row: 3,
          column: '採用日',
          message: expect.stringContaining('２０２６／２／３０'),
        }),
        expect.objectContaining({ row: 5, column: '昇任日', message: expect.stringContaining('2026/13/1') }),
      ]);
    });

    it('keeps the parameter name in the mass-leave problem and gives the numbers for the page to word', async () => {
      const body = expectProblem(
        await importFile(t, 'staff', admin, staffCsv(before.slice(0, 2)), {
          dryRun: true,
          effectiveDate: DATE,
        }),
        422,
      );
      expect(body['detail']).toContain('allowMassLeave=true');
      expect(body).toMatchObject({ activeStaff: 6, leaving: 4, percent: 67 });
    });
  });

  it('caps the listed changes of a large roster while the counts stay exact', async () => {
    const DATE = '2027-10-01';
    const many = Array.from({ length: 2500 }, (_, i) =>
      person(String(900000 + i), { unit: '100110', hired: '2020-04-01' }),
    );
    const body = await ok<StaffImportCounts>('staff', staffCsv(many), {
      dryRun: true,
      effectiveDate: DATE,
      allowMassLeave: true,
    });
    expect(body.counts.created).toBe(2500);
    expect(body.changesTruncated).toBe(true);
    expect(body.changes).toHaveLength(2000);
  });

  it('is refused to a user without HR rights', async () => {
    await setPassword(t, admin, '600002', 'preview-staff-password');
    const staff = await loginAs(t, '600002', 'preview-staff-password');
    expectProblem(await importFile(t, 'org-units', staff, orgCsv(smallOrg(['10'])), { dryRun: true }), 403);
  });
});
