import '../supported-node';
import 'reflect-metadata';
import { Client } from 'pg';
import { rmSync } from 'node:fs';
import { todayInTokyo } from '@dx/domain';
import { prepareData } from '../bootstrap';
import { loadConfig } from '../config/app-config';
import { createApp } from '../create-app';
import { runMigrations } from '../database/data-source';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { buildDemoData, orgCsv, staffCsv } from '../seed/demo-data';

const STAFF = Number(process.env.BENCH_STAFF ?? 30000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function multipart(bytes: Uint8Array) {
  const boundary = '----bench' + Date.now();
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * `node dist/apps/api/apps/api/src/bench/import-bench.js` (after `nx run api:build`): the roster imports alone, as
 * medians. `npm run bench` (reports-bench.ts) runs the same imports once while it builds its tenant. Imports a 30,000-staff roster through the HTTP API into a separate database and prints the
 * time of a first import, a re-import of the same file, and the next year's roster with transfers,
 * promotions, hires and retirements. Uses DATABASE_URL's server, or an embedded PostgreSQL in tmp/bench-pg.
 */
async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : (rmSync('tmp/bench-pg', { recursive: true, force: true }),
      await startEmbeddedPostgres('tmp/bench-pg', 54340));
  const server = process.env.DATABASE_URL ?? embedded!.url;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  const results: Record<string, number[]> = { first: [], same: [], nextYear: [] };
  for (let run = 0; run < RUNS; run++) {
    await admin.query('DROP DATABASE IF EXISTS dx_bench WITH (FORCE)');
    await admin.query('CREATE DATABASE dx_bench');
    const url = new URL(server);
    url.pathname = '/dx_bench';
    await runMigrations(url.toString());
    const config = loadConfig({
      ADMIN_LOGIN_ID: 'bench',
      ADMIN_PASSWORD: 'bench-password-123',
      SEED_DEMO: 'false',
      WEB_ROOT: '/none',
    });
    const app = await createApp(config, url.toString(), false);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await prepareData(app, config);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginId: 'bench', password: 'bench-password-123' },
    });
    const auth = { authorization: `Bearer ${login.json().accessToken}` };
    const data = buildDemoData(todayInTokyo(), STAFF);
    const upload = async (path: string, bytes: Uint8Array, date: string) => {
      const body = multipart(bytes);
      const started = performance.now();
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/imports/${path}?effectiveDate=${date}`,
        headers: { ...auth, ...body.headers },
        payload: body.payload,
      });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200)
        throw new Error(`${path}: ${response.statusCode} ${response.body.slice(0, 500)}`);
      return { elapsed, counts: response.json().counts };
    };
    await upload('org-units', orgCsv(data), data.previousYearStart);
    const first = await upload('staff', staffCsv(data, 'previous'), data.previousYearStart);
    const same = await upload('staff', staffCsv(data, 'previous'), data.previousYearStart);
    await upload('org-units', orgCsv(data), data.yearStart);
    const nextYear = await upload('staff', staffCsv(data, 'current'), data.yearStart);
    results.first.push(first.elapsed);
    results.same.push(same.elapsed);
    results.nextYear.push(nextYear.elapsed);
    if (run === 0) {
      console.log(`roster rows: ${first.counts.created}; next year: ${JSON.stringify(nextYear.counts)}`);
    }
    await app.close();
  }
  await admin.query('DROP DATABASE IF EXISTS dx_bench WITH (FORCE)');
  await admin.end();
  await embedded?.stop();
  console.log(
    `\nStaff roster import through the API (${STAFF} rows, median of ${RUNS} runs, one transaction each):`,
  );
  console.log(`  first import (all created)            ${median(results.first).toFixed(0).padStart(7)} ms`);
  console.log(`  same file again (all unchanged)       ${median(results.same).toFixed(0).padStart(7)} ms`);
  console.log(
    `  next April's roster (moves, hires)    ${median(results.nextYear).toFixed(0).padStart(7)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
