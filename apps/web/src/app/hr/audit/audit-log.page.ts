import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { AuditLogEntry, AuditLogPage as AuditLogResults } from '@dx/contract';
import { auditActionLabel } from '@dx/domain';
import { formatJapaneseDateTime } from '../../shared/dates';

import { toProblem } from '../../shared/problem';
import { PagerComponent } from '../../shared/pager.component';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { AuditLogApi, type AuditLogFilters } from './audit-log.api';
import { AuditLogFiltersComponent } from './audit-log-filters.component';

const PAGE_SIZE = 50;

@Component({
  selector: 'dx-audit-log-page',
  imports: [AuditLogFiltersComponent, PagerComponent, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .audit-downloads {
      margin-bottom: 1rem;
    }
    .audit-table td.count {
      text-align: right;
    }
    .results-heading:focus {
      outline: none;
    }
    .results-heading:focus-visible {
      outline: 3px solid var(--color-focus);
      outline-offset: 2px;
    }
  `,
  template: `
    <h1>監査ログ</h1>
    <p class="lead">
      誰が・いつ・誰の個人情報（受講状況・所属履歴・受講状況一覧・職員検索・出力したファイル）を閲覧・出力したかの記録です。
      職員本人が自分の記録を見た場合は記録されません。記録は変更・削除できません。
    </p>

    <dx-audit-log-filters (apply)="search($event)" (cleared)="clear()" />

    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    <section aria-labelledby="audit-results-heading">
      <h2 id="audit-results-heading" class="results-heading" tabindex="-1">検索結果</h2>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
        @if (results.isLoading()) {
          <p class="muted">検索中…</p>
        } @else if (current(); as page) {
          @if (page.total === 0) {
            <p>該当する記録はありません。</p>
          } @else {
            @if (page.totalIsLowerBound) {
              <p>
                {{ page.total.toLocaleString('ja-JP') }}件以上中 {{ rangeStart() }}–{{
                  rangeEnd()
                }}件（期間や操作者で絞り込むと、それより先も表示できます）
              </p>
            } @else {
              <p>{{ page.total }}件中 {{ rangeStart() }}–{{ rangeEnd() }}件</p>
            }
          }
        }
      </div>

      <div class="button-row audit-downloads">
        <a class="button" [href]="csvUrl()" download>この条件の記録をCSVでダウンロード（UTF-8・Excel用）</a>
      </div>

      @if (current(); as page) {
        @if (page.items.length > 0) {
          <div class="table-wrap" role="region" tabindex="0" aria-label="監査ログの一覧">
            <table class="data-table audit-table">
              <caption class="visually-hidden">
                監査ログ（新しい順）
              </caption>
              <thead>
                <tr>
                  <th scope="col">日時</th>
                  <th scope="col">操作者</th>
                  <th scope="col">操作</th>
                  <th scope="col">対象</th>
                  <th scope="col">件数</th>
                  <th scope="col">接続元</th>
                </tr>
              </thead>
              <tbody>
                @for (entry of page.items; track entry.id) {
                  <tr>
                    <td class="nowrap">
                      <time [attr.datetime]="entry.occurredAt">{{ when(entry) }}</time>
                    </td>
                    <td>{{ actorOf(entry) }}</td>
                    <td>{{ actionOf(entry) }}</td>
                    <td>{{ subjectOf(entry) }}</td>
                    <td class="count">{{ entry.count === null ? '—' : entry.count + '件' }}</td>
                    <td class="nowrap">{{ entry.ip ?? '—' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <dx-pager [page]="page.page" [pageCount]="pageCount()" (go)="goTo($event)" />
        }
      }
    </section>
  `,
})
export class AuditLogPage {
  private readonly api = inject(AuditLogApi);
  private readonly injector = inject(Injector);

  /** The filters of the last search (the form's values are sent only when 検索 is pressed). */
  private readonly applied = signal<AuditLogFilters>({});
  /** Back to page 1 with every new search. */
  protected readonly page = linkedSignal({ source: this.applied, computation: () => 1 });

  protected readonly results = rxResource({
    params: () => ({ filters: this.applied(), page: this.page() }),
    stream: ({ params }) => this.api.search(params.filters, params.page, PAGE_SIZE),
  });
  /** The latest page received; kept on screen while the next one loads. */
  protected readonly current = linkedSignal<
    { value: AuditLogResults | undefined; loading: boolean },
    AuditLogResults | undefined
  >({
    source: () => ({
      value: this.results.hasValue() ? this.results.value() : undefined,
      loading: this.results.isLoading(),
    }),
    computation: (source, previous) => source.value ?? (source.loading ? previous?.value : undefined),
  });
  protected readonly pageCount = computed(() => {
    const page = this.current();
    return page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  });
  protected readonly rangeStart = computed(() => {
    const page = this.current();
    return page && page.items.length > 0 ? (page.page - 1) * page.pageSize + 1 : 0;
  });
  protected readonly rangeEnd = computed(() => {
    const page = this.current();
    return page ? (page.page - 1) * page.pageSize + page.items.length : 0;
  });
  protected readonly problem = computed(() =>
    this.results.error() ? toProblem(this.results.error()) : null,
  );
  protected readonly csvUrl = computed(() => this.api.csvUrl(this.applied()));

  protected search(filters: AuditLogFilters): void {
    this.applied.set(filters);
    // The results follow the form: move there, so a keyboard or screen reader user hears how many were found.
    this.focus('audit-results-heading');
  }

  protected clear(): void {
    this.applied.set({});
  }

  protected goTo(page: number): void {
    if (page < 1 || page > this.pageCount()) return;
    this.page.set(page);
    this.focus('audit-results-heading');
  }

  protected when(entry: AuditLogEntry): string {
    return formatJapaneseDateTime(entry.occurredAt);
  }

  protected actorOf(entry: AuditLogEntry): string {
    if (!entry.actorLoginId) return '（ログイン前）';
    return entry.actorName && entry.actorName !== entry.actorLoginId
      ? `${entry.actorName}（${entry.actorLoginId}）`
      : entry.actorLoginId;
  }

  protected actionOf(entry: AuditLogEntry): string {
    return auditActionLabel(entry.action);
  }

  protected subjectOf(entry: AuditLogEntry): string {
    const person = entry.person
      ? `${entry.person.name ?? '（不明な職員）'}（職員番号 ${entry.person.employeeNo}）`
      : '';
    return [person, entry.scopeLabel].filter((part) => part !== '').join('・') || '—';
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
