import { expect, Page } from '@playwright/test';
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
