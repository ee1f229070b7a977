import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, type Params, Router } from '@angular/router';
import type {
  EnrollmentStatusName,
  MatrixCell,
  MatrixPerson,
  PeopleSort,
  ReminderPreview,
  ReminderRequest,
  ReminderSkippedPerson,
  TeamMatrix,
} from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS } from '@dx/domain';
import { firstValueFrom, of, tap } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { ProgressBarComponent } from '../learning/progress-bar.component';
import { StatusBadgeComponent } from '../learning/status-badge.component';
import {
  currentFiscalYear,
  formatFiscalYear,
  formatJapaneseDate,
  formatWarekiDate,
  parseFiscalYear,
  recentFiscalYears,
} from '../shared/dates';
import { type Problem, toProblem } from '../shared/problem';
import { PagerComponent } from '../shared/pager.component';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { nextSort, sortLabel } from '../shared/unit-sort';
import { ConfirmDialogComponent } from './confirm-dialog.component';
import {
  STATUS_OPTIONS,
  TRACK_OPTIONS,
  completedOfAssigned,
  reminderMessage,
  skipReasonLabel,
  skippedPersonLabel,
  sumTotals,
  unitPath,
} from './team-labels';
import { TeamApi } from './team.api';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 300;
/** 「期限間近」: due within this many days. */
const DUE_SOON_DAYS = 14;

type ReminderKind = 'selected' | 'all';

/** The view's query parameters (the API's names): filters, drill-down, order and page survive reload, Back and bookmarks. */
type ViewParam =
  'fiscalYear' | 'orgUnitCode' | 'trackCode' | 'courseCode' | 'status' | 'position' | 'q' | 'sort' | 'page';

const STATUS_VALUES = new Set<string>(STATUS_OPTIONS.map((o) => o.value));

