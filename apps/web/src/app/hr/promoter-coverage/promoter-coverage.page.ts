import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  type OnInit,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { PromoterRequestResult } from '@dx/contract';
import { FiscalYearSelectComponent, PageHeaderComponent } from '@dx/ui';
import { firstValueFrom } from 'rxjs';
import {
  currentFiscalYear,
  formatFiscalYear,
  formatJapaneseDate,
  formatJapaneseDateTime,
  parseFiscalYear,
} from '../../shared/dates';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { hrFiscalYears } from '../hr-inputs';
import { PromoterCoverageApi } from './promoter-coverage.api';

/** What a request did, in one sentence for the status line. */
export function requestSummary(result: PromoterRequestResult): string {
  if (result.asked === 0)
    return result.alreadyAskedToday.length > 0
      ? '本日はすでにすべての所属に依頼済みです。新たに送った依頼はありません。'
      : '依頼を送れた所属はありません。';
  return `${result.asked}所属の所属長に依頼しました（メール ${result.emailsSent}通、Slack ${result.slackMessages}件）。`;
}

/**
 * 推進員の配置状況: the 所属 without an active デジタル活用推進員 for a year (as today's org chart stands), and a button
 * that asks each 所属長 to name one, by e-mail and, where Slack is connected, by Slack.
 */
