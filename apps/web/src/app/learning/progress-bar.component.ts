import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { progressPercent } from './enrollment-status';

/** A progress bar that screen readers read (role=progressbar) with the percentage also written beside it. */
@Component({
  selector: 'dx-progress-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-valuemin="0"
        aria-valuemax="100"
        [attr.aria-valuenow]="percent()"
        [attr.aria-valuetext]="percent() + '%'"
        [attr.aria-label]="label()"
      >
        <div class="progress-fill" [style.width.%]="percent()"></div>
      </div>
      <span class="progress-text" aria-hidden="true">{{ percent() }}%</span>
    </div>
  `,
})
export class ProgressBarComponent {
  /** From 0 to 1, as the API sends it. */
  readonly value = input.required<number>();
  readonly label = input('進捗');
  protected readonly percent = computed(() => progressPercent(this.value()));
}
