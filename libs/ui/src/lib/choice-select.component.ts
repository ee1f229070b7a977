import { ChangeDetectionStrategy, Component, forwardRef, input, signal } from '@angular/core';
import { type ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';

/** One choice of a ChoiceSelectComponent: the value the form holds and the text the person reads. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/**
 * A labelled filter list whose first choice means "no filter" (「すべて」, value ''), then the given choices. A form
 * control (formControlName / formControl) whose value is the chosen choice's value.
 */
@Component({
  selector: 'dx-choice-select',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => ChoiceSelectComponent), multi: true },
  ],
  styles: `
    :host {
      display: contents;
    }
  `,
  template: `
    <div class="field">
      <label [for]="inputId()">{{ label() }}</label>
      <select [id]="inputId()" [disabled]="disabled()" (change)="choose($event)" (blur)="onTouched()">
        <option value="" [selected]="value() === ''">{{ allLabel() }}</option>
        @for (choice of choices(); track choice.value) {
          <option [value]="choice.value" [selected]="choice.value === value()">{{ choice.label }}</option>
        }
      </select>
    </div>
  `,
})
export class ChoiceSelectComponent implements ControlValueAccessor {
  /** The id of the <select> (the label points at it). */
  readonly inputId = input.required<string>();
  readonly label = input.required<string>();
  readonly choices = input.required<readonly Choice[]>();
  /** The first choice, which filters nothing. */
  readonly allLabel = input('すべて');

  protected readonly value = signal('');
  protected readonly disabled = signal(false);
  protected onTouched: () => void = () => undefined;
  private onChange: (value: string) => void = () => undefined;

  protected choose(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.value.set(value);
    this.onChange(value);
  }

  writeValue(value: string | null): void {
    this.value.set(value ?? '');
  }

  registerOnChange(fn: (value: string) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }
}
