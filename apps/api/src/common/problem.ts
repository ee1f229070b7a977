import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError, ProblemDetails } from '@dx/contract';

const TYPE_BASE = 'https://dx-learning.example/problems/';

/** An RFC 9457 problem the caller can act on: a stable type, a Japanese title and detail, per-row errors. */
export class Problem extends HttpException {
  constructor(status: number, slug: string, title: string, detail: string, errors?: FieldError[]) {
    const body: ProblemDetails = { type: TYPE_BASE + slug, title, status, detail };
    if (errors) body.errors = errors;
    super(body, status);
  }

  static validation(errors: FieldError[], detail = '入力内容に誤りがあります。'): Problem {
    return new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'validation', '入力エラー', detail, errors);
  }

  static notFound(detail = '指定されたものは見つかりません。'): Problem {
    return new Problem(HttpStatus.NOT_FOUND, 'not-found', '見つかりません', detail);
  }

  static forbidden(detail = 'この操作を行う権限がありません。'): Problem {
    return new Problem(HttpStatus.FORBIDDEN, 'forbidden', '権限がありません', detail);
  }

  static unauthorized(detail = 'ログインしてください。'): Problem {
    return new Problem(HttpStatus.UNAUTHORIZED, 'unauthorized', '認証が必要です', detail);
  }
}

export function problemBody(status: number, slug: string, title: string, detail: string): ProblemDetails {
  return { type: TYPE_BASE + slug, title, status, detail };
}
