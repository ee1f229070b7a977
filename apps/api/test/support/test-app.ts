import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { prepareData } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source';
import { createApp } from '../../src/create-app';
import { createSuiteDatabase } from './test-database';

export const ADMIN = { loginId: 'admin', password: 'admin-password-for-tests' };

export interface TestApp {
  app: NestFastifyApplication;
  databaseUrl: string;
  /**
   * The test's own connection as the tables' owner (row-level security does not bind it): for arranging and checking
   * rows of any tenant. The app's connections run as the tenant of each request.
   */
  db: DataSource;
  config: AppConfig;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Logs in and returns the Bearer header for later requests. */
  login(loginId: string, password: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A second API instance on this app's database (which the first app drops when it closes). */
  sharedWith?: TestApp;
  /** Runs once the app is built, before its start (e.g. to register a job of the test's own). */
  beforeStart?: (app: NestFastifyApplication) => void;
}

/** The whole API on a database of its own, with the first administrator and no demo data. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = options.sharedWith
    ? { url: options.sharedWith.databaseUrl, drop: () => Promise.resolve() }
    : await createSuiteDatabase();
  const config = loadConfig({
    ADMIN_LOGIN_ID: ADMIN.loginId,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    WEB_ROOT: '/nonexistent',
    // No cron pass: a scheduled run falling due mid-suite would change figures under a test (jobs.spec turns it on).
    SCHEDULE_JOBS: 'false',
    // The packages' content listener on a free port: suites run side by side.
    CONTENT_PORT: '0',
    ...env,
  });
  const app = await createApp(config, database.url, false);
  options.beforeStart?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await prepareData(app, config);
  const request = (options: InjectOptions) => app.inject(options);
  const db = await new DataSource(dataSourceOptions(database.url)).initialize();
  return {
    app,
    databaseUrl: database.url,
    db,
    config,
    request,
    async login(loginId, password) {
      const response = await request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginId, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`login ${loginId} failed: ${response.statusCode} ${response.body}`);
      return { authorization: `Bearer ${response.json().accessToken}` };
    },
    async close() {
      await db.destroy();
      await app.close();
      await database.drop();
    },
  };
}

/** A multipart/form-data body with one `file` field, as a browser or curl -F sends it. */
export function multipartFile(content: Uint8Array | string, filename = 'upload.csv', field = 'file') {
  const boundary = '----dxtest' + Math.random().toString(16).slice(2);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The path of a fixture in the repository's `fixtures/` folder. */
export function fixturePath(name: string): string {
  return require('node:path').resolve(__dirname, '../../../../fixtures', name);
}
