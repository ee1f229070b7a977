import { checkWebhookUrl, DEFAULT_SLACK_WEBHOOK_HOSTS, parseWebhookHosts } from './slack-webhook';

const WITH_LOOPBACK = ['hooks.slack.com', '127.0.0.1', 'localhost', '::1'];

describe('checkWebhookUrl', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXX', 'hooks.slack.com'],
    ['  HTTPS://Hooks.Slack.com/services/T000/B000/XXXX ', 'hooks.slack.com'],
  ])('takes %s (host %s) by default', (url, host) => {
    expect(checkWebhookUrl(url, DEFAULT_SLACK_WEBHOOK_HOSTS)).toEqual({ ok: true, host });
  });

  it.each([
    ['http://127.0.0.1:4567/hook', '127.0.0.1'],
    ['http://localhost:4567/hook', 'localhost'],
    ['http://[::1]:4567/hook', '::1'],
    ['https://127.0.0.1:4567/hook', '127.0.0.1'],
  ])('takes plain http to a loopback host only when that host is allowed: %s', (url, host) => {
    expect(checkWebhookUrl(url, WITH_LOOPBACK)).toEqual({ ok: true, host });
    expect(checkWebhookUrl(url, DEFAULT_SLACK_WEBHOOK_HOSTS)).toMatchObject({
      ok: false,
      message: expect.stringContaining('許可されていません'),
    });
  });

  it.each([
    'http://hooks.slack.com/services/T000/B000/XXXX',
    'http://10.0.0.5/hook',
    'ftp://hooks.slack.com/x',
    'javascript:alert(1)',
  ])('refuses %s: https only, whatever hosts are allowed', (url) => {
    expect(checkWebhookUrl(url, [...WITH_LOOPBACK, '10.0.0.5'])).toEqual({
      ok: false,
      message: expect.stringContaining('https:// で始まるURL'),
    });
  });

  it('refuses hosts that are not allowed, naming the host and what is', () => {
    expect(checkWebhookUrl('https://evil.example/services/x', DEFAULT_SLACK_WEBHOOK_HOSTS)).toEqual({
      ok: false,
      message: expect.stringContaining(
        '送信先「evil.example」は許可されていません（許可されている送信先: hooks.slack.com）',
      ),
    });
    // A look-alike: the host is what the URL parser says, not what the text starts with.
    expect(
      checkWebhookUrl('https://hooks.slack.com@evil.example/services/x', DEFAULT_SLACK_WEBHOOK_HOSTS),
    ).toMatchObject({ ok: false });
    expect(
      checkWebhookUrl('https://hooks.slack.com.evil.example/services/x', DEFAULT_SLACK_WEBHOOK_HOSTS),
    ).toMatchObject({ ok: false, message: expect.stringContaining('hooks.slack.com.evil.example') });
  });

  it('refuses a user name or password in the URL, and what is not a URL', () => {
    expect(
      checkWebhookUrl('https://user:pw@hooks.slack.com/services/x', DEFAULT_SLACK_WEBHOOK_HOSTS),
    ).toEqual({
      ok: false,
      message: 'Webhook URL に利用者名やパスワードを含めないでください。',
    });
    for (const url of ['not a url', 'hooks.slack.com/services/x', ''])
      expect(checkWebhookUrl(url, DEFAULT_SLACK_WEBHOOK_HOSTS)).toMatchObject({
        ok: false,
        message: expect.stringContaining('形式が正しくありません'),
      });
  });
});

describe('parseWebhookHosts', () => {
  it('reads a comma-separated list, lower case, IPv6 without brackets', () => {
    expect(parseWebhookHosts(' hooks.slack.com, Hooks.Slack-Gov.com ,[::1],, ')).toEqual([
      'hooks.slack.com',
      'hooks.slack-gov.com',
      '::1',
    ]);
  });
});
