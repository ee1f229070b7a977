import * as iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from '@jest/globals';
import type { Role } from '@dx/contract';
import { CatalogueSeeder } from '../../src/catalogue/catalogue-seeder';
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
  await t.app.get(CatalogueSeeder).ensureDefaultCatalogue(tenantId);
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
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
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
export async function staffAuth(t: TestApp, admin: Auth, employeeNo: string, password: string, tenantCode?: string): Promise<Auth> {
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
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
