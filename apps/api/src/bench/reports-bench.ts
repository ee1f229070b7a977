import '../supported-node';
import 'reflect-metadata';
import { TENANT_ROLE } from '../database/row-security';
import autocannon from 'autocannon';
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { addDays, todayInTokyo } from '@dx/domain';
import { createCitusDatabase } from '../database/citus-database';
import { withDatabase } from '../database/database-url';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import {
  ChildServer,
  cpuSeconds,
  Download,
  download,
  log,
  median,
  ms,
  postJson,
  rate,
  thousands,
  timedCopy,
  timedJson,
  timedQuery,
  upload,
} from './bench-kit';
import { BenchTenant, buildBenchTenant, rosterWithChanges } from './bench-tenant';
import { exportSelectSql } from '../reports/exports.repository';
import { DEPARTMENT_COVERAGE_SQL, SPECIALIST_ROLES_SQL } from '../skills/skill-map.repository';
import { exportFloorSql, FLOOR_SQL, ROLLUP_FLOOR_SQL, rollupParams } from './floors';
import { xapiStatementsBench } from './xapi-bench';
import { udemySyncBench } from './udemy-sync-bench';
import { recertificationBench } from './recert-bench';

const STAFF = Number(process.env.BENCH_STAFF ?? 30000);
const ASSIGNMENTS = Number(process.env.BENCH_ASSIGNMENTS ?? 1_200_000);
/** Runs per measurement (after one warm-up); slow ones (a warm-up over 2 s) get SLOW_RUNS. */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 3);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const XLSX = process.env.BENCH_XLSX !== '0';
const FULL_EXPORTS = process.env.BENCH_FULL_EXPORTS === '1';
const DATABASE = 'dx_reports_bench';
const API_PORT = Number(process.env.BENCH_API_PORT ?? 39401);
const BARE_PORT = API_PORT + 1;
const ADMIN = { loginId: 'bench', password: 'bench-password-123' };

interface Row {
  measurement: string;
  api: string;
  floor: string;
  target: string;
  met: boolean | null;
  note?: string;
  key?: string;
}

/** The single server's rows, then (BENCH_CITUS=1) the cluster's: `rows` is the list being filled. */
const serverRows: Row[] = [];
const clusterRows: Row[] = [];
let rows = serverRows;
const warnings: string[] = [];

/**
 * BENCH_CITUS=1: after the single server, the same tenant is built again on a Citus cluster (a coordinator and two
 * workers of the bench's own, started by tools/test-citus.mjs) and the report and export figures are measured there.
 */
const CITUS = process.env.BENCH_CITUS === '1';
const CITUS_COORDINATOR_PORT = Number(process.env.BENCH_CITUS_PORT ?? 55620);
const CLUSTER_MEASUREMENTS = [
  'kept figures',
  'report cache rebuild',
  'matrix',
  'summary',
  'HR by',
  'skills',
  'exports',
];
let onCluster = false;

function warn(message: string): void {
  warnings.push(onCluster ? `[Citus] ${message}` : message);
}

/**
 * The API call and its floor statement, each warmed up once, then run in turn (API, floor, API, floor …) so both
 * meet the same machine load: RUNS times, or SLOW_RUNS when the API's warm-up took over 2 s. Medians.
 */
async function paired(
  api: () => Promise<number>,
  floor: () => Promise<number>,
): Promise<{ api: number; floor: number }> {
  const warm = await api();
  await floor();
  const runs = warm > 2000 ? SLOW_RUNS : RUNS;
  const apiTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    apiTimes.push(await api());
    floorTimes.push(await floor());
  }
  return { api: median(apiTimes), floor: median(floorTimes) };
}

/** A measurement that fails (an error answer, a changed endpoint) is reported and the others still run. */
/** `BENCH_ONLY=xapi` / `udemy` / `matrix,exports`…: only the measurements whose name contains one of these. */
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter((s) => s.length > 0);

async function guard(what: string, run: () => Promise<void>): Promise<void> {
  if (ONLY.length > 0 && !ONLY.some((name) => what.toLowerCase().includes(name))) return;
  if (onCluster && !CLUSTER_MEASUREMENTS.some((name) => what.includes(name))) return;
  const before = rows.length;
  try {
    await run();
    // The cluster's rows are set beside the single server's by this key (their labels hold counts, which may differ).
    rows.slice(before).forEach((row, i) => (row.key = `${what}#${i}`));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ measurement: what, api: 'ERROR', floor: '', target: '', met: false, key: `${what}#0` });
    warn(`${what} failed: ${message.slice(0, 1000)}`);
    log(`${what} FAILED: ${message.slice(0, 300)}`);
  }
}

