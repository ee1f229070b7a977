/**
 * The Udemy Business Reporting API client: the user-course activity of one organisation, every page of it, with
 * HTTP Basic authentication (client id : client secret). Nothing here touches the database: a sync fetches
 * everything first and applies it in one transaction afterwards, so a failure on any page leaves nothing applied.
 */

export interface UdemyCredentials {
  baseUrl: string;
  organizationId: string;
  clientId: string;
  clientSecret: string;
}

/** How patient the client is. The defaults suit the nightly job and HR's 今すぐ同期 alike. */
export interface UdemyFetchPolicy {
  /** Per request, headers and body together. */
  timeoutMs: number;
  /** Further tries of a request that failed with a 5xx, a timeout or a network error. */
  serverRetries: number;
  /** Wait before the first such retry; doubled before each next one. */
  backoffMs: number;
  /** Further tries of a request answered 429 (each after its Retry-After). */
  rateLimitRetries: number;
  /** Longest wait a Retry-After may ask for (a longer one is cut to this). */
  maxRetryAfterMs: number;
  /** A runaway `next` chain ends the sync as a failure past this many pages. */
  maxPages: number;
  /** Rows asked for per page. */
  pageSize: number;
}

export const DEFAULT_FETCH_POLICY: UdemyFetchPolicy = {
  timeoutMs: 30_000,
  serverRetries: 3,
  backoffMs: 500,
  rateLimitRetries: 10,
  maxRetryAfterMs: 60_000,
  maxPages: 20_000,
  pageSize: 100,
};

/** One result of the activity report as Udemy sends it (user_email, course_id, completion_ratio, …). */
export type UdemyActivityRecord = Record<string, unknown>;

export type UpstreamFailureKind =
  'auth' | 'not_found' | 'client' | 'server' | 'rate_limit' | 'network' | 'format';

/** Why a sync could not get its rows: what HR reads (Japanese) and the upstream status (null without an answer). */
export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    readonly upstreamStatus: number | null,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface FetchedActivity {
  records: UdemyActivityRecord[];
  pages: number;
}

/** The first page's URL: `{baseUrl}/api-2.0/organizations/{id}/analytics/user-course-activity/`. */
export function activityUrl(
  credentials: UdemyCredentials,
  fromDate: string | undefined,
  pageSize: number,
): URL {
  const base = credentials.baseUrl.replace(/\/+$/, '');
  const url = new URL(
    `${base}/api-2.0/organizations/${encodeURIComponent(credentials.organizationId)}/analytics/user-course-activity/`,
  );
  url.searchParams.set('page_size', String(pageSize));
  // Udemy's reporting filters take calendar days (YYYY-MM-DD).
  if (fromDate) url.searchParams.set('from_date', fromDate);
  return url;
}

/** Every activity record since `fromDate` (all of them without it), following the `next` links. */
export async function fetchUserCourseActivity(
  credentials: UdemyCredentials,
  fromDate: string | undefined,
  policy: UdemyFetchPolicy = DEFAULT_FETCH_POLICY,
): Promise<FetchedActivity> {
  const first = activityUrl(credentials, fromDate, policy.pageSize);
  const authorization =
    'Basic ' + Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64');
  const records: UdemyActivityRecord[] = [];
  let next: URL | null = first;
  let pages = 0;
  while (next) {
    if (++pages > policy.maxPages)
      throw new UpstreamFailure(
        'format',
        null,
        `Udemy Business の応答が ${policy.maxPages} ページを超えたため、同期を中止しました。`,
      );
    const page = await fetchPage(next, authorization, policy);
    records.push(...page.results);
    next = page.next ? sameOrigin(page.next, next, first) : null;
  }
  return { records, pages };
}

interface Page {
  results: UdemyActivityRecord[];
  next: string | null;
}

