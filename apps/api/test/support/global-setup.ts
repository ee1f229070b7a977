import 'reflect-metadata';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import {
  citusWorkerPorts,
  TEMPLATE_DATABASE,
  TEST_ENV_ADMIN_URL,
  urlFor,
  withAdminClient,
} from './test-database';

/**
 * The real-database test tier: the server named by TEST_DATABASE_URL (or DATABASE_URL), or else an embedded
 * PostgreSQL of the tests' own. Migrations run once into a template database that every suite clones; on a Citus
 * cluster (TEST_CITUS_WORKER_PORTS, set by `npm run test:citus`) every suite migrates a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  let base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), 'dx-test-pg-'));
    // As root the server runs as the postgres user, which must be able to enter the folder.
    chmodSync(dir, 0o755);
    const port = Number(process.env.TEST_PG_PORT ?? 54329);
    const embedded = await startEmbeddedPostgres(dir, port);
    (globalThis as { __embeddedPg?: unknown }).__embeddedPg = embedded;
    base = embedded.url;
  }
  process.env[TEST_ENV_ADMIN_URL] = base;
  if (citusWorkerPorts().length) return;
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  }, base);
  await runMigrations(urlFor(TEMPLATE_DATABASE, base));
}
