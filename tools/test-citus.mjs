#!/usr/bin/env node
// npm run test:citus [-- --cluster-only]
// Runs the API tests for imports, reports, exports, the matrix and tenant isolation on a real Citus cluster: builds
// and installs Citus 13.2 for the system PostgreSQL 15 when it is missing (vendor/citus/build.sh, copied from ../shared/citus with its source tarball), initdb's a
// coordinator and two workers in a temporary folder (own ports, shared_preload_libraries='citus'), adds the workers
// to the coordinator, and runs the suites against it (TEST_DATABASE_URL + TEST_CITUS_WORKER_PORTS: every suite gets
// a fresh database on all three nodes with the extension, the workers added, and every migration run, including
// DistributeByTenant, which distributes the tenant-owned tables by tenant_id). `--cluster-only` starts the cluster,
// prints how to reach it and waits for Ctrl-C (for running single suites by hand).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PG_BIN = process.env.CITUS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const CITUS_SO = '/usr/lib/postgresql/15/lib/citus.so';
const BUILD = process.env.CITUS_BUILD_SCRIPT ?? resolve(ROOT, 'vendor/citus/build.sh');
const COORDINATOR_PORT = Number(process.env.CITUS_COORDINATOR_PORT ?? 55610);
const WORKER_PORTS = (process.env.CITUS_WORKER_PORTS ?? '55611,55612').split(',').map(Number);
const SUITES = [
  'test/staff-import.spec.ts',
  'test/org-import.spec.ts',
  'test/completions-import.spec.ts',
  'test/reports.spec.ts',
  'test/exports.spec.ts',
  'test/team.spec.ts',
  'test/tenant-isolation.spec.ts',
];
const asRoot = process.getuid?.() === 0;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

/** PostgreSQL refuses to run as root: as root, its programs run as the postgres system user. */
function pg(program, args) {
  const binary = join(PG_BIN, program);
  if (asRoot)
    run('runuser', ['-u', 'postgres', '--', binary, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  else run(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function ensureCitus() {
  if (existsSync(CITUS_SO)) return;
  console.log(`Citus is not installed for PostgreSQL 15: building it (${BUILD}, about 3 minutes)`);
  run('bash', [BUILD]);
}

function ensurePostgresUser() {
  if (!asRoot) return;
  if (spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status === 0) return;
  run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
}

function startNode(root, name, port) {
  const dir = join(root, name);
  pg('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '--encoding=UTF8', '--locale=C']);
  appendFileSync(
    join(dir, 'postgresql.conf'),
    [
      "shared_preload_libraries = 'citus'",
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${root}'`,
      'max_connections = 200',
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      // Few shards: the tests create a database per suite, and every shard is a table on a worker.
      'citus.shard_count = 4',
      // The nodes talk without TLS (local test cluster; Citus requires it by default).
      "citus.node_conninfo = 'sslmode=disable'",
      // A join not on tenant_id (README: "Citus") is repartitioned instead of refused.
      'citus.enable_repartition_joins = on',
      '',
    ].join('\n'),
  );
  pg('pg_ctl', ['-D', dir, '-l', join(root, `${name}.log`), '-w', '-t', '60', 'start']);
  return dir;
}

function stopNode(dir) {
  try {
    pg('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
  } catch (error) {
    console.error(String(error));
  }
}

async function main() {
  ensureCitus();
  ensurePostgresUser();
  const root = mkdtempSync(join(tmpdir(), 'dx-citus-'));
  chmodSync(root, 0o777);
  const nodes = [];
  const stopAll = () => {
    for (const dir of nodes.reverse()) stopNode(dir);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    nodes.push(startNode(root, 'coordinator', COORDINATOR_PORT));
    WORKER_PORTS.forEach((port, i) => nodes.push(startNode(root, `worker${i + 1}`, port)));
    const env = {
      ...process.env,
      TEST_DATABASE_URL: `postgres://postgres@127.0.0.1:${COORDINATOR_PORT}/postgres`,
      TEST_CITUS_WORKER_PORTS: WORKER_PORTS.join(','),
      NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning',
    };
    if (process.argv.includes('--cluster-only')) {
      writeFileSync(
        join(root, 'env'),
        `TEST_DATABASE_URL=${env.TEST_DATABASE_URL}\nTEST_CITUS_WORKER_PORTS=${env.TEST_CITUS_WORKER_PORTS}\n`,
      );
      console.log(
        `Citus cluster in ${root}:\n  export TEST_DATABASE_URL=${env.TEST_DATABASE_URL} TEST_CITUS_WORKER_PORTS=${env.TEST_CITUS_WORKER_PORTS}`,
      );
      const keepAlive = setInterval(() => undefined, 60_000);
      await new Promise((resolveWait) => {
        process.on('SIGINT', resolveWait);
        process.on('SIGTERM', resolveWait);
      });
      clearInterval(keepAlive);
      return;
    }
    const jest = resolve(ROOT, 'node_modules/.bin/jest');
    const suites = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    run(
      jest,
      [
        '-c',
        'apps/api/jest.config.js',
        '--runInBand',
        '--ci',
        '--forceExit',
        ...(suites.length ? suites : SUITES.map((s) => `apps/api/${s}`)),
      ],
      {
        cwd: ROOT,
        env,
      },
    );
  } finally {
    stopAll();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