/** チーム受講状況: people × required courses of the manager's subtree, with drill-down, filters and reminders. */
@Component({
  selector: 'dx-team-page',
  imports: [
    ConfirmDialogComponent,
    PagerComponent,
    ProblemAlertComponent,
    ProgressBarComponent,
    StatusBadgeComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .breadcrumb ol {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.5rem;
      list-style: none;
      margin: 0 0 0.75rem;
      padding: 0;
    }
    .breadcrumb li + li::before {
      content: '›';
      margin-right: 0.5rem;
      color: var(--color-muted);
    }
    .subunits {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
      gap: 0.75rem;
    }
    .subunits li {
      border: 1px solid var(--color-border-light);
      border-radius: var(--radius);
      padding: 0.5rem 0.75rem;
    }
    .subunit-counts {
      margin: 0.25rem 0;
      font-size: 0.875rem;
    }
    .overdue-count {
      color: var(--color-error);
      font-weight: bold;
    }
    /* The table scrolls in its own region (never the page), with the name column fixed at the left. */
    .matrix-scroll {
      /* The containing block of the cells' visually hidden texts, or they would widen the page from inside. */
      position: relative;
      max-width: 100%;
      overflow-x: auto;
      border: 1px solid var(--color-border-light);
    }
    .matrix-scroll:focus-visible {
      outline: 3px solid var(--color-focus);
      outline-offset: 2px;
    }
    .matrix-table {
      width: max-content;
      min-width: 100%;
    }
    .matrix-table .col-name {
      position: sticky;
      left: 0;
      z-index: 1;
      background: var(--color-bg);
      box-shadow: 1px 0 0 var(--color-border-light);
      white-space: nowrap;
      font-weight: normal;
      max-width: 11rem;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .matrix-table thead .col-name,
    .matrix-table tfoot .col-name {
      background: var(--color-bg-soft);
      font-weight: bold;
    }
    .matrix-table tbody tr:nth-child(even) .col-name {
      background: #fafbfc;
    }
    .matrix-table tbody tr.selected .col-name {
      background: var(--color-accent-soft);
    }
    .matrix-table .col-name label {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      cursor: pointer;
    }
    /* Full course titles, wrapped: the header stays narrow without cutting the name. */
    .matrix-table thead th.course {
      white-space: normal;
      min-width: 6.5rem;
      max-width: 9rem;
      vertical-align: bottom;
      font-size: 0.8125rem;
      line-height: 1.35;
    }
    .matrix-table .unit-path {
      min-width: 8rem;
    }
    .matrix-table td.cell {
      text-align: center;
    }
    /* A shadow, not a border: a border of a sticky cell stays behind when the table scrolls. */
    .matrix-table tr.row-overdue th.col-name {
      box-shadow:
        inset 4px 0 0 var(--color-error),
        1px 0 0 var(--color-border-light);
    }
    .matrix-table tfoot th,
    .matrix-table tfoot td {
      border-top: 2px solid var(--color-navy-light);
      font-size: 0.8125rem;
      background: var(--color-bg-soft);
    }
    .matrix-table input[type='checkbox'] {
      width: 1.25rem;
      height: 1.25rem;
    }
    .reminder-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem 1rem;
      margin: 1rem 0;
    }
    .reminder-bar p {
      margin: 0;
    }
    .reminder-bar .button {
      max-width: 100%;
      white-space: normal;
      text-align: left;
    }
    .skipped-list {
      margin: 0.5rem 0 0;
      padding-left: 1.25rem;
    }
    .mail-preview {
      border: 1px solid var(--color-border-light);
      border-radius: var(--radius);
      background: var(--color-bg-soft);
      padding: 0.75rem;
      margin: 0.5rem 0;
    }
    .mail-preview dl {
      margin: 0 0 0.5rem;
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.25rem 0.75rem;
    }
    .mail-preview dt {
      font-weight: bold;
    }
    .mail-preview dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .mail-preview pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font-family: inherit;
      margin: 0;
      max-height: 14rem;
      overflow-y: auto;
      background: var(--color-bg);
      padding: 0.5rem;
      border: 1px solid var(--color-border-light);
    }
  `,
  template: `
    <h1>チーム受講状況</h1>
    <p class="lead">担当する組織の職員ごとの研修の受講状況です。期限を過ぎた研修がある人から順に並びます。</p>

    <form class="card toolbar" role="search" aria-label="受講状況の絞り込み" (submit)="searchNow($event)">
      <div class="field field-inline">
        <label for="team-year">年度</label>
        <select id="team-year" (change)="selectYear($event)">
          @for (year of years; track year) {
            <option [value]="year" [selected]="year === fiscalYear()">{{ yearLabel(year) }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="team-track">研修体系</label>
        <select id="team-track" (change)="setParams({ trackCode: selectValue($event) })">
          <option value="" [selected]="trackCode() === ''">すべて</option>
          @for (track of tracks; track track.code) {
            <option [value]="track.code" [selected]="trackCode() === track.code">{{ track.label }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="team-course">研修</label>
        <select id="team-course" (change)="setParams({ courseCode: selectValue($event) })">
          <option value="" [selected]="courseCode() === ''">すべて</option>
          @for (course of courseOptions(); track course.code) {
            <option [value]="course.code" [selected]="courseCode() === course.code">
              {{ course.title }}
            </option>
          }
        </select>
      </div>
      <div class="field">
        <label for="team-status">状態</label>
        <select id="team-status" (change)="setParams({ status: selectValue($event) })">
          <option value="" [selected]="status() === ''">すべて</option>
          @for (option of statuses; track option.value) {
            <option [value]="option.value" [selected]="status() === option.value">{{ option.label }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="team-position">職位</label>
        <input
          id="team-position"
          type="text"
          list="team-position-options"
          autocomplete="off"
          [value]="position()"
          (change)="setParams({ position: inputValue($event).trim() })"
          aria-describedby="team-position-hint"
        />
        <datalist id="team-position-options">
          @for (name of positionOptions(); track name) {
            <option [value]="name"></option>
          }
        </datalist>
        <p id="team-position-hint" class="hint">
          職位名（例：主事）を候補から選ぶか、そのとおりに入力します。
        </p>
      </div>
      <div class="field field-grow">
        <label for="team-search">氏名で検索</label>
        <input
          id="team-search"
          type="search"
          autocomplete="off"
          [value]="searchText()"
          (input)="onSearchInput($event)"
        />
      </div>
    </form>

    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (current(); as m) {
      <nav class="breadcrumb" aria-label="所属の階層">
        <ol>
          @for (crumb of breadcrumb(); track crumb.code; let last = $last) {
            <li>
              @if (last) {
                <span aria-current="location">{{ crumb.name }}</span>
              } @else {
                <button type="button" class="link-button" (click)="drill(crumb.code)">
                  {{ crumb.name }}
                </button>
              }
            </li>
          }
        </ol>
      </nav>

      @if (m.subUnits.length > 0) {
        <section class="card" aria-labelledby="team-subunits-heading">
          <h2 id="team-subunits-heading">下位の所属（{{ m.subUnits.length }}）</h2>
          <p class="hint">所属名を選ぶと、その所属に絞り込みます。</p>
          <ul class="subunits">
            @for (unit of m.subUnits; track unit.code) {
              <li>
                <button type="button" class="link-button" (click)="drill(unit.code)">
                  {{ unit.name }}<span class="visually-hidden">に絞り込む</span>
                </button>
                <p class="subunit-counts">
                  {{ completedOf(unit.completed, unit.assigned) }}
                  @if (unit.overdue > 0) {
                    ・<span class="overdue-count">期限超過 {{ unit.overdue }}</span>
                  } @else {
                    ・期限超過 0
                  }
                </p>
                <dx-progress-bar
                  [value]="unit.assigned > 0 ? unit.completed / unit.assigned : 0"
                  [label]="unit.name + 'の修了率'"
                />
              </li>
            }
          </ul>
        </section>
      }
    }

    <section aria-labelledby="team-matrix-heading">
      <h2 id="team-matrix-heading" tabindex="-1">
        受講状況の一覧
        @if (current()?.unit; as unit) {
          （{{ unit.name }}）
        }
      </h2>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
        @if (matrix.isLoading()) {
          <p class="muted">読み込み中…</p>
        } @else if (current(); as m) {
          @if (m.total === 0) {
            <p>該当する職員はいません。</p>
          } @else {
            <p>{{ pageSummary() }}（{{ asOfLabel(m.asOf) }}時点）</p>
          }
        }
      </div>

      <div class="reminder-bar">
        <p>{{ selectedCount() }}人を選択中</p>
        @if (selectedCount() > 0) {
          <button type="button" class="link-button" (click)="clearSelection()">選択を解除</button>
        }
        <button
          type="button"
          class="button button-primary"
          id="remind-selected"
          [disabled]="selectedCount() === 0 || sending()"
          (click)="askReminder('selected')"
        >
          選択した人に督促メールを送る
        </button>
        <button
          type="button"
          class="button"
          id="remind-all"
          [disabled]="sending()"
          (click)="askReminder('all')"
        >
          期限超過・期限間近の全員に督促メールを送る
        </button>
      </div>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (sending()) {
          <p class="muted">督促メールを送信しています…</p>
        } @else if (reminderResult(); as result) {
          <div class="alert alert-success">
            <p>{{ result.text }}</p>
            @if (result.skipped.length > 0) {
              <p id="reminder-skipped-heading">送信しなかった人（{{ result.skipped.length }}人）</p>
              <ul class="skipped-list" aria-labelledby="reminder-skipped-heading">
                @for (person of result.skipped; track person.employeeNo) {
                  <li>{{ skippedLabel(person) }}：{{ reasonLabel(person.reason) }}</li>
                }
              </ul>
            }
          </div>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="reminderProblem()" />
      </div>

      @if (current(); as m) {
        @if (m.people.length > 0) {
          <div
            class="matrix-scroll"
            role="region"
            tabindex="0"
            aria-label="職員ごとの受講状況の表"
            aria-describedby="team-matrix-scroll-hint"
          >
            <table class="data-table matrix-table">
              <caption class="visually-hidden">
                職員ごとの研修の受講状況（{{
                  yearLabel(m.fiscalYear)
                }}、{{
                  sort() ? '所属順' : '期限超過のある人が先頭'
                }}）
              </caption>
              <thead>
                <tr>
                  <th scope="col" class="col-name">
                    <!-- The heading's text stays outside the checkbox's label: clicking 氏名 must not select everyone. -->
                    <input
                      type="checkbox"
                      id="team-select-page"
                      aria-label="このページの全員を選択"
                      [checked]="pageAllSelected()"
                      [indeterminate]="pageSomeSelected()"
                      (change)="togglePage($event)"
                    />
                    氏名
                  </th>
                  <th scope="col" class="unit-path" [attr.aria-sort]="ariaSort()">
                    <button type="button" class="sort-button" id="team-sort-unit" (click)="toggleSort()">
                      所属（課 / 班）<span aria-hidden="true">{{ sortArrow() }}</span>
                    </button>
                    <span class="visually-hidden">{{ sortHint() }}</span>
                  </th>
                  <th scope="col">職位</th>
                  @for (course of m.courses; track course.code) {
                    <th scope="col" class="course" [attr.title]="course.title">{{ course.title }}</th>
                  }
                  <th scope="col">修了／割当</th>
                  <th scope="col">期限超過</th>
                  <th scope="col">最終督促日</th>
                </tr>
              </thead>
              <tbody>
                @for (person of m.people; track person.employeeNo) {
                  <tr
                    [class.row-overdue]="person.overdue > 0"
                    [class.selected]="isSelected(person.employeeNo)"
                  >
                    <th scope="row" class="col-name" [attr.title]="person.name">
                      <label>
                        <input
                          type="checkbox"
                          [id]="'team-select-' + person.employeeNo"
                          [attr.aria-label]="person.name + 'を選択'"
                          [checked]="isSelected(person.employeeNo)"
                          (change)="toggle(person, $event)"
                        />
                        <span>{{ person.name }}</span>
                      </label>
                    </th>
                    <td class="unit-path">{{ person.unitPath }}</td>
                    <td class="nowrap">{{ person.positionName }}</td>
                    @for (course of m.courses; track course.code) {
                      <td class="cell">
                        @if (person.cells[course.code]; as cell) {
                          <dx-status-badge [status]="cell.status" [attr.title]="cellTitle(cell)" />
                        } @else {
                          <span aria-hidden="true">―</span><span class="visually-hidden">割当なし</span>
                        }
                      </td>
                    }
                    <td class="numeric nowrap">{{ completedOf(person.completed, person.assigned) }}</td>
                    <td class="numeric">
                      @if (person.overdue > 0) {
                        <span class="overdue-count">{{ person.overdue }}</span>
                      } @else {
                        0
                      }
                    </td>
                    <td class="nowrap">
                      @if (person.lastRemindedOn; as day) {
                        {{ dateLabel(day) }}
                      } @else {
                        <span aria-hidden="true">―</span><span class="visually-hidden">督促なし</span>
                      }
                    </td>
                  </tr>
                }
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" class="col-name">合計（{{ m.total }}人）</th>
                  <td colspan="2"></td>
                  @for (course of m.courses; track course.code) {
                    <td class="nowrap">
                      @if (m.columnTotals[course.code]; as t) {
                        {{ completedOf(t.completed, t.assigned) }}<br />期限超過 {{ t.overdue }}
                        @if (t.exempt > 0) {
                          <br />免除 {{ t.exempt }}
                        }
                      } @else {
                        ―
                      }
                    </td>
                  }
                  <td class="numeric nowrap">
                    {{ completedOf(grandTotal().completed, grandTotal().assigned) }}
                  </td>
                  <td class="numeric">{{ grandTotal().overdue }}</td>
                  <td></td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p id="team-matrix-scroll-hint" class="hint">表は横にスクロールできます（氏名の列は固定）。</p>
          <dx-pager [page]="m.page" [pageCount]="pageCount()" [summary]="pageSummary()" (go)="goTo($event)" />
        }
      }
    </section>

    @if (confirming(); as kind) {
      <dx-confirm-dialog
        heading="督促メールの送信"
        confirmLabel="送信する"
        [busy]="sending() || preview.isLoading() || (preview.hasValue() && preview.value().recipients === 0)"
        (confirmed)="sendReminders(kind)"
        (cancelled)="closeConfirm(kind)"
      >
        @if (kind === 'selected') {
          <p>選択した{{ selectedCount() }}人に、未修了の研修の督促メールを送ります。</p>
        } @else {
          <p>
            担当する組織のうち、期限を過ぎた研修または期限まで{{
              dueSoonDays
            }}日以内の研修がある全員に、督促メールを送ります。
          </p>
        }
        <p>同じ研修の督促は1日1回までです。本日すでに送った研修は送られません。</p>
        <div role="status" aria-live="polite" aria-atomic="true">
          @if (preview.isLoading()) {
            <p class="muted">送信するメールを確認しています…</p>
          } @else if (preview.hasValue()) {
            <p>
              <strong>送信先：{{ preview.value().recipients }}人</strong>
              @if (preview.value().skippedPeople.length > 0) {
                （送信しない人：{{ preview.value().skippedPeople.length }}人）
              }
            </p>
          }
        </div>
        <dx-problem-alert [problem]="previewProblem()" />
        @if (preview.hasValue()) {
          @let p = preview.value();
          @if (p.messages.length > 0) {
            <section class="mail-preview" aria-labelledby="mail-preview-heading">
              <h3 id="mail-preview-heading">送信されるメールの内容</h3>
              @if (p.messages.length > 1) {
                <div class="field">
                  <label for="mail-preview-person">宛先の職員</label>
                  <select id="mail-preview-person" (change)="previewIndex.set(numberValue($event))">
                    @for (message of p.messages; track message.employeeNo; let i = $index) {
                      <option [value]="i" [selected]="i === previewIndex()">
                        {{ message.name }}（{{ message.employeeNo }}）
                      </option>
                    }
                  </select>
                  @if (p.recipients > p.messages.length) {
                    <p class="hint">
                      先頭の{{ p.messages.length }}人分を表示しています。ほかの{{
                        p.recipients - p.messages.length
                      }}人にも同じ形式で送ります。
                    </p>
                  }
                </div>
              }
              @if (p.messages[previewIndex()] ?? p.messages[0]; as message) {
                <dl>
                  <dt>宛先</dt>
                  <dd>{{ message.name }}（{{ message.to }}）</dd>
                  <dt>件名</dt>
                  <dd>{{ message.subject }}</dd>
                </dl>
                <pre tabindex="0" aria-label="本文">{{ message.text }}</pre>
              }
            </section>
          }
          @if (p.skippedPeople.length > 0) {
            <p id="preview-skipped-heading">送信しない人（{{ p.skippedPeople.length }}人）</p>
            <ul class="skipped-list" aria-labelledby="preview-skipped-heading">
              @for (person of p.skippedPeople; track person.employeeNo) {
                <li>{{ skippedLabel(person) }}：{{ reasonLabel(person.reason) }}</li>
              }
            </ul>
          }
        }
      </dx-confirm-dialog>
    }
  `,
})
export class TeamPage {
  private readonly api = inject(TeamApi);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  protected readonly years = recentFiscalYears(5);
  protected readonly yearLabel = formatFiscalYear;
  protected readonly dateLabel = formatJapaneseDate;
  protected readonly tracks = TRACK_OPTIONS;
  protected readonly statuses = STATUS_OPTIONS;
  protected readonly completedOf = completedOfAssigned;
  protected readonly reasonLabel = skipReasonLabel;
  protected readonly dueSoonDays = DUE_SOON_DAYS;

  /** The view as the URL says it (see ViewParam): the one source of the filters. */
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  private param(name: ViewParam): string {
    return this.params().get(name)?.trim() ?? '';
  }
  protected readonly fiscalYear = computed(() => {
    const year = parseFiscalYear(this.param('fiscalYear'));
    return year !== null && this.years.includes(year) ? year : currentFiscalYear();
  });
  protected readonly orgUnitCode = computed(() => this.param('orgUnitCode'));
  protected readonly trackCode = computed(() => this.param('trackCode'));
  protected readonly courseCode = computed(() => this.param('courseCode'));
  protected readonly status = computed(() => {
    const value = this.param('status');
    return (STATUS_VALUES.has(value) ? value : '') as EnrollmentStatusName | '';
  });
  protected readonly position = computed(() => this.param('position'));
  protected readonly sort = computed(() => {
    const value = this.param('sort');
    return (value === 'unit' || value === '-unit' ? value : '') as PeopleSort | '';
  });
  protected readonly page = computed(() => {
    const page = Number(this.param('page'));
    return Number.isInteger(page) && page >= 1 ? page : 1;
  });
  /** The name search actually sent (the URL's q); the box follows it on Back. */
  private readonly query = computed(() => this.param('q'));
  protected readonly searchText = linkedSignal<string, string>({
    source: this.query,
    // The person's own typing (a trailing space before the given name) stays while it means the same search.
    computation: (q, previous) => (previous && previous.value.trim() === q ? previous.value : q),
  });
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;

  /** The top of the manager's scope, as the first breadcrumb (remembered from the matrix without a unit filter). */
  private readonly top = signal<{ code: string; name: string } | null>(null);

  protected readonly matrix = rxResource({
    params: () => ({
      fiscalYear: this.fiscalYear(),
      orgUnitCode: this.orgUnitCode(),
      trackCode: this.trackCode(),
      courseCode: this.courseCode(),
      status: this.status(),
      position: this.position(),
      q: this.query(),
      sort: this.sort(),
      page: this.page(),
      pageSize: PAGE_SIZE,
    }),
    stream: ({ params }) =>
      this.api.matrix(params).pipe(
        tap((m) => {
          if (!params.orgUnitCode)
            this.top.set({ code: m.unit?.code ?? '', name: m.unit?.name ?? '担当範囲の全体' });
        }),
      ),
  });
  /** The latest matrix received; kept on screen while the next page loads. */
  protected readonly current = linkedSignal<
    { value: TeamMatrix | undefined; loading: boolean },
    TeamMatrix | undefined
  >({
    source: () => ({
      value: this.matrix.hasValue() ? this.matrix.value() : undefined,
      loading: this.matrix.isLoading(),
    }),
    computation: (source, previous) => source.value ?? (source.loading ? previous?.value : undefined),
  });
  protected readonly problem = computed(() => (this.matrix.error() ? toProblem(this.matrix.error()) : null));

  protected readonly pageCount = computed(() => {
    const m = this.current();
    return m ? Math.max(1, Math.ceil(m.total / m.pageSize)) : 1;
  });
  protected readonly rangeStart = computed(() => {
    const m = this.current();
    return m && m.people.length > 0 ? (m.page - 1) * m.pageSize + 1 : 0;
  });
  protected readonly rangeEnd = computed(() => {
    const m = this.current();
    return m ? (m.page - 1) * m.pageSize + m.people.length : 0;
  });
  protected readonly pageSummary = computed(
    () => `${this.current()?.total ?? 0}人中 ${this.rangeStart()}–${this.rangeEnd()}人`,
  );
  protected readonly grandTotal = computed(() => {
    const m = this.current();
    return m ? sumTotals(m) : { assigned: 0, completed: 0, overdue: 0, exempt: 0 };
  });

  /** The course filter keeps the columns seen without a course filter (choosing one course hides the others). */
  protected readonly courseOptions = linkedSignal<
    { m: TeamMatrix | undefined; course: string },
    { code: string; title: string }[]
  >({
    source: () => ({ m: this.current(), course: this.courseCode() }),
    computation: (source, previous) =>
      source.m && !source.course ? source.m.courses : (previous?.value ?? source.m?.courses ?? []),
  });
  /** Position names seen so far, as suggestions for the 職位 field. */
  protected readonly positionOptions = linkedSignal<TeamMatrix | undefined, string[]>({
    source: this.current,
    computation: (m, previous) => {
      const names = new Set(previous?.value ?? []);
      for (const person of m?.people ?? []) if (person.positionName) names.add(person.positionName);
      return [...names];
    },
  });

  /** The org chart as it stood on the matrix's date, loaded once the person drills down (for the breadcrumb). */
  private readonly units = rxResource({
    params: () => (this.orgUnitCode() ? this.current()?.asOf : undefined),
    stream: ({ params }) => (params ? this.api.units(params.slice(0, 10)) : of([])),
  });
  protected readonly breadcrumb = computed(() => {
    // Opened from a bookmark inside the subtree: the manager's own unit is the top until the matrix says otherwise.
    const managed = this.auth.me()?.managedUnit;
    const top = this.top() ?? (managed && !this.isWholeTenant() ? managed : null);
    const root = { code: '', name: top?.name ?? '担当範囲の全体' };
    const code = this.orgUnitCode();
    if (!code) return [root];
    const units = this.units.hasValue() ? this.units.value() : [];
    let path = unitPath(units, code).map((u) => ({ code: u.code, name: u.name }));
    const topIndex = top?.code ? path.findIndex((u) => u.code === top.code) : -1;
    if (topIndex >= 0) path = path.slice(topIndex + 1);
    if (path.length === 0) {
      const unit = this.current()?.unit;
      path = [{ code, name: unit?.code === code ? unit.name : code }];
    }
    return [root, ...path];
  });

  /** Selected people (職員番号 → 氏名), kept across pages and filters within a year. */
  protected readonly selection = linkedSignal<number, ReadonlyMap<string, string>>({
    source: this.fiscalYear,
    computation: () => new Map(),
  });
  protected readonly selectedCount = computed(() => this.selection().size);
  protected readonly pageAllSelected = computed(() => {
    const people = this.current()?.people ?? [];
    return people.length > 0 && people.every((p) => this.selection().has(p.employeeNo));
  });
  protected readonly pageSomeSelected = computed(
    () =>
      !this.pageAllSelected() &&
      (this.current()?.people ?? []).some((p) => this.selection().has(p.employeeNo)),
  );

  protected readonly confirming = signal<ReminderKind | null>(null);
  protected readonly sending = signal(false);
  protected readonly reminderResult = signal<{ text: string; skipped: ReminderSkippedPerson[] } | null>(null);
  protected readonly reminderProblem = signal<Problem | null>(null);

  /** The e-mails the open confirmation would send, loaded when it opens (nothing is sent). */
  protected readonly preview = rxResource<ReminderPreview, ReminderRequest | undefined>({
    params: () => {
      const kind = this.confirming();
      return kind ? this.reminderRequest(kind) : undefined;
    },
    stream: ({ params }) => this.api.previewReminders(params),
  });
  protected readonly previewProblem = computed(() =>
    this.preview.error() ? toProblem(this.preview.error()) : null,
  );
  protected readonly previewIndex = linkedSignal({ source: this.confirming, computation: () => 0 });

  protected readonly ariaSort = computed(() => sortLabel(this.sort()));
  protected readonly sortArrow = computed(() =>
    this.sort() === 'unit' ? ' ▲' : this.sort() === '-unit' ? ' ▼' : '',
  );
  protected readonly sortHint = computed(() =>
    this.sort() === 'unit'
      ? '（所属順。押すと逆順）'
      : this.sort() === '-unit'
        ? '（所属の逆順。押すと期限超過の多い順）'
        : '（押すと所属順に並べ替え）',
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.debounceTimer));
  }

  protected asOfLabel(asOf: string): string {
    return formatWarekiDate(asOf);
  }

  protected cellTitle(cell: MatrixCell): string {
    const label = ENROLLMENT_STATUS_LABELS[cell.status] ?? cell.status;
    return cell.completedAt
      ? `${label}（修了日 ${formatJapaneseDate(cell.completedAt)}）`
      : `${label}（期限 ${formatJapaneseDate(cell.dueDate)}）`;
  }

  protected selectValue(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected numberValue(event: Event): number {
    return Number(this.selectValue(event));
  }

  /**
   * A new view: the changed parameters go into the URL (a history entry, so Back returns to the previous view);
   * any change but the page's starts again on page 1. Empty values leave the URL.
   */
  protected setParams(
    changes: Partial<Record<ViewParam, string | number>>,
    options: { replaceUrl?: boolean } = {},
  ): void {
    const queryParams: Params = {};
    for (const [key, value] of Object.entries(changes))
      queryParams[key] = value === '' || value === undefined ? null : String(value);
    if (!('page' in changes)) queryParams['page'] = null;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams,
      queryParamsHandling: 'merge',
      replaceUrl: options.replaceUrl,
    });
  }

  protected selectYear(event: Event): void {
    const year = Number(this.selectValue(event));
    this.setParams({ fiscalYear: year === currentFiscalYear() ? '' : year, courseCode: '' });
    this.reminderResult.set(null);
  }

  protected onSearchInput(event: Event): void {
    const value = this.inputValue(event);
    this.searchText.set(value);
    clearTimeout(this.debounceTimer);
    // Typing replaces the history entry instead of adding one per pause.
    this.debounceTimer = setTimeout(
      () => this.setParams({ q: value.trim() }, { replaceUrl: true }),
      SEARCH_DEBOUNCE_MS,
    );
  }

  protected searchNow(event: Event): void {
    event.preventDefault();
    clearTimeout(this.debounceTimer);
    this.setParams({ q: this.searchText().trim() });
  }

  protected drill(code: string): void {
    this.setParams({ orgUnitCode: code });
    this.focus('team-matrix-heading');
  }

  protected toggleSort(): void {
    this.setParams({ sort: nextSort(this.sort()) });
  }

  protected goTo(page: number): void {
    if (page < 1 || page > this.pageCount()) return;
    this.setParams({ page: page === 1 ? '' : page });
  }

  protected skippedLabel(person: ReminderSkippedPerson): string {
    return skippedPersonLabel(person, this.selection().get(person.employeeNo));
  }

  private isWholeTenant(): boolean {
    const roles = this.auth.roles();
    return roles.includes('hr') || roles.includes('sysadmin');
  }

  private reminderRequest(kind: ReminderKind): ReminderRequest {
    const fiscalYear = this.fiscalYear();
    return kind === 'selected'
      ? { fiscalYear, employeeNos: [...this.selection().keys()] }
      : { fiscalYear, dueWithinDays: DUE_SOON_DAYS };
  }

  protected isSelected(employeeNo: string): boolean {
    return this.selection().has(employeeNo);
  }

  protected toggle(person: MatrixPerson, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.selection.update((current) => {
      const next = new Map(current);
      if (checked) next.set(person.employeeNo, person.name);
      else next.delete(person.employeeNo);
      return next;
    });
  }

  protected togglePage(event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    const people = this.current()?.people ?? [];
    this.selection.update((current) => {
      const next = new Map(current);
      for (const person of people) {
        if (checked) next.set(person.employeeNo, person.name);
        else next.delete(person.employeeNo);
      }
      return next;
    });
  }

  protected clearSelection(): void {
    this.selection.set(new Map());
    this.focus('remind-all');
  }

  protected askReminder(kind: ReminderKind): void {
    this.reminderResult.set(null);
    this.reminderProblem.set(null);
    this.confirming.set(kind);
  }

  protected closeConfirm(kind: ReminderKind): void {
    this.confirming.set(null);
    this.focus(kind === 'selected' && this.selectedCount() > 0 ? 'remind-selected' : 'remind-all');
  }

  protected async sendReminders(kind: ReminderKind): Promise<void> {
    if (this.sending()) return;
    const request = this.reminderRequest(kind);
    this.sending.set(true);
    this.reminderProblem.set(null);
    try {
      const result = await firstValueFrom(this.api.remind(request));
      // Names of the selection first: the list below may need them after the selection is cleared.
      const skipped = result.skippedPeople.map((p) => ({
        ...p,
        name: p.name ?? this.selection().get(p.employeeNo) ?? null,
      }));
      this.reminderResult.set({ text: reminderMessage(result), skipped });
      if (kind === 'selected') this.selection.set(new Map());
      // The 最終督促日 column shows today's reminders.
      this.matrix.reload();
    } catch (error) {
      this.reminderProblem.set(toProblem(error));
    } finally {
      this.sending.set(false);
      this.closeConfirm(kind);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
