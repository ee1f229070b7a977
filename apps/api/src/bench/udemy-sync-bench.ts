import '../supported-node';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { fiscalYearStart, todayInTokyo, udemyRecordToActivity, type OutsideActivity } from '@dx/domain';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { OutsideActivityService } from '../integrations/outside-activity.service';
import { ChildServer, log, median, ms, postJson, thousands } from './bench-kit';
import { buildBenchTenant } from './bench-tenant';

/**
 * A Udemy Business Reporting API sync of `BENCH_UDEMY_ROWS` (300,000) activity rows for the bench tenant: ten
 * Udemy courses (one external module each) assigned to everyone, and ten rows per person (70 % completed, 28 %
 * in progress, 2 % of addresses nobody has). Measured three ways, each beside the floor measured in the same run:
 * - the apply alone: the rows through the outside-activity core (mapping + OutsideActivityService), in one
 *   transaction rolled back afterwards;
 * - its floor: `COPY` of the same rows into a table and one set-based statement that records the modules and
 *   completes the assignments (no unmatched queue, no counts), rolled back too;
 * - the whole sync through the API (`POST /integrations/udemy-business/sync`): 3,000 pages from a local fake
 *   Reporting API, then the apply, committed.
 */

const ROWS = Number(process.env.BENCH_UDEMY_ROWS ?? 300_000);
const COURSES = 10;
const RUNS = Number(process.env.BENCH_UDEMY_RUNS ?? 2);
const PAGE_SIZE = 100;
const CLIENT = { id: 'bench-client', secret: 'bench-udemy-secret-2026' };
const ORGANIZATION = '990001';
const TARGET_MS = 30_000;
/** A statement of the apply running longer than this ends the measurement (reported) instead of the bench. */
const TIMEOUT_S = Number(process.env.BENCH_UDEMY_TIMEOUT_S ?? 240);
/** The variant measured beside the apply: the report figures rebuilt once instead of counted by the triggers. */
const DEFER_FROM = Number(process.env.BENCH_UDEMY_DEFER_FROM ?? 20_000);
/** Smaller syncs measured first (apply and floor, one run each), to show how the time grows with the rows. */
const ALSO = (process.env.BENCH_UDEMY_ALSO ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0 && n < ROWS);

export interface UdemyBenchContext {
  /** The API's address and an HR + sysadmin token. */
  api: string;
  token: string;
  db: Client;
  databaseUrl: string;
  tenantId: number;
  fiscalYear: number;
  today: string;
}

export interface UdemyBenchRow {
  measurement: string;
  api: string;
  floor: string;
  target: string;
  met: boolean | null;
  note?: string;
}

const udemyCourseId = (n: number) => String(8_100_000 + n);

/** The bench's own rows, from the tenant's people (the same every run: decided by a hash of person and course). */
async function activityRecords(ctx: UdemyBenchContext): Promise<Record<string, unknown>[]> {
  const people: { email: string; employee_no: string }[] = (
    await ctx.db.query(
      `SELECT email, employee_no FROM staff WHERE tenant_id = $1 AND left_on IS NULL AND email IS NOT NULL ORDER BY id`,
      [ctx.tenantId],
    )
  ).rows;
  const start = fiscalYearStart(ctx.fiscalYear);
  const span = Math.max(1, (Date.parse(ctx.today) - Date.parse(start)) / 86_400_000);
  const records: Record<string, unknown>[] = [];
  for (let i = 0; records.length < ROWS; i++) {
    const person = people[Math.floor(i / COURSES) % people.length];
    const course = (i % COURSES) + 1;
    const h = (Math.imul(i + 1, 2654435761) >>> 0) % 1000;
    const stranger = h < 20 || i >= people.length * COURSES;
    const done = h >= 20 && h < 720;
    const day = new Date(Date.parse(start) + ((h * 7919) % span) * 86_400_000).toISOString().slice(0, 10);
    records.push({
      user_email: stranger ? `former${i}@example.com` : person.email.toUpperCase(),
      user_external_id: '',
      course_id: Number(udemyCourseId(course)),
      course_title: `Udemy 講座 ${course}：生成AIの業務活用`,
      completion_ratio: done ? 100 : (h % 97) + 0.5,
      course_first_completion_date: done ? day : null,
      course_completion_date: done ? `${day}T03:00:00Z` : null,
      course_last_accessed_date: `${day}T03:00:00Z`,
    });
  }
  return records;
}

