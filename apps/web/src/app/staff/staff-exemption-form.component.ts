import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { EnrollmentSummary } from '@dx/contract';

/** The inline form of one row that exempts the person from the course with a reason (a typed reactive control). */
@Component({
  selector: 'dx-staff-exemption-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .inline-form .field {
      margin-bottom: 0.75rem;
    }
  `,
  template: `
    <form
      class="inline-form"
      [id]="formId()"
      [attr.aria-label]="item().courseTitle + 'の免除'"
      (submit)="submit($event)"
      novalidate
    >
      <div class="field">
        <label [for]="formId() + '-reason'">免除の理由</label>
        <textarea
          [id]="formId() + '-reason'"
          rows="2"
          required
          [formControl]="reason"
          [attr.aria-invalid]="reasonError() !== null"
          [attr.aria-describedby]="formId() + '-hint' + (reasonError() ? ' ' + formId() + '-error' : '')"
        ></textarea>
        <p [id]="formId() + '-hint'" class="hint">例：長期休業のため、他団体で修了済みのため</p>
        @if (reasonError(); as error) {
          <p [id]="formId() + '-error'" class="field-error">{{ error }}</p>
        }
      </div>
      <div class="button-row">
        <button type="submit" class="button button-primary" [disabled]="busy()">免除する</button>
        <button type="button" class="button" (click)="cancelled.emit()">やめる</button>
      </div>
    </form>
  `,
})
export class StaffExemptionFormComponent {
  private readonly injector = inject(Injector);

  readonly item = input.required<EnrollmentSummary>();
  /** The id of the <form>; the reason's field is `${formId}-reason`. */
  readonly formId = input.required<string>();
  readonly busy = input(false);
  /** The trimmed reason, when it is not empty. */
  readonly submitted = output<string>();
  readonly cancelled = output<void>();

  protected readonly reason = new FormControl('', { nonNullable: true });
  protected readonly reasonError = signal<string | null>(null);

  constructor() {
    this.reason.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => {
      if (value.trim()) this.reasonError.set(null);
    });
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    const reason = this.reason.value.trim();
    if (!reason) {
      this.reasonError.set('免除の理由を入力してください。');
      const id = `${this.formId()}-reason`;
      afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
      return;
    }
    this.submitted.emit(reason);
  }
}