/** A `next` link is followed only on the configured host: the Basic credentials go nowhere else. */
function sameOrigin(link: string, current: URL, first: URL): URL {
  let url: URL;
  try {
    url = new URL(link, current);
  } catch {
    throw new UpstreamFailure('format', 200, 'Udemy Business の応答の次ページの指定（next）が読めません。');
  }
  if (url.origin !== first.origin)
    throw new UpstreamFailure(
      'format',
      200,
      `Udemy Business の次ページの指定（next）が設定と異なるホスト（${url.host}）を指しているため、同期を中止しました。`,
    );
  return url;
}

async function fetchPage(url: URL, authorization: string, policy: UdemyFetchPolicy): Promise<Page> {
  let serverFailures = 0;
  let rateLimited = 0;
  for (;;) {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        headers: { authorization, accept: 'application/json' },
        // A redirect would carry the credentials on; the API answers its own URLs directly.
        redirect: 'error',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (serverFailures++ < policy.serverRetries) {
        await sleep(policy.backoffMs * 2 ** (serverFailures - 1));
        continue;
      }
      throw new UpstreamFailure(
        'network',
        null,
        timedOut
          ? `Udemy Business が ${Math.round(policy.timeoutMs / 1000)} 秒以内に応答しませんでした。時間をおいて再度お試しください。`
          : 'Udemy Business に接続できませんでした。接続先URLとネットワークを確認してください。',
      );
    }
    const status = response.status;
    if (status === 429) {
      if (rateLimited++ < policy.rateLimitRetries) {
        await sleep(retryAfterMs(response.headers.get('retry-after'), policy));
        continue;
      }
      throw new UpstreamFailure(
        'rate_limit',
        status,
        'Udemy Business の利用回数の上限に達しました（429）。時間をおいて再度お試しください。',
      );
    }
    if (status >= 500) {
      if (serverFailures++ < policy.serverRetries) {
        await sleep(policy.backoffMs * 2 ** (serverFailures - 1));
        continue;
      }
      throw new UpstreamFailure(
        'server',
        status,
        `Udemy Business がエラーを返しました（${status}）。${policy.serverRetries + 1}回試しましたが応答しません。時間をおいて再度お試しください。`,
      );
    }
    if (status === 401 || status === 403)
      throw new UpstreamFailure(
        'auth',
        status,
        'Udemy Business の認証に失敗しました。クライアントIDとシークレットを確認してください。',
      );
    if (status === 404)
      throw new UpstreamFailure(
        'not_found',
        status,
        'Udemy Business にこの組織のレポートが見つかりません（404）。接続先URLと組織IDを確認してください。',
      );
    if (status !== 200)
      throw new UpstreamFailure(
        'client',
        status,
        `Udemy Business が要求を受け付けませんでした（${status}）。`,
      );
    return parsePage(text, status);
  }
}

function parsePage(text: string, status: number): Page {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamFailure('format', status, 'Udemy Business の応答が JSON として読めません。');
  }
  const page = body as { results?: unknown; next?: unknown };
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray(page.results) ||
    !(page.next === undefined || page.next === null || typeof page.next === 'string') ||
    page.results.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))
  )
    throw new UpstreamFailure(
      'format',
      status,
      'Udemy Business の応答の形式が想定と異なります（results の一覧がありません）。',
    );
  return { results: page.results as UdemyActivityRecord[], next: (page.next as string | null) ?? null };
}

/** A Retry-After in seconds or as an HTTP date, cut to the policy's longest wait; a missing one waits a second. */
export function retryAfterMs(
  header: string | null,
  policy: Pick<UdemyFetchPolicy, 'maxRetryAfterMs'>,
  now = Date.now(),
): number {
  let wait = 1000;
  if (header && /^\s*\d+\s*$/.test(header)) wait = Number(header) * 1000;
  else if (header && !Number.isNaN(Date.parse(header))) wait = Date.parse(header) - now;
  return Math.min(Math.max(wait, 0), policy.maxRetryAfterMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
