import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { CourseRecurrence, RecurrenceKind, RenewalWindowKind } from '@dx/contract';
import { recurrenceProblem } from '@dx/domain';

/** The recurrence form's controls: every kind's fields at once, read by kind (`toRecurrence`). */
type RecurrenceForm = FormGroup<{
  kind: FormControl<RecurrenceKind>;
  years: FormControl<number>;
  windowKind: FormControl<RenewalWindowKind>;
  months: FormControl<number>;
  month: FormControl<number>;
  day: FormControl<number>;
}>;

export const RECURRENCE_KIND_LABELS: Record<RecurrenceKind, string> = {
  none: '更新なし（1回修了すればよい）',
  every_fiscal_year: '毎年度受講（例：情報セキュリティ研修）',
  every_n_years: '数年度ごとに受講',
  valid_for_years: '修了から一定年数有効（期限前に更新）',
};

/** The stored shape of what the form holds: only the fields of its kind. */
export function toRecurrence(v: RecurrenceForm['value']): CourseRecurrence {
  switch (v.kind) {
    case 'every_fiscal_year':
      return { kind: 'every_fiscal_year' };
    case 'every_n_years':
      return { kind: 'every_n_years', years: v.years ?? 1 };
    case 'valid_for_years':
      return {
        kind: 'valid_for_years',
        years: v.years ?? 1,
        window:
          v.windowKind === 'months_before_expiry'
            ? { kind: 'months_before_expiry', months: v.months ?? 1 }
            : { kind: 'date_before_expiry', month: v.month ?? 1, day: v.day ?? 1 },
      };
    default:
      return { kind: 'none' };
  }
}

/**
 * 更新（再受講）: whether and how a course recurs, a part of the course editor's 基本情報 (a typed reactive form).
 * It emits the recurrence as the API stores it whenever a field changes, and shows the domain's reason when the
 * combination is not acceptable.
 */
@Component({
  selector: 'dx-course-recurrence-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <fieldset class="field" [formGroup]="form">
      <legend>更新（再受講）</legend>
      <div class="field">
        <label [for]="idPrefix() + '-recurrence'">更新の要否</label>
        <select [id]="idPrefix() + '-recurrence'" formControlName="kind">
          @for (kind of kinds; track kind) {
            <option [value]="kind">{{ labels[kind] }}</option>
          }
        </select>
      </div>
      @if (kind() === 'every_n_years' || kind() === 'valid_for_years') {
        <div class="field field-inline">
          <label [for]="idPrefix() + '-recurrence-years'">
            {{ kind() === 'every_n_years' ? '何年度ごと' : '有効期間（年）' }}
          </label>
          <input
            [id]="idPrefix() + '-recurrence-years'"
            type="number"
            min="1"
            max="10"
            formControlName="years"
          />
        </div>
      }
      @if (kind() === 'valid_for_years') {
        <div class="field">
          <label [for]="idPrefix() + '-window'">更新期間の始まり</label>
          <select [id]="idPrefix() + '-window'" formControlName="windowKind">
            <option value="date_before_expiry">有効期限の前の決まった日から</option>
            <option value="months_before_expiry">有効期限の何か月前から</option>
          </select>
        </div>
        @if (windowKind() === 'months_before_expiry') {
          <div class="field field-inline">
            <label [for]="idPrefix() + '-window-months'">有効期限の何か月前から</label>
            <input [id]="idPrefix() + '-window-months'" type="number" min="1" formControlName="months" />
          </div>
        } @else {
          <div class="field field-inline">
            <label [for]="idPrefix() + '-window-month'">開始月</label>
            <input
              [id]="idPrefix() + '-window-month'"
              type="number"
              min="1"
              max="12"
              formControlName="month"
            />
            <label [for]="idPrefix() + '-window-day'">開始日</label>
            <input [id]="idPrefix() + '-window-day'" type="number" min="1" max="31" formControlName="day" />
          </div>
        }
      }
      <p [id]="idPrefix() + '-recurrence-hint'" class="hint" [attr.role]="problem() ? 'alert' : null">
        {{ problem() ?? hint() }}
      </p>
    </fieldset>
  `,
})
export class CourseRecurrenceFieldsComponent {
  /** Prefix of the controls' ids, unique on the page. */
  readonly idPrefix = input.required<string>();
  readonly value = input.required<CourseRecurrence>();
  readonly changed = output<CourseRecurrence>();

  protected readonly kinds = Object.keys(RECURRENCE_KIND_LABELS) as RecurrenceKind[];
  protected readonly labels = RECURRENCE_KIND_LABELS;

  protected readonly form: RecurrenceForm = new FormGroup({
    kind: new FormControl<RecurrenceKind>('none', { nonNullable: true }),
    years: new FormControl(3, { nonNullable: true }),
    windowKind: new FormControl<RenewalWindowKind>('date_before_expiry', { nonNullable: true }),
    months: new FormControl(3, { nonNullable: true }),
    month: new FormControl(1, { nonNullable: true }),
    day: new FormControl(1, { nonNullable: true }),
  });

  /** The form's value, also when the course's stored recurrence was written into it without an event. */
  private readonly formValue = signal(this.form.getRawValue());
  protected readonly kind = computed(() => this.formValue().kind);
  protected readonly windowKind = computed(() => this.formValue().windowKind);
  protected readonly problem = computed(() => recurrenceProblem(toRecurrence(this.formValue())));
  protected readonly hint = computed(() => {
    switch (this.kind()) {
      case 'every_fiscal_year':
        return '修了した年度の翌年度に、4月1日から3月31日までの更新が割り当てられます。';
      case 'every_n_years':
        return '修了した年度から指定の年度数後に、その年度の3月31日までの更新が割り当てられます。';
      case 'valid_for_years':
        return '修了日から指定の年数有効です。更新期間が始まる年度に、有効期限を期限とする更新が割り当てられます。';
      default:
        return '更新は割り当てられません。';
    }
  });

  constructor() {
    // The course's stored recurrence fills the form (without echoing it back as a change).
    effect(() => {
      const r = this.value();
      this.form.setValue(
        {
          kind: r.kind,
          years: r.kind === 'every_n_years' || r.kind === 'valid_for_years' ? r.years : 3,
          windowKind: r.kind === 'valid_for_years' ? r.window.kind : 'date_before_expiry',
          months:
            r.kind === 'valid_for_years' && r.window.kind === 'months_before_expiry' ? r.window.months : 3,
          month: r.kind === 'valid_for_years' && r.window.kind === 'date_before_expiry' ? r.window.month : 1,
          day: r.kind === 'valid_for_years' && r.window.kind === 'date_before_expiry' ? r.window.day : 1,
        },
        { emitEvent: false },
      );
      this.formValue.set(this.form.getRawValue());
    });
    this.form.valueChanges.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      this.formValue.set(this.form.getRawValue());
      this.changed.emit(toRecurrence(this.form.getRawValue()));
    });
  }
}
