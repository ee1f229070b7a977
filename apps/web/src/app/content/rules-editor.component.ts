import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import {
  type DueKind,
  type DueRuleInput,
  EMPLOYMENT_TYPES,
  type EmploymentType,
  type RuleInput,
  type RuleTriggerInput,
  type RuleView,
  type TriggerKind,
} from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { formatFiscalYear } from '../shared/dates';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import {
  DUE_KINDS,
  DUE_LABELS,
  TRIGGER_KINDS,
  TRIGGER_LABELS,
  describeRule,
  errorsByField,
} from './content-labels';
import { ContentApi } from './content.api';

/** One rule as the form holds it: numbers as typed. */
interface RuleRow {
  /** Stable key for the list (rules not yet saved have no id). */
  key: number;
  id?: number;
  triggerKind: TriggerKind;
  level: string;
  levels: string;
  cohortCode: string;
  employmentTypes: EmploymentType[];
  dueKind: DueKind;
  days: string;
  month: string;
  day: string;
  active: boolean;
}

let nextKey = 1;

function toRow(rule: RuleView): RuleRow {
  // Read as the form's flat shape: the fields the kind lacks are simply absent.
  const trigger: RuleTriggerInput = rule.trigger;
  const due: DueRuleInput = rule.due;
  return {
    key: nextKey++,
    id: rule.id,
    triggerKind: trigger.kind,
    level: trigger.level?.toString() ?? '',
    levels: (trigger.levels ?? []).join(', '),
    cohortCode: trigger.cohortCode ?? '',
    employmentTypes: [...rule.employmentTypes],
    dueKind: due.kind,
    days: due.days?.toString() ?? '',
    month: due.month?.toString() ?? '',
    day: due.day?.toString() ?? '',
    active: rule.active,
  };
}

function newRow(): RuleRow {
  return {
    key: nextKey++,
    triggerKind: 'all_active',
    level: '',
    levels: '',
    cohortCode: '',
    employmentTypes: [],
    dueKind: 'fixed_date',
    days: '90',
    month: '3',
    day: '31',
    active: true,
  };
}

const int = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** The rule the API expects; only the fields of the chosen kinds are sent. */
export function toRuleInput(row: RuleRow): RuleInput {
  const trigger: RuleInput['trigger'] = { kind: row.triggerKind };
  if (row.triggerKind === 'reached_level_in_fiscal_year') trigger.level = int(row.level);
  if (row.triggerKind === 'position_levels') {
    trigger.levels = row.levels
      .split(/[,、\s]+/)
      .filter((x) => x !== '')
      .map(Number);
  }
  if (row.triggerKind === 'cohort_member' && row.cohortCode.trim())
    trigger.cohortCode = row.cohortCode.trim();
  const due: RuleInput['due'] = { kind: row.dueKind };
  if (row.dueKind === 'days_after_trigger') due.days = int(row.days);
  if (row.dueKind === 'fixed_date') {
    due.month = int(row.month);
    due.day = int(row.day);
  }
  return {
    ...(row.id !== undefined ? { id: row.id } : {}),
    trigger,
    due,
    employmentTypes: row.employmentTypes,
    active: row.active,
  };
}

/**
 * 割当ルール: who must take the course and by when. Saving replaces the course's rules and assigns, at once, everyone
 * they name in the current fiscal year (the API says how many).
 */
