import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CERTIFICATION_STATUS_LABELS, type SpecialistCertificationStatus } from '@dx/contract';

/** A certification's state as a text badge (the word carries the meaning; the colour only repeats it). */
@Component({
  selector: 'dx-certification-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="status-badge" [attr.data-status]="tone()">{{ label() }}</span>`,
})
export class CertificationStatusComponent {
  readonly status = input.required<SpecialistCertificationStatus>();
  protected readonly label = computed(() => CERTIFICATION_STATUS_LABELS[this.status()]);
  /** Reuses the enrolment badge colours: valid → completed (green), revoked/expired → overdue (red). */
  protected readonly tone = computed(() =>
    this.status() === 'valid' ? 'completed' : this.status() === 'not_yet_valid' ? 'not_started' : 'overdue',
  );
}