function check(what: string, api: number, floor: number): void {
  if (api !== floor) warn(`${what}: the API says ${api}, the floor statement ${floor}: not the same result`);
}

/**
 * `npm run bench`: a 30,000-staff tenant (410 units in three levels, 60 courses, ~1.2 M assignments this fiscal
 * year) in a separate database, measured through the API running as its own process, each figure beside the
 * PostgreSQL floor (the same answer from one hand-written statement) measured in the same run.
 */
async function main(): Promise<void> {
  // `npm run bench` runs the package bench after this one; BENCH_ONLY=packages asks for that one alone.
  if (ONLY.length > 0 && ONLY.every((name) => 'packages'.includes(name))) return;
  const started = performance.now();
  log(
    `code: ${codeVersion()}; load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const embedded = process.env.DATABASE_URL
    ? undefined
    : (rmSync('tmp/bench-pg-reports', { recursive: true, force: true }),
      await startEmbeddedPostgres('tmp/bench-pg-reports', 54341));
  let tenant: BenchTenant | undefined;
  try {
    tenant = await benchOn(singleServerDatabase(process.env.DATABASE_URL ?? embedded!.url));
  } finally {
    if (embedded) {
      await embedded.stop();
      rmSync('tmp/bench-pg-reports', { recursive: true, force: true });
    }
  }
  let clusterTenant: BenchTenant | undefined;
  if (CITUS) {
    rows = clusterRows;
    onCluster = true;
    const cluster = await startCitusCluster();
    try {
      clusterTenant = await benchOn(() => createCitusDatabase(cluster.url, cluster.workerPorts, DATABASE));
    } finally {
      await cluster.stop();
    }
  }
  if (process.env.BENCH_BUILD_ONLY === '1') return;
  printTable(tenant, performance.now() - started);
  if (clusterTenant) printClusterTable(clusterTenant);
}

interface BenchDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** The bench's database on a single PostgreSQL server (dropped first when a kept one is left). */
function singleServerDatabase(server: string): () => Promise<BenchDatabase> {
  const onServer = async (statement: string) => {
    const admin = new Client({ connectionString: server });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  return async () => {
    await onServer(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await onServer(`CREATE DATABASE ${DATABASE}`);
    return {
      url: withDatabase(server, DATABASE),
      drop: () => onServer(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`),
    };
  };
}

/**
 * A Citus coordinator and two workers of the bench's own (`tools/test-citus.mjs --cluster-only`, which builds
 * Citus first when it is missing, on ports BENCH_CITUS_PORT (55620) and the next two); stopped and deleted after.
 */
async function startCitusCluster(): Promise<{
  url: string;
  workerPorts: number[];
  stop: () => Promise<void>;
}> {
  const workerPorts = [CITUS_COORDINATOR_PORT + 1, CITUS_COORDINATOR_PORT + 2];
  const cluster = new ChildServer('Citus cluster', [resolve('tools/test-citus.mjs'), '--cluster-only'], {
    ...process.env,
    CITUS_COORDINATOR_PORT: String(CITUS_COORDINATOR_PORT),
    CITUS_WORKER_PORTS: workerPorts.join(','),
  });
  // Building Citus (when missing) takes about 3 minutes.
  await cluster.waitForOutput(/export TEST_DATABASE_URL=/, 600_000);
  log(`Citus cluster: coordinator on ${CITUS_COORDINATOR_PORT}, workers on ${workerPorts.join(', ')}`);
  return {
    url: `postgres://postgres@127.0.0.1:${CITUS_COORDINATOR_PORT}/postgres`,
    workerPorts,
    stop: () => cluster.stop(),
  };
}

