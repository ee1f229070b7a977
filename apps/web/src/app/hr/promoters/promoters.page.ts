import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { PromoterView } from '@dx/contract';
import { isIsoDate, todayInTokyo } from '@dx/domain';
import { firstValueFrom } from 'rxjs';
import { currentFiscalYear, formatFiscalYear } from '../../shared/dates';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { defaultDayIn, hrFiscalYears } from '../hr-inputs';
import { type StaffChoice, StaffPickerComponent } from '../staff-picker.component';
import { PromoterTableComponent } from './promoter-table.component';
import { PromotersApi } from './promoters.api';

interface DesignationForm {
  person: FormControl<StaffChoice | null>;
  designatedOn: FormControl<string>;
}

/** デジタル活用推進員: the roster of one fiscal year, with designation and its removal one person at a time. */
@Component({
  selector: 'dx-promoters-page',
  imports: [
    ProblemAlertComponent,
    PromoterTableComponent,
    ReactiveFormsModule,
    RouterLink,
    StaffPickerComponent,
  ],
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
    <h1>デジタル活用推進員</h1>
    <p class="lead">
      年度ごとに指定するデジタル活用推進員の名簿です。指定すると、その年度の推進員研修が割り当てられます。
      名簿をまとめて入れ替えるときは、<a routerLink="/imports">データ取込</a
      >の「推進員名簿」を使ってください。
    </p>

    <div class="card toolbar">
      <div class="field field-inline">
        <label for="promoters-year">年度</label>
        <select id="promoters-year" (change)="selectYear($event)">
          @for (year of years; track year) {
            <option [value]="year" [selected]="year === fiscalYear()">{{ yearLabel(year) }}</option>
          }
        </select>
      </div>
    </div>

    <section class="card" aria-labelledby="designate-heading">
      <h2 id="designate-heading">推進員を指定する</h2>
      <form [formGroup]="form" (submit)="designate($event)" novalidate>
        <div class="form-fields">
          <dx-staff-picker
            class="field"
            inputId="designate-employee"
            label="推進員にする職員"
            [value]="chosen()"
            (valueChange)="form.controls.person.setValue($event)"
            [error]="employeeNoError()"
          />
          <div class="field">
            <label for="designate-date">指定日</label>
            <input
              id="designate-date"
              type="date"
              required
              formControlName="designatedOn"
              [attr.aria-invalid]="designatedOnError() !== null"
              [attr.aria-describedby]="designatedOnError() ? 'designate-date-error' : null"
            />
            @if (designatedOnError(); as error) {
              <p id="designate-date-error" class="field-error">{{ error }}</p>
            }
          </div>
        </div>
        <p class="hint">{{ yearLabel(fiscalYear()) }}の推進員として指定します。</p>
        <button type="submit" class="button button-primary" [disabled]="busy()">指定する</button>
      </form>
    </section>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (message(); as text) {
        <p class="alert alert-success">{{ text }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>

    <section aria-labelledby="promoters-heading">
      <h2 id="promoters-heading" tabindex="-1">推進員の一覧（{{ yearLabel(fiscalYear()) }}）</h2>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
        @if (promoters.isLoading()) {
          <p class="muted">読み込み中…</p>
        } @else if (promoters.hasValue()) {
          <p>{{ rows().length }}人</p>
        }
      </div>
      @if (promoters.hasValue()) {
        @if (rows().length === 0) {
          <p>この年度に指定された推進員はいません。</p>
        } @else {
          <dx-promoter-table
            [rows]="rows()"
            [yearLabel]="yearLabel(fiscalYear())"
            [confirming]="confirming()"
            [busy]="busy()"
            (askRemove)="askRemove($event)"
            (cancelRemove)="cancelRemove($event)"
            (remove)="remove($event)"
          />
          <p class="hint">指定を解除しても、すでに割り当てられた研修は残ります。</p>
        }
        <div class="button-row roster-downloads">
          <a class="button" [href]="csvUrl('utf-8')" download>名簿をCSVでダウンロード（UTF-8・Excel用）</a>
          <a class="button" [href]="csvUrl('shift_jis')" download>名簿をCSVでダウンロード（Shift_JIS）</a>
        </div>
        <p class="hint">
          ファイル名に文字コード（UTF-8／Shift_JIS）が入ります。そのまま「データ取込」の推進員名簿として取り込めます。
        </p>
      }
    </section>
  `,
})
export class PromotersPage {
  private readonly api = inject(PromotersApi);
  private readonly injector = inject(Injector);

  protected readonly years = hrFiscalYears();
  protected readonly yearLabel = formatFiscalYear;
  protected readonly fiscalYear = signal(currentFiscalYear());

  protected readonly promoters = rxResource({
    params: () => this.fiscalYear(),
    stream: ({ params }) => this.api.list(params),
  });
  /** By unit, then by 職員番号, so the sections and their promoters are easy to scan. */
  protected readonly rows = computed(() =>
    this.promoters.hasValue()
      ? [...this.promoters.value()].sort(
          (a, b) =>
            (a.unitCode ?? '').localeCompare(b.unitCode ?? '') || a.employeeNo.localeCompare(b.employeeNo),
        )
      : [],
  );

  protected readonly busy = signal(false);
  protected readonly message = linkedSignal<number, string | null>({
    source: this.fiscalYear,
    computation: () => null,
  });
  private readonly actionProblem = linkedSignal<number, Problem | null>({
    source: this.fiscalYear,
    computation: () => null,
  });
  protected readonly problem = computed(() =>
    this.promoters.error() ? toProblem(this.promoters.error()) : this.actionProblem(),
  );
  /** The promoter whose removal waits for confirmation. */
  protected readonly confirming = linkedSignal<number, string | null>({
    source: this.fiscalYear,
    computation: () => null,
  });

  /** The designation form (a typed reactive form): the person chosen in the picker and the 指定日. */
  protected readonly form = new FormGroup<DesignationForm>({
    person: new FormControl<StaffChoice | null>(null, { nonNullable: true }),
    designatedOn: new FormControl(defaultDayIn(this.fiscalYear(), todayInTokyo()), { nonNullable: true }),
  });
  protected readonly chosen = toSignal(this.form.controls.person.valueChanges, {
    initialValue: this.form.controls.person.value,
  });
  protected readonly employeeNoError = linkedSignal<StaffChoice | null, string | null>({
    source: this.chosen,
    computation: () => null,
  });
  protected readonly designatedOnError = signal<string | null>(null);

  constructor() {
    // Another year: its default day (today when it falls in the year, otherwise 1 April).
    effect(() => this.form.controls.designatedOn.setValue(defaultDayIn(this.fiscalYear(), todayInTokyo())));
    this.form.controls.designatedOn.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => {
      if (isIsoDate(value)) this.designatedOnError.set(null);
    });
  }

  protected csvUrl(encoding: 'utf-8' | 'shift_jis'): string {
    return this.api.rosterCsvUrl(this.fiscalYear(), encoding);
  }

  protected selectYear(event: Event): void {
    this.fiscalYear.set(Number((event.target as HTMLSelectElement).value));
  }

  protected async designate(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const { person, designatedOn } = this.form.getRawValue();
    this.employeeNoError.set(person ? null : '氏名・かな・職員番号で検索し、候補から職員を選んでください。');
    this.designatedOnError.set(isIsoDate(designatedOn) ? null : '指定日を年・月・日まで入力してください。');
    if (!person) return this.focus('designate-employee');
    if (!isIsoDate(designatedOn)) return this.focus('designate-date');

    const fiscalYear = this.fiscalYear();
    const done = await this.run(() => this.api.designate(person.employeeNo, fiscalYear, designatedOn));
    if (!done || this.fiscalYear() !== fiscalYear) return;
    this.form.controls.person.setValue(null);
    this.message.set(
      `${person.name}さん（職員番号 ${person.employeeNo}）を${formatFiscalYear(fiscalYear)}の推進員に指定しました。`,
    );
    this.promoters.reload();
    this.focus('designate-employee');
  }

  protected askRemove(person: PromoterView): void {
    this.confirming.set(person.employeeNo);
    this.message.set(null);
    this.focus(`promoter-${person.employeeNo}-confirm`);
  }

  protected cancelRemove(person: PromoterView): void {
    this.confirming.set(null);
    this.focus(`promoter-${person.employeeNo}-remove`);
  }

  protected async remove(person: PromoterView): Promise<void> {
    if (this.busy()) return;
    const fiscalYear = this.fiscalYear();
    const done = await this.run(() => this.api.remove(person.employeeNo, fiscalYear));
    if (!done || this.fiscalYear() !== fiscalYear) return;
    this.confirming.set(null);
    if (this.promoters.hasValue()) {
      this.promoters.value.update((items) => items.filter((p) => p.employeeNo !== person.employeeNo));
    }
    this.message.set(`${person.name}さん（職員番号 ${person.employeeNo}）の推進員の指定を解除しました。`);
    this.focus('promoters-heading');
  }

  /** Runs one change; shows its problem and answers false when it fails. */
  private async run(call: () => ReturnType<PromotersApi['remove']>): Promise<boolean> {
    this.busy.set(true);
    this.message.set(null);
    this.actionProblem.set(null);
    try {
      await firstValueFrom(call(), { defaultValue: undefined });
      return true;
    } catch (error) {
      this.actionProblem.set(toProblem(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
