import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** Why a single sign-on did not sign anybody in; each has its own Japanese page. */
export type SsoRefusalReason = 'not-configured' | 'expired' | 'provider' | 'no-claim' | 'unknown' | 'left';

const PAGES: Record<SsoRefusalReason, { status: number; title: string; detail: string }> = {
  'not-configured': {
    status: HttpStatus.NOT_FOUND,
    title: 'シングルサインオンは使えません',
    detail:
      'この団体ではシングルサインオンが設定されていません。ログインIDとパスワードでログインしてください。',
  },
  expired: {
    status: HttpStatus.BAD_REQUEST,
    title: 'ログインをやり直してください',
    detail:
      'ログインの手続きが途中で切れたか、時間がたちすぎました（10分以内に完了してください）。もう一度ログインしてください。',
  },
  provider: {
    status: HttpStatus.UNAUTHORIZED,
    title: 'ログインできませんでした',
    detail:
      '認証基盤（IdP）からの応答を確認できませんでした。もう一度ログインしてください。続く場合はシステム管理者に連絡してください。',
  },
  'no-claim': {
    status: HttpStatus.FORBIDDEN,
    title: 'ログインできませんでした',
    detail: '認証基盤（IdP）から職員番号が届きませんでした。システム管理者に連絡してください。',
  },
  unknown: {
    status: HttpStatus.FORBIDDEN,
    title: 'ログインできませんでした',
    detail:
      'この職員番号の職員は、この団体の名簿に登録されていません。人事担当課（研修担当）に問い合わせてください。',
  },
  left: {
    status: HttpStatus.FORBIDDEN,
    title: 'ログインできませんでした',
    detail: 'この職員番号の職員は退職（転出）済みのため、ログインできません。',
  },
};

export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoRefusalReason,
    override readonly cause?: unknown,
  ) {
    super(`single sign-on refused: ${reason}`);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page a refused sign-in shows: the browser arrived by a redirect, so it gets HTML, not problem JSON. */
export function refusalPage(reason: SsoRefusalReason, loginUrl: string): { status: number; html: string } {
  const page = PAGES[reason];
  const html = `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} | 職員DX研修</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.7">
<main>
<h1 style="font-size: 1.4rem">${escapeHtml(page.title)}</h1>
<p data-testid="sso-refusal" data-reason="${reason}">${escapeHtml(page.detail)}</p>
<p><a href="${escapeHtml(loginUrl)}" style="color: #0b57d0">ログイン画面へ戻る</a></p>
</main>
</body>
</html>`;
  return { status: page.status, html };
}

/** Renders an SsoRefusal as its page (the routes of the sign-in only). */
@Catch(SsoRefusal)
export class SsoRefusalFilter implements ExceptionFilter {
  catch(refusal: SsoRefusal, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, html } = refusalPage(refusal.reason, '/login');
    void reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  }
}
