import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { KpiDashboard, KpiTarget } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { formatFiscalYear } from '../shared/dates';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { formatNumber } from './kpi-charts';
import { KpiApi, type KpiTargetInput } from './kpi.api';

/** One indicator's inputs, as typed (full-width digits are read too, so they are text, not number inputs). */
interface DraftControls {
  baseline: FormControl<string>;
  target: FormControl<string>;
}

type Field = keyof DraftControls;

/** The targets form: one group per indicator, by its key. */
type TargetsForm = FormGroup<Record<string, FormGroup<DraftControls>>>;

/** '' → null; a non-negative number → the number; anything else → undefined (invalid). */
export function parseTargetValue(text: string): number | null | undefined {
  const value = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** A rate (unit %) lies between 0 and 100; a count has no upper bound here (the API caps it at 1,000,000). */
export function targetValueError(value: number | null | undefined, unit: string): string | null {
  if (value === undefined) {
    return unit === '%'
      ? '0〜100の数値で入力してください（空欄は未設定）。'
      : '0以上の数値で入力してください（空欄は未設定）。';
  }
  if (value !== null && unit === '%' && value > 100) return '割合は0〜100%の範囲で入力してください。';
  if (value !== null && value > 1_000_000) return '1,000,000以下の数値で入力してください。';
  return null;
}

const text = (value: number | null) => new FormControl(value?.toString() ?? '', { nonNullable: true });

function targetsForm(targets: readonly KpiTarget[]): TargetsForm {
  return new FormGroup(
    Object.fromEntries(
      targets.map((t) => [t.key, new FormGroup({ baseline: text(t.baseline), target: text(t.target) })]),
    ),
  );
}

/** The DX plan's targets of the year: 現状値 and 目標値 editable, 実績 computed by the system. */
@Component({
  selector: 'dx-kpi-targets',
  imports: [ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    input {
      width: 8rem;
      text-align: right;
    }
    .field-error {
      margin: 0.25rem 0 0;
    }
  `,
  template: `
    <section class="card" aria-labelledby="kpi-targets-heading">
      <h2 id="kpi-targets-heading">目標値の設定</h2>
      @if (dashboard().targets.length === 0) {
        <p>この年度の指標はありません。</p>
      } @else {
        <form [formGroup]="form()" (submit)="save($event)" novalidate>
          <div class="table-wrap">
            <table class="data-table">
              <caption>
                KPIの現状値・目標値・実績（{{
                  yearLabel(dashboard().fiscalYear)
                }}）
              </caption>
              <thead>
                <tr>
                  <th scope="col">指標</th>
                  <th scope="col">現状値</th>
                  <th scope="col">目標値</th>
                  <th scope="col" class="numeric">実績</th>
                  <th scope="col">単位</th>
                </tr>
              </thead>
              <tbody>
                @for (t of dashboard().targets; track t.key) {
                  <tr>
                    <th scope="row">{{ t.label }}</th>
                    @for (field of fields; track field.name) {
                      <td>
                        <label class="visually-hidden" [for]="inputId(t.key, field.name)">
                          {{ t.label }}の{{ field.label }}
                        </label>
                        <input
                          type="text"
                          inputmode="decimal"
                          autocomplete="off"
                          [id]="inputId(t.key, field.name)"
                          [formControl]="control(t.key, field.name)"
                          [attr.aria-invalid]="hasError(t.key, field.name)"
                          [attr.aria-describedby]="
                            hasError(t.key, field.name) ? inputId(t.key, field.name) + '-error' : null
                          "
                        />
                        @if (errorOf(t.key, field.name); as error) {
                          <p class="field-error" [id]="inputId(t.key, field.name) + '-error'">
                            {{ error }}
                          </p>
                        }
                      </td>
                    }
                    <td class="numeric">{{ number(t.current) }}</td>
                    <td>{{ t.unit }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <button type="submit" class="button button-primary" [disabled]="busy()">目標を保存</button>
        </form>
      }
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (message(); as text) {
          <p class="alert alert-success">{{ text }}</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
      </div>
    </section>
  `,
})
export class KpiTargetsComponent {
  private readonly api = inject(KpiApi);
  private readonly injector = inject(Injector);

  readonly dashboard = input.required<KpiDashboard>();
  readonly saved = output<KpiDashboard>();

  protected readonly yearLabel = formatFiscalYear;
  protected readonly number = formatNumber;
  protected readonly fields: readonly { name: Field; label: string }[] = [
    { name: 'baseline', label: '現状値' },
    { name: 'target', label: '目標値' },
  ];

  /** The form, made anew from each dashboard (the year's targets as the server answered them). */
  protected readonly form = computed(() => targetsForm(this.dashboard().targets));
  /** Inputs shown as invalid ('key:field' → message), after a save was tried. */
  protected readonly errors = linkedSignal<KpiDashboard, ReadonlyMap<string, string>>({
    source: this.dashboard,
    computation: () => new Map(),
  });
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly problem = signal<Problem | null>(null);

  constructor() {
    // An input shown as invalid loses its message as soon as what is typed is valid.
    effect((onCleanup) => {
      const subscription = this.form().valueChanges.subscribe(() => this.dropFixedErrors());
      onCleanup(() => subscription.unsubscribe());
    });
  }

  protected inputId(key: string, field: Field): string {
    return `kpi-${field}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  protected hasError(key: string, field: Field): boolean {
    return this.errors().has(`${key}:${field}`);
  }

  protected errorOf(key: string, field: Field): string | null {
    return this.errors().get(`${key}:${field}`) ?? null;
  }

  protected control(key: string, field: Field): FormControl<string> {
    return this.form().controls[key].controls[field];
  }

  private dropFixedErrors(): void {
    const errors = this.errors();
    const next = new Map(errors);
    for (const t of this.dashboard().targets) {
      for (const { name } of this.fields) {
        if (targetValueError(parseTargetValue(this.control(t.key, name).value), t.unit) === null)
          next.delete(`${t.key}:${name}`);
      }
    }
    if (next.size !== errors.size) this.errors.set(next);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const targets: KpiTargetInput[] = [];
    const errors = new Map<string, string>();
    let firstInvalid: string | null = null;
    for (const t of this.dashboard().targets) {
      const draft = this.form().controls[t.key].getRawValue();
      const baseline = parseTargetValue(draft.baseline);
      const target = parseTargetValue(draft.target);
      for (const [field, value] of [
        ['baseline', baseline],
        ['target', target],
      ] as const) {
        const error = targetValueError(value, t.unit);
        if (error) {
          errors.set(`${t.key}:${field}`, error);
          firstInvalid ??= this.inputId(t.key, field);
        }
      }
      targets.push({ key: t.key, baseline: baseline ?? null, target: target ?? null });
    }
    this.errors.set(errors);
    this.message.set(null);
    this.problem.set(null);
    if (firstInvalid) return this.focus(firstInvalid);

    const fiscalYear = this.dashboard().fiscalYear;
    this.busy.set(true);
    try {
      const dashboard = await firstValueFrom(this.api.saveTargets(fiscalYear, targets));
      this.saved.emit(dashboard);
      this.message.set(`${formatFiscalYear(fiscalYear)}の目標を保存しました。`);
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
