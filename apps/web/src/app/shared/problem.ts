import { HttpErrorResponse } from '@angular/common/http';
import type { FieldError, ProblemDetails } from '@dx/contract';

/** An error as the web app shows it: always with a Japanese title and detail a person can act on. */
export interface Problem {
  status: number;
  type: string;
  title: string;
  detail: string;
  errors: FieldError[];
}

const FALLBACK: Record<number, { title: string; detail: string }> = {
  0: {
    title: '接続できません',
    detail: 'サーバーに接続できませんでした。ネットワークの状態を確認して、もう一度お試しください。',
  },
  400: { title: '入力エラー', detail: '送信した内容に誤りがあります。入力内容を確認してください。' },
  401: {
    title: 'ログインが必要です',
    detail: 'ログインの有効期限が切れました。もう一度ログインしてください。',
  },
  403: { title: '権限がありません', detail: 'この情報を表示する、またはこの操作を行う権限がありません。' },
  404: {
    title: '見つかりません',
    detail: 'お探しの情報は見つかりませんでした。削除されたか、表示できる範囲の外にあります。',
  },
  413: { title: 'ファイルが大きすぎます', detail: 'ファイルが大きすぎるため受け付けられませんでした。' },
  422: { title: '入力エラー', detail: '入力内容に誤りがあります。' },
  429: { title: '操作が多すぎます', detail: 'しばらく時間をおいてから、もう一度お試しください。' },
};

const SERVER_ERROR = {
  title: 'サーバーエラー',
  detail: 'サーバーで問題が発生しました。時間をおいて、もう一度お試しください。',
};

function parseBody(body: unknown): Partial<ProblemDetails> | null {
  if (typeof body === 'string') {
    try {
      return parseBody(JSON.parse(body));
    } catch {
      return null;
    }
  }
  return body !== null && typeof body === 'object' ? (body as Partial<ProblemDetails>) : null;
}

/** Turns whatever an HTTP call failed with into a Problem with Japanese text. */
export function toProblem(error: unknown): Problem {
  // A resource() wraps what its loader threw; the HTTP error is then the cause.
  if (
    !(error instanceof HttpErrorResponse) &&
    error instanceof Error &&
    error.cause instanceof HttpErrorResponse
  ) {
    return toProblem(error.cause);
  }
  const status = error instanceof HttpErrorResponse ? error.status : -1;
  const body = error instanceof HttpErrorResponse ? parseBody(error.error) : null;
  const fallback = FALLBACK[status] ?? SERVER_ERROR;
  return {
    status,
    type: typeof body?.type === 'string' ? body.type : 'about:blank',
    title: typeof body?.title === 'string' && body.title ? body.title : fallback.title,
    detail: typeof body?.detail === 'string' && body.detail ? body.detail : fallback.detail,
    errors: Array.isArray(body?.errors) ? body.errors : [],
  };
}

/** True for problem types such as '…/problems/mass-leave'. */
export function isProblemType(problem: Problem | null, slug: string): boolean {
  return problem !== null && problem.type.endsWith(slug);
}
