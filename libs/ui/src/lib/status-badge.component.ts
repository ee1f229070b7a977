import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EnrollmentStatusName } from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS } from '@dx/domain';

/**
 * An assignment's status as text in a coloured frame: the text alone carries the meaning, the colour only repeats it
 * (data-status drives it). Every text colour is at least 7:1 on its fill.
 */
@Component({
  selector: 'dx-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .status-badge {
      display: inline-block;
      font-size: 0.875rem;
      font-weight: bold;
      padding: 0 0.6rem;
      border-radius: 999px;
      border: 1px solid #8a94a6;
      background: #f3f5f8;
      color: #333333;
      white-space: nowrap;
    }
    .status-badge[data-status='overdue'] {
      border: 2px solid #b00020;
      background: #fdecee;
      color: #5c0011;
    }
    .status-badge[data-status='renewal_overdue'] {
      border: 2px dashed #b00020;
      background: #fdecee;
      color: #5c0011;
    }
    .status-badge[data-status='in_progress'] {
      border-color: #0055a5;
      background: #e6f0fa;
      color: #002b55;
    }
    .status-badge[data-status='completed'] {
      border-color: #1b5e20;
      background: #e8f5e9;
      color: #0f3d13;
    }
    .status-badge[data-status='exempt'] {
      border-color: #8a6d00;
      background: #fff6d5;
      color: #3d2f00;
    }
  `,
  template: `<span class="status-badge" [attr.data-status]="status()">{{ label() }}</span>`,
})
export class StatusBadgeComponent {
  readonly status = input.required<EnrollmentStatusName>();
  protected readonly label = computed(() => ENROLLMENT_STATUS_LABELS[this.status()] ?? this.status());
}
