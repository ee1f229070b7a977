import '../supported-node';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { ZipFile } from 'yazl';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import { withDatabase } from '../database/database-url';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { buildDemoData, orgCsv, staffCsv } from '../seed/demo-data';
import { ChildServer, log, ms, postJson, rssMb, upload } from './bench-kit';

/**
 * E-learning packages (issue 13): 200 learners committing SCORM run-time data every 30 s through the API (target p99
 * ≤ 50 ms) and the upload of a 200 MB package (time and the server's memory growth, target ≤ 50 MB). The API runs
 * as its own process on a database of its own (`dx_packages_bench`, dropped at the end).
 * Options: BENCH_LEARNERS (200; 0 measures the upload alone), BENCH_COMMIT_SECONDS (120), BENCH_UPLOAD_MB (200),
 * BENCH_API_PORT (39411, and the next port for the content origin), BENCH_PG_PORT (54351, the embedded PostgreSQL's
 * port when DATABASE_URL is not set).
 */
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200);
const SECONDS = Number(process.env.BENCH_COMMIT_SECONDS ?? 120);
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 200);
const DATABASE = 'dx_packages_bench';
const API_PORT = Number(process.env.BENCH_API_PORT ?? 39411);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54351);
const ADMIN = { loginId: 'bench', password: 'bench-password-123' };
const PASSWORD = 'bench-password-2026';
const WORK = resolve('tmp/bench-packages');

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="BENCH" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>ベンチ教材</title>
    <item identifier="I" identifierref="R"><title>本編</title></item></organization></organizations>
  <resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="index.html"/></resources>
