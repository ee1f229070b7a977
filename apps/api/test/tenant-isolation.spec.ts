import type { LightMyRequestResponse } from 'fastify';
import * as iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { LEAKPROOF_FUNCTIONS } from '../src/database/migrations/1795000000090-RowLevelSecurity';
import { TENANT_POLICY, TENANT_ROLE, UnscopedDatabaseAccess } from '../src/database/row-security';
import { asSystem, withTenant } from '../src/database/tenant-context';
import {
  adminAuth,
  Auth,
  completionsCsv,
  createTenant,
  createUser,
  importOk,
  loginAs,
  orgCsv,
  OrgUnitInput,
  person,
  setPassword,
  staffCsv,
  StaffInput,
  tenantIdOf,
} from './support/factories';
import { citusWorkerPorts } from './support/test-database';
import { createTestApp, TestApp } from './support/test-app';

/**
 * On a Citus cluster (`npm run test:citus`) the policies are off (README: "Citus"): there the app's own tenant
 * conditions are the boundary, which the walk over every route checks, and the database checks below assert the
 * distribution instead of the policies.
 */
const onCitus = citusWorkerPorts().length > 0;
const withPolicies = onCitus ? it.skip : it;
const onCitusOnly = onCitus ? it : it.skip;

/*
 * Tenants are isolated by PostgreSQL itself (row-level security), and every route keeps to its caller's tenant.
 * Two tenants share 職員番号, 所属コード and course codes on purpose, so that a query missing its tenant condition
 * shows the wrong tenant's people instead of nothing.
 */

const APRIL = '2026-04-01';
const PASSWORD = 'isolation-test-password';

function orgOf(label: string): OrgUnitInput[] {
  return [
    { code: '100000', name: `${label}総務部`, kind: '部局' },
    { code: '100100', name: `${label}人事課`, kind: '所属', parent: '100000' },
    { code: '100110', name: `${label}研修班`, kind: '班', parent: '100100' },
  ];
}

function rosterOf(family: string, mail: string): StaffInput[] {
  return [
    person('500001', { name: `${family} 一郎`, kana: 'イチロウ', email: `ichiro@${mail}`, unit: '100110' }),
    person('500002', { name: `${family} 二郎`, kana: 'ジロウ', email: `jiro@${mail}`, unit: '100110' }),
    person('500003', {
      name: `${family} 課長`,
      kana: 'カチョウ',
      email: `kacho@${mail}`,
      unit: '100100',
      position: '課長',
    }),
  ];
}

/** What of tenant A may never appear in an answer to tenant B: its people, its mail domain, its unit names. */
const A_MARKERS = ['甲野', 'kou.example.lg.jp', '甲県'];

function bodyText(response: LightMyRequestResponse): string {
  const bytes = response.rawPayload;
  return `${bytes.toString('utf8')}\n${iconv.decode(bytes, 'cp932')}`;
}

