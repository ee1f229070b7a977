import { Client } from 'pg';
import { createCitusDatabase } from '../../src/database/citus-database';
import { runMigrations } from '../../src/database/data-source';
import { withDatabase } from '../../src/database/database-url';

/** Where the test tier's PostgreSQL server is; written by global-setup for the suites. */
export const TEST_ENV_ADMIN_URL = 'DX_TEST_ADMIN_URL';
export const TEMPLATE_DATABASE = 'dx_test_template';

export function adminUrl(): string {
  const url = process.env[TEST_ENV_ADMIN_URL];
  if (!url)
    throw new Error('The test database was not prepared: run the suites through jest (global-setup).');
  return url;
}

export function urlFor(database: string, base = adminUrl()): string {
  return withDatabase(base, database);
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>, base = adminUrl()): Promise<T> {
  const client = new Client({ connectionString: urlFor('postgres', base) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * On a Citus cluster (`npm run test:citus`): the coordinator is TEST_DATABASE_URL and the workers listen on
 * TEST_CITUS_WORKER_PORTS of the same host: every suite gets a database of its own on every node
 * (`createCitusDatabase`) and all the migrations.
 */
export function citusWorkerPorts(): number[] {
  const ports = process.env.TEST_CITUS_WORKER_PORTS;
  return ports ? ports.split(',').map(Number) : [];
}

async function createSuiteCitusDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = await createCitusDatabase(adminUrl(), citusWorkerPorts(), name);
  await runMigrations(database.url);
  return database;
}

/** A fresh database for one suite, cloned from the migrated template (much faster than migrating again). */
export async function createSuiteDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dx_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  if (citusWorkerPorts().length) return createSuiteCitusDatabase(name);
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    url: urlFor(name),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
