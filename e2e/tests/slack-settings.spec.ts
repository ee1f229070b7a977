import { expect, test } from '@playwright/test';
import { ADMIN, expectNoAxeViolations, logIn } from './support';

const HOOK = 'https://hooks.slack.com/services/T0E2E/B0E2E/e2e-secret-part';

test('HR connects Slack: the webhook URL is written once and shown back only as its host', async ({
  page,
}) => {
  await logIn(page, ADMIN.loginId, ADMIN.password);
  await page.goto('/integrations/slack');
  await expect(page.getByRole('heading', { level: 1, name: 'Slack 連携' })).toBeVisible();
  await expect(page.getByText('未設定です。')).toBeVisible();
  await expect(page.getByText('送信に失敗した通知はありません。')).toBeVisible();

  await page.getByLabel('Webhook URL', { exact: true }).fill(HOOK);
  await page.getByRole('button', { name: 'Webhook URL を保存' }).click();
  await expect(page.getByRole('status')).toContainText('既定のチャンネルの Webhook URL を保存しました');
  await expect(page.getByText('設定済み（送信先ホスト hooks.slack.com')).toBeVisible();
  await expect(page.getByLabel('Webhook URL', { exact: true })).toHaveValue('');

  // A reload reads it back from the server: still only the host, never the URL.
  await page.reload();
  await expect(page.getByText('設定済み（送信先ホスト hooks.slack.com')).toBeVisible();
  expect(await page.content()).not.toContain('e2e-secret-part');
  await expectNoAxeViolations(page, 'Slack 連携');

  await page.getByRole('button', { name: '既定のチャンネルを解除' }).click();
  await expect(page.getByText('未設定です。')).toBeVisible();
});
