import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ADMIN = { loginId: 'e2e-admin', password: 'e2e-admin-password' };
export const ARTIFACTS = resolve(__dirname, '../artifacts');

export function fixture(name: string): Buffer {
  return readFileSync(resolve(__dirname, '../../fixtures', name));
}

/** Fails the test if the page asks anything of another origin: the app must work on a closed network. */
export function forbidOutsideRequests(page: Page, origin: string): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  return outside;
}

export async function logIn(page: Page, loginId: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('職員番号またはログインID').fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
}

/** The WCAG 2.1 A/AA rules axe-core checks (its best-practice rules are left out on purpose). */
export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now and fails on any WCAG 2.1 A/AA violation, naming each rule, its impact
 * and the elements, so the message alone says what to fix. `soft` records the failure and lets the test go on,
 * so one run reports every page of a walk.
 */
export async function expectNoAxeViolations(
  page: Page,
  label: string,
  options: { soft?: boolean } = {},
): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA_TAGS).analyze();
  const report = violations.map(
    (v) =>
      `${v.id} [${v.impact ?? 'unknown'}] ${v.help} (${v.helpUrl})\n` +
      v.nodes
        .map(
          (n) =>
            `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
        )
        .join('\n'),
  );
  const check = options.soft ? expect.soft : expect;
  check(report, `axe-core (WCAG 2.1 A/AA) on ${label} (${page.url()}):\n${report.join('\n')}`).toEqual([]);
}

/** A Bearer header for the e2e administrator (sysadmin with HR rights). */
export async function adminHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  const login = await request.post('/api/v1/auth/login', { data: ADMIN });
  return { authorization: `Bearer ${(await login.json()).accessToken}` };
}

/**
 * The sample org chart and roster as of 2026-04-01. Every spec shares the server, and a repeated load of the same
 * files changes nothing (200), or is refused (422) once another spec has applied a later roster.
 */
export async function loadSampleRoster(
  request: APIRequestContext,
  headers: Record<string, string>,
): Promise<void> {
  for (const [path, file] of [
    ['org-units', 'sample-org.csv'],
    ['staff', 'sample-staff.csv'],
  ]) {
    const response = await request.post(`/api/v1/imports/${path}?effectiveDate=2026-04-01`, {
      headers,
      multipart: { file: { name: file, mimeType: 'text/csv', buffer: fixture(file) } },
    });
    expect([200, 422]).toContain(response.status());
  }
}

/** An administrator gives a staff member a temporary password, and they choose their own with it. */
export async function choosePassword(
  request: APIRequestContext,
  headers: Record<string, string>,
  who: { employeeNo: string; password: string },
): Promise<void> {
  await request.put(`/api/v1/admin/users/${who.employeeNo}/password`, {
    headers,
    data: { password: 'temporary-pass-1' },
  });
  const login = await request.post('/api/v1/auth/login', {
    data: { loginId: who.employeeNo, password: 'temporary-pass-1' },
  });
  const changed = await request.put('/api/v1/me/password', {
    headers: { authorization: `Bearer ${(await login.json()).accessToken}` },
    data: { currentPassword: 'temporary-pass-1', password: who.password },
  });
  expect(changed.ok()).toBe(true);
}

/**
 * A real OpenID Connect provider (oidc-provider, with its own login and consent pages) in a process of its own: the
 * script the API tests use too (tools/test-oidc-provider/provider.mjs).
 */
export async function startOidcProvider(
  clients: {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    post_logout_redirect_uris?: string[];
  }[],
): Promise<{ issuer: string; close(): void }> {
  const script = resolve(__dirname, '../../tools/test-oidc-provider/provider.mjs');
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, NODE_OPTIONS: '', IDP_CONFIG: JSON.stringify({ clients }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const issuer = await new Promise<string>((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /idp ready (\S+)/.exec(output);
      if (ready) done(ready[1]);
    });
    child.once('exit', (code) => fail(new Error(`the OpenID provider exited (${code})`)));
  });
  return { issuer, close: () => child.kill() };
}
