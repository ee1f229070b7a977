import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;

/**
 * Browser tests drive the built app (API + web on one port) in Debian's Chromium. The server runs on an
 * embedded PostgreSQL in a fresh data folder, without demo data, with a first administrator who holds HR rights.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-results',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  // The accessibility walks visit a dozen pages each with axe: a loaded 2-core machine takes over a minute for one.
  timeout: 180_000,
  reporter: [['list'], ['html', { outputFolder: './artifacts/report', open: 'never' }]],
  use: {
    baseURL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'rm -rf tmp/e2e-data && node dist/apps/api/apps/api/src/main.js',
    cwd: '..',
    url: `${baseURL}/api/v1/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      // The e-learning packages' own origin (a second listener of the same server).
      CONTENT_PORT: String(port + 1),
      DATABASE_URL: '',
      DATA_DIR: 'tmp/e2e-data',
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '54331',
      SEED_DEMO: 'false',
      // Links in e-mails and the single sign-on redirect URI name the server the browser reaches.
      PUBLIC_URL: baseURL,
      ADMIN_LOGIN_ID: 'e2e-admin',
      ADMIN_PASSWORD: 'e2e-admin-password',
      // The platform operator (shared use): creates tenants in platform-tenants.spec.ts.
      PLATFORM_ADMIN_LOGIN_ID: 'e2e-operator',
      PLATFORM_ADMIN_PASSWORD: 'e2e-operator-password',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: process.env.E2E_SMTP_PORT ?? '2526',
    },
  },
});
