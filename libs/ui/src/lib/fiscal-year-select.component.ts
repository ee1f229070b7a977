import { ChangeDetectionStrategy, Component, forwardRef, input, signal } from '@angular/core';
import { type ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import { formatFiscalYear } from '@dx/domain';

/**
 * A labelled 年度 picker (「令和8年度（2026年度）」), the current year first as the list gives it. A form control
 * (formControlName / formControl) whose value is the fiscal year as a number.
 */
@Component({
  selector: 'dx-fiscal-year-select',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => FiscalYearSelectComponent), multi: true },
  ],
  template: `
    <div class="field field-inline">
      <label [for]="inputId()">{{ label() }}</label>
      <select [id]="inputId()" [disabled]="disabled()" (change)="choose($event)" (blur)="onTouched()">
        @for (year of years(); track year) {
          <option [value]="year" [selected]="year === value()">{{ yearLabel(year) }}</option>
        }
      </select>
    </div>
  `,
})
export class FiscalYearSelectComponent implements ControlValueAccessor {
  /** The id of the <select> (the label points at it). */
  readonly inputId = input.required<string>();
  readonly years = input.required<readonly number[]>();
  readonly label = input('年度');

  protected readonly value = signal<number | null>(null);
  protected readonly disabled = signal(false);
  protected onTouched: () => void = () => undefined;
  private onChange: (year: number) => void = () => undefined;

  protected yearLabel(year: number): string {
    return formatFiscalYear(year, { withWestern: true });
  }

  protected choose(event: Event): void {
    const year = Number((event.target as HTMLSelectElement).value);
    this.value.set(year);
    this.onChange(year);
  }

  writeValue(year: number | null): void {
    this.value.set(year);
  }

  registerOnChange(fn: (year: number) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }
}
