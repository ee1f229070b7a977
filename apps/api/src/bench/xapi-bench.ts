import '../supported-node';
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { toRecord } from '../xapi/statements/statement-record';
import { ChildServer, log, postJson, thousands } from './bench-kit';

const STATEMENTS = Number(process.env.BENCH_XAPI_STATEMENTS ?? 50_000);
const BATCH = 50;
const CONNECTIONS = 20;
const TARGET = 5_000;
/** One statement in this many is a completion (0: none). */
const COMPLETED_EVERY = Number(process.env.BENCH_XAPI_COMPLETED_EVERY ?? 50);

export interface XapiBenchRow {
  measurement: string;
  api: string;
  floor: string;
  target: string;
  met: boolean;
}

/** Udemy-like traffic: progress and experienced statements of many learners on many courses, 2 % completions. */
function statements(count: number, seed: string): Record<string, unknown>[] {
  const verbs = ['experienced', 'progressed', 'attempted', 'answered'];
  return Array.from({ length: count }, (_, i) => {
    const completed = COMPLETED_EVERY > 0 && i % COMPLETED_EVERY === COMPLETED_EVERY - 1;
    return {
      id: randomUUID(),
      actor: {
        objectType: 'Agent',
        name: `職員 ${i % 5000}`,
        mbox: `mailto:bench-${seed}-${i % 5000}@pref.example.lg.jp`,
      },
      verb: {
        id: `http://adlnet.gov/expapi/verbs/${completed ? 'completed' : verbs[i % verbs.length]}`,
        display: { 'en-US': completed ? 'completed' : verbs[i % verbs.length] },
      },
      object: {
        objectType: 'Activity',
        id: `https://pref-example.udemy.com/course/bench-course-${i % 300}/`,
        definition: {
          name: { ja: `ベンチ講座 ${i % 300}` },
          type: 'http://adlnet.gov/expapi/activities/course',
        },
      },
      result: completed
        ? { completion: true, success: true, duration: 'PT1H12M' }
        : { score: { scaled: 0.8 } },
      context: { registration: randomUUID(), platform: 'Udemy Business', language: 'ja-JP' },
      timestamp: new Date(Date.now() - (count - i) * 1000).toISOString(),
    };
  });
}

/** One COPY text-format field: NULL as \N, backslash and control characters escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = Array.isArray(value)
    ? `{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/**
 * Storing statements through POST /api/v1/xapi/statements in batches of 50 with 20 connections, beside its floor:
 * the same rows (as the LRS would store them, all columns and indexes) by COPY into a copy of xapi_statement.
 */
