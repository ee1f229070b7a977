import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { EMPLOYMENT_TYPES, type EmploymentType } from '@dx/contract';
import { DUE_KINDS, DUE_LABELS, TRIGGER_KINDS, TRIGGER_LABELS, describeRule } from './content-labels';
import { type RuleRow, toRuleInput } from './rule-row';

/** One rule of 割当ルール: its trigger, the employment types it covers, its due date and whether it is active. */
@Component({
  selector: 'dx-rule-card',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: contents;
    }
    .rule-card legend {
      font-weight: bold;
    }
    .rule-grid {
      display: flex;
      flex-wrap: wrap;
      gap: 0 1.5rem;
    }
  `,
  template: `
    <fieldset class="card rule-card" [id]="'rule-' + row().key" tabindex="-1">
      <legend>ルール{{ index() + 1 }}</legend>
      <p class="hint">{{ summary() }}</p>
      <div class="rule-grid">
        <div class="field">
          <label [for]="'rule-trigger-' + row().key">割当のきっかけ</label>
          <select
            [id]="'rule-trigger-' + row().key"
            [formControl]="row().group.controls.triggerKind"
            [attr.aria-invalid]="has('trigger.kind')"
          >
            @for (kind of triggerKinds; track kind) {
              <option [value]="kind">
                {{ triggerLabels[kind] }}
              </option>
            }
          </select>
        </div>
        @if (triggerKind() === 'reached_level_in_fiscal_year') {
          <div class="field">
            <label [for]="'rule-level-' + row().key">職位のレベル</label>
            <input
              [id]="'rule-level-' + row().key"
              type="number"
              min="1"
              max="20"
              [formControl]="row().group.controls.level"
              [attr.aria-invalid]="has('trigger.level')"
              [attr.aria-describedby]="'rule-level-hint-' + row().key"
            />
            <p [id]="'rule-level-hint-' + row().key" class="hint">例：主事・技師は1、課長・室長は5</p>
          </div>
        }
        @if (triggerKind() === 'position_levels') {
          <div class="field">
            <label [for]="'rule-levels-' + row().key">職位のレベル（複数可）</label>
            <input
              [id]="'rule-levels-' + row().key"
              type="text"
              inputmode="numeric"
              [formControl]="row().group.controls.levels"
              [attr.aria-invalid]="has('trigger.levels')"
              [attr.aria-describedby]="'rule-levels-hint-' + row().key"
            />
            <p [id]="'rule-levels-hint-' + row().key" class="hint">
              カンマで区切って入力します（例：5, 6, 7）。
            </p>
          </div>
        }
        @if (triggerKind() === 'cohort_member') {
          <div class="field">
            <label [for]="'rule-cohort-' + row().key">養成期のコード（任意）</label>
            <input
              [id]="'rule-cohort-' + row().key"
              type="text"
              [formControl]="row().group.controls.cohortCode"
              [attr.aria-describedby]="'rule-cohort-hint-' + row().key"
            />
            <p [id]="'rule-cohort-hint-' + row().key" class="hint">
              空欄にすると、その年度のすべての養成期が対象です。
            </p>
          </div>
        }
      </div>

      <fieldset class="field">
        <legend>対象の雇用区分</legend>
        <p class="hint">どれも選ばない場合は、すべての雇用区分が対象です。</p>
        <div class="radio-group">
          @for (type of employmentTypes; track type) {
            <label class="checkbox">
              <input
                type="checkbox"
                [checked]="row().group.controls.employmentTypes.value.includes(type)"
                (change)="toggleType(type, $event)"
              />
              {{ type }}
            </label>
          }
        </div>
      </fieldset>

      <div class="rule-grid">
        <div class="field">
          <label [for]="'rule-due-' + row().key">期限の決め方</label>
          <select [id]="'rule-due-' + row().key" [formControl]="row().group.controls.dueKind">
            @for (kind of dueKinds; track kind) {
              <option [value]="kind">{{ dueLabels[kind] }}</option>
            }
          </select>
        </div>
        @if (dueKind() === 'days_after_trigger') {
          <div class="field">
            <label [for]="'rule-days-' + row().key">日数（きっかけの日から）</label>
            <input
              [id]="'rule-days-' + row().key"
              type="number"
              min="1"
              max="730"
              [formControl]="row().group.controls.days"
              [attr.aria-invalid]="has('due.days')"
            />
          </div>
        }
        @if (dueKind() === 'fixed_date') {
          <div class="field">
            <label [for]="'rule-month-' + row().key">期限の月</label>
            <input
              [id]="'rule-month-' + row().key"
              type="number"
              min="1"
              max="12"
              [formControl]="row().group.controls.month"
              [attr.aria-invalid]="has('due.month')"
            />
          </div>
          <div class="field">
            <label [for]="'rule-day-' + row().key">期限の日</label>
            <input
              [id]="'rule-day-' + row().key"
              type="number"
              min="1"
              max="31"
              [formControl]="row().group.controls.day"
              [attr.aria-invalid]="has('due.day')"
              [attr.aria-describedby]="'rule-day-hint-' + row().key"
            />
            <p [id]="'rule-day-hint-' + row().key" class="hint">
              年度内の日付です（3月31日はその年度の3月31日）。
            </p>
          </div>
        }
      </div>

      <div class="field">
        <label class="checkbox">
          <input
            type="checkbox"
            [formControl]="row().group.controls.active"
            [attr.aria-invalid]="has('active')"
          />
          このルールを有効にする
        </label>
      </div>

      @if (rowErrors().length > 0) {
        <ul class="field-error">
          @for (message of rowErrors(); track $index) {
            <li>{{ message }}</li>
          }
        </ul>
      }
      <button type="button" class="button" (click)="removed.emit()">
        このルールを削除<span class="visually-hidden">（ルール{{ index() + 1 }}）</span>
      </button>
    </fieldset>
  `,
})
export class RuleCardComponent {
  readonly row = input.required<RuleRow>();
  /** The rule's place in the list (0-based): its legend, and the path of the API's messages about it. */
  readonly index = input.required<number>();
  /** The API's messages by field ('rules.0.due.days'). */
  readonly errors = input.required<ReadonlyMap<string, string[]>>();
  readonly removed = output<void>();

  protected readonly triggerKinds = TRIGGER_KINDS;
  protected readonly triggerLabels = TRIGGER_LABELS;
  protected readonly dueKinds = DUE_KINDS;
  protected readonly dueLabels = DUE_LABELS;
  protected readonly employmentTypes = EMPLOYMENT_TYPES;

  /** Read on each change detection: an edit in this card runs one for it. */
  protected summary(): string {
    return describeRule(toRuleInput(this.row()));
  }

  protected triggerKind(): string {
    return this.row().group.controls.triggerKind.value;
  }

  protected dueKind(): string {
    return this.row().group.controls.dueKind.value;
  }
  protected readonly rowErrors = computed(() => {
    const prefix = `rules.${this.index()}.`;
    return [...this.errors()]
      .filter(([field]) => field.startsWith(prefix))
      .flatMap(([, messages]) => messages);
  });

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected has(field: string): boolean {
    return this.errors().has(`rules.${this.index()}.${field}`);
  }

  protected toggleType(type: EmploymentType, event: Event): void {
    const on = this.checked(event);
    const control = this.row().group.controls.employmentTypes;
    control.setValue(EMPLOYMENT_TYPES.filter((t) => (t === type ? on : control.value.includes(t))));
  }
}
