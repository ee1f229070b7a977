import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { OrgUnitNode, ReportGroup } from '@dx/contract';
import { AuthService } from '../auth/auth.service';
import { currentFiscalYear, formatFiscalYear, formatWarekiDate, recentFiscalYears } from '../shared/dates';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { TRACK_OPTIONS } from '../team/team-labels';
import { CompletionExportComponent } from './completion-export.component';
import { GROUP_OPTIONS, formatRate, groupOption, reportDateFor, unitOptions } from './stats-labels';
import { StatsApi } from './stats.api';

/** 受講統計: completion by 部局 / 所属 / 職位 / 研修体系 for a fiscal year, as the org stood then, with exports. */
@Component({
  selector: 'dx-stats-page',
  imports: [CompletionExportComponent, ProblemAlertComponent],
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
    .stats-table tfoot th,
    .stats-table tfoot td {
      border-top: 2px solid var(--color-navy-light);
      font-weight: bold;
      background: var(--color-bg-soft);
    }
    .stats-table tbody th {
      font-weight: normal;
    }
  `,
  template: `
    <h1>受講統計</h1>
    <p class="lead">
      年度ごとの研修の受講状況を集計します。過去の年度は、その年度末の組織で集計します（後の組織改正の影響を受けません）。
    </p>
    @if (managedUnit(); as unit) {
      <p class="hint" id="stats-scope">
        担当する組織（{{ unit.name }}）とその下位の所属の分を集計・出力します。
      </p>
    }

    <div class="card toolbar">
      <div class="field field-inline">
        <label for="stats-year">年度</label>
        <select id="stats-year" (change)="fiscalYear.set(numberValue($event))">
          @for (year of years; track year) {
            <option [value]="year" [selected]="year === fiscalYear()">{{ yearLabel(year) }}</option>
          }
        </select>
      </div>
      <fieldset class="group-options">
        <legend>集計単位</legend>
        @for (option of groupChoices(); track option.value) {
          <label class="group-option">
            <input
              type="radio"
              name="stats-group"
              [value]="option.value"
              [checked]="groupBy() === option.value"
              (change)="groupBy.set(option.value)"
            />
            <span>{{ option.label }}</span>
          </label>
        }
      </fieldset>
      <div class="field">
        <label for="stats-track">研修体系</label>
        <select id="stats-track" (change)="trackCode.set(textValue($event))">
          <option value="" [selected]="trackCode() === ''">すべて</option>
          @for (track of tracks; track track.code) {
            <option [value]="track.code" [selected]="trackCode() === track.code">{{ track.label }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="stats-unit">所属</label>
        <select id="stats-unit" (change)="orgUnitCode.set(textValue($event))">
          <option value="" [selected]="orgUnitCode() === ''">{{ allUnitsLabel() }}</option>
          @for (unit of unitChoices(); track unit.code) {
            <option [value]="unit.code" [selected]="orgUnitCode() === unit.code">{{ unit.label }}</option>
          }
        </select>
      </div>
    </div>

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

      @if (report.hasValue()) {
        @if (report.value(); as r) {
          @if (r.rows.length === 0) {
            <p>この条件に当てはまる割当はありません。</p>
          } @else {
            <div class="table-wrap" role="region" tabindex="0" aria-label="受講統計の表">
              <table class="data-table stats-table">
                <caption>
                  受講統計（{{
                    group().label
                  }}、{{
                    yearLabel(r.fiscalYear)
                  }}）
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{{ group().column }}</th>
                    <th scope="col" class="numeric">割当</th>
                    <th scope="col" class="numeric">修了</th>
                    <th scope="col" class="numeric">受講中</th>
                    <th scope="col" class="numeric">未着手</th>
                    <th scope="col" class="numeric">期限超過</th>
                    <th scope="col" class="numeric">免除</th>
                    <th scope="col" class="numeric">修了率</th>
                  </tr>
                </thead>
                <tbody>
                  @for (row of r.rows; track row.key) {
                    <tr>
                      <th scope="row">{{ row.label || row.key }}</th>
                      <td class="numeric">{{ row.assigned }}</td>
                      <td class="numeric">{{ row.completed }}</td>
                      <td class="numeric">{{ row.inProgress }}</td>
                      <td class="numeric">{{ row.notStarted }}</td>
                      <td class="numeric">{{ row.overdue }}</td>
                      <td class="numeric">{{ row.exempt }}</td>
                      <td class="numeric">{{ rate(row.completionRate) }}</td>
                    </tr>
                  }
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">合計</th>
                    <td class="numeric">{{ r.totals.assigned }}</td>
                    <td class="numeric">{{ r.totals.completed }}</td>
                    <td class="numeric">{{ r.totals.inProgress }}</td>
                    <td class="numeric">{{ r.totals.notStarted }}</td>
                    <td class="numeric">{{ r.totals.overdue }}</td>
                    <td class="numeric">{{ r.totals.exempt }}</td>
                    <td class="numeric">{{ rate(r.totals.completionRate) }}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <p class="hint">修了率＝修了 ÷（割当 − 免除）。「免除」は修了に含めず、別に数えます。</p>
          }
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
  protected readonly rate = formatRate;

  private readonly auth = inject(AuthService);
  /** 人事担当・システム管理者 see the whole tenant; a manager their own subtree (the API and the unit list say the same). */
  protected readonly wholeTenant = computed(() => {
    const roles = this.auth.roles();
    return roles.includes('hr') || roles.includes('sysadmin');
  });
  protected readonly managedUnit = computed(() =>
    this.wholeTenant() ? null : (this.auth.me()?.managedUnit ?? null),
  );

  protected readonly fiscalYear = signal(currentFiscalYear());
  protected readonly trackCode = signal('');
  /** A unit of one year's org may not exist in another's, so a new year starts from 「すべて」. */
  protected readonly orgUnitCode = linkedSignal({ source: this.fiscalYear, computation: () => '' });
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
  protected readonly groupBy = linkedSignal<readonly { value: ReportGroup }[], ReportGroup>({
    source: this.groupChoices,
    computation: (choices, previous) =>
      previous && choices.some((c) => c.value === previous.value)
        ? previous.value
        : (choices[0]?.value ?? 'department'),
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

  protected numberValue(event: Event): number {
    return Number((event.target as HTMLSelectElement).value);
  }

  protected textValue(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }
}