@Component({
  selector: 'dx-promoter-coverage-page',
  imports: [
    FiscalYearSelectComponent,
    PageHeaderComponent,
    ProblemAlertComponent,
    ReactiveFormsModule,
    RouterLink,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .confirm p {
      margin: 0;
      font-weight: bold;
      flex-basis: 100%;
    }
    .summary {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.5rem;
      margin: 0;
    }
    .summary div {
      display: flex;
      gap: 0.5rem;
    }
    .summary dt {
      font-weight: bold;
    }
    .summary dd {
      margin: 0;
    }
    .failures {
      margin: 0.5rem 0 0;
    }
  `,
  template: `
    <dx-page-header
      heading="推進員の配置状況"
      lead="デジタル活用推進員が指定されていない所属の一覧です。今日の組織図で、在職し、その所属にいる推進員だけを数えます（異動・退職した推進員は数えません）。"
    />

    <div class="card toolbar">
      <dx-fiscal-year-select inputId="coverage-year" [years]="years" [formControl]="year" />
    </div>

    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>

    @if (coverage.hasValue()) {
      @let c = coverage.value();
      <section class="card" aria-labelledby="coverage-summary-heading">
        <h2 id="coverage-summary-heading">{{ yearLabel(c.fiscalYear) }}（{{ day(c.asOf) }}時点）</h2>
        <dl class="summary">
          <div>
            <dt>所属数</dt>
            <dd>{{ c.sections }}</dd>
          </div>
          <div>
            <dt>推進員がいる所属</dt>
            <dd>{{ c.sectionsWithPromoter }}</dd>
          </div>
          <div>
            <dt>推進員がいない所属</dt>
            <dd>{{ c.uncovered.length }}</dd>
          </div>
          <div>
            <dt>配置率</dt>
            <dd>{{ percent(c.rate) }}</dd>
          </div>
        </dl>
        <p class="hint">
          推進員の指定は<a routerLink="/hr/promoters">デジタル活用推進員</a
          >の画面で行います。KPIダッシュボードの配置率と同じ数え方です。
        </p>
      </section>

      <section class="card" aria-labelledby="coverage-ask-heading">
        <h2 id="coverage-ask-heading">所属長に指名を依頼する</h2>
        <p class="hint">
          推進員がいない所属の所属長に、推進員を1名指名するようメールで依頼します。Slack
          連携が設定されていれば、所属（なければ部局・既定）のチャンネルにも投稿します。同じ所属への依頼は1日1回までです。
        </p>
        @if (confirming()) {
          <div class="confirm" role="group" aria-labelledby="coverage-confirm-text">
            <p id="coverage-confirm-text">
              {{ c.uncovered.length }}所属の所属長に{{
                yearLabel(c.fiscalYear)
              }}の推進員の指名を依頼します。よろしいですか？
            </p>
            <button
              type="button"
              id="coverage-ask-confirm"
              class="button button-primary"
              [disabled]="busy()"
              (click)="ask()"
            >
              依頼を送る
            </button>
            <button type="button" class="button" [disabled]="busy()" (click)="cancel()">やめる</button>
          </div>
        } @else {
          <button
            type="button"
            id="coverage-ask"
            class="button button-primary"
            [disabled]="busy() || c.uncovered.length === 0"
            (click)="confirm()"
          >
            所属長に推進員の指名を依頼する（{{ c.uncovered.length }}所属）
          </button>
        }
        <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
          @if (result(); as r) {
            <div class="alert" [class.alert-success]="r.asked > 0" [class.alert-info]="r.asked === 0">
              <p>{{ summary(r) }}</p>
              @if (r.alreadyAskedToday.length > 0) {
                <p>本日すでに依頼済みのため送らなかった所属：{{ names(r.alreadyAskedToday) }}</p>
              }
            </div>
            @if (r.failures.length > 0) {
              <div class="alert alert-warning">
                <p class="alert-title">送れなかった依頼があります（{{ r.failures.length }}件）</p>
                <ul class="failures">
                  @for (f of r.failures; track f.unitCode) {
                    <li>{{ f.unitName }}（{{ f.unitCode }}）：{{ f.reason }}</li>
                  }
                </ul>
              </div>
            }
          }
        </div>
      </section>

      <section aria-labelledby="coverage-list-heading">
        <h2 id="coverage-list-heading" tabindex="-1">推進員がいない所属（{{ c.uncovered.length }}）</h2>
        @if (c.uncovered.length === 0) {
          <p>すべての所属に推進員がいます。</p>
        } @else {
          <div class="table-wrap" role="region" tabindex="0" aria-label="推進員がいない所属の表">
            <table class="data-table">
              <caption class="visually-hidden">
                推進員がいない所属（{{
                  yearLabel(c.fiscalYear)
                }}）
              </caption>
              <thead>
                <tr>
                  <th scope="col">所属コード</th>
                  <th scope="col">所属</th>
                  <th scope="col">部局</th>
                  <th scope="col">所属長</th>
                  <th scope="col" class="numeric">職員数</th>
                  <th scope="col">依頼</th>
                </tr>
              </thead>
              <tbody>
                @for (unit of c.uncovered; track unit.unitCode) {
                  <tr>
                    <td class="nowrap">{{ unit.unitCode }}</td>
                    <th scope="row">{{ unit.unitName }}</th>
                    <td>{{ unit.departmentName ?? '—' }}</td>
                    <td>
                      @if (unit.head; as head) {
                        {{ head.name }}（{{ head.employeeNo }}）
                        @if (!head.hasEmail) {
                          <span class="muted">メールアドレス未登録</span>
                        }
                      } @else {
                        <span class="muted">不在</span>
                      }
                    </td>
                    <td class="numeric">{{ unit.staffCount }}</td>
                    <td>
                      @if (unit.lastRequestedAt) {
                        依頼済み（{{ dateTime(unit.lastRequestedAt) }}）
                      } @else {
                        未依頼
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </section>
    } @else if (coverage.isLoading()) {
      <p class="muted" role="status">読み込み中…</p>
    }
  `,
})
export class PromoterCoveragePage implements OnInit {
  private readonly api = inject(PromoterCoverageApi);
  private readonly injector = inject(Injector);

  /** ?fiscalYear= from the link on the KPI dashboard. */
  readonly fiscalYear = input<string | undefined>(undefined);

  protected readonly years = hrFiscalYears();
  protected readonly yearLabel = formatFiscalYear;
  protected readonly day = formatJapaneseDate;
  protected readonly dateTime = formatJapaneseDateTime;
  protected readonly summary = requestSummary;
  protected readonly year = new FormControl(currentFiscalYear(), { nonNullable: true });
  protected readonly shownYear = toSignal(this.year.valueChanges, { initialValue: this.year.value });

  protected readonly coverage = rxResource({
    params: () => this.shownYear(),
    stream: ({ params }) => this.api.coverage(params),
  });

  protected readonly busy = signal(false);
  protected readonly confirming = linkedSignal<number, boolean>({
    source: this.shownYear,
    computation: () => false,
  });
  protected readonly result = linkedSignal<number, PromoterRequestResult | null>({
    source: this.shownYear,
    computation: () => null,
  });
  private readonly actionProblem = linkedSignal<number, Problem | null>({
    source: this.shownYear,
    computation: () => null,
  });
  protected readonly problem = computed(() =>
    this.coverage.error() ? toProblem(this.coverage.error()) : this.actionProblem(),
  );

  ngOnInit(): void {
    const year = parseFiscalYear(this.fiscalYear());
    if (year !== null && this.years.includes(year)) this.year.setValue(year);
  }

  protected percent(rate: number): string {
    return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
  }

  protected names(units: { unitName: string }[]): string {
    return units.map((u) => u.unitName).join('、');
  }

  protected confirm(): void {
    this.confirming.set(true);
    this.result.set(null);
    this.focus('coverage-ask-confirm');
  }

  protected cancel(): void {
    this.confirming.set(false);
    this.focus('coverage-ask');
  }

  protected async ask(): Promise<void> {
    if (this.busy()) return;
    const fiscalYear = this.shownYear();
    this.busy.set(true);
    this.actionProblem.set(null);
    try {
      const result = await firstValueFrom(this.api.request(fiscalYear));
      if (this.shownYear() !== fiscalYear) return;
      this.result.set(result);
      this.confirming.set(false);
      this.coverage.reload();
      this.focus('coverage-ask');
    } catch (error) {
      this.actionProblem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
