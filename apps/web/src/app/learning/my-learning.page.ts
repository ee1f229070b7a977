import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { sortEnrollments } from '@dx/domain';
import { currentFiscalYear, formatFiscalYear, parseFiscalYear, recentFiscalYears } from '../shared/dates';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { MyCredentialsComponent } from '../credentials/my-credentials.component';
import { LearningApi } from './learning.api';
import { ProgressBarComponent } from './progress-bar.component';
import { StatusBadgeComponent } from './status-badge.component';

@Component({
  selector: 'dx-my-learning-page',
  imports: [
    RouterLink,
    JapaneseDatePipe,
    ProblemAlertComponent,
    StatusBadgeComponent,
    ProgressBarComponent,
    MyCredentialsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .renewal-badge {
      display: inline-block;
      margin-left: 0.5rem;
      font-size: 0.875rem;
      font-weight: bold;
      padding: 0 0.6rem;
      border-radius: 999px;
      border: 2px solid #0055a5;
      background: #e6f0fa;
      color: #002b55;
      white-space: nowrap;
    }
  `,
  template: `
    <h1>マイ研修</h1>
    <p class="lead">あなたに割り当てられた研修です。研修名を選ぶと受講を始められます。</p>
    <dx-my-credentials />

    <div class="toolbar card">
      <div class="field field-inline">
        <label for="my-fiscal-year">年度</label>
        <select id="my-fiscal-year" [value]="selectedYear()" (change)="selectYear($event)">
          @for (year of years(); track year) {
            <option [value]="year" [selected]="year === selectedYear()">{{ fiscalYearLabel(year) }}</option>
          }
        </select>
      </div>
    </div>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
      @if (enrollments.isLoading()) {
        <p class="muted">読み込み中…</p>
      } @else if (enrollments.hasValue() && items().length > 0) {
        <p>
          {{ items().length }}件中 {{ completedCount() }}件修了
          @if (overdueCount() > 0) {
            <span class="summary-overdue">期限超過 {{ overdueCount() }}件</span>
          }
          @if (renewalOverdueCount() > 0) {
            <span class="summary-overdue">更新期限切れ {{ renewalOverdueCount() }}件</span>
          }
          @if (renewalOpenCount() > 0) {
            <span class="summary-renewal">更新期間中 {{ renewalOpenCount() }}件</span>
          }
        </p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (enrollments.hasValue() && !enrollments.isLoading()) {
      @if (items().length === 0) {
        <p class="notice">この年度に割り当てられた研修はありません。</p>
      } @else {
        <ul class="enrollment-list" [attr.aria-label]="fiscalYearLabel(selectedYear()) + 'の研修'">
          @for (item of items(); track item.courseCode) {
            <li class="card enrollment-card" [attr.data-status]="item.status">
              <h2 class="enrollment-title">
                <a
                  [routerLink]="['/my/courses', item.courseCode]"
                  [queryParams]="{ fiscalYear: item.fiscalYear }"
                  >{{ item.courseTitle }}</a
                >
              </h2>
              <dl class="enrollment-facts">
                <div>
                  <dt>研修体系</dt>
                  <dd>{{ item.trackName }}</dd>
                </div>
                <div>
                  <dt>状態</dt>
                  <dd>
                    <dx-status-badge [status]="item.status" />
                    @if (item.recertification?.renewalOpen) {
                      <span class="renewal-badge">更新期間中</span>
                    }
                  </dd>
                </div>
                <div>
                  <dt>期限</dt>
                  <dd>{{ item.dueDate | jaDate }}</dd>
                </div>
                @if (item.completedAt) {
                  <div>
                    <dt>修了日</dt>
                    <dd>{{ item.completedAt | jaDate }}</dd>
                  </div>
                }
                @if (item.recertification?.validUntil; as validUntil) {
                  <div class="enrollment-validity">
                    <dt>{{ item.completedAt ? '有効期限' : '現在の修了の有効期限' }}</dt>
                    <dd>{{ validUntil | jaDate }}</dd>
                  </div>
                }
                @if (item.status === 'exempt' && item.exemptReason) {
                  <div>
                    <dt>免除の理由</dt>
                    <dd>{{ item.exemptReason }}</dd>
                  </div>
                }
                <div>
                  <dt>進捗</dt>
                  <dd><dx-progress-bar [value]="item.progress" [label]="item.courseTitle + 'の進捗'" /></dd>
                </div>
              </dl>
            </li>
          }
        </ul>
      }
    }
  `,
})
export class MyLearningPage {
  private readonly api = inject(LearningApi);
  private readonly router = inject(Router);

  /** ?fiscalYear=… (bound by withComponentInputBinding); the current fiscal year when absent. */
  readonly fiscalYear = input<string>();

  protected readonly selectedYear = linkedSignal(
    () => parseFiscalYear(this.fiscalYear()) ?? currentFiscalYear(),
  );
  /** The current fiscal year and the four before it, plus the one in the address if it is another. */
  protected readonly years = computed(() => {
    const years = recentFiscalYears(5);
    const selected = this.selectedYear();
    return years.includes(selected) ? years : [selected, ...years].sort((a, b) => b - a);
  });
  protected readonly fiscalYearLabel = formatFiscalYear;

  protected readonly enrollments = rxResource({
    params: () => this.selectedYear(),
    stream: ({ params }) => this.api.enrollments(params),
  });
  protected readonly items = computed(() =>
    this.enrollments.hasValue() ? sortEnrollments(this.enrollments.value()) : [],
  );
  protected readonly completedCount = computed(
    () => this.items().filter((e) => e.status === 'completed').length,
  );
  protected readonly overdueCount = computed(() => this.items().filter((e) => e.status === 'overdue').length);
  protected readonly renewalOverdueCount = computed(
    () => this.items().filter((e) => e.status === 'renewal_overdue').length,
  );
  protected readonly renewalOpenCount = computed(
    () => this.items().filter((e) => e.recertification?.renewalOpen === true).length,
  );
  protected readonly problem = computed(() =>
    this.enrollments.error() ? toProblem(this.enrollments.error()) : null,
  );

  protected selectYear(event: Event): void {
    const year = parseFiscalYear((event.target as HTMLSelectElement).value);
    if (year === null) return;
    this.selectedYear.set(year);
    void this.router.navigate([], {
      queryParams: { fiscalYear: year === currentFiscalYear() ? null : year },
      queryParamsHandling: 'merge',
    });
  }
}
