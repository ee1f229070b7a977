import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ModuleView } from '@dx/contract';

/** A course at an outside provider: opening it is not completion; the provider's data is imported later. */
@Component({
  selector: 'dx-external-module',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (module().external; as ext) {
      <dl class="summary-list">
        <div>
          <dt>提供元</dt>
          <dd>{{ ext.provider === 'udemy_business' ? 'Udemy Business' : 'その他' }}</dd>
        </div>
        @if (ext.courseId) {
          <div>
            <dt>講座ID</dt>
            <dd>{{ ext.courseId }}</dd>
          </div>
        }
      </dl>
      @if (ext.note) {
        <p class="pre-line">{{ ext.note }}</p>
      }
      <p>
        <a class="button button-primary" [href]="ext.url" target="_blank" rel="noopener noreferrer"
          >外部の講座を開く（新しいタブ）</a
        >
      </p>
      <p class="notice">修了は受講データの取込で反映されます。講座を開いただけでは完了になりません。</p>
    }
  `,
})
export class ExternalModuleComponent {
  readonly module = input.required<ModuleView>();
}
