import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { compareDates, todayInTokyo } from '@dx/domain';
import { formatJapaneseDate, formatWarekiDate } from '../shared/dates';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { VerifyApi } from './verify.api';

/** The public page a certificate's reader opens to check it (no login, minimal layout). */
@Component({
  selector: 'dx-verify-page',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="auth-page">
      <header class="app-header auth-header">
        <p class="app-title">職員DX研修システム</p>
      </header>
      <main id="main" class="auth-main" tabindex="-1">
        <div class="card verify-card">
          <h1>修了証の確認</h1>
          <p class="muted">証書番号：{{ serial() }}</p>

          <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
            @if (result.isLoading()) {
              <p class="muted">確認しています…</p>
            } @else if (result.hasValue()) {
              @if (result.value().valid && !expired()) {
                <p class="alert alert-success verify-verdict">この修了証は有効です</p>
              } @else if (result.value().valid) {
                <p class="alert alert-error verify-verdict">
                  この修了証は本物ですが、有効期間が終了しています
                </p>
              } @else {
                <p class="alert alert-error verify-verdict">この修了証は現在有効ではありません</p>
              }
            } @else if (notFound()) {
              <p class="alert alert-error verify-verdict">この証書番号の修了証は見つかりません</p>
            }
            @if (result.hasValue() && result.value().superseded) {
              <p class="alert verify-superseded">更新済み（新しい修了証があります）</p>
            }
          </div>
          <div role="alert" aria-atomic="true" class="live-region">
            <dx-problem-alert [problem]="otherProblem()" />
          </div>

          @if (result.hasValue() && !result.isLoading()) {
            @let cert = result.value();
            <dl class="summary-list">
              <div>
                <dt>氏名</dt>
                <dd>{{ cert.recipientName }}</dd>
              </div>
              <div>
                <dt>研修名</dt>
                <dd>{{ cert.courseTitle }}</dd>
              </div>
              <div>
                <dt>修了日</dt>
                <dd>{{ wareki(cert.completedOn) }}（{{ western(cert.completedOn) }}）</dd>
              </div>
              @if (cert.validUntil) {
                <div>
                  <dt>有効期間</dt>
                  <dd class="verify-validity">
                    {{ western(cert.completedOn) }}〜{{ western(cert.validUntil) }}
                  </dd>
                </div>
              }
              <div>
                <dt>発行者</dt>
                <dd>{{ cert.issuerName }}</dd>
              </div>
            </dl>
          }
          @if (notFound()) {
            <p>
              証書番号に誤りがないか確認してください。修了証に記載された確認用のアドレスから開くと確実です。
            </p>
          }
        </div>
      </main>
    </div>
  `,
})
export class VerifyPage {
  private readonly api = inject(VerifyApi);

  /** :serial (bound by withComponentInputBinding). */
  readonly serial = input.required<string>();

  protected readonly result = rxResource({
    params: () => this.serial(),
    stream: ({ params }) => this.api.verify(params),
  });
  private readonly problem = computed(() => (this.result.error() ? toProblem(this.result.error()) : null));
  protected readonly notFound = computed(() => this.problem()?.status === 404);
  protected readonly otherProblem = computed(() => (this.notFound() ? null : this.problem()));
  /** The certificate states a validity that ended before today (Tokyo). */
  protected readonly expired = computed(() => {
    const until = this.result.hasValue() ? this.result.value().validUntil : null;
    return until !== null && compareDates(todayInTokyo(), until) > 0;
  });
  protected readonly wareki = formatWarekiDate;
  protected readonly western = formatJapaneseDate;
}
