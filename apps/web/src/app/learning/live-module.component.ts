import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ModuleView } from '@dx/contract';
import { formatJapanesePeriod } from '../shared/dates';

/** A live session (集合研修・オンライン研修): when and where; attendance is recorded by the organisers. */
@Component({
  selector: 'dx-live-module',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (module().live; as live) {
      <dl class="summary-list">
        <div>
          <dt>形式</dt>
          <dd>{{ formatLabels[live.format] ?? live.format }}</dd>
        </div>
        <div>
          <dt>日時</dt>
          <dd>{{ period(live.startsAt, live.endsAt) }}</dd>
        </div>
        @if (live.place) {
          <div>
            <dt>会場</dt>
            <dd>{{ live.place }}</dd>
          </div>
        }
        @if (live.meetingUrl) {
          <div>
            <dt>オンライン会議</dt>
            <dd>
              <a [href]="live.meetingUrl" target="_blank" rel="noopener noreferrer"
                >オンライン会議に参加する（新しいタブ）</a
              >
            </dd>
          </div>
        }
        <div>
          <dt>定員</dt>
          <dd>{{ live.capacity }}名</dd>
        </div>
      </dl>
      <p class="notice">出席は研修担当が記録します。</p>
    }
  `,
})
export class LiveModuleComponent {
  readonly module = input.required<ModuleView>();
  protected readonly period = formatJapanesePeriod;
  /** Formats sent as codes get their Japanese name; Japanese names pass through unchanged. */
  protected readonly formatLabels: Record<string, string> = {
    in_person: '集合研修',
    onsite: '集合研修',
    online: 'オンライン',
    hybrid: 'ハイブリッド',
  };
}