/** Builds the bench tenant in a database of its own and measures; on the cluster, the report and export figures. */
async function benchOn(createDatabase: () => Promise<BenchDatabase>): Promise<BenchTenant | undefined> {
  const database = await createDatabase();
  const url = database.url;
  const api = `http://127.0.0.1:${API_PORT}`;
  const child = new ChildServer('API server', [resolve(__dirname, '../main.js')], {
    ...process.env,
    DATABASE_URL: url,
    PORT: String(API_PORT),
    // Its default, PORT + 1, is the bare server's.
    CONTENT_PORT: String(API_PORT + 2),
    SEED_DEMO: 'false',
    ADMIN_LOGIN_ID: ADMIN.loginId,
    ADMIN_PASSWORD: ADMIN.password,
    WEB_ROOT: '/nonexistent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    SECRETS_KEY: randomBytes(32).toString('hex'),
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    NO_COLOR: '1',
  });
  const bare = new ChildServer('bare Node http server', ['-e', BARE_SERVER], {
    ...process.env,
    PORT: String(BARE_PORT),
  });
  const db = new Client({ connectionString: url, options: '-c timezone=Asia/Tokyo -c jit=off' });
  let tenant: BenchTenant | undefined;
  try {
    await child.waitFor(`${api}/api/v1/health`);
    await db.connect();
    const hrToken: string = (await postJson(`${api}/api/v1/auth/login`, null, ADMIN))!.accessToken;
    tenant = await buildBenchTenant(api, hrToken, db, todayInTokyo(), STAFF, ASSIGNMENTS);
    const t = tenant;
    log(
      `tenant: ${thousands(t.staffActive)} staff, ${t.units} units, ${t.courses} courses, ${thousands(t.assignments)} assignments in FY${t.fiscalYear} ` +
        `(${Object.entries(t.statusShares)
          .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
          .join(', ')}); ` +
        `部局 ${t.department.code} ${t.department.name}: ${thousands(t.department.people)} people; built in ${ms(t.buildMs)}`,
    );
    if (process.env.BENCH_BUILD_ONLY === '1') return tenant;
    const params = [t.tenantId, t.fiscalYear, t.today, t.yearStart];
    const deptParams = [...params, `/${t.department.code}/%`];
    const kept = (statement: keyof typeof ROLLUP_FLOOR_SQL) =>
      rollupParams(statement, t.tenantId, t.fiscalYear, t.today, `/${t.department.code}/%`);

    // The assignments were bulk-loaded by SQL (one INSERT … SELECT, then completions and progress): the triggers kept
    // the figures. Checked first against the raw tables, then rebuilt from scratch once, timed.
    await guard('kept figures after the bulk load', async () => {
      await compareReport(
        'HR by department, as kept by the triggers through the bulk load',
        `${api}/api/v1/reports/completion?groupBy=department`,
        hrToken,
        db,
        FLOOR_SQL.department,
        params,
      );
    });
    await guard('report cache rebuild', async () => {
      await db.query(`INSERT INTO report_stale (tenant_id, fiscal_year) VALUES ($1, $2)`, [
        t.tenantId,
        t.fiscalYear,
      ]);
      const first = await timedJson(`${api}/api/v1/reports/completion?groupBy=department`, hrToken);
      rows.push({
        measurement: `Report figures rebuilt from the raw tables (a read after a change marked them stale, ${thousands(t.assignments)} assignments)`,
        api: ms(first.elapsed),
        floor: '',
        target: 'once per roster / day',
        met: null,
      });
      log(`report read with a rebuild: ${ms(first.elapsed)}`);
      // As after the bulk load: measured in the steady state autovacuum leaves, not while it clears the rebuild's
      // dead rows (it would otherwise run during the first measurements).
      await db.query(`VACUUM (ANALYZE) report_person, report_unit_course, report_position_track`);
    });

    // A manager's matrix and summary for their 部局.
    const director = t.department.directorToken;
    await guard('matrix', async () => {
      const matrix = await paired(
        async () => (await timedJson(`${api}/api/v1/team/matrix`, director)).elapsed,
        async () => (await timedQuery(db, ROLLUP_FLOOR_SQL.matrix, kept('matrix'))).elapsed,
      );
      const matrixApi = (
        await timedJson<{ total: number; courses: unknown[] }>(`${api}/api/v1/team/matrix`, director)
      ).body;
      const raw = await timedQuery(db, FLOOR_SQL.matrix, deptParams);
      check('matrix people', matrixApi.total, (await db.query(FLOOR_SQL.matrix, deptParams)).rows[0].total);
      addTimed(
        `部局 matrix (部長, ${thousands(matrixApi.total)} people × ${matrixApi.courses.length} courses)`,
        matrix,
        50,
        raw.elapsed,
      );
      log(`matrix: ${ms(matrix.api)} (floor ${ms(matrix.floor)})`);
    });

    await guard('summary by 所属', async () => {
      const sectionUrl = `${api}/api/v1/reports/completion?groupBy=section&orgUnitCode=${t.department.code}`;
      const section = await paired(
        async () => (await timedJson(sectionUrl, director)).elapsed,
        async () => (await timedQuery(db, ROLLUP_FLOOR_SQL.section, kept('section'))).elapsed,
      );
      const raw = await compareReport(
        'summary by 所属',
        sectionUrl,
        director,
        db,
        FLOOR_SQL.section,
        deptParams,
      );
      await compareReport(
        'summary by 所属 (kept figures)',
        sectionUrl,
        director,
        db,
        ROLLUP_FLOOR_SQL.section,
        kept('section'),
      );
      addTimed('部局 summary by 所属 (部長, groupBy=section)', section, 50, raw);
      log(`section summary: ${ms(section.api)} (floor ${ms(section.floor)})`);
    });

    // HR's statistics for the year.
    for (const group of ['department', 'position', 'track'] as const) {
      await guard(`HR by ${group}`, async () => {
        const reportUrl = `${api}/api/v1/reports/completion?groupBy=${group}`;
        const report = await paired(
          async () => (await timedJson(reportUrl, hrToken)).elapsed,
          async () => (await timedQuery(db, ROLLUP_FLOOR_SQL[group], kept(group))).elapsed,
        );
        const raw = await compareReport(`HR by ${group}`, reportUrl, hrToken, db, FLOOR_SQL[group], params);
        await compareReport(
          `HR by ${group} (kept figures)`,
          reportUrl,
          hrToken,
          db,
          ROLLUP_FLOOR_SQL[group],
          kept(group),
        );
        addTimed(
          `HR statistics by ${{ department: '部局', position: '職位', track: '研修体系' }[group]} (groupBy=${group})`,
          report,
          100,
          raw,
        );
        log(`HR by ${group}: ${ms(report.api)} (floor ${ms(report.floor)})`);
      });
    }

    // HR's スキルマップ: DXリテラシー coverage per 部局 of the whole tenant (every completion of every fiscal year of
    // the courses mapped to a DXリテラシー area) and the specialists × roles; the floor runs the same two statements.
    await guard('skills', async () => {
      const mapUrl = `${api}/api/v1/skills/map`;
      const floorParams = [t.tenantId, t.today, '/%'];
      const floor = async () => {
        const started = performance.now();
        await Promise.all([
          db.query(DEPARTMENT_COVERAGE_SQL, floorParams),
          db.query(SPECIALIST_ROLES_SQL, floorParams),
        ]);
        return performance.now() - started;
      };
      const timing = await paired(async () => (await timedJson(mapUrl, hrToken)).elapsed, floor);
      const body = (await timedJson<{ totals: { staff: number; covered: number[] } }>(mapUrl, hrToken)).body;
      const floorRows: { staff: number; covered: number[] }[] = (
        await db.query(DEPARTMENT_COVERAGE_SQL, floorParams)
      ).rows;
      check(
        'skill map staff',
        body.totals.staff,
        floorRows.reduce((sum, r) => sum + r.staff, 0),
      );
      check(
        'skill map Why covered',
        body.totals.covered[0],
        floorRows.reduce((sum, r) => sum + r.covered[0], 0),
      );
      rows.push({
        measurement: `スキルマップ (HR, ${thousands(body.totals.staff)} staff, DXリテラシー × 部局 + specialists × roles)`,
        api: ms(timing.api),
        floor: ms(timing.floor),
        target: '≤ 100 ms',
        met: timing.api <= 100,
        note: `covered Why/What/How/Mind ${body.totals.covered.map(thousands).join('/')}`,
      });
      log(`skill map: ${ms(timing.api)} (floor ${ms(timing.floor)})`);
    });

    // Row-level security: the same statements as the tenant role the API's connections run as (policy on every
    // table) beside the owner, whom the policies do not bind. The isolation may cost at most a tenth.
    await guard('row-level security', async () => {
      const asTenant = new Client({
        connectionString: url,
        options: '-c timezone=Asia/Tokyo -c jit=off',
      });
      await asTenant.connect();
      try {
        await asTenant.query(`SELECT set_config('role', $1, false), set_config('app.tenant_id', $2, false)`, [
          TENANT_ROLE,
          String(t.tenantId),
        ]);
        const statements: [string, string, unknown[]][] = [
          ['部局 matrix from the kept figures', ROLLUP_FLOOR_SQL.matrix, kept('matrix')],
          ['部局 matrix from the raw tables', FLOOR_SQL.matrix, deptParams],
          ['HR by 部局 from the raw tables', FLOOR_SQL.department, params],
        ];
        for (const [what, sql, values] of statements) {
          const timing = await paired(
            async () => (await timedQuery(asTenant, sql, values)).elapsed,
            async () => (await timedQuery(db, sql, values)).elapsed,
          );
          const ratio = timing.api / timing.floor;
          rows.push({
            measurement: `Row-level security: ${what}, as the tenant role (floor: as the owner)`,
            api: ms(timing.api),
            floor: ms(timing.floor),
            target: '≤ 1.10 × floor',
            met: ratio <= 1.1,
            note: `${ratio.toFixed(2)} ×`,
          });
          log(
            `row-level security, ${what}: ${ms(timing.api)} (owner ${ms(timing.floor)}, ${ratio.toFixed(2)} ×)`,
          );
        }
      } finally {
        await asTenant.end();
      }
    });

    // The full export.
    await guard('exports', async () => {
      const copy = (sql: string) => `COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER false, FORCE_QUOTE *)`;
      const rawCopySql = copy(exportFloorSql(t.tenantId, t.fiscalYear, t.today, t.yearStart));
      // The API's own statement on the kept figures, through psql-like COPY: the best single statement on this schema.
      const keptCopySql = copy(
        exportSelectSql(
          t.tenantId,
          { fiscalYear: t.fiscalYear },
          { reportDate: t.today, today: t.today, scopePattern: '%', unitPattern: '%' },
        ).toLiteralSql(),
      );
      const csvUrl = `${api}/api/v1/exports/completion.csv`;
      const csvRuns: Download[] = [];
      const copyRuns: number[] = [];
      const rawCopyRuns: number[] = [];
      let copyLines = 0;
      for (let i = 0; i < SLOW_RUNS; i++) {
        csvRuns.push(await download(csvUrl, hrToken, child.pid));
        const kept = await timedCopy(db, keptCopySql);
        copyRuns.push(kept.elapsed);
        const raw = await timedCopy(db, rawCopySql);
        rawCopyRuns.push(raw.elapsed);
        check('export rows (raw tables)', kept.lines, raw.lines);
        copyLines = kept.lines;
      }
      const exportRows = csvRuns[0].lines - 1;
      check('export rows', exportRows, copyLines);
      const csv = csvRuns.find((r) => r.elapsed === median(csvRuns.map((x) => x.elapsed)))!;
      const copyMedian = median(copyRuns);
      const copyRate = `COPY ${thousands(rate(copyLines, copyMedian))} rows/s (${ms(copyMedian)})`;
      const csvGrowth = Math.max(...csvRuns.map((r) => r.rssPeak - r.rssBefore));
      rows.push({
        measurement: `CSV export UTF-8, ${thousands(exportRows)} rows (${(csv.bytes / 1e6).toFixed(0)} MB)`,
        api: `${thousands(rate(exportRows, csv.elapsed))} rows/s (${ms(csv.elapsed)}; 1st byte ${ms(csv.firstByte)})`,
        floor: copyRate,
        target: '≥ 200,000 rows/s',
        met: rate(exportRows, csv.elapsed) >= 200_000,
        note: `raw tables: COPY ${thousands(rate(copyLines, median(rawCopyRuns)))} rows/s`,
      });
      rows.push({
        measurement: 'CSV export UTF-8: server RSS growth (largest of the runs)',
        api: `+${csvGrowth.toFixed(0)} MB (${csvRuns[0].rssBefore.toFixed(0)} → ${Math.max(...csvRuns.map((r) => r.rssPeak)).toFixed(0)} MB)`,
        floor: '',
        target: '< 150 MB',
        met: csvGrowth < 150,
      });
      log(
        `CSV: ${thousands(rate(exportRows, csv.elapsed))} rows/s, first byte ${ms(csv.firstByte)}, +${csvGrowth.toFixed(0)} MB (${copyRate})`,
      );

      // Shift_JIS and XLSX, one run each: the whole tenant with BENCH_FULL_EXPORTS=1, else the 部局 (rate and memory).
      const scope = FULL_EXPORTS ? '' : `orgUnitCode=${t.department.code}`;
      const scopeRows = FULL_EXPORTS
        ? exportRows
        : (await download(`${csvUrl}?${scope}`, hrToken, child.pid)).lines - 1;
      const scopeLabel = FULL_EXPORTS ? `${thousands(scopeRows)} rows` : `部局, ${thousands(scopeRows)} rows`;
      const formats: [string, string][] = [
        ['CSV Shift_JIS', `${csvUrl}?encoding=shift_jis${scope ? '&' + scope : ''}`],
      ];
      if (XLSX) formats.push(['XLSX', `${api}/api/v1/exports/completion.xlsx${scope ? '?' + scope : ''}`]);
      for (const [name, formatUrl] of formats) {
        const result = await download(formatUrl, hrToken, child.pid);
        rows.push({
          measurement: `${name} export (${scopeLabel}, one run, ${(result.bytes / 1e6).toFixed(0)} MB)`,
          api: `${thousands(rate(scopeRows, result.elapsed))} rows/s (${ms(result.elapsed)}; 1st byte ${ms(result.firstByte)})`,
          floor: copyRate,
          target: `RSS +${(result.rssPeak - result.rssBefore).toFixed(0)} MB`,
          met: null,
        });
        log(
          `${name}: ${thousands(rate(scopeRows, result.elapsed))} rows/s, first byte ${ms(result.firstByte)}, +${(result.rssPeak - result.rssBefore).toFixed(0)} MB`,
        );
      }
    });

    // Learners under load, against a bare Node server on the same machine in the same run.
    await guard('learners under load', async () => {
      await bare.waitFor(`http://127.0.0.1:${BARE_PORT}/`);
      const bareResult = await load(`http://127.0.0.1:${BARE_PORT}/`, []);
      // CPU of the API process and of the PostgreSQL backends serving it (those opened during the run count whole).
      const backends = async () =>
        new Map<number, number>(
          (
            await db.query(
              `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
              [DATABASE],
            )
          ).rows.map((r: { pid: number }) => [r.pid, cpuSeconds(r.pid)]),
        );
      let apiBefore = NaN;
      let dbBefore = new Map<number, number>();
      const mine = await load(`${api}/api/v1/me/enrollments`, t.learnerTokens, async () => {
        apiBefore = cpuSeconds(child.pid);
        dbBefore = await backends();
      });
      const apiCpu = cpuSeconds(child.pid) - apiBefore;
      const dbCpu = [...(await backends())].reduce(
        (sum, [pid, seconds]) => sum + seconds - (dbBefore.get(pid) ?? 0),
        0,
      );
      const ratio = mine.requests / bareResult.requests;
      rows.push({
        measurement: `GET /me/enrollments, ${LOAD_SECONDS} s × 50 connections (${t.learnerTokens.length} learners)`,
        api: `${thousands(mine.requests)} req/s`,
        floor: `bare node http ${thousands(bareResult.requests)} req/s`,
        target: `≥ 0.3 × bare (${thousands(0.3 * bareResult.requests)})`,
        met: ratio >= 0.3,
        note: `${ratio.toFixed(2)} × bare`,
      });
      rows.push({
        measurement: 'GET /me/enrollments p99 latency under that load',
        api: `${mine.p99} ms (p50 ${mine.p50} ms)`,
        floor: `bare p99 ${bareResult.p99} ms`,
        target: '≤ 50 ms',
        met: mine.p99 <= 50,
      });
      rows.push({
        measurement: '  CPU used during that run',
        api: `API process ${apiCpu.toFixed(1)} s`,
        floor: Number.isNaN(dbCpu) ? 'PostgreSQL: not local' : `PostgreSQL backends ${dbCpu.toFixed(1)} s`,
        target: `of ${(LOAD_SECONDS * cpus().length).toFixed(0)} CPU-s`,
        met: null,
      });
      if (mine.errors > 0 || mine.non2xx > 0)
        warn(`/me/enrollments under load: ${mine.errors} errors, ${mine.non2xx} non-2xx answers`);
      log(
        `/me/enrollments: ${thousands(mine.requests)} req/s p99 ${mine.p99} ms; bare ${thousands(bareResult.requests)} req/s`,
      );
    });

    // Re-imports of the roster with a tenth of the people moved or promoted (rules re-evaluated).
    await guard('re-import', async () => {
      const reimports: number[] = [];
      const reimportFloors: number[] = [];
      let counts = '';
      for (let round = 0; round < SLOW_RUNS; round++) {
        const date = addDays(t.today, -7 * (SLOW_RUNS - round));
        const roster = rosterWithChanges(t.data, round, 0.1, date);
        reimportFloors.push(await reimportFloor(db, t.tenantId, roster.csv, date));
        const result = await upload(
          `${api}/api/v1/imports/staff?effectiveDate=${date}`,
          hrToken,
          roster.csv,
          'staff.csv',
        );
        reimports.push(result.elapsed);
        counts = `${JSON.stringify(result.body.counts)}, ${result.body.assignedEnrollments} new assignments`;
        log(
          `re-import ${round + 1} (${date}, ${roster.moved} moved, ${roster.promoted} promoted): ${ms(result.elapsed)}; ${counts}`,
        );
      }
      const reimport = median(reimports);
      rows.push({
        measurement: `Roster re-import, ${thousands(t.data.people.length)} rows, 10 % moved/promoted, rules re-evaluated`,
        api: ms(reimport),
        floor: `${ms(median(reimportFloors))} (COPY + set-based apply, no rules)`,
        target: '≤ 30 s',
        met: reimport <= 30_000,
      });
    });

    // The start of the next fiscal year with recurring courses (BENCH_ONLY=recert); rolled back, the tenant unchanged.
    await guard('recert', async () => {
      rows.push(
        await recertificationBench({
          databaseUrl: url,
          db,
          tenantId: t.tenantId,
          fiscalYear: t.fiscalYear,
        }),
      );
    });

    await guard('xAPI statements', async () => {
      rows.push(await xapiStatementsBench(api, hrToken, db, t.tenantId));
    });

    // Last: it adds ten courses and their assignments to the tenant.
    await guard('Udemy Business sync', async () => {
      const context = { api, token: hrToken, db, databaseUrl: url };
      rows.push(
        ...(await udemySyncBench({
          ...context,
          tenantId: t.tenantId,
          fiscalYear: t.fiscalYear,
          today: t.today,
        })),
      );
    });

    rows.push({
      measurement: 'Roster imports while building (one run each): first / next April / same file',
      api: `${ms(t.imports.first)} / ${ms(t.imports.nextYear)} / ${ms(t.imports.same)}`,
      floor: '',
      target: '',
      met: null,
      key: 'imports',
    });
  } catch (error) {
    console.error(`\nAPI server output (last lines):\n${child.log.split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    await child.stop();
    await bare.stop();
    await db.end().catch(() => undefined);
    if (!process.env.BENCH_KEEP) await database.drop();
  }
  return tenant;
}

/** `rawMs`: the same answer from the raw tables by one statement (one run), shown beside the row. */
function addTimed(
  measurement: string,
  result: { api: number; floor: number },
  targetMs: number,
  rawMs: number,
): void {
  rows.push({
    measurement,
    api: ms(result.api),
    floor: ms(result.floor),
    target: `≤ ${targetMs} ms`,
    met: result.api <= targetMs,
    note: `raw tables ${ms(rawMs)}`,
  });
}

/** The API's rows and the floor's must hold the same counts (a floor that answers something else proves nothing). */
/** Returns how long the statement took (one run). */
async function compareReport(
  what: string,
  url: string,
  token: string,
  db: Client,
  sql: string,
  params: unknown[],
): Promise<number> {
  type Counts = { key: string; assigned: number; completed: number; overdue: number; exempt: number };
  const { body } = await timedJson<{ rows: (Counts & { inProgress: number; notStarted: number })[] }>(
    url,
    token,
  );
  const started = performance.now();
  const floorRows: (Counts & { in_progress: number; not_started: number })[] = (await db.query(sql, params))
    .rows;
  const elapsed = performance.now() - started;
  // Every count: assigned/completed/in progress/not started/overdue/exempt.
  const summary = (list: (Counts & { progress: number; idle: number })[]) =>
    list
      .map((r) => `${r.key}:${r.assigned}/${r.completed}/${r.progress}/${r.idle}/${r.overdue}/${r.exempt}`)
      .sort()
      .join(' ');
  const apiSummary = summary(body.rows.map((r) => ({ ...r, progress: r.inProgress, idle: r.notStarted })));
  const floorSummary = summary(
    floorRows.map((r) => ({ ...r, progress: r.in_progress, idle: r.not_started })),
  );
  if (apiSummary !== floorSummary) {
    warn(
      `${what}: the API and the floor statement disagree\n    API   ${apiSummary}\n    floor ${floorSummary}`,
    );
  }
  return elapsed;
}

const BARE_SERVER = `
  const http = require('node:http');
  const body = JSON.stringify({ status: 'ok', items: [{ code: 'WORKPLACE-DX', progress: 1 }] });
  http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }).listen(Number(process.env.PORT), '127.0.0.1');`;

/** autocannon, 50 connections: a 3 s warm-up, then the measured run. Tokens are used in turn. */
async function load(
  target: string,
  tokens: string[],
  afterWarmUp?: () => Promise<void>,
): Promise<{ requests: number; p50: number; p99: number; errors: number; non2xx: number }> {
  let next = 0;
  const options = (duration: number): autocannon.Options => ({
    url: target,
    connections: 50,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) =>
          tokens.length
            ? {
                ...request,
                headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
              }
            : request,
      },
    ],
  });
  await autocannon(options(3));
  await afterWarmUp?.();
  const result = await autocannon(options(LOAD_SECONDS));
  return {
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * What the re-import needs from PostgreSQL at least, in one transaction that is rolled back: the roster COPY'd
 * into a temporary table, then the changed people's assignments closed and new ones opened, set-based.
 */
async function reimportFloor(db: Client, tenantId: number, csv: Uint8Array, date: string): Promise<number> {
  const started = performance.now();
  await db.query('BEGIN');
  try {
    await db.query(
      `CREATE TEMP TABLE roster (employee_no text, name text, kana text, email text, unit_code text, position text,
                                 employment_type text, hired_on date, promoted_on date, assigned_on date) ON COMMIT DROP`,
    );
    await new Promise<void>((done, fail) => {
      const stream = db.query(copyFrom(`COPY roster FROM STDIN WITH (FORMAT csv, HEADER true)`));
      stream.on('finish', done);
      stream.on('error', fail);
      stream.end(Buffer.from(csv));
    });
    await db.query(
      `WITH current AS (
         SELECT r.*, s.id AS staff_id, a.id AS assignment_id, u.id AS unit_id, p.id AS position_id,
                (a.unit_id <> u.id OR a.position_id <> p.id OR a.assigned_on <> r.assigned_on OR a.employment_type <> r.employment_type) AS moved,
                s.promoted_on <> r.promoted_on AS person_changed
           FROM roster r
           JOIN staff s ON s.tenant_id = $1 AND s.employee_no = r.employee_no
           JOIN staff_assignment a ON a.staff_id = s.id AND a.valid_from <= $2::date AND (a.valid_to IS NULL OR a.valid_to > $2::date)
           JOIN org_unit u ON u.tenant_id = $1 AND u.code = r.unit_code
           JOIN position p ON p.tenant_id = $1 AND p.name = r.position
       ), closed AS (
         UPDATE staff_assignment a SET valid_to = $2::date FROM current c WHERE c.moved AND a.id = c.assignment_id RETURNING a.id
       ), people AS (
         UPDATE staff s SET promoted_on = c.promoted_on, updated_at = now() FROM current c WHERE c.person_changed AND s.id = c.staff_id RETURNING s.id
       )
       INSERT INTO staff_assignment (tenant_id, staff_id, unit_id, position_id, employment_type, assigned_on, valid_from)
       SELECT $1, staff_id, unit_id, position_id, employment_type, assigned_on, $2::date FROM current WHERE moved`,
      [tenantId, date],
    );
    return performance.now() - started;
  } finally {
    await db.query('ROLLBACK');
  }
}

function metCell(met: boolean | null): string {
  return met === null ? '' : met ? 'yes' : 'NO';
}

/** A Markdown table whose columns line up in a terminal (CJK characters take two columns); notes after the rows. */
function printMarkdown(header: string[], body: { cells: string[]; note?: string }[]): void {
  const all = [header, ...body.map((r) => r.cells)];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => width(cells[i]))));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of body) console.log(line(r.cells) + (r.note ? `  ${r.note}` : ''));
}

function describeTenant(t: BenchTenant): string {
  return (
    `${thousands(t.staffActive)} staff, ${t.units} units, ${t.courses} courses, ` +
    `${thousands(t.assignments)} assignments in FY${t.fiscalYear}; 部局 ${t.department.name} (${thousands(t.department.people)} people)`
  );
}

function printTable(t: BenchTenant | undefined, elapsed: number): void {
  if (t)
    console.log(
      `\nPrefecture-scale benchmark: ${describeTenant(t)}. ` +
        `Code ${codeVersion()}. Median of ${RUNS} runs (${SLOW_RUNS} when a call takes over 2 s) after a warm-up, API and floor in turn. ` +
        `Floors: one hand-written SQL statement on the same schema via the pg client, JIT off.\n`,
    );
  printMarkdown(
    ['measurement', 'API median', 'PostgreSQL floor (kept figures)', 'target', 'met?'],
    serverRows.map((r) => ({
      cells: [r.measurement, r.api, r.floor, r.target, metCell(r.met)],
      note: r.note,
    })),
  );
  for (const warning of warnings) console.log(`\nWARNING ${warning}`);
  console.log(
    `\nTotal ${ms(elapsed)}; load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} CPUs)`,
  );
}

/** The cluster's figures, each beside the single server's of the same measurement in the same run. */
function printClusterTable(t: BenchTenant): void {
  console.log(
    `\nOn Citus (a coordinator and two workers on this machine, the tables distributed by tenant_id; the tenant's ` +
      `rows on one shard): ${describeTenant(t)}. The floor is the same statement sent to the coordinator.\n`,
  );
  printMarkdown(
    ['measurement (Citus)', 'single server API', 'Citus API', 'Citus floor', 'target', 'met on Citus?'],
    clusterRows.map((r) => ({
      cells: [
        r.measurement,
        serverRows.find((single) => single.key !== undefined && single.key === r.key)?.api ?? '',
        r.api,
        r.floor,
        r.target,
        metCell(r.met),
      ],
      note: r.note,
    })),
  );
}

/** The commit the compiled code was built from, as far as the working copy tells (others may build meanwhile). */
function codeVersion(): string {
  try {
    return execSync('git describe --always --dirty', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
