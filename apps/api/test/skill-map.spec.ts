import ExcelJS from 'exceljs';
import type { SkillMapReport } from '@dx/contract';
import {
  adminAuth,
  Auth,
  createTenant,
  importOk,
  orgCsv,
  person,
  smallOrg,
  staffCsv,
  tenantIdOf,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * HR's スキルマップ (GET /api/v1/skills/map, GET /api/v1/exports/skill-map.xlsx) on a small arranged org: two 部局,
 * people who completed default-catalogue courses (mapped to デジタルスキル標準 codes) in past fiscal years, one who
 * left, one DX推進スペシャリスト, and a second tenant whose figures must never appear.
 */
describe('skill map (スキルマップ)', () => {
  let t: TestApp;
  let hr: Auth;
  let tenantId: number;
  let other: { tenantId: number; admin: Auth };

  const ORG = smallOrg(['10', '20']).map((u) => (u.code === '200000' ? { ...u, name: '=SUM(A1)部' } : u));

  /** A completion (or, with completedOn null, an open assignment) of a default course in a fiscal year. */
  async function enrol(
    tenant: number,
    employeeNo: string,
    courseCode: string,
    fiscalYear: number,
    completedOn: string | null,
  ): Promise<void> {
    const inserted = await t.db.query(
      `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, trigger_date,
                               due_date, completed_on, completed_at)
       SELECT $1, s.id, c.id, $4::smallint, 1, 'manual', make_date($4::int, 4, 1), make_date($4::int + 1, 3, 31), $5::date, $5::date
         FROM staff s JOIN course c ON c.tenant_id = s.tenant_id AND c.code = $3
        WHERE s.tenant_id = $1 AND s.employee_no = $2
       ON CONFLICT (staff_id, course_id, fiscal_year)
          DO UPDATE SET completed_on = EXCLUDED.completed_on, completed_at = EXCLUDED.completed_at
       RETURNING id`,
      [tenant, employeeNo, courseCode, fiscalYear, completedOn],
    );
    expect(inserted).toHaveLength(1);
  }

  const getMap = async (auth: Auth): Promise<SkillMapReport> => {
    const response = await t.request({ method: 'GET', url: '/api/v1/skills/map', headers: auth });
    expect({ status: response.statusCode, body: response.body.slice(0, 500) }).toMatchObject({ status: 200 });
    return response.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    hr = await adminAuth(t);
    tenantId = await tenantIdOf(t);
    const roster = [
      person('100001', { name: '専門 一郎', unit: '100110' }),
      person('100002', { name: '係長 二郎', unit: '100100' }),
      person('100003', { name: '部長 三郎', unit: '100000' }),
      person('200001', { name: '農林 四郎', unit: '200110' }),
      person('200002', { name: '退職 五郎', unit: '200100' }),
    ].map((p) => ({ ...p, assigned: '2025-04-01' }));
    await importOk(t, 'org-units', hr, orgCsv(ORG), { effectiveDate: '2025-04-01' });
    await importOk(t, 'staff', hr, staffCsv(roster), { effectiveDate: '2025-04-01' });
    // 200002 is missing from the October roster: they left (last day 2026-09-30).
    await importOk(t, 'staff', hr, staffCsv(roster.filter((p) => p.no !== '200002')), {
      effectiveDate: '2026-10-01',
      allowMassLeave: true,
    });

    // WORKPLACE-DX: Why, What and How; KAISO-SUBSECTION: マインド・スタンス; the specialist courses: roles.
    await enrol(tenantId, '100001', 'WORKPLACE-DX', 2024, '2024-11-01');
    await enrol(tenantId, '100001', 'SPECIALIST-BASIC', 2025, '2025-12-01');
    await enrol(tenantId, '100001', 'KAISO-DEPUTY', 2024, '2024-09-01');
    await enrol(tenantId, '100002', 'KAISO-SUBSECTION', 2025, '2025-07-01');
    await enrol(tenantId, '100002', 'WORKPLACE-DX', 2023, '2023-10-01');
    await enrol(tenantId, '200001', 'WORKPLACE-DX', 2025, '2025-10-01');
    await enrol(tenantId, '200001', 'KAISO-SUBSECTION', 2025, null);
    await enrol(tenantId, '200002', 'WORKPLACE-DX', 2025, '2025-06-01');
    await enrol(tenantId, '200002', 'KAISO-LEADER', 2025, '2025-06-01');

    await t.request({
      method: 'POST',
      url: '/api/v1/specialist-cohorts',
      headers: hr,
      payload: { code: 'DXS-2025', name: '令和7年度DX推進スペシャリスト', fiscalYear: 2025 },
    });
    for (const [no, stage] of [
      ['100001', '応用'],
      ['200002', '基礎'],
    ]) {
      const member = await t.request({
        method: 'PUT',
        url: `/api/v1/specialist-cohorts/DXS-2025/members/${no}`,
        headers: hr,
        payload: { stage, joinedOn: '2025-05-01' },
      });
      expect(member.statusCode).toBe(204);
    }

    // Another tenant: many completions of its own, none of which may show.
    other = await createTenant(t, 'skillmap-other');
    await importOk(t, 'org-units', other.admin, orgCsv(smallOrg(['10'])), { effectiveDate: '2025-04-01' });
    await importOk(
      t,
      'staff',
      other.admin,
      staffCsv(['900001', '900002'].map((no) => person(no, { unit: '100100', assigned: '2025-04-01' }))),
      { effectiveDate: '2025-04-01' },
    );
    for (const no of ['900001', '900002']) {
      await enrol(other.tenantId, no, 'WORKPLACE-DX', 2025, '2025-10-01');
      await enrol(other.tenantId, no, 'KAISO-LEADER', 2025, '2025-10-01');
    }
  });
  afterAll(() => t?.close());

  it('counts, per 部局 of today, the active staff who covered each DXリテラシー area (any fiscal year)', async () => {
    const map = await getMap(hr);
    expect(map.areas.map((a) => a.code)).toEqual(['lit.why', 'lit.what', 'lit.how', 'lit.mind']);
    expect(map.departments.map((d) => [d.code, d.name, d.staff, d.covered])).toEqual([
      // 100001 Why/What/How; 100002 マインド・スタンス and (FY2023) Why/What/How; 100003 nothing.
      ['100000', '第10部', 3, [2, 2, 2, 1]],
      // 200001 only (200002 left; 200001's open KAISO-SUBSECTION does not count).
      ['200000', '=SUM(A1)部', 1, [1, 1, 1, 0]],
    ]);
    expect(map.departments[0].shares).toEqual([0.667, 0.667, 0.667, 0.333]);
    expect(map.totals).toMatchObject({ staff: 4, covered: [3, 3, 3, 1], shares: [0.75, 0.75, 0.75, 0.25] });
  });

  it('lists the active specialists with their completed courses per DX推進スキル標準 role', async () => {
    const map = await getMap(hr);
    expect(map.roles.map((r) => r.label)).toEqual([
      'ビジネスアーキテクト',
      'デザイナー',
      'データサイエンティスト',
      'ソフトウェアエンジニア',
      'サイバーセキュリティ',
    ]);
    // 200002 left: not listed. SPECIALIST-BASIC and KAISO-DEPUTY are both ビジネスアーキテクト courses.
    expect(map.specialists).toEqual([
      {
        employeeNo: '100001',
        name: '専門 一郎',
        departmentName: '第10部',
        cohortName: '令和7年度DX推進スペシャリスト',
        stage: '応用',
        completedByRole: [2, 0, 1, 0, 0],
      },
    ]);
  });

  it("follows the course's mapping: a course mapped to マインド・スタンス counts for it at once", async () => {
    await t.db.query(
      `INSERT INTO course_skill (tenant_id, course_id, code)
       SELECT tenant_id, id, 'lit.mind' FROM course WHERE tenant_id = $1 AND code = 'WORKPLACE-DX'`,
      [tenantId],
    );
    try {
      const map = await getMap(hr);
      expect(map.departments.map((d) => d.covered[3])).toEqual([2, 1]);
    } finally {
      await t.db.query(
        `DELETE FROM course_skill WHERE tenant_id = $1 AND code = 'lit.mind'
            AND course_id = (SELECT id FROM course WHERE tenant_id = $1 AND code = 'WORKPLACE-DX')`,
        [tenantId],
      );
    }
  });

  it('follows the completions: an undone completion no longer counts, an unmapped area no longer shows', async () => {
    const workplace = `(SELECT id FROM course WHERE tenant_id = $1 AND code = 'WORKPLACE-DX')`;
    const person = `(SELECT id FROM staff WHERE tenant_id = $1 AND employee_no = '200001')`;
    // 200001's only completion is undone: 農林's one person covers nothing any more.
    await t.db.query(
      `UPDATE enrollment SET completed_on = NULL, completed_at = NULL
        WHERE tenant_id = $1 AND staff_id = ${person} AND course_id = ${workplace}`,
      [tenantId],
    );
    // WORKPLACE-DX loses its How mapping: only 100001 and 100002's FY2023 completion of it gave How.
    const how: { code: string }[] = await t.db.query(
      `SELECT code FROM course_skill WHERE tenant_id = $1 AND course_id = ${workplace} AND code LIKE 'lit.how%'`,
      [tenantId],
    );
    expect(how.length).toBeGreaterThan(0);
    await t.db.query(
      `DELETE FROM course_skill WHERE tenant_id = $1 AND course_id = ${workplace} AND code LIKE 'lit.how%'`,
      [tenantId],
    );
    try {
      const map = await getMap(hr);
      expect(map.departments.map((d) => [d.code, d.staff, d.covered])).toEqual([
        ['100000', 3, [2, 2, 0, 1]],
        ['200000', 1, [0, 0, 0, 0]],
      ]);
    } finally {
      await t.db.query(
        `UPDATE enrollment SET completed_on = '2025-10-01', completed_at = '2025-10-01'
          WHERE tenant_id = $1 AND staff_id = ${person} AND course_id = ${workplace}`,
        [tenantId],
      );
      await t.db.query(
        `INSERT INTO course_skill (tenant_id, course_id, code) SELECT $1, ${workplace}, unnest($2::text[])`,
        [tenantId, how.map((r) => r.code)],
      );
    }
    expect((await getMap(hr)).departments.map((d) => d.covered)).toEqual([
      [2, 2, 2, 1],
      [1, 1, 1, 0],
    ]);
  });

  it("never shows another tenant's figures, either way", async () => {
    const mine = await getMap(hr);
    expect(mine.totals.staff).toBe(4);
    expect(JSON.stringify(mine)).not.toContain('900001');
    const theirs = await getMap(other.admin);
    expect(theirs.departments.map((d) => [d.code, d.staff, d.covered])).toEqual([
      ['100000', 2, [2, 2, 2, 2]],
    ]);
    expect(theirs.specialists).toEqual([]);
  });

  it('exports the map as XLSX with the numbers, Japanese text and formula-like names neutralised', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/exports/skill-map.xlsx', headers: hr });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(String(response.headers['content-disposition'])).toContain(encodeURIComponent('スキルマップ_'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const coverage = workbook.worksheets[0];
    expect(coverage.name).toBe('DXリテラシー（部局別）');
    const values = (row: number) => (coverage.getRow(row).values as unknown[]).slice(1);
    expect(values(2).slice(0, 4)).toEqual(['部局コード', '部局', '職員数', 'Why（DXの背景） 修了者数']);
    expect(values(3)).toEqual(['100000', '第10部', 3, 2, 2, 2, 1, 0.667, 0.667, 0.667, 0.333]);
    // The 部局 named like a formula is text with a leading apostrophe, never a formula cell.
    expect(values(4).slice(0, 3)).toEqual(['200000', "'=SUM(A1)部", 1]);
    expect(coverage.getRow(4).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(values(5).slice(0, 7)).toEqual(['', '合計', 4, 3, 3, 3, 1]);
    expect(coverage.getRow(3).getCell(8).numFmt).toBe('0.0%');
    const specialists = workbook.worksheets[1];
    expect((specialists.getRow(2).values as unknown[]).slice(1)).toEqual([
      '100001',
      '専門 一郎',
      '第10部',
      '令和7年度DX推進スペシャリスト',
      '応用',
      2,
      0,
      1,
      0,
      0,
    ]);
  });

  it('records who viewed or exported it in the audit log, and needs a login', async () => {
    const audited = await t.db.query(
      `SELECT action FROM audit_log WHERE action IN ('skills.map_viewed', 'export.skill_map_xlsx')`,
    );
    expect(new Set(audited.map((r: { action: string }) => r.action))).toEqual(
      new Set(['skills.map_viewed', 'export.skill_map_xlsx']),
    );
    const anonymous = await t.request({ method: 'GET', url: '/api/v1/skills/map' });
    expect(anonymous.statusCode).toBe(401);
  });
});
