import * as iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from '@jest/globals';
import type { Role } from '@dx/contract';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UsersService } from '../../src/users/users.service';
import { ADMIN, fixturePath, multipartFile, TestApp } from './test-app';

/* ----------------------------------------------------------------------------------------------------------
 * CSV rendering: build files in code from arrays of objects, in any of the encodings and line ends the
 * contract accepts.
 * -------------------------------------------------------------------------------------------------------- */

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';

export interface CsvOptions {
  encoding?: CsvEncoding;
  eol?: '\r\n' | '\n';
  /** Column order (and which columns appear); defaults to the contract's order. */
  columns?: readonly string[];
  /** Always quote every cell (as some exporters do). */
  quoteAll?: boolean;
}

export function csvCell(value: string, quoteAll = false): string {
  return quoteAll || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function renderCsv(
  columns: readonly string[],
  records: Record<string, string>[],
  options: CsvOptions = {},
): Buffer {
  const eol = options.eol ?? '\r\n';
  const order = options.columns ?? columns;
  const lines = [
    order.map((c) => csvCell(c, options.quoteAll)).join(','),
    ...records.map((r) => order.map((c) => csvCell(r[c] ?? '', options.quoteAll)).join(',')),
  ];
  return encodeText(lines.join(eol) + eol, options.encoding ?? 'utf-8');
}

export function encodeText(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'shift_jis') return iconv.encode(text, 'cp932');
  const bytes = Buffer.from(text, 'utf8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

/* Org chart ------------------------------------------------------------------------------------------------ */

export const ORG_COLUMNS = ['所属コード', '所属名', '上位所属コード', '区分'] as const;

export interface OrgUnitInput {
  code: string;
  name: string;
  kind: '部局' | '所属' | '班' | string;
  parent?: string;
}

export function orgCsv(units: OrgUnitInput[], options: CsvOptions = {}): Buffer {
  return renderCsv(
    ORG_COLUMNS,
    units.map((u) => ({ 所属コード: u.code, 所属名: u.name, 上位所属コード: u.parent ?? '', 区分: u.kind })),
    options,
  );
}

/** A small chart: one 部局 per prefix with one 所属 and one 班 under it (codes '<p>0000', '<p>0100', '<p>0110'). */
export function smallOrg(prefixes: string[] = ['10', '20']): OrgUnitInput[] {
  return prefixes.flatMap((p) => [
    { code: `${p}0000`, name: `第${p}部`, kind: '部局' },
    { code: `${p}0100`, name: `第${p}課`, kind: '所属', parent: `${p}0000` },
    { code: `${p}0110`, name: `第${p}班`, kind: '班', parent: `${p}0100` },
  ]);
}

/* Staff roster --------------------------------------------------------------------------------------------- */

export const STAFF_COLUMNS = [
  '職員番号',
  '氏名',
  '氏名カナ',
  'メールアドレス',
  '所属コード',
  '職位',
  '雇用区分',
  '採用日',
  '昇任日',
  '発令日',
] as const;

export interface StaffInput {
  no: string;
  name: string;
  kana: string;
  email: string;
  unit: string;
  position: string;
  employment: string;
  hired: string;
  promoted: string;
  assigned: string;
}

/** One roster line with plausible defaults; pass what the test is about. */
export function person(no: string, overrides: Partial<StaffInput> = {}): StaffInput {
  return {
    no,
    name: `職員 ${no}`,
    kana: `ショクイン ${no}`,
    email: `s${no}@example.lg.jp`,
    unit: '100110',
    position: '主事',
    employment: '正規職員',
    hired: '2020-04-01',
    promoted: '',
    assigned: '2026-04-01',
    ...overrides,
  };
}

export function staffCsv(rows: StaffInput[], options: CsvOptions = {}): Buffer {
  return renderCsv(
    STAFF_COLUMNS,
    rows.map((r) => ({
      職員番号: r.no,
      氏名: r.name,
      氏名カナ: r.kana,
      メールアドレス: r.email,
      所属コード: r.unit,
      職位: r.position,
      雇用区分: r.employment,
      採用日: r.hired,
      昇任日: r.promoted,
      発令日: r.assigned,
    })),
    options,
  );
}

/* Fixtures ------------------------------------------------------------------------------------------------- */

export function readFixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

/** The records of a fixture (which has no quoted fields) as objects keyed by header, decoded from CP932/UTF-8. */
export function fixtureRecords(name: string, encoding: 'cp932' | 'utf-8'): Record<string, string>[] {
  const text = iconv.decode(readFixture(name), encoding).replace(/^\ufeff/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

/* HTTP helpers --------------------------------------------------------------------------------------------- */

export type Auth = Record<string, string>;

export type ImportKind = 'org-units' | 'staff' | 'completions' | 'promoters';

export function importFile(
  t: TestApp,
  kind: ImportKind,
  auth: Auth,
  content: Uint8Array | string,
  query: Record<string, string | boolean> = {},
): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipartFile(content);
  const search = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return t.request({
    method: 'POST',
    url: `/api/v1/imports/${kind}${search ? '?' + search : ''}`,
    payload,
    headers: { ...headers, ...auth },
  });
}

/** Imports and insists on success, returning the body; the failure message shows what the API said. */
export async function importOk(
  t: TestApp,
  kind: ImportKind,
  auth: Auth,
  content: Uint8Array | string,
  query: Record<string, string | boolean> = {},
): Promise<{ dryRun: boolean; counts: Record<string, number>; errors: unknown[] }> {
  const response = await importFile(t, kind, auth, content, query);
  if (response.statusCode !== 200) {
    throw new Error(
      `import ${kind} ${JSON.stringify(query)} failed: ${response.statusCode} ${response.body}`,
    );
  }
  return response.json();
}

export function loginRequest(t: TestApp, loginId: string, password: string, tenantCode?: string) {
  return t.request({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: tenantCode ? { loginId, password, tenantCode } : { loginId, password },
  });
}

/** Logs in (optionally into another tenant) and returns the Bearer header. */
export async function loginAs(
  t: TestApp,
  loginId: string,
  password: string,
  tenantCode?: string,
): Promise<Auth> {
  const response = await loginRequest(t, loginId, password, tenantCode);
  if (response.statusCode !== 200)
    throw new Error(`login ${loginId} failed: ${response.statusCode} ${response.body}`);
  return { authorization: `Bearer ${response.json().accessToken}` };
}

export function adminAuth(t: TestApp): Promise<Auth> {
  return t.login(ADMIN.loginId, ADMIN.password);
}

/** The system administrator gives a user (or a staff member without an account yet) a password. */
export async function setPassword(t: TestApp, admin: Auth, loginId: string, password: string): Promise<void> {
  const response = await t.request({
    method: 'PUT',
    url: `/api/v1/admin/users/${encodeURIComponent(loginId)}/password`,
    headers: admin,
    payload: { password },
  });
  if (response.statusCode !== 204)
    throw new Error(`set password ${loginId}: ${response.statusCode} ${response.body}`);
}

export async function tenantIdOf(t: TestApp, code = t.config.DEFAULT_TENANT_CODE): Promise<number> {
  const [row] = await t.db.query(`SELECT id FROM tenant WHERE code = $1`, [code]);
  return row.id;
}

/** A user that is not a staff member (an HR officer's account, say), created as an administrator would. */
export async function createUser(
  t: TestApp,
  user: { loginId: string; password: string; roles: Role[]; displayName?: string; tenantCode?: string },
): Promise<void> {
  const tenantId = await tenantIdOf(t, user.tenantCode);
  await t.app.get(UsersService).createUser(tenantId, {
    loginId: user.loginId,
    password: user.password,
    roles: user.roles,
    displayName: user.displayName ?? user.loginId,
  });
}

/**
 * Another tenant in the same database, with a system administrator (who holds HR rights): scenarios whose
 * effective dates would clash with each other's get a tenant each instead of an app each.
 */
export async function createTenant(
  t: TestApp,
  code: string,
): Promise<{ code: string; tenantId: number; admin: Auth }> {
  const tenantId = await t.app.get(TenantsService).ensureTenant(code, `テスト団体 ${code}`);
  // The app seeds the default catalogue into the default tenant at start; a tenant made here gets it too.
  const loginId = `admin-${code}`;
  const password = `password-for-${code}-tenant`;
  await t.app
    .get(UsersService)
    .createUser(tenantId, { loginId, password, roles: ['sysadmin', 'hr'], displayName: '管理者' });
  return { code, tenantId, admin: await loginAs(t, loginId, password, code) };
}

/** Loose check that a message is written in Japanese (kana or kanji), not an English library default. */
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Asserts an RFC 9457 problem with this status (the body is shown when the status differs) and returns it. */
export function expectProblem(response: LightMyRequestResponse, status: number): Record<string, unknown> {
  expect({ status: response.statusCode, body: response.body.slice(0, 2000) }).toMatchObject({ status });
  expect(response.headers['content-type']).toContain('application/problem+json');
  const body = response.json();
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  return body;
}

/* Catalogue and learning ---------------------------------------------------------------------------------- */

/** Today's date in Asia/Tokyo (YYYY-MM-DD), computed independently of the app's own helper. */
export function todayInTokyoForTests(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The contract's enrollment fields (GET /me/enrollments, GET /staff/{no}/enrollments). */
export const ENROLLMENT_CONTRACT_KEYS = [
  'courseCode',
  'courseTitle',
  'trackCode',
  'fiscalYear',
  'status',
  'dueDate',
  'completedAt',
  'progress',
] as const;

/** Gives a staff member a password (as the administrator) and logs them in. */
export async function staffAuth(
  t: TestApp,
  admin: Auth,
  employeeNo: string,
  password: string,
  tenantCode?: string,
): Promise<Auth> {
  await setPassword(t, admin, employeeNo, password);
  return loginAs(t, employeeNo, password, tenantCode);
}

export interface FormPart {
  name: string;
  value: string | Uint8Array;
  /** Present for a file part. */
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body with any number of text fields and files. */
export function multipartForm(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----dxform' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.filename !== undefined
        ? `form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}`
        : `form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/* Completions and exports ---------------------------------------------------------------------------------- */

export const COMPLETION_COLUMNS = ['職員番号', '研修コード', '修了日'] as const;

/** A completions file (POST /imports/completions): one whole course completed per line. */
export function completionsCsv(
  rows: { no: string; course: string; completedOn: string }[],
  options: CsvOptions = {},
): Buffer {
  return renderCsv(
    COMPLETION_COLUMNS,
    rows.map((r) => ({ 職員番号: r.no, 研修コード: r.course, 修了日: r.completedOn })),
    options,
  );
}

/** RFC 4180 records of a CSV text (quoted or not, CRLF or LF), without interpreting the cells. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else cell += c;
    i++;
  }
  if (cell !== '' || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/*
 * The completion report scenario (reports.spec.ts, exports.spec.ts): two 部局 over two fiscal years, built
 * through the public API only. Rosters move forward in time: 2025-04-01, 2026-04-01, 2026-10-01.
 *
 *   100000 総務部 (部局)                       200000 農林水産部 (部局)
 *     100100 人事課 (所属)                       200010 企画班 (班, directly under the 部局)
 *       100110 研修班 (班)                       200100 農業振興課 (所属; renamed 農業政策課 on 2026-04-01)
 *     100200 =SUM(A1)課 (所属)                   200200 𩸽漁業課 (所属; moved under 総務部 on 2026-10-01)
 */
export const SCENARIO = {
  FY2025_ROSTER: '2025-04-01',
  FY2026_ROSTER: '2026-04-01',
  OCTOBER_ROSTER: '2026-10-01',
  PASSWORD: 'report-scenario-password',
  /** 部長 placed directly in 総務部 (manager of the whole 部局). */
  DIRECTOR: '500001',
  /** 課長 of 人事課 (manager of 人事課 and 研修班). */
  HR_CHIEF: '500002',
  /** 𠮷田 太郎, a 班 member (研修班), a plain learner; in progress with WORKPLACE-DX in FY2026. */
  YOSHIDA: '500003',
  /** Hired 2025-04-01 (正規): KAISO-NEWHIRE in FY2025. */
  NEWHIRE_2025: '500004',
  /** 主任 of =SUM(A1)課 in FY2025, transferred to 農業振興課 (another 部局) on 2026-04-01. */
  TRANSFERRED: '500005',
  /** Of 𩸽漁業課, missing from the 2026-04-01 roster (last day 2026-03-31). */
  LEFT_MARCH: '500006',
  /** 課長補佐 of 農業振興課 in FY2025, promoted to its 課長 on 2026-04-01 (KAISO-LEADER). */
  AGRI_CHIEF: '500007',
  /** 係長 of 𩸽漁業課, missing from the 2026-10-01 roster (last day 2026-09-30, before the unit moved). */
  LEFT_SEPTEMBER: '500008',
  /** 会計年度任用職員 of 𩸽漁業課 hired 2025-04-01 (no KAISO-NEWHIRE). */
  SEASONAL: '500009',
  /** 正規 hired 2026-04-01 into 人事課; KAISO-NEWHIRE exempted. */
  NEWHIRE_2026: '500010',
  /** A 課長 placed in 研修班 (a 班 manager). */
  TEAM_CHIEF: '500011',
  /** 再任用職員 of =SUM(A1)課. */
  REHIRED: '500012',
  /** Member of 企画班, a 班 placed directly under 農林水産部. */
  PLANNER: '500013',
  /** 課長 of 𩸽漁業課 throughout (the 所属 that moves to 総務部 in October). */
  FISHERY_CHIEF: '500014',
} as const;

export const SCENARIO_ORG_2025: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100100', name: '人事課', kind: '所属', parent: '100000' },
  { code: '100110', name: '研修班', kind: '班', parent: '100100' },
  { code: '100200', name: '=SUM(A1)課', kind: '所属', parent: '100000' },
  { code: '200000', name: '農林水産部', kind: '部局' },
  { code: '200010', name: '企画班', kind: '班', parent: '200000' },
  { code: '200100', name: '農業振興課', kind: '所属', parent: '200000' },
  { code: '200200', name: '𩸽漁業課', kind: '所属', parent: '200000' },
];

export const SCENARIO_ORG_2026_APRIL: OrgUnitInput[] = SCENARIO_ORG_2025.map((u) =>
  u.code === '200100' ? { ...u, name: '農業政策課' } : u,
);

export const SCENARIO_ORG_2026_OCTOBER: OrgUnitInput[] = SCENARIO_ORG_2026_APRIL.map((u) =>
  u.code === '200200' ? { ...u, parent: '100000' } : u,
);

function scenarioPerson(
  no: string,
  name: string,
  unit: string,
  position: string,
  overrides: Partial<StaffInput> = {},
): StaffInput {
  return person(no, {
    name,
    unit,
    position,
    hired: '2010-04-01',
    promoted: '',
    assigned: SCENARIO.FY2025_ROSTER,
    ...overrides,
  });
}

export const SCENARIO_ROSTER_2025: StaffInput[] = [
  scenarioPerson(SCENARIO.DIRECTOR, '総務 部長', '100000', '部長', {
    hired: '1990-04-01',
    promoted: '2020-04-01',
  }),
  scenarioPerson(SCENARIO.HR_CHIEF, '人事 課長', '100100', '課長', {
    hired: '1992-04-01',
    promoted: '2018-04-01',
  }),
  scenarioPerson(SCENARIO.YOSHIDA, '𠮷田 太郎', '100110', '主事', { hired: '2015-04-01' }),
  scenarioPerson(SCENARIO.NEWHIRE_2025, '新人 花子', '100110', '主事', { hired: '2025-04-01' }),
  scenarioPerson(SCENARIO.TRANSFERRED, '異動 次郎', '100200', '主任', {
    hired: '2010-04-01',
    promoted: '2016-04-01',
  }),
  scenarioPerson(SCENARIO.LEFT_MARCH, '退職 三郎', '200200', '主事', { hired: '2000-04-01' }),
  scenarioPerson(SCENARIO.AGRI_CHIEF, '農業 課長', '200100', '課長補佐', {
    hired: '1995-04-01',
    promoted: '2019-04-01',
  }),
  scenarioPerson(SCENARIO.LEFT_SEPTEMBER, '林業 係長', '200200', '係長', {
    hired: '2000-04-01',
    promoted: '2017-04-01',
  }),
  scenarioPerson(SCENARIO.SEASONAL, '会計 四郎', '200200', '主事', {
    employment: '会計年度任用職員',
    hired: '2025-04-01',
  }),
  scenarioPerson(SCENARIO.TEAM_CHIEF, '研修 課長', '100110', '課長', {
    hired: '1993-04-01',
    promoted: '2021-04-01',
  }),
  scenarioPerson(SCENARIO.REHIRED, '再任 六郎', '100200', '主事', {
    employment: '再任用職員',
    hired: '2024-04-01',
  }),
  scenarioPerson(SCENARIO.PLANNER, '企画 五郎', '200010', '主事', { hired: '2012-04-01' }),
  scenarioPerson(SCENARIO.FISHERY_CHIEF, '漁業 課長', '200200', '課長', {
    hired: '1994-04-01',
    promoted: '2022-04-01',
  }),
];

export const SCENARIO_ROSTER_2026_APRIL: StaffInput[] = [
  ...SCENARIO_ROSTER_2025.filter((p) => p.no !== SCENARIO.LEFT_MARCH).map((p) => {
    if (p.no === SCENARIO.TRANSFERRED) return { ...p, unit: '200100', assigned: SCENARIO.FY2026_ROSTER };
    if (p.no === SCENARIO.AGRI_CHIEF)
      return { ...p, position: '課長', promoted: SCENARIO.FY2026_ROSTER, assigned: SCENARIO.FY2026_ROSTER };
    return p;
  }),
  scenarioPerson(SCENARIO.NEWHIRE_2026, '新規 採用', '100100', '主事', {
    hired: SCENARIO.FY2026_ROSTER,
    assigned: SCENARIO.FY2026_ROSTER,
  }),
];

export const SCENARIO_ROSTER_2026_OCTOBER: StaffInput[] = SCENARIO_ROSTER_2026_APRIL.filter(
  (p) => p.no !== SCENARIO.LEFT_SEPTEMBER,
);

export const SCENARIO_COMPLETIONS = [
  // FY2025
  { no: SCENARIO.DIRECTOR, course: 'WORKPLACE-DX', completedOn: '2026-03-15' },
  { no: SCENARIO.YOSHIDA, course: 'WORKPLACE-DX', completedOn: '2025-10-01' },
  { no: SCENARIO.NEWHIRE_2025, course: 'KAISO-NEWHIRE', completedOn: '2025-06-01' },
  { no: SCENARIO.LEFT_MARCH, course: 'WORKPLACE-DX', completedOn: '2025-12-01' },
  // FY2026
  { no: SCENARIO.HR_CHIEF, course: 'WORKPLACE-DX', completedOn: '2026-06-15' },
  { no: SCENARIO.TRANSFERRED, course: 'WORKPLACE-DX', completedOn: '2026-09-01' },
  { no: SCENARIO.NEWHIRE_2026, course: 'WORKPLACE-DX', completedOn: '2026-10-01' },
];

export function expectOk(response: LightMyRequestResponse, what: string, status = 200): void {
  if (response.statusCode !== status)
    throw new Error(`${what}: ${response.statusCode} ${response.body.slice(0, 1000)}`);
}

/**
 * Builds the scenario in the tenant of `hr` (which must be a system administrator with HR rights) and returns
 * the Bearer headers of the people who log in: the managers and one plain learner.
 */
export async function buildCompletionScenario(
  t: TestApp,
  hr: Auth,
  tenantCode?: string,
): Promise<Record<string, Auth>> {
  const S = SCENARIO;
  await importOk(t, 'org-units', hr, orgCsv(SCENARIO_ORG_2025), { effectiveDate: S.FY2025_ROSTER });
  await importOk(t, 'staff', hr, staffCsv(SCENARIO_ROSTER_2025), { effectiveDate: S.FY2025_ROSTER });
  await importOk(t, 'org-units', hr, orgCsv(SCENARIO_ORG_2026_APRIL), { effectiveDate: S.FY2026_ROSTER });
  await importOk(t, 'staff', hr, staffCsv(SCENARIO_ROSTER_2026_APRIL), {
    effectiveDate: S.FY2026_ROSTER,
    allowMassLeave: true,
  });
  await importOk(t, 'org-units', hr, orgCsv(SCENARIO_ORG_2026_OCTOBER), { effectiveDate: S.OCTOBER_ROSTER });
  await importOk(t, 'staff', hr, staffCsv(SCENARIO_ROSTER_2026_OCTOBER), {
    effectiveDate: S.OCTOBER_ROSTER,
    allowMassLeave: true,
  });
  await importOk(t, 'completions', hr, completionsCsv(SCENARIO_COMPLETIONS));

  expectOk(
    await t.request({
      method: 'PUT',
      url: `/api/v1/staff/${S.NEWHIRE_2026}/enrollments/KAISO-NEWHIRE/exemption?fiscalYear=2026`,
      headers: hr,
      payload: { reason: '前職で同等の研修を修了済み' },
    }),
    'exemption',
  );

  const as: Record<string, Auth> = {};
  for (const no of [
    S.DIRECTOR,
    S.HR_CHIEF,
    S.TEAM_CHIEF,
    S.AGRI_CHIEF,
    S.FISHERY_CHIEF,
    S.YOSHIDA,
    S.PLANNER,
  ]) {
    as[no] = await staffAuth(t, hr, no, S.PASSWORD, tenantCode);
  }

  // 𠮷田 starts WORKPLACE-DX of FY2026: one required lesson done (受講中).
  const course = await t.request({
    method: 'GET',
    url: '/api/v1/me/courses/WORKPLACE-DX?fiscalYear=2026',
    headers: as[S.YOSHIDA],
  });
  expectOk(course, 'course detail');
  const lesson = (
    course.json() as { modules: { id: number; kind: string; required: boolean }[] }
  ).modules.find((m) => m.kind === 'lesson' && m.required);
  if (!lesson) throw new Error('WORKPLACE-DX has no required lesson');
  expectOk(
    await t.request({
      method: 'POST',
      url: `/api/v1/me/courses/WORKPLACE-DX/modules/${lesson.id}/complete?fiscalYear=2026`,
      headers: as[S.YOSHIDA],
    }),
    'lesson completion',
  );
  return as;
}

/* Team views: manual assignments and a real SMTP server ------------------------------------------------------ */

/** HR assigns a course by hand with a due date (POST /staff/{no}/enrollments); throws unless 201. */
export async function assignByHand(
  t: TestApp,
  hr: Auth,
  employeeNo: string,
  courseCode: string,
  fiscalYear: number,
  dueDate: string,
): Promise<void> {
  expectOk(
    await t.request({
      method: 'POST',
      url: `/api/v1/staff/${employeeNo}/enrollments`,
      headers: hr,
      payload: { courseCode, fiscalYear, dueDate },
    }),
    `assign ${courseCode} to ${employeeNo}`,
    201,
  );
}

/** One message as the SMTP server received it: the envelope, the (unfolded, RFC 2047-decoded) headers and the text. */
export interface CapturedMail {
  envelopeFrom: string | null;
  envelopeTo: string[];
  /** Header names in lower case; values unfolded and decoded. */
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string;
  /** The body decoded from its transfer encoding (base64 / quoted-printable) as UTF-8, with LF line ends. */
  text: string;
  raw: string;
}

export interface SmtpCapture {
  port: number;
  /** Every message received so far. */
  messages: CapturedMail[];
  /** The messages received since the last call (and marks them taken). */
  take(): CapturedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (a free port) that keeps every message it is given. */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  let taken = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        try {
          const mailFrom = session.envelope.mailFrom;
          messages.push(
            parseMail(Buffer.concat(chunks), {
              from: mailFrom ? mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
            }),
          );
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
  return {
    port,
    messages,
    take() {
      const fresh = messages.slice(taken);
      taken = messages.length;
      return fresh;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= / ?Q?), adjacent words joined before decoding so no character is split. */
export function decodeMimeWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value
    .replace(/(\?=)\s+(?==\?[^?]+\?[BbQq]\?)/g, '$1')
    .replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) =>
      Buffer.concat(
        [...run.matchAll(word)].map(([, , encoding, data]) =>
          encoding.toUpperCase() === 'B'
            ? Buffer.from(data, 'base64')
            : decodeQuotedPrintable(data.replace(/_/g, ' ')),
        ),
      ).toString('utf8'),
    );
}

/** Quoted-printable to bytes (soft line breaks removed). */
export function decodeQuotedPrintable(text: string): Buffer {
  const input = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const hex = input[i] === '=' ? input.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(input[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** A single-part message: headers and the decoded text body. */
export function parseMail(
  raw: Buffer,
  envelope: { from: string | null; to: string[] } = { from: null, to: [] },
): CapturedMail {
  const source = raw.toString('utf8');
  const split = source.search(/\r?\n\r?\n/);
  const head = split < 0 ? source : source.slice(0, split);
  const body = split < 0 ? '' : source.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeMimeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : Buffer.from(body, 'utf8');
  return {
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    headers,
    subject: headers['subject'] ?? '',
    from: headers['from'] ?? '',
    to: headers['to'] ?? '',
    text: bytes.toString('utf8').replace(/\r\n/g, '\n'),
    raw: source,
  };
}
