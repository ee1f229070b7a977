import {
  ChangeDetectionStrategy,
  Component,
  type Signal,
  computed,
  effect,
  inject,
  linkedSignal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { OrgUnitNode, ReportGroup } from '@dx/contract';
import {
  ChoiceSelectComponent,
  DataTableComponent,
  FilterBarComponent,
  FiscalYearSelectComponent,
  PageHeaderComponent,
} from '@dx/ui';
import { AuthService } from '../auth/auth.service';
import { currentFiscalYear, formatFiscalYear, formatWarekiDate, recentFiscalYears } from '../shared/dates';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { TRACK_OPTIONS } from '../team/team-labels';
import { CompletionExportComponent } from './completion-export.component';
import { GROUP_OPTIONS, completionTable, groupOption, reportDateFor, unitOptions } from './stats-labels';
import { StatsApi } from './stats.api';

/** A control's value as a signal (in an injection context). */
function valueOf<T>(control: FormControl<T>): Signal<T> {
  return toSignal(control.valueChanges, { initialValue: control.value });
}

/** 受講統計: completion by 部局 / 所属 / 職位 / 研修体系 for a fiscal year, as the org stood then, with exports. */
@Component({
  selector: 'dx-stats-page',
  imports: [
    ChoiceSelectComponent,
    CompletionExportComponent,
    DataTableComponent,
    FilterBarComponent,
    FiscalYearSelectComponent,
    PageHeaderComponent,
    ProblemAlertComponent,
    ReactiveFormsModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .group-options {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      border: 0;
      padding: 0;
      margin: 0;
    }
    .group-options legend {
      font-weight: bold;
      margin-bottom: 0.35rem;
      padding: 0;
    }
    .group-option input {
      position: absolute;
      opacity: 0;
      width: 1px;
      height: 1px;
    }
    .group-option span {
      display: inline-block;
      padding: 0.45rem 1rem;
      border: 2px solid var(--color-accent);
      border-radius: var(--radius);
      color: var(--color-accent);
      font-weight: bold;
      cursor: pointer;
    }
    .group-option input:checked + span {
      background: var(--color-accent);
      color: #ffffff;
    }
    .group-option input:checked + span::before {
      content: '✓ ';
    }
    .group-option input:focus-visible + span {
      outline: 3px solid var(--color-focus);
      outline-offset: 2px;
    }
  `,
  template: `
    <dx-page-header
      heading="受講統計"
      lead="年度ごとの研修の受講状況を集計します。過去の年度は、その年度末の組織で集計します（後の組織改正の影響を受けません）。"
    />
    @if (managedUnit(); as unit) {
      <p class="hint" id="stats-scope">
        担当する組織（{{ unit.name }}）とその下位の所属の分を集計・出力します。
      </p>
    }

    <dx-filter-bar label="集計の条件" [formGroup]="filters">
      <dx-fiscal-year-select inputId="stats-year" [years]="years" formControlName="fiscalYear" />
      <fieldset class="group-options">
        <legend>集計単位</legend>
        @for (option of groupChoices(); track option.value) {
          <label class="group-option">
            <input
              type="radio"
              name="stats-group"
              [value]="option.value"
              [formControl]="filters.controls.groupBy"
            />
            <span>{{ option.label }}</span>
          </label>
        }
      </fieldset>
      <dx-choice-select
        inputId="stats-track"
        label="研修体系"
        [choices]="tracks"
        formControlName="trackCode"
      />
      <dx-choice-select
        inputId="stats-unit"
        label="所属"
        [choices]="unitChoices()"
        [allLabel]="allUnitsLabel()"
        formControlName="orgUnitCode"
      />
    </dx-filter-bar>

    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">{{ yearLabel(fiscalYear()) }}の受講状況（{{ group().label }}）</h2>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
        @if (report.isLoading()) {
          <p class="muted">集計中…</p>
        } @else if (report.hasValue()) {
          <p>{{ asOfLabel() }}時点の組織で集計</p>
        }
      </div>

      @if (table(); as t) {
        <dx-data-table
          [caption]="t.caption"
          regionLabel="受講統計の表"
          rowKey="key"
          emptyText="この条件に当てはまる割当はありません。"
          [columns]="t.columns"
          [rows]="t.rows"
          [footer]="t.footer"
        />
        @if (t.rows.length > 0) {
          <p class="hint">修了率＝修了 ÷（割当 − 免除）。「免除」は修了に含めず、別に数えます。</p>
        }
      }
    </section>

    <dx-completion-export
      [fiscalYear]="fiscalYear()"
      [trackCode]="trackCode()"
      [orgUnitCode]="orgUnitCode()"
    />
  `,
})
export class StatsPage {
  private readonly api = inject(StatsApi);

  protected readonly years = recentFiscalYears(5);
  protected readonly yearLabel = formatFiscalYear;
  protected readonly tracks = TRACK_OPTIONS;

  private readonly auth = inject(AuthService);
  /** 人事担当・システム管理者 see the whole tenant; a manager their own subtree (the API and the unit list say the same). */
  protected readonly wholeTenant = computed(() => {
    const roles = this.auth.roles();
    return roles.includes('hr') || roles.includes('sysadmin');
  });
  protected readonly managedUnit = computed(() =>
    this.wholeTenant() ? null : (this.auth.me()?.managedUnit ?? null),
  );

  /** The report's conditions, a typed reactive form; the signals below follow it. */
  protected readonly filters = new FormGroup({
    fiscalYear: new FormControl(currentFiscalYear(), { nonNullable: true }),
    groupBy: new FormControl<ReportGroup>('department', { nonNullable: true }),
    trackCode: new FormControl('', { nonNullable: true }),
    orgUnitCode: new FormControl('', { nonNullable: true }),
  });
  protected readonly fiscalYear = valueOf(this.filters.controls.fiscalYear);
  protected readonly trackCode = valueOf(this.filters.controls.trackCode);
  protected readonly orgUnitCode = valueOf(this.filters.controls.orgUnitCode);
  private readonly chosenGroup = valueOf(this.filters.controls.groupBy);
  /** The unit list of the year: for a manager, their own subtree only. */
  private readonly units = rxResource({
    params: () => reportDateFor(this.fiscalYear()),
    stream: ({ params }) => this.api.units(params),
  });
  /** The kind of the manager's unit, once known (kept while another year's list loads). */
  private readonly managedKind = linkedSignal<
    { units: OrgUnitNode[] | undefined; code: string | undefined },
    string | undefined
  >({
    source: () => ({
      units: this.units.hasValue() ? this.units.value() : undefined,
      code: this.managedUnit()?.code,
    }),
    computation: (source, previous) =>
      source.units === undefined
        ? previous?.value
        : (source.units.find((u) => u.code === source.code)?.kind ?? ''),
  });
  /**
   * Groupings that tell something: a 部長 has one 部局, so by 所属, 職位 or 研修体系; a 課長 (or 班長) one 所属, so by
   * 職位 or 研修体系. None until the manager's unit is known, so the first request already has the right grouping.
   */
  protected readonly groupChoices = computed(() => {
    if (this.wholeTenant()) return GROUP_OPTIONS;
    const kind = this.managedKind();
    if (kind === undefined) return [];
    return GROUP_OPTIONS.filter(
      (o) => o.value !== 'department' && (o.value !== 'section' || kind === '部局'),
    );
  });
  /** The grouping chosen, or the first that tells something when the chosen one does not. */
  protected readonly groupBy = computed<ReportGroup>(() => {
    const choices = this.groupChoices();
    const chosen = this.chosenGroup();
    return choices.some((c) => c.value === chosen) ? chosen : (choices[0]?.value ?? 'department');
  });
  protected readonly group = computed(() => groupOption(this.groupBy()));
  protected readonly allUnitsLabel = computed(() => {
    const unit = this.managedUnit();
    return unit ? `担当範囲の全体（${unit.name}）` : 'すべて';
  });

  protected readonly report = rxResource({
    params: () =>
      this.groupChoices().length === 0
        ? undefined
        : {
            fiscalYear: this.fiscalYear(),
            groupBy: this.groupBy(),
            trackCode: this.trackCode(),
            orgUnitCode: this.orgUnitCode(),
          },
    stream: ({ params }) => this.api.completion(params),
  });
  protected readonly problem = computed(() => (this.report.error() ? toProblem(this.report.error()) : null));
  protected readonly asOfLabel = computed(() =>
    this.report.hasValue() ? formatWarekiDate(this.report.value().asOf) : '',
  );

  /** The unit filter offers the org as it stood on the year's report date. */
  protected readonly unitChoices = computed(() =>
    this.units.hasValue() ? unitOptions(this.units.value()) : [],
  );

  /** The table of the report: a row per group, the totals in the footer. */
  protected readonly table = computed(() =>
    this.report.hasValue() ? completionTable(this.report.value(), this.group()) : null,
  );

  constructor() {
    const { fiscalYear, groupBy, orgUnitCode } = this.filters.controls;
    // A unit of one year's org may not exist in another's, so a new year starts from 「すべて」.
    fiscalYear.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => orgUnitCode.setValue(''));
    // The radio buttons show the grouping in use (a manager's first choice is not 部局別).
    effect(() => {
      const group = this.groupBy();
      if (this.groupChoices().length > 0 && groupBy.value !== group) groupBy.setValue(group);
    });
  }
}
