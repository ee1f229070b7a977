import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { KpiDashboard } from '@dx/contract';
import { currentFiscalYear, formatFiscalYear, formatWarekiDate, recentFiscalYears } from '../shared/dates';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { formatRate } from '../stats/stats-labels';
import { KpiChartComponent } from './kpi-chart.component';
import {
  formatNumber,
  monthLabel,
  promoterChart,
  specialistChart,
  specialistTarget,
  tieredChart,
  workplaceChart,
} from './kpi-charts';
import { KpiTargetsComponent } from './kpi-targets.component';
import { KpiTieredTableComponent } from './kpi-tiered-table.component';
import { KpiUnmatchedComponent } from './kpi-unmatched.component';
import { KpiApi } from './kpi.api';
import { RouterLink } from '@angular/router';

/** KPIダッシュボード: the DX plan's indicators, each as a chart with its numbers in a table beside it. */
@Component({
  selector: 'dx-kpi-page',
  imports: [
    KpiChartComponent,
    KpiTargetsComponent,
    KpiTieredTableComponent,
    KpiUnmatchedComponent,
    ProblemAlertComponent,
    RouterLink,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .kpi-grid {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 1.25rem;
    }
    .kpi-panel h2 {
      margin-top: 0;
    }
    .kpi-panel-body {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 1rem;
      align-items: start;
    }
    @media (min-width: 62rem) {
      .kpi-panel-body {
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      }
    }
    .kpi-panel .data-table {
      font-size: 0.875rem;
    }
  `,
  template: `
    <h1>KPIダッシュボード</h1>
    <p class="lead">
      DX推進計画の指標の実績と目標です。各グラフの数値は、右（狭い画面では下）の表にも示します。
    </p>

    <div class="card toolbar">
      <div class="field field-inline">
        <label for="kpi-year">年度</label>
        <select id="kpi-year" (change)="selectYear($event)">
          @for (year of years; track year) {
            <option [value]="year" [selected]="year === fiscalYear()">{{ yearLabel(year) }}</option>
          }
        </select>
      </div>
    </div>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
      @if (dashboard.isLoading()) {
        <p class="muted">読み込み中…</p>
      } @else if (dashboard.hasValue()) {
        <p>{{ yearLabel(dashboard.value().fiscalYear) }}（{{ asOf(dashboard.value().asOf) }}時点）</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (dashboard.hasValue()) {
      @if (dashboard.value(); as d) {
        <dx-kpi-unmatched [count]="d.unmatchedOutside ?? 0" />
        <div class="kpi-grid">
          <section class="card kpi-panel" aria-labelledby="kpi-tiered-heading">
            <h2 id="kpi-tiered-heading">階層別研修の修了率（部局別）</h2>
            <div class="kpi-panel-body">
              <dx-kpi-chart
                [spec]="tiered().spec"
                [summary]="tiered().summary"
                [height]="chartHeight(d.tieredByDepartment.length)"
              />
              <dx-kpi-tiered-table [rows]="d.tieredByDepartment" />
            </div>
          </section>

          <section class="card kpi-panel" aria-labelledby="kpi-workplace-heading">
            <h2 id="kpi-workplace-heading">職場内DX研修の累積修了率（月別）</h2>
            <div class="kpi-panel-body">
              <dx-kpi-chart [spec]="workplace().spec" [summary]="workplace().summary" />
              <div
                class="table-wrap"
                role="region"
                tabindex="0"
                aria-label="職場内DX研修の累積修了率（月別）の表"
              >
                <table class="data-table">
                  <caption>
                    職場内DX研修の累積修了率（月別）
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">月</th>
                      <th scope="col" class="numeric">累積修了者数</th>
                      <th scope="col" class="numeric">割当</th>
                      <th scope="col" class="numeric">累積修了率</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of d.workplaceMonthly; track row.month) {
                      <tr>
                        <th scope="row">{{ month(row.month) }}</th>
                        <td class="numeric">{{ row.cumulativeCompleted }}</td>
                        <td class="numeric">{{ row.assigned }}</td>
                        <td class="numeric">{{ rate(row.rate) }}</td>
                      </tr>
                    } @empty {
                      <tr>
                        <td colspan="4">データはまだありません。</td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            </div>
          </section>

          <section class="card kpi-panel" aria-labelledby="kpi-promoter-heading">
            <h2 id="kpi-promoter-heading">デジタル活用推進員の配置率</h2>
            <p class="hint">所属のうち、推進員が1人以上いる所属の割合です。</p>
            <div class="kpi-panel-body">
              <dx-kpi-chart [spec]="promoter().spec" [summary]="promoter().summary" [height]="240" />
              <div class="table-wrap" role="region" tabindex="0" aria-label="デジタル活用推進員の配置率の表">
                <table class="data-table">
                  <caption>
                    デジタル活用推進員の配置率
                  </caption>
                  <tbody>
                    <tr>
                      <th scope="row">所属数</th>
                      <td class="numeric">{{ d.promoterCoverage.sections }}</td>
                    </tr>
                    <tr>
                      <th scope="row">推進員がいる所属</th>
                      <td class="numeric">{{ d.promoterCoverage.sectionsWithPromoter }}</td>
                    </tr>
                    <tr>
                      <th scope="row">推進員がいない所属</th>
                      <td class="numeric">
                        <a
                          routerLink="/hr/promoter-coverage"
                          [queryParams]="{ fiscalYear: d.fiscalYear }"
                          [attr.aria-label]="'推進員がいない' + promoterMissing() + '所属の一覧'"
                          >{{ promoterMissing() }}</a
                        >
                      </td>
                    </tr>
                    <tr>
                      <th scope="row">配置率</th>
                      <td class="numeric">{{ rate(d.promoterCoverage.rate) }}</td>
                    </tr>
                  </tbody>
                </table>
              </div>
            </div>
            <p>
              <a routerLink="/hr/promoter-coverage" [queryParams]="{ fiscalYear: d.fiscalYear }"
                >推進員がいない所属の一覧（推進員の配置状況）</a
              >
            </p>
          </section>

          <section class="card kpi-panel" aria-labelledby="kpi-specialist-heading">
            <h2 id="kpi-specialist-heading">DX推進スペシャリスト認定者数と目標</h2>
            <div class="kpi-panel-body">
              <dx-kpi-chart [spec]="specialist().spec" [summary]="specialist().summary" [height]="240" />
              <div
                class="table-wrap"
                role="region"
                tabindex="0"
                aria-label="DX推進スペシャリスト認定者数と目標の表"
              >
                <table class="data-table">
                  <caption>
                    DX推進スペシャリスト認定者数と目標
                  </caption>
                  <tbody>
                    <tr>
                      <th scope="row">認定者数</th>
                      <td class="numeric">{{ d.specialists.certified }}人</td>
                    </tr>
                    <tr>
                      <th scope="row">養成中</th>
                      <td class="numeric">{{ d.specialists.inProgramme }}人</td>
                    </tr>
                    <tr>
                      <th scope="row">目標</th>
                      <td class="numeric">{{ specialistGoal() }}</td>
                    </tr>
                    <tr>
                      <th scope="row">達成率</th>
                      <td class="numeric">{{ specialistRate() }}</td>
                    </tr>
                  </tbody>
                </table>
              </div>
            </div>
          </section>
        </div>

        <dx-kpi-targets [dashboard]="d" (saved)="onSaved($event)" />
      }
    }
  `,
})
export class KpiPage {
  private readonly api = inject(KpiApi);

  protected readonly years = recentFiscalYears(5);
  protected readonly yearLabel = formatFiscalYear;
  protected readonly rate = formatRate;
  protected readonly month = monthLabel;
  protected readonly asOf = formatWarekiDate;

  protected readonly fiscalYear = signal(currentFiscalYear());
  protected readonly dashboard = rxResource({
    params: () => this.fiscalYear(),
    stream: ({ params }) => this.api.dashboard(params),
  });
  protected readonly problem = computed(() =>
    this.dashboard.error() ? toProblem(this.dashboard.error()) : null,
  );

  private readonly value = computed<KpiDashboard | undefined>(() =>
    this.dashboard.hasValue() ? this.dashboard.value() : undefined,
  );
  protected readonly tiered = computed(() => tieredChart(this.value() ?? EMPTY));
  protected readonly workplace = computed(() => workplaceChart(this.value() ?? EMPTY));
  protected readonly promoter = computed(() => promoterChart(this.value() ?? EMPTY));
  protected readonly specialist = computed(() => specialistChart(this.value() ?? EMPTY));
  protected readonly promoterMissing = computed(() => {
    const c = this.value()?.promoterCoverage;
    return c ? Math.max(0, c.sections - c.sectionsWithPromoter) : 0;
  });
  private readonly specialistGoalValue = computed(
    () => specialistTarget(this.value()?.targets ?? [])?.target ?? null,
  );
  protected readonly specialistGoal = computed(() => {
    const goal = this.specialistGoalValue();
    return goal === null ? '未設定' : `${formatNumber(goal)}人`;
  });
  protected readonly specialistRate = computed(() => {
    const goal = this.specialistGoalValue();
    const certified = this.value()?.specialists.certified ?? 0;
    return goal !== null && goal > 0 ? formatRate(certified / goal) : '―';
  });

  /** Horizontal bars need room per department. */
  protected chartHeight(rows: number): number {
    return Math.max(200, rows * 32 + 80);
  }

  protected selectYear(event: Event): void {
    this.fiscalYear.set(Number((event.target as HTMLSelectElement).value));
  }

  protected onSaved(dashboard: KpiDashboard): void {
    if (dashboard.fiscalYear === this.fiscalYear()) this.dashboard.set(dashboard);
  }
}

const EMPTY: KpiDashboard = {
  fiscalYear: 0,
  asOf: '',
  tieredByDepartment: [],
  workplaceMonthly: [],
  promoterCoverage: { sections: 0, sectionsWithPromoter: 0, rate: 0 },
  specialists: { certified: 0, inProgramme: 0 },
  targets: [],
};