@Component({
  selector: 'dx-rules-editor',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
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
    @if (publishedVersion() === 0) {
      <p class="notice">
        この研修はまだ公開されていません。公開するまでは、ルールを「無効」にした状態でのみ保存できます。
      </p>
    }
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (rules.isLoading()) {
        <p class="muted">読み込み中…</p>
      }
      @if (result(); as r) {
        <div class="alert alert-success">
          <p class="alert-title">{{ r }}</p>
        </div>
      }
    </div>

    @if (rows().length === 0 && !rules.isLoading()) {
      <p>割当ルールはありません。職員への割当は人事担当の手作業のみになります。</p>
    }

    <form (submit)="save($event)" novalidate>
      @for (row of rows(); track row.key; let i = $index) {
        <fieldset class="card rule-card" [id]="'rule-' + row.key" tabindex="-1">
          <legend>ルール{{ i + 1 }}</legend>
          <p class="hint">{{ summary(row) }}</p>
          <div class="rule-grid">
            <div class="field">
              <label [for]="'rule-trigger-' + row.key">割当のきっかけ</label>
              <select
                [id]="'rule-trigger-' + row.key"
                [value]="row.triggerKind"
                (change)="patch(row, { triggerKind: value($event) })"
                [attr.aria-invalid]="has(i, 'trigger.kind')"
              >
                @for (kind of triggerKinds; track kind) {
                  <option [value]="kind" [selected]="kind === row.triggerKind">
                    {{ triggerLabels[kind] }}
                  </option>
                }
              </select>
            </div>
            @if (row.triggerKind === 'reached_level_in_fiscal_year') {
              <div class="field">
                <label [for]="'rule-level-' + row.key">職位のレベル</label>
                <input
                  [id]="'rule-level-' + row.key"
                  type="number"
                  min="1"
                  max="20"
                  [value]="row.level"
                  (input)="patch(row, { level: value($event) })"
                  [attr.aria-invalid]="has(i, 'trigger.level')"
                  [attr.aria-describedby]="'rule-level-hint-' + row.key"
                />
                <p [id]="'rule-level-hint-' + row.key" class="hint">例：主事・技師は1、課長・室長は5</p>
              </div>
            }
            @if (row.triggerKind === 'position_levels') {
              <div class="field">
                <label [for]="'rule-levels-' + row.key">職位のレベル（複数可）</label>
                <input
                  [id]="'rule-levels-' + row.key"
                  type="text"
                  inputmode="numeric"
                  [value]="row.levels"
                  (input)="patch(row, { levels: value($event) })"
                  [attr.aria-invalid]="has(i, 'trigger.levels')"
                  [attr.aria-describedby]="'rule-levels-hint-' + row.key"
                />
                <p [id]="'rule-levels-hint-' + row.key" class="hint">
                  カンマで区切って入力します（例：5, 6, 7）。
                </p>
              </div>
            }
            @if (row.triggerKind === 'cohort_member') {
              <div class="field">
                <label [for]="'rule-cohort-' + row.key">養成期のコード（任意）</label>
                <input
                  [id]="'rule-cohort-' + row.key"
                  type="text"
                  [value]="row.cohortCode"
                  (input)="patch(row, { cohortCode: value($event) })"
                  [attr.aria-describedby]="'rule-cohort-hint-' + row.key"
                />
                <p [id]="'rule-cohort-hint-' + row.key" class="hint">
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
                    [checked]="row.employmentTypes.includes(type)"
                    (change)="toggleType(row, type, $event)"
                  />
                  {{ type }}
                </label>
              }
            </div>
          </fieldset>

          <div class="rule-grid">
            <div class="field">
              <label [for]="'rule-due-' + row.key">期限の決め方</label>
              <select
                [id]="'rule-due-' + row.key"
                [value]="row.dueKind"
                (change)="patch(row, { dueKind: value($event) })"
              >
                @for (kind of dueKinds; track kind) {
                  <option [value]="kind" [selected]="kind === row.dueKind">{{ dueLabels[kind] }}</option>
                }
              </select>
            </div>
            @if (row.dueKind === 'days_after_trigger') {
              <div class="field">
                <label [for]="'rule-days-' + row.key">日数（きっかけの日から）</label>
                <input
                  [id]="'rule-days-' + row.key"
                  type="number"
                  min="1"
                  max="730"
                  [value]="row.days"
                  (input)="patch(row, { days: value($event) })"
                  [attr.aria-invalid]="has(i, 'due.days')"
                />
              </div>
            }
            @if (row.dueKind === 'fixed_date') {
              <div class="field">
                <label [for]="'rule-month-' + row.key">期限の月</label>
                <input
                  [id]="'rule-month-' + row.key"
                  type="number"
                  min="1"
                  max="12"
                  [value]="row.month"
                  (input)="patch(row, { month: value($event) })"
                  [attr.aria-invalid]="has(i, 'due.month')"
                />
              </div>
              <div class="field">
                <label [for]="'rule-day-' + row.key">期限の日</label>
                <input
                  [id]="'rule-day-' + row.key"
                  type="number"
                  min="1"
                  max="31"
                  [value]="row.day"
                  (input)="patch(row, { day: value($event) })"
                  [attr.aria-invalid]="has(i, 'due.day')"
                  [attr.aria-describedby]="'rule-day-hint-' + row.key"
                />
                <p [id]="'rule-day-hint-' + row.key" class="hint">
                  年度内の日付です（3月31日はその年度の3月31日）。
                </p>
              </div>
            }
          </div>

          <div class="field">
            <label class="checkbox">
              <input
                type="checkbox"
                [checked]="row.active"
                (change)="patch(row, { active: checked($event) })"
                [attr.aria-invalid]="has(i, 'active')"
              />
              このルールを有効にする
            </label>
          </div>

          @if (rowErrors(i).length > 0) {
            <ul class="field-error">
              @for (message of rowErrors(i); track $index) {
                <li>{{ message }}</li>
              }
            </ul>
          }
          <button type="button" class="button" (click)="removeRow(i)">
            このルールを削除<span class="visually-hidden">（ルール{{ i + 1 }}）</span>
          </button>
        </fieldset>
      }

      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="otherErrors().length > 0" />
      </div>
      <div class="button-row">
        <button type="button" class="button" id="rule-add" (click)="addRow()">ルールを追加</button>
        <button type="submit" class="button button-primary" [disabled]="busy() || rules.isLoading()">
          割当ルールを保存
        </button>
      </div>
      <p class="hint">
        保存すると、今年度の対象者にこの研修がすぐに割り当てられます。ルールを削除・無効にしても、割当済みの研修は取り消されません。
      </p>
    </form>
  `,
})
export class RulesEditorComponent {
  private readonly api = inject(ContentApi);
  private readonly injector = inject(Injector);

  readonly courseCode = input.required<string>();
  readonly publishedVersion = input.required<number>();
  /** The number of assignments the save added, so the page can refresh what it shows about the course. */
  readonly saved = output<number>();

  protected readonly triggerKinds = TRIGGER_KINDS;
  protected readonly triggerLabels = TRIGGER_LABELS;
  protected readonly dueKinds = DUE_KINDS;
  protected readonly dueLabels = DUE_LABELS;
  protected readonly employmentTypes = EMPLOYMENT_TYPES;

  protected readonly rules = rxResource({
    params: () => this.courseCode(),
    stream: ({ params }) => this.api.rules(params),
  });
  protected readonly rows = linkedSignal<RuleRow[]>(() =>
    this.rules.hasValue() ? this.rules.value().map(toRow) : [],
  );
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly result = signal<string | null>(null);

  private readonly byField = computed(() => errorsByField(this.problem()?.errors));
  /** Errors not about one rule (the list itself). */
  protected readonly otherErrors = computed(() =>
    [...this.byField().keys()].filter((f) => !/^rules\.\d+\./.test(f)),
  );

  protected value<T extends string>(event: Event): T {
    return (event.target as HTMLInputElement | HTMLSelectElement).value as T;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected summary(row: RuleRow): string {
    return describeRule(toRuleInput(row));
  }

  protected has(index: number, field: string): boolean {
    return this.byField().has(`rules.${index}.${field}`);
  }

  protected rowErrors(index: number): string[] {
    const prefix = `rules.${index}.`;
    return [...this.byField()]
      .filter(([field]) => field.startsWith(prefix))
      .flatMap(([, messages]) => messages);
  }

  protected patch(row: RuleRow, change: Partial<RuleRow>): void {
    this.rows.update((rows) => rows.map((r) => (r.key === row.key ? { ...r, ...change } : r)));
  }

  protected toggleType(row: RuleRow, type: EmploymentType, event: Event): void {
    const on = this.checked(event);
    const types = EMPLOYMENT_TYPES.filter((t) => (t === type ? on : row.employmentTypes.includes(t)));
    this.patch(row, { employmentTypes: types });
  }

  protected addRow(): void {
    const row = { ...newRow(), active: this.publishedVersion() > 0 };
    this.rows.update((rows) => [...rows, row]);
    this.focusLater(`rule-${row.key}`);
  }

  protected removeRow(index: number): void {
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
    this.problem.set(null);
    this.focusLater('rule-add');
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    this.result.set(null);
    try {
      const saved = await firstValueFrom(this.api.saveRules(this.courseCode(), this.rows().map(toRuleInput)));
      this.rows.set(saved.rules.map(toRow));
      this.saved.emit(saved.assigned);
      const year = formatFiscalYear(saved.fiscalYear);
      this.result.set(
        saved.assigned > 0
          ? `割当ルールを保存しました。${saved.assigned}件の割当を追加しました（${year}）。`
          : `割当ルールを保存しました。新たに追加された割当はありません（${year}）。`,
      );
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private focusLater(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
