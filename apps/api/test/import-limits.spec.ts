import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import {
  Auth,
  createTenant,
  expectProblem,
  importFile,
  importOk,
  JAPANESE,
  orgCsv,
  person,
  smallOrg,
  STAFF_COLUMNS,
  staffCsv,
} from './support/factories';
import { importStatisticsSettled } from '../src/imports/import-run';
import { createTestApp, multipartFile, TestApp } from './support/test-app';
import { urlFor } from './support/test-database';

const DATE = '2026-04-01';
const MB = 1024 * 1024;

/** The collector, also when jest was not started with --expose-gc, so that what stays allocated can be measured. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The API process's memory (the tests run the server in-process) after a full collection, in MB. */
function memoryNow(): { rss: number; heap: number } {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / MB, heap: heapUsed / MB };
}

/** Rows of a roster, `count` people in the small chart's first 班. */
function roster(first: number, count: number): ReturnType<typeof person>[] {
  return Array.from({ length: count }, (_, i) => person(String(first + i)));
}

describe('imports in bounded memory, one at a time per tenant', () => {
  let t: TestApp;
  /** A pg connection of the test's own, standing in for another API instance or a rebuild of the figures. */
  let other: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const [{ name }] = await t.db.query(`SELECT current_database() AS name`);
    other = new Client({ connectionString: urlFor(name) });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  const staffCount = async (tenantId: number): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM staff WHERE tenant_id = $1`, [tenantId]))[0].n;

  describe('a 20 MB file of blank lines or of garbage', () => {
    let tenant: { tenantId: number; admin: Auth };

    beforeAll(async () => {
      tenant = await createTenant(t, 'mem');
      await importOk(t, 'org-units', tenant.admin, orgCsv(smallOrg(['10'])), { effectiveDate: DATE });
    });

    const send = (auth: Auth, bytes: Uint8Array) => {
      const { payload, headers } = multipartFile(bytes);
      return () =>
        t.request({
          method: 'POST',
          url: `/api/v1/imports/staff?effectiveDate=${DATE}`,
          payload,
          headers: { ...headers, ...auth },
        });
    };

    it('is answered within seconds with a Japanese 422, and the server keeps no memory of it', async () => {
      const files: [string, Buffer, RegExp][] = [
        ['LF', Buffer.alloc(20 * MB - 1024, 0x0a), /ファイルが空です/],
        ['CRLF', Buffer.from('\r\n'.repeat(10 * MB - 512)), /ファイルが空です/],
        ['commas', Buffer.from(',,,,,,,,,\r\n'.repeat(1_900_000)), /ファイルが空です/],
        ['one endless cell', Buffer.alloc(20 * MB - 1024, 0x61), /項目が長すぎます（1項目1,000文字まで）/],
        [
          'rows of one digit',
          Buffer.from(STAFF_COLUMNS.join(',') + '\n' + '1\n'.repeat(10 * MB - 1024)),
          /100,000行まで/,
        ],
      ];
      for (const [label, bytes, message] of files) {
        const request = send(tenant.admin, bytes);
        const before = memoryNow();
        const started = performance.now();
        const response = await request();
        const elapsed = performance.now() - started;
        const during = process.memoryUsage();
        const after = memoryNow();
        const body = expectProblem(response, 422);
        expect({ label, detail: body.detail }).toEqual({ label, detail: expect.stringMatching(message) });
        // Before bounded reading: 4.8 s and +2.4 GB for the LF file, +3.5 GB for the commas.
        expect({ label, fast: elapsed < 10_000 }).toEqual({ label, fast: true });
        expect({ label, growth: during.rss / MB - before.rss < 150 }).toEqual({ label, growth: true });
        expect({ label, kept: after.heap - before.heap < 20 }).toEqual({ label, kept: true });
      }
      expect(await staffCount(tenant.tenantId)).toBe(0);
    });

    it('six at once from one tenant: each refused (422, or 409 while another is read), none kept in memory', async () => {
      const requests = Array.from({ length: 6 }, () =>
        send(tenant.admin, Buffer.alloc(20 * MB - 1024, 0x0a)),
      );
      const before = memoryNow();
      const responses = await Promise.all(requests.map((request) => request()));
      const during = process.memoryUsage();
      const after = memoryNow();
      for (const response of responses) expect([409, 422]).toContain(response.statusCode);
      // Six 20 MB bodies are in memory at once in the test itself (payload and the server's copy of it).
      expect(during.rss / MB - before.rss).toBeLessThan(400);
      expect(after.heap - before.heap).toBeLessThan(20);
    });

    it('accepts a real roster among 20 MB of blank lines, reading the rows at their physical line numbers', async () => {
      const blank = Buffer.from('\r\n'.repeat(4 * MB));
      const header = Buffer.from(STAFF_COLUMNS.join(',') + '\r\n');
      const rows = staffCsv(roster(900001, 3)).subarray(header.length);
      const file = Buffer.concat([header, blank, rows, blank]);
      expect(
        (await importOk(t, 'staff', tenant.admin, file, { effectiveDate: DATE, dryRun: true })).counts,
      ).toMatchObject({ created: 3 });
      const broken = Buffer.concat([header, blank, Buffer.from('x,,,,,,,,,\r\n')]);
      const response = await importFile(t, 'staff', tenant.admin, broken, {
        effectiveDate: DATE,
        dryRun: true,
      });
      const body = expectProblem(response, 422) as { errors: { row: number }[] };
      expect(body.errors.map((e) => e.row)).toContain(4 * MB + 2);
    });
  });

  it('refuses a roster of more than 100,000 data rows with a 422 naming the limit, writing nothing', async () => {
    const tenant = await createTenant(t, 'cap');
    await importOk(t, 'org-units', tenant.admin, orgCsv(smallOrg(['10'])), { effectiveDate: DATE });
    const file = staffCsv(roster(1_000_000, 100_001));
    expect(file.length).toBeLessThan(20 * MB);
    const response = await importFile(t, 'staff', tenant.admin, file, { effectiveDate: DATE });
    const body = expectProblem(response, 422) as {
      detail: string;
      errors: { row: number; message: string }[];
    };
    expect(body.detail).toMatch(JAPANESE);
    expect(body.errors).toEqual([
      expect.objectContaining({
        row: 100_002,
        message: 'データ行が多すぎます。1つのファイルで取り込めるのは100,000行までです（空行は数えません）',
      }),
    ]);
    expect(await staffCount(tenant.tenantId)).toBe(0);
  });

  it('answers a small file of 100,000 bad rows with every bad row named, without an answer of tens of MB', async () => {
    const tenant = await createTenant(t, 'bad');
    await importOk(t, 'org-units', tenant.admin, orgCsv(smallOrg(['10'])), { effectiveDate: DATE });
    const file = Buffer.from(STAFF_COLUMNS.join(',') + '\n' + 'x\n'.repeat(100_000));
    const before = memoryNow();
    const response = await importFile(t, 'staff', tenant.admin, file, { effectiveDate: DATE });
    const during = process.memoryUsage();
    const body = expectProblem(response, 422) as {
      detail: string;
      errors: { row: number; column: string }[];
    };
    expect(body.detail).toBe(
      '100000行に誤りがあるため、取り込みませんでした（何も変更していません）。誤りのある行が1,000行を超えたため、それより後の行は最初の誤りだけを示します。',
    );
    const perRow = new Map<number, number>();
    for (const error of body.errors) perRow.set(error.row, (perRow.get(error.row) ?? 0) + 1);
    expect(perRow.size).toBe(100_000);
    expect(perRow.get(2)).toBeGreaterThan(1);
    expect(perRow.get(1_001)).toBeGreaterThan(1);
    expect(perRow.get(1_002)).toBe(1);
    expect(perRow.get(100_001)).toBe(1);
    // Every error of every row was 43 MB and +496 MB of memory.
    expect(response.body.length).toBeLessThan(15 * MB);
    expect(during.rss / MB - before.rss).toBeLessThan(300);
  });

  describe('one import per tenant at a time', () => {
    /** Holds the tenant's import lock as a rebuild of the figures does, so that an import stays in progress. */
    const holdImportLock = async (tenantId: number) => {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(7301, $1)`, [tenantId]);
      return () => other.query('COMMIT');
    };
    const waitingForLock = async (tenantId: number) => {
      for (let i = 0; i < 200; i++) {
        const [{ n }] = (
          await other.query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 7301 AND objid = $1 AND NOT granted`,
            [tenantId],
          )
        ).rows;
        if (n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the import never started waiting');
    };

    it('refuses a second import of the tenant at once (409, Retry-After), lets another tenant in, and applies the first whole', async () => {
      const a = await createTenant(t, 'one');
      const b = await createTenant(t, 'two');
      for (const tenant of [a, b])
        await importOk(t, 'org-units', tenant.admin, orgCsv(smallOrg(['10'])), { effectiveDate: DATE });

      const release = await holdImportLock(a.tenantId);
      let first: Promise<LightMyRequestResponse>;
      try {
        first = importFile(t, 'staff', a.admin, staffCsv(roster(100, 50)), { effectiveDate: DATE });
        await waitingForLock(a.tenantId);

        const started = performance.now();
        const second = await importFile(t, 'staff', a.admin, staffCsv(roster(500, 50)), {
          effectiveDate: DATE,
        });
        expect(performance.now() - started).toBeLessThan(5_000);
        const problem = expectProblem(second, 409);
        expect(problem).toMatchObject({
          type: expect.stringContaining('import-running'),
          title: expect.stringMatching(JAPANESE),
        });
        expect(problem.detail).toContain('別のファイルの取り込みを処理中');
        expect(second.headers['retry-after']).toBe('10');
        // A check (dry run) reads the file too: refused alike. Other kinds of import share the one slot.
        const dry = await importFile(t, 'staff', a.admin, staffCsv(roster(500, 50)), {
          effectiveDate: DATE,
          dryRun: true,
        });
        expectProblem(dry, 409);
        const chart = await importFile(t, 'org-units', a.admin, orgCsv(smallOrg(['10', '20'])), {
          effectiveDate: DATE,
        });
        expectProblem(chart, 409);

        // Another tenant is not held up.
        const elsewhere = await importFile(t, 'staff', b.admin, staffCsv(roster(700, 20)), {
          effectiveDate: DATE,
        });
        expect({ status: elsewhere.statusCode, body: elsewhere.body.slice(0, 300) }).toMatchObject({
          status: 200,
        });
      } finally {
        await release();
      }
      const done = await first!;
      expect({ status: done.statusCode, body: done.body.slice(0, 300) }).toMatchObject({ status: 200 });
      expect(done.json().counts).toMatchObject({ created: 50 });

      // The first file whole, nothing of the refused ones.
      const people: { employee_no: string }[] = await t.db.query(
        `SELECT employee_no FROM staff WHERE tenant_id = $1 ORDER BY employee_no`,
        [a.tenantId],
      );
      expect(people.map((p) => p.employee_no)).toEqual(roster(100, 50).map((p) => p.no));
      const [{ units }] = await t.db.query(
        `SELECT count(*)::int AS units FROM org_unit WHERE tenant_id = $1`,
        [a.tenantId],
      );
      expect(units).toBe(3);

      // Once the first is done, the next one goes through.
      const next = await importOk(t, 'staff', a.admin, staffCsv([...roster(100, 50), ...roster(500, 5)]), {
        effectiveDate: DATE,
      });
      expect(next.counts).toMatchObject({ created: 5, unchanged: 50 });
    });

    it('of two sent together, one is applied and the other applied after or refused with 409, never both half', async () => {
      const tenant = await createTenant(t, 'pair');
      await importOk(t, 'org-units', tenant.admin, orgCsv(smallOrg(['10'])), { effectiveDate: DATE });
      const files = [staffCsv(roster(100, 300)), staffCsv([...roster(100, 300), ...roster(1000, 300)])];
      const responses = await Promise.all(
        files.map((file) => importFile(t, 'staff', tenant.admin, file, { effectiveDate: DATE })),
      );
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses).toContain(200);
      for (const response of responses.filter((r) => r.statusCode !== 200)) {
        expectProblem(response, 409);
        expect(response.headers['retry-after']).toBe('10');
      }
      const count = await staffCount(tenant.tenantId);
      const applied = responses.map((r, i) => (r.statusCode === 200 ? i : -1)).filter((i) => i >= 0);
      expect(count).toBe(applied.includes(1) ? 600 : 300);
    });
  });

  describe('ANALYZE after a large import', () => {
    const analyzed = async (): Promise<Record<string, string | null>> => {
      const rows: { relname: string; last_analyze: string | null }[] = await t.db.query(
        `SELECT relname, last_analyze::text FROM pg_stat_user_tables
          WHERE relname IN ('staff', 'staff_assignment', 'enrollment', 'course')`,
      );
      return Object.fromEntries(rows.map((r) => [r.relname, r.last_analyze]));
    };

    it('refreshes the planner statistics of the tables a 1,000-person roster wrote, after it committed, and not after a small one', async () => {
      const tenant = await createTenant(t, 'stats');
      await importOk(t, 'org-units', tenant.admin, orgCsv(smallOrg(['10'])), { effectiveDate: DATE });
      await importStatisticsSettled();
      const before = await analyzed();
      await importOk(t, 'staff', tenant.admin, staffCsv(roster(10, 10)), { effectiveDate: DATE });
      await importStatisticsSettled();
      expect(await analyzed()).toEqual(before);

      await importOk(t, 'staff', tenant.admin, staffCsv(roster(10, 1_000)), { effectiveDate: DATE });
      // The answer does not wait for it; within moments it is done.
      let after = await analyzed();
      for (let i = 0; i < 100 && after['staff'] === before['staff']; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = await analyzed();
      }
      await importStatisticsSettled();
      after = await analyzed();
      for (const table of ['staff', 'staff_assignment', 'enrollment']) {
        expect({ table, analyzed: after[table] !== null && after[table] !== before[table] }).toEqual({
          table,
          analyzed: true,
        });
      }
      // What the roster did not touch is left to autovacuum.
      expect(after['course']).toBe(before['course']);
      const [{ reltuples }] = await t.db.query(`SELECT reltuples::int FROM pg_class WHERE relname = 'staff'`);
      expect(reltuples).toBeGreaterThanOrEqual(1_000);
    });
  });
});
