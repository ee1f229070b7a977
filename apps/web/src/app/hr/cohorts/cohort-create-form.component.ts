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
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { fiscalYearEnd, isIsoDate } from '@dx/domain';
import { currentFiscalYear, formatFiscalYear } from '../../shared/dates';
import type { Problem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { hrFiscalYears } from '../hr-inputs';

const COHORT_CODE = /^[A-Za-z0-9-]{1,40}$/;

/** A cohort the form checked, ready to be sent. */
export interface CohortDraft {
  readonly code: string;
  readonly name: string;
  readonly fiscalYear: number;
  readonly dueDate?: string;
}

/** 「養成期を作成する」: checks the code and name, then hands the cohort to the page, which sends it. */
@Component({
  selector: 'dx-cohort-create-form',
  imports: [ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .form-fields {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0 1.25rem;
    }
  `,
  template: `
    <h2 id="create-heading">養成期を作成する</h2>
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (feedback(); as text) {
        <p class="alert alert-success">{{ text }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>
    <form [formGroup]="form" (submit)="submit($event)" novalidate>
      <div class="form-fields">
        <div class="field">
          <label for="cohort-code">コード</label>
          <input
            id="cohort-code"
            type="text"
            autocomplete="off"
            spellcheck="false"
            required
            maxlength="40"
            formControlName="code"
            [attr.aria-invalid]="errors()['code'] ? true : null"
            [attr.aria-describedby]="'cohort-code-hint' + (errors()['code'] ? ' cohort-code-error' : '')"
          />
          <p id="cohort-code-hint" class="hint">英数字とハイフン、40文字以内。例：SP-2026</p>
          @if (errors()['code']; as error) {
            <p id="cohort-code-error" class="field-error">{{ error }}</p>
          }
        </div>
        <div class="field field-grow">
          <label for="cohort-name">名称</label>
          <input
            id="cohort-name"
            type="text"
            autocomplete="off"
            required
            maxlength="200"
            formControlName="name"
            [attr.aria-invalid]="errors()['name'] ? true : null"
            [attr.aria-describedby]="'cohort-name-hint' + (errors()['name'] ? ' cohort-name-error' : '')"
          />
          <p id="cohort-name-hint" class="hint">例：令和8年度 DX推進スペシャリスト養成</p>
          @if (errors()['name']; as error) {
            <p id="cohort-name-error" class="field-error">{{ error }}</p>
          }
        </div>
      </div>
      <div class="form-fields">
        <div class="field">
          <label for="cohort-year">年度</label>
          <select id="cohort-year" (change)="chooseYear($event)">
            @for (year of years; track year) {
              <option [value]="year" [selected]="year === form.controls.fiscalYear.value">
                {{ yearLabel(year) }}
              </option>
            }
          </select>
        </div>
        <div class="field">
          <label for="cohort-due">修了期限</label>
          <input id="cohort-due" type="date" formControlName="dueDate" aria-describedby="cohort-due-hint" />
          <p id="cohort-due-hint" class="hint">任意。例：{{ dueExample() }}</p>
        </div>
      </div>
      <button type="submit" class="button button-primary" [disabled]="busy()">作成する</button>
    </form>
  `,
})
export class CohortCreateFormComponent {
  private readonly injector = inject(Injector);

  readonly busy = input(false);
  /** What the last creation did. */
  readonly feedback = input<string | null>(null);
  readonly problem = input<Problem | null>(null);
  /** A checked cohort to send. */
  readonly create = output<CohortDraft>();

  protected readonly years = hrFiscalYears();
  protected readonly yearLabel = formatFiscalYear;

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: '',
    name: '',
    fiscalYear: currentFiscalYear(),
    dueDate: '',
  });
  protected readonly errors = signal<Record<string, string>>({});

  protected dueExample(): string {
    return fiscalYearEnd(this.form.controls.fiscalYear.value).replace(/-/g, '/');
  }

  protected chooseYear(event: Event): void {
    this.form.controls.fiscalYear.setValue(+(event.target as HTMLSelectElement).value);
  }

  /** Empties the code, name and due date after the cohort was created; the year stays. */
  reset(): void {
    this.form.patchValue({ code: '', name: '', dueDate: '' });
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    const { fiscalYear, dueDate } = this.form.getRawValue();
    const code = this.form.controls.code.value.trim();
    const name = this.form.controls.name.value.trim();
    const errors: Record<string, string> = {};
    if (!COHORT_CODE.test(code))
      errors['code'] = 'コードは英数字とハイフンで、40文字以内で入力してください。';
    if (!name) errors['name'] = '名称を入力してください。';
    this.errors.set(errors);
    if (errors['code']) return this.focus('cohort-code');
    if (errors['name']) return this.focus('cohort-name');
    this.create.emit(isIsoDate(dueDate) ? { code, name, fiscalYear, dueDate } : { code, name, fiscalYear });
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