describe('tenant isolation', () => {
  let t: TestApp;
  let tenantA: number;
  let tenantB: number;
  let appDb: DataSource;
  const b: Record<string, Auth> = {};

  beforeAll(async () => {
    t = await createTestApp({
      PLATFORM_ADMIN_LOGIN_ID: 'isolation-operator',
      PLATFORM_ADMIN_PASSWORD: 'isolation-operator-password',
    });
    appDb = t.app.get(DataSource);
    tenantA = await tenantIdOf(t);
    const adminA = await adminAuth(t);
    await importOk(t, 'org-units', adminA, orgCsv(orgOf('甲県')), { effectiveDate: APRIL });
    await importOk(t, 'staff', adminA, staffCsv(rosterOf('甲野', 'kou.example.lg.jp')), {
      effectiveDate: APRIL,
    });
    await importOk(
      t,
      'completions',
      adminA,
      completionsCsv([{ no: '500002', course: 'WORKPLACE-DX', completedOn: '2026-05-01' }]),
    );
    await setPassword(t, adminA, '500001', PASSWORD);

    const other = await createTenant(t, 'otsu');
    tenantB = other.tenantId;
    b.admin = other.admin;
    await importOk(t, 'org-units', b.admin, orgCsv(orgOf('乙町')), { effectiveDate: APRIL });
    await importOk(t, 'staff', b.admin, staffCsv(rosterOf('乙川', 'otsu.example.lg.jp')), {
      effectiveDate: APRIL,
    });
    for (const no of ['500001', '500003']) await setPassword(t, b.admin, no, PASSWORD);
    b.learner = await loginAs(t, '500001', PASSWORD, 'otsu');
    b.manager = await loginAs(t, '500003', PASSWORD, 'otsu');
    await createUser(t, {
      loginId: 'otsu-content',
      password: PASSWORD,
      roles: ['content_admin'],
      tenantCode: 'otsu',
    });
    b.content = await loginAs(t, 'otsu-content', PASSWORD, 'otsu');
    // The platform operator walks every route too: it may see no tenant's rows at all.
    b.operator = await loginAs(t, 'isolation-operator', 'isolation-operator-password', 'platform');
  }, 120_000);
  afterAll(() => t?.close());

  describe('in the database', () => {
    withPolicies(
      'puts every table with a tenant_id under the tenant policy, and the tenant role cannot bypass it',
      async () => {
        const unprotected = await t.db.query(
          `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r'
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            AND (NOT c.relrowsecurity
                 OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = $1))`,
          [TENANT_POLICY],
        );
        expect(unprotected).toEqual([]);
        const [role] = await t.db.query(`SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1`, [
          TENANT_ROLE,
        ]);
        expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
      },
    );

    onCitusOnly(
      'distributes every table with a tenant_id by it, co-located with staff, and copies tenant to every node',
      async () => {
        const rows: { name: string; method: string; column: string | null; group: number }[] =
          await t.db.query(
            `SELECT c.relname AS name, p.partmethod AS method,
                CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END AS column,
                p.colocationid AS group
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
          WHERE n.nspname = 'public' AND c.relkind = 'r'
            AND (c.relname = 'tenant' OR EXISTS (SELECT 1 FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
          ORDER BY 1`,
          );
        const staff = rows.find((r) => r.name === 'staff');
        const wrong = rows.filter((r) =>
          r.name === 'tenant'
            ? r.method !== 'n'
            : r.name === 'audit_log'
              ? r.method !== null && r.method !== 'n'
              : r.method !== 'h' || r.column !== 'tenant_id' || r.group !== staff?.group,
        );
        expect(rows.length).toBeGreaterThan(30);
        expect(wrong).toEqual([]);
      },
    );

    it('lets the subtree conditions use their indexes under the policy (their functions are LEAKPROOF)', async () => {
      const rows: { fn: string; leakproof: boolean }[] = await t.db.query(
        `SELECT f AS fn, (SELECT proleakproof FROM pg_proc WHERE oid = f::regprocedure) AS leakproof
           FROM unnest($1::text[]) AS f`,
        [LEAKPROOF_FUNCTIONS],
      );
      expect(rows.filter((r) => !r.leakproof)).toEqual([]);
    });

    withPolicies('shows a tenant only its own rows, even to a query without a tenant condition', async () => {
      const names = (tenantId: number) =>
        withTenant(tenantId, () => appDb.query(`SELECT name FROM staff ORDER BY employee_no`)).then(
          (rows: { name: string }[]) => rows.map((r) => r.name),
        );
      expect(await names(tenantB)).toEqual(['乙川 一郎', '乙川 二郎', '乙川 課長']);
      expect(await names(tenantA)).toEqual(['甲野 一郎', '甲野 二郎', '甲野 課長']);
      const tenants = await withTenant(tenantB, () => appDb.query(`SELECT code FROM tenant`));
      expect(tenants).toEqual([{ code: 'otsu' }]);
      const all = await asSystem(() => appDb.query(`SELECT count(*)::int AS n FROM staff`));
      expect(all[0].n).toBeGreaterThanOrEqual(6);
    });

    withPolicies(
      "refuses to write a row into another tenant, and changes no other tenant's rows",
      async () => {
        await expect(
          withTenant(tenantB, () =>
            appDb.query(
              `INSERT INTO position (tenant_id, name, level, sort_order) VALUES ($1, '侵入', 1, 99)`,
              [tenantA],
            ),
          ),
        ).rejects.toThrow(/row-level security/);
        const [, changed] = await withTenant(tenantB, () =>
          appDb.query(`UPDATE staff SET name = '上書き' WHERE employee_no = '500001' AND tenant_id = $1`, [
            tenantA,
          ]),
        );
        expect(changed).toBe(0);
        const [a] = await t.db.query(
          `SELECT name FROM staff WHERE tenant_id = $1 AND employee_no = '500001'`,
          [tenantA],
        );
        expect(a.name).toBe('甲野 一郎');
      },
    );

    it('refuses database work outside any tenant scope instead of guessing one', async () => {
      await expect(appDb.query(`SELECT 1`)).rejects.toThrow(UnscopedDatabaseAccess);
    });

    it('keeps the audit log append-only for the tenant role', async () => {
      await expect(
        withTenant(tenantB, () => appDb.query(`DELETE FROM audit_log WHERE tenant_id = $1`, [tenantB])),
      ).rejects.toThrow(/permission denied|append-only/);
    });
  });

  describe('on every route', () => {
    it("answers tenant B's callers on every operation without any of tenant A's data, and changes nothing of A", async () => {
      const snapshot = () =>
        t.db
          .query(
            `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind = 'r'
                AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
              ORDER BY 1`,
          )
          .then(async (tables: { name: string }[]) => {
            const sums: Record<string, string> = {};
            for (const { name } of tables) {
              const [row] = await t.db.query(
                `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum
                   FROM "${name}" x WHERE tenant_id = $1`,
                [tenantA],
              );
              sums[name] = row.sum;
            }
            return sums;
          });
      // Real identifiers of tenant A's things, so that a route that looks them up without its tenant finds them.
      const [module] = await t.db.query(
        `SELECT m.id, c.code FROM course_module m JOIN course c ON c.tenant_id = m.tenant_id AND c.id = m.course_id
          WHERE m.tenant_id = $1 AND m.kind = 'quiz' ORDER BY m.id LIMIT 1`,
        [tenantA],
      );
      const [question] = await t.db.query(`SELECT id FROM quiz_question WHERE tenant_id = $1 LIMIT 1`, [
        tenantA,
      ]);
      const [enrollment] = await t.db.query(`SELECT id FROM enrollment WHERE tenant_id = $1 LIMIT 1`, [
        tenantA,
      ]);
      const values: Record<string, string> = {
        id: String(enrollment?.id ?? 1),
        moduleId: String(module.id),
        questionId: String(question.id),
        attemptId: String(enrollment?.id ?? 1),
        employeeNo: '500001',
        loginId: '500001',
        code: module.code,
        courseCode: module.code,
        serial: 'NO-SUCH-SERIAL',
      };
      const before = await snapshot();

      const docs = await t.request({ method: 'GET', url: '/api/docs-json' });
      const paths = docs.json().paths as Record<string, Record<string, unknown>>;
      const leaks: string[] = [];
      let calls = 0;
      for (const [path, item] of Object.entries(paths)) {
        for (const method of Object.keys(item).filter((m) =>
          ['get', 'post', 'put', 'patch', 'delete'].includes(m),
        )) {
          if (path.endsWith('/auth/logout') || path.endsWith('/auth/login')) continue;
          const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(values[name] ?? '1'),
          );
          for (const [caller, auth] of Object.entries(b)) {
            const response = await t.request({
              method: method.toUpperCase() as 'GET',
              url,
              headers: auth,
              ...(method === 'get' || method === 'delete' ? {} : { payload: {} }),
            });
            calls++;
            const text = bodyText(response);
            const found = A_MARKERS.filter((marker) => text.includes(marker));
            if (response.statusCode >= 500 || found.length > 0)
              leaks.push(
                `${method.toUpperCase()} ${url} as ${caller}: ${response.statusCode} ${found.join(', ')}`,
              );
          }
        }
      }
      console.log(`tenant isolation: ${calls} calls by tenant B's callers and the platform operator`);
      expect(calls).toBeGreaterThan(200);
      expect(leaks).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });
  });
});
