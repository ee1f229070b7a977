import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  inject,
  output,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { PERSONAL_DATA_READ_ACTIONS } from '@dx/contract';
import { AUDIT_ACTION_LABELS, auditActionLabel, normalizeEmployeeNo } from '@dx/domain';
import type { AuditLogFilters } from './audit-log.api';

interface ActionOption {
  code: string;
  label: string;
}

const READ_ACTIONS = new Set<string>(PERSONAL_DATA_READ_ACTIONS);
/** Reads of personal data first (what this page is mostly for), then every other recorded operation. */
const READ_OPTIONS: ActionOption[] = PERSONAL_DATA_READ_ACTIONS.map((code) => ({
  code,
  label: auditActionLabel(code),
}));
const OTHER_OPTIONS: ActionOption[] = Object.entries(AUDIT_ACTION_LABELS)
  .filter(([code]) => !READ_ACTIONS.has(code))
  .map(([code, label]) => ({ code, label }));

/** 監査ログの検索条件: checks the 職員番号 and the date range, then hands the filters to the page. */
@Component({
  selector: 'dx-audit-log-filters',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .audit-filters {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
      gap: 0 1.5rem;
    }
    /* Long action names must not widen the form past the card (no sideways scroll of the page). */
    .audit-filters .field {
      min-width: 0;
    }
    .audit-filters input,
    .audit-filters select {
      width: 100%;
      max-width: 100%;
      box-sizing: border-box;
    }
  `,
  template: `
    <form
      class="card"
      role="search"
      aria-labelledby="audit-filter-heading"
      [formGroup]="form"
      (submit)="submit($event)"
      novalidate
    >
      <h2 id="audit-filter-heading">検索条件</h2>
      <div class="audit-filters">
        <div class="field">
          <label for="audit-actor">操作者のログインID</label>
          <input id="audit-actor" type="text" autocomplete="off" formControlName="actor" />
        </div>
        <div class="field">
          <label for="audit-person">対象者の職員番号</label>
          <input
            id="audit-person"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            formControlName="person"
            [attr.aria-invalid]="personError() !== null"
            [attr.aria-describedby]="personError() ? 'audit-person-error' : null"
          />
          @if (personError(); as error) {
            <p id="audit-person-error" class="field-error">{{ error }}</p>
          }
        </div>
        <div class="field">
          <label for="audit-from">開始日</label>
          <input id="audit-from" type="date" formControlName="from" />
        </div>
        <div class="field">
          <label for="audit-to">終了日</label>
          <input
            id="audit-to"
            type="date"
            formControlName="to"
            [attr.aria-invalid]="rangeError() !== null"
            [attr.aria-describedby]="rangeError() ? 'audit-to-error' : null"
          />
          @if (rangeError(); as error) {
            <p id="audit-to-error" class="field-error">{{ error }}</p>
          }
        </div>
        <div class="field">
          <label for="audit-action">操作</label>
          <select id="audit-action" formControlName="action">
            <option value="">すべての操作</option>
            <optgroup label="個人情報の閲覧・出力">
              @for (option of readOptions; track option.code) {
                <option [value]="option.code">
                  {{ option.label }}
                </option>
              }
            </optgroup>
            <optgroup label="その他の操作">
              @for (option of otherOptions; track option.code) {
                <option [value]="option.code">
                  {{ option.label }}
                </option>
              }
            </optgroup>
          </select>
        </div>
      </div>
      <p class="hint">日付は日本時間です。開始日・終了日の当日を含みます。</p>
      <div class="button-row">
        <button type="submit" class="button button-primary">検索</button>
        <button type="button" class="button" (click)="clear()">条件をクリア</button>
      </div>
    </form>
  `,
})
export class AuditLogFiltersComponent {
  private readonly injector = inject(Injector);

  /** Checked filters to search with. */
  readonly apply = output<AuditLogFilters>();
  /** The form was emptied: every record again. */
  readonly cleared = output<void>();

  protected readonly readOptions = READ_OPTIONS;
  protected readonly otherOptions = OTHER_OPTIONS;

  protected readonly form = inject(NonNullableFormBuilder).group({
    actor: '',
    person: '',
    from: '',
    to: '',
    action: '',
  });
  protected readonly personError = signal<string | null>(null);
  protected readonly rangeError = signal<string | null>(null);

  protected submit(event: Event): void {
    event.preventDefault();
    const { actor, from, to, action } = this.form.getRawValue();
    const person = this.form.controls.person.value.trim();
    const employeeNo = person ? normalizeEmployeeNo(person) : '';
    this.personError.set(employeeNo === null ? '職員番号は数字で入力してください。' : null);
    this.rangeError.set(
      from && to && from > to ? '終了日は開始日と同じか、それより後の日付にしてください。' : null,
    );
    if (this.personError()) return this.focus('audit-person');
    if (this.rangeError()) return this.focus('audit-to');
    this.apply.emit({ actor: actor.trim(), person: employeeNo ?? '', from, to, action });
  }

  protected clear(): void {
    this.form.reset();
    this.personError.set(null);
    this.rangeError.set(null);
    this.cleared.emit();
    this.focus('audit-actor');
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
