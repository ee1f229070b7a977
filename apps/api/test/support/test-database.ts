import { Client } from 'pg';

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
  const url = new URL(base);
  url.pathname = '/' + database;
  return url.toString();
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

/** A fresh database for one suite, cloned from the migrated template (much faster than migrating again). */
export async function createSuiteDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dx_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    url: urlFor(name),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
