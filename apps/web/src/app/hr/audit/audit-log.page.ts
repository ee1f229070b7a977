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
import {
  PERSONAL_DATA_READ_ACTIONS,
  type AuditLogEntry,
  type AuditLogPage as AuditLogResults,
} from '@dx/contract';
import { AUDIT_ACTION_LABELS, auditActionLabel, normalizeEmployeeNo } from '@dx/domain';
import { formatJapaneseDateTime } from '../../shared/dates';

import { toProblem } from '../../shared/problem';
import { PagerComponent } from '../../shared/pager.component';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { AuditLogApi, type AuditLogFilters } from './audit-log.api';

const PAGE_SIZE = 50;

interface ActionOption {
  code: string;
  label: string;
}

const READ_ACTIONS = new Set<string>(PERSONAL_DATA_READ_ACTIONS);
/** Reads of personal data first (what this page is mostly for), then every other recorded operation. */
const READ_OPTIONS: ActionOption[] = PERSONAL_DATA_READ_ACTIONS.map((code) => ({
  code,
  label: auditActionLabel(code),
}));
const OTHER_OPTIONS: ActionOption[] = Object.entries(AUDIT_ACTION_LABELS)
  .filter(([code]) => !READ_ACTIONS.has(code))
  .map(([code, label]) => ({ code, label }));

@Component({
  selector: 'dx-audit-log-page',
  imports: [PagerComponent, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .audit-filters {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
      gap: 0 1.5rem;
    }
    /* Long action names must not widen the form past the card (no sideways scroll of the page). */
    .audit-filters .field {
      min-width: 0;
    }
    .audit-filters input,
    .audit-filters select {
      width: 100%;
      max-width: 100%;
      box-sizing: border-box;
    }
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

    <form
      class="card"
      role="search"
      aria-labelledby="audit-filter-heading"
      (submit)="search($event)"
      novalidate
    >
      <h2 id="audit-filter-heading">検索条件</h2>
      <div class="audit-filters">
        <div class="field">
          <label for="audit-actor">操作者のログインID</label>
          <input
            id="audit-actor"
            type="text"
            autocomplete="off"
            [value]="actor()"
            (input)="actor.set(valueOf($event))"
          />
        </div>
        <div class="field">
          <label for="audit-person">対象者の職員番号</label>
          <input
            id="audit-person"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            [value]="person()"
            (input)="person.set(valueOf($event))"
            [attr.aria-invalid]="personError() !== null"
            [attr.aria-describedby]="personError() ? 'audit-person-error' : null"
          />
          @if (personError(); as error) {
            <p id="audit-person-error" class="field-error">{{ error }}</p>
          }
        </div>
        <div class="field">
          <label for="audit-from">開始日</label>
          <input id="audit-from" type="date" [value]="from()" (change)="from.set(valueOf($event))" />
        </div>
        <div class="field">
          <label for="audit-to">終了日</label>
          <input
            id="audit-to"
            type="date"
            [value]="to()"
            (change)="to.set(valueOf($event))"
            [attr.aria-invalid]="rangeError() !== null"
            [attr.aria-describedby]="rangeError() ? 'audit-to-error' : null"
          />
          @if (rangeError(); as error) {
            <p id="audit-to-error" class="field-error">{{ error }}</p>
          }
        </div>
        <div class="field">
          <label for="audit-action">操作</label>
          <select id="audit-action" (change)="action.set(valueOf($event))">
            <option value="" [selected]="action() === ''">すべての操作</option>
            <optgroup label="個人情報の閲覧・出力">
              @for (option of readOptions; track option.code) {
                <option [value]="option.code" [selected]="action() === option.code">
                  {{ option.label }}
                </option>
              }
            </optgroup>
            <optgroup label="その他の操作">
              @for (option of otherOptions; track option.code) {
                <option [value]="option.code" [selected]="action() === option.code">
                  {{ option.label }}
                </option>
              }
            </optgroup>
          </select>
        </div>
      </div>
      <p class="hint">日付は日本時間です。開始日・終了日の当日を含みます。</p>
      <div class="button-row">
        <button type="submit" class="button button-primary">検索</button>
        <button type="button" class="button" (click)="clear()">条件をクリア</button>
      </div>
    </form>

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

  protected readonly readOptions = READ_OPTIONS;
  protected readonly otherOptions = OTHER_OPTIONS;

  protected readonly actor = signal('');
  protected readonly person = signal('');
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly action = signal('');
  protected readonly personError = signal<string | null>(null);
  protected readonly rangeError = signal<string | null>(null);

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

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected search(event: Event): void {
    event.preventDefault();
    const person = this.person().trim();
    const employeeNo = person ? normalizeEmployeeNo(person) : '';
    this.personError.set(employeeNo === null ? '職員番号は数字で入力してください。' : null);
    const from = this.from();
    const to = this.to();
    this.rangeError.set(
      from && to && from > to ? '終了日は開始日と同じか、それより後の日付にしてください。' : null,
    );
    if (this.personError()) return this.focus('audit-person');
    if (this.rangeError()) return this.focus('audit-to');
    this.applied.set({
      actor: this.actor().trim(),
      person: employeeNo ?? '',
      from,
      to,
      action: this.action(),
    });
    // The results follow the form: move there, so a keyboard or screen reader user hears how many were found.
    this.focus('audit-results-heading');
  }

  protected clear(): void {
    for (const field of [this.actor, this.person, this.from, this.to, this.action]) field.set('');
    this.personError.set(null);
    this.rangeError.set(null);
    this.applied.set({});
    this.focus('audit-actor');
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
