import { Problem } from '../common/problem';

const SLUGS: Record<number, [string, string]> = {
  400: ['xapi-bad-request', 'xAPI のリクエストが正しくありません'],
  401: ['xapi-unauthorized', 'xAPI の認証が必要です'],
  403: ['xapi-forbidden', 'この操作は許可されていません'],
  404: ['xapi-not-found', '見つかりません'],
  409: ['xapi-conflict', '競合が発生しました'],
  412: ['xapi-precondition-failed', '前提条件が満たされていません'],
  413: ['xapi-too-large', 'リクエストが大きすぎます'],
  415: ['xapi-unsupported-media-type', '対応していない形式です'],
};

/** An error of the LRS as an RFC 9457 problem (JSON, Japanese), with the status the xAPI specification names. */
export class XapiError extends Problem {
  constructor(status: number, detail: string) {
    const [slug, title] = SLUGS[status] ?? ['xapi-error', 'xAPI のエラー'];
    super(status, slug, title, detail);
  }
}
