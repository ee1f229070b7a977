import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { NotificationDeliveryView } from '@dx/contract';
import { formatJapaneseDateTime } from '../shared/dates';

const KINDS: Record<string, string> = { reminder: '督促', digest: '週次の期限超過まとめ' };

/** The notices that could not be delivered after every try (newest first), so none is lost silently. */
@Component({
  selector: 'dx-failed-deliveries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (deliveries().length === 0) {
      <p>送信に失敗した通知はありません。</p>
    } @else {
      <table class="table">
        <caption>
          送信に失敗した通知（新しい順・最大100件）
        </caption>
        <thead>
          <tr>
            <th scope="col">日時</th>
            <th scope="col">種類</th>
            <th scope="col">送信先</th>
            <th scope="col">試行回数</th>
            <th scope="col">最後のエラー</th>
          </tr>
        </thead>
        <tbody>
          @for (d of deliveries(); track d.id) {
            <tr>
              <td>{{ when(d.updatedAt) }}</td>
              <td>{{ kind(d.kind) }}</td>
              <td>{{ target(d) }}</td>
              <td>{{ d.attempts }}回</td>
              <td>{{ d.lastError ?? '—' }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
})
export class FailedDeliveriesComponent {
  readonly deliveries = input.required<NotificationDeliveryView[]>();

  protected when(value: string): string {
    return formatJapaneseDateTime(value);
  }

  protected kind(kind: string): string {
    return KINDS[kind] ?? kind;
  }

  protected target(d: NotificationDeliveryView): string {
    if (d.channel === 'email') return `メール（${d.target}）`;
    if (d.target.startsWith('slack:unit:')) return `Slack（所属 ${d.target.slice(11)} のチャンネル）`;
    return 'Slack（既定のチャンネル）';
  }
}
