/** Where Slack's incoming webhooks live; the deployment's allowed hosts unless SLACK_WEBHOOK_HOSTS says otherwise. */
export const DEFAULT_SLACK_WEBHOOK_HOSTS: readonly string[] = ['hooks.slack.com'];

/** The loopback names: a server on the machine itself (a test's fake Slack, a developer's). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** A URL's host name as SLACK_WEBHOOK_HOSTS lists it: lower case, an IPv6 address without its brackets. */
function hostName(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** SLACK_WEBHOOK_HOSTS as a list of host names (lower case, IPv6 without brackets). */
export function parseWebhookHosts(value: string): string[] {
  return value
    .split(',')
    .map((host) =>
      host
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1'),
    )
    .filter(Boolean);
}

export type WebhookCheck = { ok: true; host: string } | { ok: false; message: string };

/**
 * Whether the server may post to this webhook URL, and if not why (Japanese, for the `webhookUrl` field):
 * - it is an absolute URL without a user name or password;
 * - its host is one the deployment allows (`allowedHosts`, from SLACK_WEBHOOK_HOSTS; by default only
 *   hooks.slack.com), so an HR account cannot make the server post to an address inside the network;
 * - it is `https://`. Plain `http://` is accepted for a loopback host only (127.0.0.1, localhost, ::1), and only
 *   when that host is allowed too: the message then never leaves the machine (the tests' fake Slack listens there).
 * The host is the only part shown back (the path is the channel's secret).
 */
export function checkWebhookUrl(raw: string, allowedHosts: readonly string[]): WebhookCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      message: 'Webhook URL の形式が正しくありません（例: https://hooks.slack.com/services/…）。',
    };
  }
  const host = hostName(url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(host)))
    return {
      ok: false,
      message:
        'Webhook URL は https:// で始まるURLで入力してください（http:// はこのサーバー自身（127.0.0.1・localhost・::1）宛てに限ります）。',
    };
  if (url.username || url.password)
    return { ok: false, message: 'Webhook URL に利用者名やパスワードを含めないでください。' };
  if (!allowedHosts.includes(host))
    return {
      ok: false,
      message: `Webhook URL の送信先「${host}」は許可されていません（許可されている送信先: ${allowedHosts.join('、') || 'なし'}）。Slack の Incoming Webhook のURLを入力してください。`,
    };
  return { ok: true, host };
}
