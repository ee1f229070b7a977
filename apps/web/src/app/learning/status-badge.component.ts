import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EnrollmentStatusName } from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS } from '@dx/domain';

/** An assignment's status as text in a coloured frame (the text alone carries the meaning). */
@Component({
  selector: 'dx-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="status-badge" [attr.data-status]="status()">{{ label() }}</span>`,
})
export class StatusBadgeComponent {
  readonly status = input.required<EnrollmentStatusName>();
  protected readonly label = computed(() => ENROLLMENT_STATUS_LABELS[this.status()] ?? this.status());
}
