/** Why a post to a Slack incoming webhook did not go through. */
export class SlackPostError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or undefined when Slack was not reached at all. */
    readonly status?: number,
    /** Seconds Slack asked us to wait (a 429's Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

/** Posts one message (mrkdwn text) to an incoming webhook; throws SlackPostError when Slack does not take it. */
export async function postToSlack(webhookUrl: string, text: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ text, mrkdwn: true }),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
    throw new SlackPostError(`Slack に接続できません（${reason}）`);
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const body = (await response.text().catch(() => '')).slice(0, 200);
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    throw new SlackPostError(
      'Slack の送信回数制限（429）',
      429,
      Number.isFinite(seconds) && seconds >= 0 ? seconds : 30,
    );
  }
  throw new SlackPostError(
    `Slack が受け付けませんでした（HTTP ${response.status} ${body}）`,
    response.status,
  );
}