</manifest>`;

/** A SCORM 1.2 zip on disk with `videoMb` of incompressible data (a video), stored as an authoring tool would. */
async function writePackage(path: string, videoMb: number): Promise<void> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(MANIFEST), 'imsmanifest.xml');
  zip.addBuffer(Buffer.from('<html><head></head><body>bench</body></html>'), 'index.html');
  for (let i = 0; i < Math.ceil(videoMb / 50); i++) {
    const mb = Math.min(50, videoMb - i * 50);
    zip.addBuffer(randomBytes(mb * 1024 * 1024), `media/part${i}.mp4`, { compress: false });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

/** Streams a file from disk as a multipart upload (nothing of it held in this process either). */
async function streamUpload(url: string, token: string, path: string, name: string) {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/zip\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* body() {
    yield head;
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
    yield tail;
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + statSync(path).size + tail.length),
    },
    body: Readable.toWeb(Readable.from(body())) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as { id: number };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  // Run by `npm run bench` after the reports bench: BENCH_ONLY without `packages` skips it.
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (only.length > 0 && !only.some((name) => 'packages'.includes(name))) return;
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(resolve(WORK, 'pg'), PG_PORT);
  const server = process.env.DATABASE_URL ?? embedded!.url;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const url = withDatabase(server, DATABASE);
  const api = `http://127.0.0.1:${API_PORT}`;
  const child = new ChildServer('API server', [resolve(__dirname, '../main.js')], {
    ...process.env,
    DATABASE_URL: url,
    PORT: String(API_PORT),
    CONTENT_PORT: String(API_PORT + 1),
    DATA_DIR: resolve(WORK, 'data'),
    SEED_DEMO: 'false',
    ADMIN_LOGIN_ID: ADMIN.loginId,
    ADMIN_PASSWORD: ADMIN.password,
    WEB_ROOT: '/nonexistent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOGIN_ATTEMPTS_PER_MINUTE: '100000',
    NO_COLOR: '1',
  });
  try {
    await child.waitFor(`${api}/api/v1/health`);
    const adminToken = (await postJson(`${api}/api/v1/auth/login`, null, ADMIN))!.accessToken;
    const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const today = todayInTokyo();
    const fiscalYear = fiscalYearOf(today);
    // The same small organisation whatever BENCH_LEARNERS, so that the upload starts from the same server state.
    const data = buildDemoData(today, Math.ceil(Math.max(LEARNERS, 200) * 1.3));
    await upload(
      `${api}/api/v1/imports/org-units?effectiveDate=${data.yearStart}`,
      adminToken,
      orgCsv(data),
      'o.csv',
    );
    await upload(
      `${api}/api/v1/imports/staff?effectiveDate=${data.yearStart}`,
      adminToken,
      staffCsv(data, 'current'),
      's.csv',
    );

    // The 200 MB upload, streamed; the server's RSS sampled every 50 ms.
    const zipPath = resolve(WORK, 'big.zip');
    await writePackage(zipPath, UPLOAD_MB);
    const rssBefore = rssMb(child.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(child.pid))), 50);
    const uploadStarted = performance.now();
    const big = await streamUpload(`${api}/api/v1/catalogue/packages`, adminToken, zipPath, 'big.zip');
    const uploadMs = performance.now() - uploadStarted;
    clearInterval(sampler);
    const zipMb = statSync(zipPath).size / 1024 / 1024;
    log(
      `upload of a ${zipMb.toFixed(0)} MB package: ${ms(uploadMs)} (${(zipMb / (uploadMs / 1000)).toFixed(0)} MB/s, ` +
        `checked and expanded), server RSS ${rssBefore.toFixed(0)} → peak ${rssPeak.toFixed(0)} MB ` +
        `(+${(rssPeak - rssBefore).toFixed(0)} MB; target ≤ 50 MB)`,
    );
    rmSync(zipPath, { force: true });
    if (LEARNERS === 0) return;

    // A course with the package, assigned to the learners, each signed in.
    const course = 'BENCH-SCORM';
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(`${api}/api/v1${path}`, {
        method,
        headers: body === undefined ? { authorization: auth.authorization } : auth,
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => {
        if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
        return r.json();
      });
    await post('/catalogue/courses', {
      code: course,
      trackCode: 'KAISO',
      title: 'ベンチ',
      description: '',
      estimatedMinutes: 10,
      dssCodes: [],
    });
    const module = (await post(`/catalogue/courses/${course}/draft/modules`, {
      kind: 'package',
      title: '教材',
      required: true,
      content: { packageId: big.id },
    })) as { id: number };
    await post(`/catalogue/courses/${course}/publish`, undefined);
    const tokens: string[] = [];
    for (const person of data.people) {
      if (tokens.length >= LEARNERS) break;
      try {
        await post(`/staff/${person.employeeNo}/enrollments`, {
          courseCode: course,
          fiscalYear,
          dueDate: `${fiscalYear + 1}-03-31`,
        });
        await postJson(
          `${api}/api/v1/admin/users/${person.employeeNo}/password`,
          adminToken,
          { password: PASSWORD },
          'PUT',
        );
        tokens.push(
          (await postJson(`${api}/api/v1/auth/login`, null, {
            loginId: person.employeeNo,
            password: PASSWORD,
          }))!.accessToken,
        );
      } catch {
        // Someone who left: the next one.
      }
    }
    log(`${tokens.length} learners assigned and signed in`);

    // Each learner commits every 30 s (a random phase), 2 KB of suspend data, for SECONDS.
    const latencies: number[] = [];
    let errors = 0;
    const commitUrl = `${api}/api/v1/me/courses/${course}/modules/${module.id}/package-runtime/I?fiscalYear=${fiscalYear}`;
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      tokens.map(async (token, i) => {
        await new Promise((r) => setTimeout(r, Math.random() * 30_000));
        for (let n = 1; Date.now() < end; n++) {
          const started = performance.now();
          const response = await fetch(commitUrl, {
            method: 'PUT',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              lessonStatus: 'incomplete',
              location: `page-${n}`,
              suspendData: `${i}:${n}:`.padEnd(2048, 'x'),
              sessionTime: '00:00:30',
            }),
          });
          await response.arrayBuffer();
          latencies.push(performance.now() - started);
          if (response.status !== 200) errors++;
          await new Promise((r) => setTimeout(r, Math.max(0, 30_000 - (performance.now() - started))));
        }
      }),
    );
    const sorted = [...latencies].sort((a, b) => a - b);
    log(
      `${latencies.length} commits by ${tokens.length} learners every 30 s over ${SECONDS} s: p50 ${ms(quantile(sorted, 0.5))}, ` +
        `p99 ${ms(quantile(sorted, 0.99))} (target ≤ 50 ms), max ${ms(sorted[sorted.length - 1])}, errors ${errors}`,
    );
  } finally {
    await child.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    rmSync(WORK, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