/** Ten published Udemy courses with one external module each, assigned to everyone active this year. */
async function addUdemyCourses(ctx: UdemyBenchContext): Promise<number> {
  const { db, tenantId, fiscalYear } = ctx;
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO course (tenant_id, code, track_id, title, description, estimated_minutes, published_version)
     SELECT $1, 'UDEMY-' || lpad(n::text, 2, '0'), (SELECT id FROM track WHERE tenant_id = $1 ORDER BY sort_order, id LIMIT 1),
            'Udemy 講座 ' || n, '性能測定用の Udemy Business 研修', 60, 1
       FROM generate_series(1, $2::int) n`,
    [tenantId, COURSES],
  );
  await db.query(
    `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
     SELECT $1, c.id, 1, 1, 'external', c.title, true,
            jsonb_build_object('provider', 'udemy_business', 'courseId', (8100000 + substr(c.code, 7)::int)::text,
                               'url', 'https://pref-example.udemy.com/course/bench-' || substr(c.code, 7) || '/')
       FROM course c WHERE c.tenant_id = $1 AND c.code LIKE 'UDEMY-%'`,
    [tenantId],
  );
  const inserted = await db.query(
    `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, trigger_date, due_date)
     SELECT $1, s.id, c.id, $2, 1, 'manual', $3::date, $4::date
       FROM staff s CROSS JOIN course c
      WHERE s.tenant_id = $1 AND s.left_on IS NULL AND c.tenant_id = $1 AND c.code LIKE 'UDEMY-%'
     ON CONFLICT DO NOTHING`,
    [tenantId, fiscalYear, fiscalYearStart(fiscalYear), `${fiscalYear + 1}-03-31`],
  );
  await db.query('COMMIT');
  await db.query('VACUUM (ANALYZE)');
  return inserted.rowCount ?? 0;
}

/** A local Reporting API: the rows as pages of 100 (serialised once), Basic credentials checked. */
async function startFakeReportingApi(
  records: Record<string, unknown>[],
): Promise<{ url: string; server: Server }> {
  const expected = 'Basic ' + Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
  const pages = Math.ceil(records.length / PAGE_SIZE);
  const cache = new Map<number, string>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"Invalid"}');
      return;
    }
    const page = Number(url.searchParams.get('page') ?? 1);
    let body = cache.get(page);
    if (!body) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      body = JSON.stringify({
        count: records.length,
        next: page < pages ? next.toString() : null,
        previous: null,
        results: records.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      });
      cache.set(page, body);
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface AppliedRun {
  elapsed: number;
  mapping: number;
  counts: string;
  /** The statement that hit BENCH_UDEMY_TIMEOUT_S, when one did (the run then ended there). */
  timedOut: string | null;
  /** The slowest statements, with their time, and the plan (EXPLAIN) of the slowest. */
  slowest: string[];
  plan: string[];
}

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/**
 * The apply alone, through the core, in a transaction that is rolled back. Each statement of the core is timed and
 * planned (EXPLAIN, without running it twice) through a wrapper of the query runner, so the core itself is not
 * touched; a statement that runs past the timeout ends the run instead of the bench.
 */
async function timedApply(
  dataSource: DataSource,
  tenantId: number,
  records: Record<string, unknown>[],
  deferFiguresFrom?: number,
): Promise<AppliedRun> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const statements = new Map<string, number>();
  const plans = new Map<string, string[]>();
  let current = '';
  const query = runner.query.bind(runner);
  runner.query = (async (sql: string, parameters?: unknown[]) => {
    const key = normalise(sql);
    current = key;
    if (/^(UPDATE|INSERT|WITH|CREATE TEMP TABLE \w+ ON COMMIT DROP AS)/i.test(key) && !plans.has(key)) {
      const plan: { 'QUERY PLAN': string }[] = await query(`EXPLAIN ${sql}`, parameters);
      plans.set(
        key,
        plan.map((row) => row['QUERY PLAN']),
      );
    }
    const begun = performance.now();
    try {
      return await query(sql, parameters);
    } finally {
      statements.set(key, (statements.get(key) ?? 0) + performance.now() - begun);
    }
  }) as typeof runner.query;
  const report = (elapsed: number, mapping: number, counts: string, timedOut: string | null): AppliedRun => {
    const sorted = [...statements.entries()].sort((a, b) => b[1] - a[1]);
    return {
      elapsed,
      mapping,
      counts,
      timedOut,
      slowest: sorted.slice(0, 5).map(([sql, time]) => `${ms(time).padStart(8)}  ${sql.slice(0, 110)}`),
      plan: plans.get(timedOut ?? sorted[0]?.[0] ?? '') ?? [],
    };
  };
  const started = performance.now();
  try {
    const receivedAt = new Date().toISOString();
    const activities: OutsideActivity[] = [];
    let unreadable = 0;
    for (const record of records) {
      const { activity } = udemyRecordToActivity(record, 'api', receivedAt);
      if (activity) activities.push(activity);
      else unreadable++;
    }
    const mapping = performance.now() - started;
    await runner.startTransaction();
    await query(`SET LOCAL statement_timeout = '${TIMEOUT_S}s'`);
    try {
      const result = await new OutsideActivityService().applyOutsideActivities(
        runner.manager,
        tenantId,
        activities,
        { dryRun: false, deferFiguresFrom },
      );
      const elapsed = performance.now() - started;
      const counts = JSON.stringify({
        completed: result.completed,
        unchanged: result.unchanged,
        skipped: result.skipped + unreadable,
      });
      return report(elapsed, mapping, counts, null);
    } catch (error) {
      if ((error as { code?: string }).code !== '57014') throw error;
      return report(performance.now() - started, mapping, '', current);
    } finally {
      await runner.rollbackTransaction();
    }
  } finally {
    await runner.release();
  }
}

/** `COPY` of the same rows into a table and one set-based apply (modules done, assignments completed), rolled back. */
async function timedFloor(
  ctx: UdemyBenchContext,
  records: Record<string, unknown>[],
  triggers = true,
): Promise<number> {
  const { db, tenantId } = ctx;
  const lines = records.map((r) =>
    [
      String(r['user_email']).replace(/[\t\n\\]/g, ' '),
      String(r['course_id']),
      String(r['completion_ratio']),
      r['course_first_completion_date'] ?? '\\N',
    ].join('\t'),
  );
  const text = lines.join('\n') + '\n';
  const started = performance.now();
  await db.query('BEGIN');
  try {
    // Without the triggers (superuser only): how much of the floor is the kept report figures' upkeep.
    if (!triggers) await db.query(`SET LOCAL session_replication_role = replica`);
    await db.query(
      `CREATE TEMP TABLE udemy_floor (email text, course_id text, ratio numeric, completed_on date) ON COMMIT DROP`,
    );
    await pipeline(Readable.from([text]), db.query(copyFrom(`COPY udemy_floor FROM STDIN`)));
    await db.query(`ANALYZE udemy_floor`);
    await db.query(
      `WITH hit AS (
         SELECT e.id AS enrollment_id, m.id AS module_id, min(f.completed_on) AS day
           FROM udemy_floor f
           JOIN staff s ON s.tenant_id = $1 AND lower(s.email) = lower(f.email)
           JOIN course_module m ON m.tenant_id = $1 AND m.kind = 'external' AND m.content->>'courseId' = f.course_id
           JOIN enrollment e ON e.tenant_id = $1 AND e.staff_id = s.id AND e.course_id = m.course_id
            AND e.fiscal_year = $2 AND e.course_version = m.version
          WHERE f.ratio = 100 AND f.completed_on IS NOT NULL
          GROUP BY 1, 2
       ), progress AS (
         INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source, completed_at)
         SELECT $1, enrollment_id, module_id, 'udemy_api', day::timestamp AT TIME ZONE 'Asia/Tokyo' FROM hit
         ON CONFLICT (enrollment_id, module_id) DO NOTHING
         RETURNING enrollment_id, completed_at
       )
       UPDATE enrollment e SET completed_on = (p.completed_at AT TIME ZONE 'Asia/Tokyo')::date,
              completed_at = p.completed_at, completion_source = 'udemy_api'
         FROM progress p WHERE e.id = p.enrollment_id AND e.completed_at IS NULL`,
      [tenantId, ctx.fiscalYear],
    );
    return performance.now() - started;
  } finally {
    await db.query('ROLLBACK');
  }
}

/** The measurements, as rows of the bench's table. */
export async function udemySyncBench(ctx: UdemyBenchContext): Promise<UdemyBenchRow[]> {
  const assigned = await addUdemyCourses(ctx);
  const records = await activityRecords(ctx);
  log(
    `Udemy sync: ${COURSES} Udemy courses assigned (${thousands(assigned)} assignments), ${thousands(records.length)} activity rows`,
  );
  const dataSource = new DataSource({
    type: 'postgres',
    url: ctx.databaseUrl,
    entities: [],
    extra: { max: 2 },
  });
  await dataSource.initialize();
  const fake = await startFakeReportingApi(records);
  try {
    const rows: UdemyBenchRow[] = [];
    for (const size of ALSO) {
      const part = records.slice(0, size);
      const apply = await timedApply(dataSource, ctx.tenantId, part);
      const floor = await timedFloor(ctx, part);
      log(
        `Udemy apply of ${thousands(size)} rows: ${apply.timedOut ? `over ${TIMEOUT_S} s` : ms(apply.elapsed)}; floor ${ms(floor)}`,
      );
      rows.push({
        measurement: `Udemy Business sync applied, ${thousands(size)} activity rows (one transaction, core only)`,
        api: apply.timedOut ? `> ${TIMEOUT_S} s (stopped)` : ms(apply.elapsed),
        floor: `${ms(floor)} (COPY + set-based apply)`,
        target: '',
        met: null,
        note: apply.counts ? `counts ${apply.counts}` : undefined,
      });
    }
    const applies: AppliedRun[] = [];
    const counting: AppliedRun[] = [];
    const floors: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // The same apply with the report figures marked stale first and rebuilt once at its end (deferFiguresFrom), first
      // in every other run: the first apply after the load runs on colder caches.
      const countedFirst = run % 2 === 1;
      const early = countedFirst ? await timedApply(dataSource, ctx.tenantId, records, DEFER_FROM) : null;
      const apply = await timedApply(dataSource, ctx.tenantId, records);
      applies.push(apply);
      floors.push(await timedFloor(ctx, records));
      const counted =
        early ?? (apply.timedOut ? null : await timedApply(dataSource, ctx.tenantId, records, DEFER_FROM));
      if (counted) counting.push(counted);
      log(
        `Udemy apply ${run + 1}: ${apply.timedOut ? `stopped after ${TIMEOUT_S} s in one statement` : ms(apply.elapsed)} ` +
          `(mapping ${ms(apply.mapping)}) ${apply.counts}; floor ${ms(floors[floors.length - 1])}` +
          (counted
            ? `; figures rebuilt once instead of counted (${countedFirst ? 'run first' : 'run after'}): ${ms(counted.elapsed)}`
            : ''),
      );
      if (apply.timedOut) break;
    }
    if (counting.length > 0)
      log(
        `Udemy apply, figures rebuilt once: the slowest statements\n    ${counting[counting.length - 1].slowest.join('\n    ')}`,
      );
    const last = applies[applies.length - 1];
    log(`Udemy apply: the slowest statements of the last run\n    ${last.slowest.join('\n    ')}`);
    log(
      `Udemy apply: plan of ${last.timedOut ? 'the statement stopped' : 'the slowest statement'}\n    ${last.plan.join('\n    ')}`,
    );
    const floor = median(floors);
    const bare = await timedFloor(ctx, records, false).catch(() => NaN);
    log(`Udemy floor without the report triggers: ${ms(bare)}`);
    const bareNote = Number.isNaN(bare) ? '' : `; floor without the report triggers ${ms(bare)}`;
    if (last.timedOut) {
      rows.push({
        measurement: `Udemy Business sync applied, ${thousands(records.length)} activity rows (one transaction, core only)`,
        api: `> ${TIMEOUT_S} s (stopped)`,
        floor: `${ms(floor)} (COPY + set-based apply, no unmatched queue)`,
        target: '≤ 30 s',
        met: false,
        note: `stopped in: ${last.timedOut.slice(0, 120)}; the sync through the API was not run${bareNote}`,
      });
      return rows;
    }
    const apply = median(applies.map((a) => a.elapsed));
    const counts = last.counts;

    await postJson(
      `${ctx.api}/api/v1/integrations/udemy-business`,
      ctx.token,
      { baseUrl: fake.url, organizationId: ORGANIZATION, clientId: CLIENT.id, clientSecret: CLIENT.secret },
      'PUT',
    );
    const started = performance.now();
    const answer = (await postJson(
      `${ctx.api}/api/v1/integrations/udemy-business/sync`,
      ctx.token,
      {},
    )) as unknown as { counts: Record<string, number>; fetched: number };
    const sync = performance.now() - started;
    log(`Udemy sync through the API: ${ms(sync)}; ${answer.fetched} rows, ${JSON.stringify(answer.counts)}`);
    rows.push(
      {
        measurement: `Udemy Business sync applied, ${thousands(records.length)} activity rows (one transaction, core only)`,
        api: ms(apply),
        floor: `${ms(floor)} (COPY + set-based apply, no unmatched queue)`,
        target: '≤ 30 s',
        met: apply <= TARGET_MS,
        note: `mapping ${ms(last.mapping)}; counts ${counts}${bareNote}`,
      },
      {
        measurement: `The same apply with the report figures rebuilt once at its end (deferFiguresFrom ${thousands(DEFER_FROM)})`,
        api: counting.length > 0 ? ms(median(counting.map((a) => a.elapsed))) : '',
        floor: `apply ${ms(apply)}`,
        target: '',
        met: null,
      },
      {
        measurement: `Udemy Business sync through the API, ${thousands(records.length / PAGE_SIZE)} pages of ${PAGE_SIZE} from a local fake + apply`,
        api: ms(sync),
        floor: `apply alone ${ms(apply)}`,
        target: '',
        met: null,
        note: JSON.stringify(answer.counts),
      },
    );
    if (counts !== JSON.stringify(answer.counts))
      rows[rows.length - 1].note += ` (the rolled-back apply counted ${counts})`;
    return rows;
  } finally {
    fake.server.close();
    await dataSource.destroy();
  }
}

/**
 * `node dist/apps/api/apps/api/src/bench/udemy-sync-bench.js` (after `nx run api:build`): this measurement alone,
 * on a tenant built as `npm run bench` builds it (BENCH_STAFF, BENCH_ASSIGNMENTS), with the API as its own process.
 * `npm run bench` runs the same as its last measurement.
 */
async function main(): Promise<void> {
  const folder = 'tmp/bench-pg-udemy';
  const embedded = process.env.DATABASE_URL
    ? undefined
    : (rmSync(folder, { recursive: true, force: true }),
      await startEmbeddedPostgres(folder, Number(process.env.BENCH_UDEMY_PG_PORT ?? 54343)));
  const server = process.env.DATABASE_URL ?? embedded!.url;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS dx_udemy_bench WITH (FORCE)`);
  await admin.query(`CREATE DATABASE dx_udemy_bench`);
  const url = new URL(server);
  url.pathname = '/dx_udemy_bench';
  const port = Number(process.env.BENCH_API_PORT ?? 39411);
  const api = `http://127.0.0.1:${port}`;
  const credentials = { loginId: 'bench', password: 'bench-password-123' };
  const child = new ChildServer('API server', [resolve(__dirname, '../main.js')], {
    ...process.env,
    DATABASE_URL: url.toString(),
    PORT: String(port),
    SEED_DEMO: 'false',
    ADMIN_LOGIN_ID: credentials.loginId,
    ADMIN_PASSWORD: credentials.password,
    WEB_ROOT: '/nonexistent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    SECRETS_KEY: randomBytes(32).toString('hex'),
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    NO_COLOR: '1',
  });
  const db = new Client({ connectionString: url.toString(), options: '-c timezone=Asia/Tokyo -c jit=off' });
  try {
    await child.waitFor(`${api}/api/v1/health`);
    await db.connect();
    const token = (await postJson(`${api}/api/v1/auth/login`, null, credentials))!.accessToken;
    const tenant = await buildBenchTenant(
      api,
      token,
      db,
      todayInTokyo(),
      Number(process.env.BENCH_STAFF ?? 30000),
      Number(process.env.BENCH_ASSIGNMENTS ?? 1_200_000),
    );
    log(`tenant: ${thousands(tenant.staffActive)} staff, ${thousands(tenant.assignments)} assignments`);
    const rows = await udemySyncBench({
      api,
      token,
      db,
      databaseUrl: url.toString(),
      tenantId: tenant.tenantId,
      fiscalYear: tenant.fiscalYear,
      today: tenant.today,
    });
    console.log('');
    for (const row of rows)
      console.log(
        `${row.measurement}\n  ${row.api}  (floor: ${row.floor})${row.target ? `  target ${row.target}: ${row.met ? 'met' : 'NOT met'}` : ''}${row.note ? `\n  ${row.note}` : ''}`,
      );
  } catch (error) {
    console.error(`\nAPI server output (last lines):\n${child.log.split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    await child.stop();
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS dx_udemy_bench WITH (FORCE)`);
    await admin.end();
    if (embedded) {
      await embedded.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
