import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/** A friendly page for "no permission" and "not found" (routes pass kind through route data). */
@Component({
  selector: 'dx-status-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (kind() === 'forbidden') {
      <h1>権限がありません</h1>
      <p>
        このページを表示する権限がありません。必要な場合は、人事担当またはシステム管理者にお問い合わせください。
      </p>
    } @else {
      <h1>ページが見つかりません</h1>
      <p>お探しのページは見つかりませんでした。アドレスが正しいか確認してください。</p>
    }
    <p><a routerLink="/">ホームへ戻る</a></p>
  `,
})
export class StatusPageComponent {
  /** Bound from route data by withComponentInputBinding(). */
  readonly kind = input<'forbidden' | 'not-found'>('not-found');
}
