#!/usr/bin/env node
// npm run conformance:xapi [-- --grep <pattern>] [-- --directory <dirs>]
// Runs the ADL LRS conformance suite (xAPI 1.0.3) against this app: builds the API if needed, starts it on a fresh
// embedded PostgreSQL (its own DATA_DIR in a temp folder, no demo data, no scheduled jobs), signs in as the first
// administrator, creates an xAPI credential, runs the suite from a temp copy (its npm install is cached between runs
// in the temp folder) and prints its totals. Exits non-zero when more tests fail than the README's known failures
// or any fails outside the sections known to fail (KNOWN_FAILING_SECTIONS, with their reasons in the README).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUITE = resolve(process.env.XAPI_SUITE_DIR ?? resolve(ROOT, 'vendor/lrs-conformance-test-suite'));
const PORT = Number(process.env.XAPI_CONFORMANCE_PORT ?? 3430);
const PG_PORT = Number(process.env.XAPI_CONFORMANCE_PG_PORT ?? 55432);
/** Every requirement of the suite passes: any failing test fails the run (and CI). */
const ADMIN = { loginId: 'xapi-conformance-admin', password: 'conformance-admin-password-1' };
const MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

async function waitForHealth(url, child) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the app stopped (exit ${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the app did not become ready in 120 s');
}

/** A copy of the suite with its packages installed, reused while the suite's package.json stays the same. */
function preparedSuite() {
  const digest = createHash('sha256')
    .update(readFileSync(join(SUITE, 'package.json')))
    .digest('hex')
    .slice(0, 12);
  const folder = join(tmpdir(), `lrs-conformance-suite-${digest}`);
  if (!existsSync(join(folder, 'node_modules', 'mocha'))) {
    rmSync(folder, { recursive: true, force: true });
    cpSync(SUITE, folder, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder });
  } else {
    // The tests themselves may have changed: refresh everything but the installed packages.
    for (const entry of readdirSync(SUITE)) {
      if (entry !== 'node_modules') cpSync(join(SUITE, entry), join(folder, entry), { recursive: true });
    }
  }
  rmSync(join(folder, 'logs'), { recursive: true, force: true });
  return folder;
}

async function main() {
  const passThrough = process.argv.slice(2);
  if (!existsSync(MAIN) || process.env.XAPI_CONFORMANCE_BUILD !== 'false') {
    run('npx', ['nx', 'run', 'api:build', '--output-style=static'], { cwd: ROOT });
  }
  const suite = preparedSuite();
  const dataDir = mkdtempSync(join(tmpdir(), 'xapi-conformance-db-'));
  // As root the embedded server runs as the postgres user, which must reach the folder.
  chmodSync(dataDir, 0o755);
  const app = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      EMBEDDED_PG_PORT: String(PG_PORT),
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      SCHEDULE_JOBS: 'false',
      ADMIN_LOGIN_ID: ADMIN.loginId,
      ADMIN_PASSWORD: ADMIN.password,
      WEB_ROOT: '/nonexistent',
      DATABASE_URL: '',
      LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let appLog = '';
  app.stdout.on('data', (d) => (appLog += d));
  app.stderr.on('data', (d) => (appLog += d));
  let exitCode = 1;
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitForHealth(`${base}/api/v1/health`, app);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (!login.ok) throw new Error(`admin login: ${login.status} ${await login.text()}`);
    const { accessToken } = await login.json();
    const created = await fetch(`${base}/api/v1/integrations/xapi-clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: 'ADL conformance suite' }),
    });
    if (!created.ok) throw new Error(`credential: ${created.status} ${await created.text()}`);
    const { key, secret } = await created.json();
    const args = [
      'bin/console_runner.js',
      '-x',
      '1.0.3',
      '-e',
      `${base}/api/v1/xapi`,
      '-a',
      '-u',
      key,
      '-p',
      secret,
      '-z',
    ];
    for (let i = 0; i < passThrough.length; i += 2) {
      const flag = passThrough[i].replace(/^--/, '');
      if (flag === 'grep') args.push('-g', passThrough[i + 1]);
      else if (flag === 'directory') args.push('-d', passThrough[i + 1]);
    }
    const started = Date.now();
    const suiteRun = spawnSync(process.execPath, args, {
      cwd: suite,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const output = `${suiteRun.stdout}\n${suiteRun.stderr}`;
    const summaryLine = output
      .split('\n')
      .reverse()
      .find((line) => /^\{.*"passed"/.test(line.trim()));
    if (!summaryLine) {
      console.log(output.slice(-5000));
      throw new Error('the suite printed no summary');
    }
    const summary = JSON.parse(summaryLine);
    const failures = failedTests(suite);
    for (const f of failures) console.log(`FAILED ${f}`);
    console.log(
      `xAPI 1.0.3 conformance: ${summary.passed} passed, ${summary.failed} failed of ${summary.total} ` +
        `(${Math.round((Date.now() - started) / 1000)} s)`,
    );
    exitCode = summary.failed > 0 || failures.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(String(error?.stack ?? error));
    console.error(appLog.slice(-4000));
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

/** The failing tests of the suite's errors-only log: "<requirement> › <test name>: <error>". */
function failedTests(suite) {
  const logs = join(suite, 'logs');
  if (!existsSync(logs)) return [];
  const out = [];
  for (const file of readdirSync(logs)) {
    const log = JSON.parse(readFileSync(join(logs, file), 'utf8'));
    const walk = (node, trail) => {
      if (!node) return;
      if (Array.isArray(node)) return node.forEach((n) => walk(n, trail));
      const name = node.title ?? node.name;
      if (Array.isArray(node.tests) && node.tests.length > 0)
        return walk(node.tests, name ? [...trail, name] : trail);
      if (node.status === 'failed') {
        const error = String(node.error ?? '')
          .split('\n')[0]
          .slice(0, 200);
        out.push(`${[...trail, name].join(' › ')}: ${error}`);
      }
    };
    walk(log.log, []);
  }
  return out;
}

main();
