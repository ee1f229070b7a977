import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { EnrollmentSummary } from '@dx/contract';

const UNFINISHED = new Set(['not_started', 'in_progress', 'overdue', 'renewal_overdue']);

/** HR's action in one row: lift an exemption, or open the form that exempts an unfinished course. */
@Component({
  selector: 'dx-staff-enrollment-actions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (item().status === 'exempt') {
      <button type="button" class="button" [id]="actionId()" [disabled]="busy()" (click)="lift.emit()">
        免除を取り消す<span class="visually-hidden">（{{ item().courseTitle }}）</span>
      </button>
    } @else if (unfinished()) {
      <button
        type="button"
        class="button"
        [id]="actionId()"
        [disabled]="busy()"
        [attr.aria-expanded]="expanded()"
        [attr.aria-controls]="expanded() ? formId() : null"
        (click)="exemption.emit()"
      >
        免除<span class="visually-hidden">（{{ item().courseTitle }}）</span>
      </button>
    }
  `,
})
export class StaffEnrollmentActionsComponent {
  readonly item = input.required<EnrollmentSummary>();
  /** The button's id (focus returns to it after a change). */
  readonly actionId = input.required<string>();
  /** The id of the row's exemption form, and whether it is open. */
  readonly formId = input.required<string>();
  readonly expanded = input(false);
  readonly busy = input(false);
  readonly lift = output<void>();
  /** Opens (or closes) the exemption form. */
  readonly exemption = output<void>();

  protected readonly unfinished = computed(() => UNFINISHED.has(this.item().status));
}