export async function xapiStatementsBench(
  api: string,
  token: string,
  db: Client,
  tenantId: number,
): Promise<XapiBenchRow> {
  const client = (await postJson(`${api}/api/v1/integrations/xapi-clients`, token, {
    name: 'bench',
  })) as unknown as {
    key: string;
    secret: string;
    id: number;
  };
  const headers = {
    'content-type': 'application/json',
    'x-experience-api-version': '1.0.3',
    authorization: 'Basic ' + Buffer.from(`${client.key}:${client.secret}`).toString('base64'),
  };
  const post = async (batch: unknown[]) => {
    const response = await fetch(`${api}/api/v1/xapi/statements`, {
      method: 'POST',
      headers,
      body: JSON.stringify(batch),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST statements: ${response.status} ${text.slice(0, 300)}`);
  };
  // Warm-up (connections, plans, caches), not counted.
  await Promise.all(Array.from({ length: CONNECTIONS }, () => post(statements(BATCH, 'warm'))));

  const all = statements(STATEMENTS, randomBytes(4).toString('hex'));
  const batches: unknown[][] = [];
  for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < batches.length) await post(batches[next++]);
    }),
  );
  const apiMs = performance.now() - started;

  // The floor: the same rows as the LRS stores them, by COPY into a table of the same shape and indexes.
  const who = { tenantId, clientId: client.id, key: client.key, name: 'bench' };
  const stored = new Date().toISOString();
  const lines = all.map((s) => {
    const r = toRecord({ ...s, id: randomUUID() }, who, stored, api);
    return [
      tenantId,
      r.id,
      r.statement,
      r.contentHash,
      stored,
      r.verbId,
      r.activityId,
      r.actorIds,
      r.objectAgentIds,
      r.registration,
      r.relatedActivities,
      r.relatedAgents,
      r.voidingTarget,
      r.refTarget,
      client.id,
    ]
      .map(copyField)
      .join('\t');
  });
  await db.query(`DROP TABLE IF EXISTS xapi_statement_floor`);
  await db.query(`CREATE TABLE xapi_statement_floor (LIKE xapi_statement INCLUDING ALL)`);
  const floorStarted = performance.now();
  const stream = db.query(
    copyFrom(
      `COPY xapi_statement_floor (tenant_id, id, statement, content_hash, stored, verb_id, activity_id, actor_ids,
        object_agent_ids, registration, related_activities, related_agents, voiding_target, ref_target, client_id) FROM STDIN`,
    ),
  );
  await new Promise<void>((done, fail) => {
    stream.on('finish', done);
    stream.on('error', fail);
    for (let i = 0; i < lines.length; i += 1000) stream.write(lines.slice(i, i + 1000).join('\n') + '\n');
    stream.end();
  });
  const floorMs = performance.now() - floorStarted;
  await db.query(`DROP TABLE xapi_statement_floor`);

  const apiRate = STATEMENTS / (apiMs / 1000);
  const floorRate = STATEMENTS / (floorMs / 1000);
  log(
    `xAPI: ${thousands(STATEMENTS)} statements in ${(apiMs / 1000).toFixed(1)} s through the API, COPY ${(floorMs / 1000).toFixed(1)} s`,
  );
  return {
    measurement: `xAPI statements stored, ${thousands(STATEMENTS)} in batches of ${BATCH}, ${CONNECTIONS} connections`,
    api: `${thousands(apiRate)} statements/s`,
    floor: `${thousands(floorRate)} statements/s (COPY of the same rows)`,
    target: `≥ ${thousands(TARGET)} statements/s`,
    met: apiRate >= TARGET,
  };
}

/** `node dist/apps/api/apps/api/src/bench/xapi-bench.js`: this measurement alone, on a fresh embedded database. */
async function main(): Promise<void> {
  rmSync('tmp/bench-pg-xapi', { recursive: true, force: true });
  const embedded = await startEmbeddedPostgres(
    'tmp/bench-pg-xapi',
    Number(process.env.BENCH_XAPI_PG_PORT ?? 54342),
  );
  const port = Number(process.env.BENCH_API_PORT ?? 39411);
  const api = `http://127.0.0.1:${port}`;
  const child = new ChildServer('API server', [resolve(__dirname, '../main.js')], {
    ...process.env,
    DATABASE_URL: embedded.url,
    PORT: String(port),
    SEED_DEMO: 'false',
    SCHEDULE_JOBS: 'false',
    ADMIN_LOGIN_ID: 'bench',
    ADMIN_PASSWORD: 'bench-password-123',
    WEB_ROOT: '/nonexistent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    NO_COLOR: '1',
  });
  const db = new Client({ connectionString: embedded.url });
  try {
    await child.waitFor(`${api}/api/v1/health`);
    await db.connect();
    const token = (await postJson(`${api}/api/v1/auth/login`, null, {
      loginId: 'bench',
      password: 'bench-password-123',
    }))!.accessToken;
    const [{ id }] = (await db.query(`SELECT id FROM tenant ORDER BY id LIMIT 1`)).rows;
    const row = await xapiStatementsBench(api, token, db, id);
    console.log(
      `| ${row.measurement} | ${row.api} | ${row.floor} | ${row.target} | ${row.met ? 'yes' : 'NO'} |`,
    );
  } catch (error) {
    console.error(child.log.split('\n').slice(-30).join('\n'));
    throw error;
  } finally {
    await child.stop();
    await db.end().catch(() => undefined);
    await embedded.stop();
    rmSync('tmp/bench-pg-xapi', { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
