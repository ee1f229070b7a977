import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { fiscalYearEnd, isIsoDate } from '@dx/domain';
import { formatFiscalYear } from '../shared/dates';
import type { Problem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';

export interface AssignRequest {
  courseCode: string;
  dueDate: string;
}

/**
 * HR's form that assigns a course by hand for the shown year (a typed reactive form). The parent sends it and shows
 * what came of it here; after a success it calls clearCourse().
 */
@Component({
  selector: 'dx-staff-assign-form',
  imports: [ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './staff-assign-form.component.css',
  template: `
    <form
      class="assign-form"
      aria-labelledby="assign-heading"
      [formGroup]="form"
      (submit)="submit($event)"
      novalidate
    >
      <h4 id="assign-heading">研修を割り当てる</h4>
      <p class="hint">{{ yearLabel(fiscalYear()) }}の研修として割り当てます。</p>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (message(); as text) {
          <p class="alert alert-success">{{ text }}</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
      </div>
      <div class="form-fields">
        <div class="field">
          <label for="assign-course">研修コード</label>
          <input
            id="assign-course"
            type="text"
            autocomplete="off"
            spellcheck="false"
            formControlName="courseCode"
            required
            [attr.aria-invalid]="courseCodeError() !== null"
            [attr.aria-describedby]="'assign-course-hint' + (courseCodeError() ? ' assign-course-error' : '')"
          />
          <p id="assign-course-hint" class="hint">例：WORKPLACE-DX</p>
          @if (courseCodeError(); as error) {
            <p id="assign-course-error" class="field-error">{{ error }}</p>
          }
        </div>
        <div class="field">
          <label for="assign-due">期限</label>
          <input
            id="assign-due"
            type="date"
            required
            formControlName="dueDate"
            [attr.aria-invalid]="dueDateError() !== null"
            [attr.aria-describedby]="dueDateError() ? 'assign-due-error' : null"
          />
          @if (dueDateError(); as error) {
            <p id="assign-due-error" class="field-error">{{ error }}</p>
          }
        </div>
      </div>
      <button type="submit" class="button button-primary" [disabled]="busy()">割り当てる</button>
    </form>
  `,
})
export class StaffAssignFormComponent {
  private readonly injector = inject(Injector);

  readonly fiscalYear = input.required<number>();
  readonly busy = input(false);
  readonly message = input<string | null>(null);
  readonly problem = input<Problem | null>(null);
  readonly submitted = output<AssignRequest>();

  protected readonly yearLabel = formatFiscalYear;
  protected readonly form = new FormGroup({
    courseCode: new FormControl('', { nonNullable: true }),
    /** 31 March of the shown year unless HR chose another day. */
    dueDate: new FormControl('', { nonNullable: true }),
  });
  protected readonly courseCodeError = signal<string | null>(null);
  protected readonly dueDateError = signal<string | null>(null);

  constructor() {
    effect(() => this.form.controls.dueDate.setValue(fiscalYearEnd(this.fiscalYear())));
    const { courseCode, dueDate } = this.form.controls;
    courseCode.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => {
      if (value.trim()) this.courseCodeError.set(null);
    });
    dueDate.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => {
      if (isIsoDate(value)) this.dueDateError.set(null);
    });
  }

  /** After a successful assignment: the next course starts from an empty code. */
  clearCourse(): void {
    this.form.controls.courseCode.setValue('');
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    const courseCode = this.form.controls.courseCode.value.trim();
    const dueDate = this.form.controls.dueDate.value;
    this.courseCodeError.set(courseCode ? null : '研修コードを入力してください。');
    this.dueDateError.set(isIsoDate(dueDate) ? null : '期限を年・月・日まで入力してください。');
    if (!courseCode || !isIsoDate(dueDate)) {
      const id = courseCode ? 'assign-due' : 'assign-course';
      afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
      return;
    }
    this.submitted.emit({ courseCode, dueDate });
  }
}
