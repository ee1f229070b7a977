import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { todayInTokyo } from '@dx/domain';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { ChildServer, log, postJson } from './bench-kit';
import { buildBenchTenant } from './bench-tenant';

const STAFF = Number(process.env.BENCH_STAFF ?? 30000);
const ASSIGNMENTS = Number(process.env.BENCH_ASSIGNMENTS ?? 1_200_000);
const DATABASE = 'dx_reports_bench';
const API_PORT = Number(process.env.BENCH_API_PORT ?? 39401);
const ADMIN = { loginId: 'bench', password: 'bench-password-123' };

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : (rmSync('tmp/bench-pg', { recursive: true, force: true }), await startEmbeddedPostgres('tmp/bench-pg', 54340));
  const server = process.env.DATABASE_URL ?? embedded!.url;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const url = new URL(server);
  url.pathname = '/' + DATABASE;
  const api = `http://127.0.0.1:${API_PORT}`;
  const child = new ChildServer('API server', [resolve(__dirname, '../main.js')], {
    ...process.env,
    DATABASE_URL: url.toString(),
    PORT: String(API_PORT),
    SEED_DEMO: 'false',
    ADMIN_LOGIN_ID: ADMIN.loginId,
    ADMIN_PASSWORD: ADMIN.password,
    WEB_ROOT: '/nonexistent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  });
  const db = new Client({ connectionString: url.toString() });
  try {
    await child.waitFor(`${api}/api/v1/health`);
    await db.connect();
    const login = await postJson(`${api}/api/v1/auth/login`, null, ADMIN);
    const hrToken: string = login.accessToken;
    const today = todayInTokyo();
    const tenant = await buildBenchTenant(api, hrToken, db, today, STAFF, ASSIGNMENTS);
    log(
      `tenant: ${tenant.staffActive} staff, ${tenant.units} units, ${tenant.courses} courses, ${tenant.assignments} assignments in FY${tenant.fiscalYear} ` +
        `(${Object.entries(tenant.statusShares).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ')}); ` +
        `部局 ${tenant.department.code} ${tenant.department.name}: ${tenant.department.people} people`,
    );
  } finally {
    await child.stop();
    await db.end().catch(() => undefined);
    if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
