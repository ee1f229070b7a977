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
import { rxResource } from '@angular/core/rxjs-interop';
import type { EnrollmentStatusName, MatrixCell, MatrixPerson, TeamMatrix } from '@dx/contract';
import { firstValueFrom, of, tap } from 'rxjs';
import { ENROLLMENT_STATUS_LABELS } from '../learning/enrollment-status';
import { ProgressBarComponent } from '../learning/progress-bar.component';
import { StatusBadgeComponent } from '../learning/status-badge.component';
import {
  currentFiscalYear,
  formatFiscalYear,
  formatJapaneseDate,
  formatWarekiDate,
  recentFiscalYears,
} from '../shared/dates';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { ConfirmDialogComponent } from './confirm-dialog.component';
import {
  STATUS_OPTIONS,
  TRACK_OPTIONS,
  abbreviateTitle,
  completedOfAssigned,
  reminderMessage,
  sumTotals,
  unitPath,
} from './team-labels';
import { TeamApi } from './team.api';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 300;
/** 「期限間近」: due within this many days. */
const DUE_SOON_DAYS = 14;

type ReminderKind = 'selected' | 'all';

/** チーム受講状況: people × required courses of the manager's subtree, with drill-down, filters and reminders. */
@Component({
  selector: 'dx-team-page',
  imports: [ConfirmDialogComponent, ProblemAlertComponent, ProgressBarComponent, StatusBadgeComponent],
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
    .matrix-table th[scope='row'] {
      white-space: nowrap;
      font-weight: normal;
    }
    .matrix-table td.cell {
      text-align: center;
    }
    .matrix-table tr.row-overdue th[scope='row'] {
      border-left: 4px solid var(--color-error);
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
        <select id="team-track" (change)="trackCode.set(selectValue($event))">
          <option value="" [selected]="trackCode() === ''">すべて</option>
          @for (track of tracks; track track.code) {
            <option [value]="track.code" [selected]="trackCode() === track.code">{{ track.label }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="team-course">研修</label>
        <select id="team-course" (change)="courseCode.set(selectValue($event))">
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
        <select id="team-status" (change)="status.set(statusValue($event))">
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
          (change)="position.set(inputValue($event))"
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
            <p>{{ m.total }}人中 {{ rangeStart() }}–{{ rangeEnd() }}人（{{ asOfLabel(m.asOf) }}時点）</p>
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
        } @else if (reminderResult(); as text) {
          <p class="alert alert-success">{{ text }}</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="reminderProblem()" />
      </div>

      @if (current(); as m) {
        @if (m.people.length > 0) {
          <div class="table-wrap">
            <table class="data-table matrix-table">
              <caption class="visually-hidden">
                職員ごとの研修の受講状況（{{
                  yearLabel(m.fiscalYear)
                }}、期限超過のある人が先頭）
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      id="team-select-page"
                      aria-label="このページの全員を選択"
                      [checked]="pageAllSelected()"
                      [indeterminate]="pageSomeSelected()"
                      (change)="togglePage($event)"
                    />
                  </th>
                  <th scope="col">氏名</th>
                  <th scope="col">所属</th>
                  <th scope="col">職位</th>
                  @for (course of m.courses; track course.code) {
                    <th scope="col" [attr.title]="course.title">
                      <span aria-hidden="true">{{ abbreviate(course.title) }}</span>
                      <span class="visually-hidden">{{ course.title }}</span>
                    </th>
                  }
                  <th scope="col">修了／割当</th>
                  <th scope="col">期限超過</th>
                </tr>
              </thead>
              <tbody>
                @for (person of m.people; track person.employeeNo) {
                  <tr
                    [class.row-overdue]="person.overdue > 0"
                    [class.selected]="isSelected(person.employeeNo)"
                  >
                    <td>
                      <input
                        type="checkbox"
                        [id]="'team-select-' + person.employeeNo"
                        [attr.aria-label]="person.name + 'を選択'"
                        [checked]="isSelected(person.employeeNo)"
                        (change)="toggle(person, $event)"
                      />
                    </td>
                    <th scope="row">{{ person.name }}</th>
                    <td>{{ person.unitName }}</td>
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
                  </tr>
                }
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colspan="4">合計（{{ m.total }}人）</th>
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
                </tr>
              </tfoot>
            </table>
          </div>
          <nav class="pager" aria-label="ページ送り">
            <button type="button" class="button" (click)="goTo(m.page - 1)" [disabled]="m.page <= 1">
              前へ
            </button>
            <span>{{ m.total }}人中 {{ rangeStart() }}–{{ rangeEnd() }}人</span>
            <button
              type="button"
              class="button"
              (click)="goTo(m.page + 1)"
              [disabled]="m.page >= pageCount()"
            >
              次へ
            </button>
          </nav>
        }
      }
    </section>

    @if (confirming(); as kind) {
      <dx-confirm-dialog
        heading="督促メールの送信"
        confirmLabel="送信する"
        [busy]="sending()"
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
        <p>同じ研修の督促は1日1回までです。本日すでに送った研修は送られません。よろしいですか？</p>
      </dx-confirm-dialog>
    }
  `,
})
export class TeamPage {
  private readonly api = inject(TeamApi);
  private readonly injector = inject(Injector);

  protected readonly years = recentFiscalYears(5);
  protected readonly yearLabel = formatFiscalYear;
  protected readonly tracks = TRACK_OPTIONS;
  protected readonly statuses = STATUS_OPTIONS;
  protected readonly abbreviate = abbreviateTitle;
  protected readonly completedOf = completedOfAssigned;
  protected readonly dueSoonDays = DUE_SOON_DAYS;

  protected readonly fiscalYear = signal(currentFiscalYear());
  protected readonly orgUnitCode = signal('');
  protected readonly trackCode = signal('');
  protected readonly courseCode = signal('');
  protected readonly status = signal<EnrollmentStatusName | ''>('');
  protected readonly position = signal('');
  protected readonly searchText = signal('');
  /** The name search actually sent, updated after a short pause in typing. */
  private readonly query = signal('');
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;

  /** Back to page 1 whenever the year or a filter changes. */
  protected readonly page = linkedSignal({
    source: () => ({
      y: this.fiscalYear(),
      u: this.orgUnitCode(),
      t: this.trackCode(),
      c: this.courseCode(),
      s: this.status(),
      p: this.position(),
      q: this.query(),
    }),
    computation: () => 1,
  });

  /** The top of the manager's scope, as the first breadcrumb (remembered from the matrix without a unit filter). */
  private readonly top = signal<{ code: string; name: string } | null>(null);

  protected readonly matrix = rxResource({
    params: () => ({
      fiscalYear: this.fiscalYear(),
      orgUnitCode: this.orgUnitCode(),
      trackCode: this.trackCode(),
      courseCode: this.courseCode(),
      status: this.status(),
      position: this.position().trim(),
      q: this.query(),
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
    const top = this.top();
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
  protected readonly reminderResult = signal<string | null>(null);
  protected readonly reminderProblem = signal<Problem | null>(null);

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

  protected statusValue(event: Event): EnrollmentStatusName | '' {
    return this.selectValue(event) as EnrollmentStatusName | '';
  }

  protected selectYear(event: Event): void {
    this.fiscalYear.set(Number(this.selectValue(event)));
    this.courseCode.set('');
    this.reminderResult.set(null);
  }

  protected onSearchInput(event: Event): void {
    const value = this.inputValue(event);
    this.searchText.set(value);
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => this.query.set(value.trim()), SEARCH_DEBOUNCE_MS);
  }

  protected searchNow(event: Event): void {
    event.preventDefault();
    clearTimeout(this.debounceTimer);
    this.query.set(this.searchText().trim());
  }

  protected drill(code: string): void {
    this.orgUnitCode.set(code);
    this.focus('team-matrix-heading');
  }

  protected goTo(page: number): void {
    if (page < 1 || page > this.pageCount()) return;
    this.page.set(page);
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
    const fiscalYear = this.fiscalYear();
    const request =
      kind === 'selected'
        ? { fiscalYear, employeeNos: [...this.selection().keys()] }
        : { fiscalYear, dueWithinDays: DUE_SOON_DAYS };
    this.sending.set(true);
    this.reminderProblem.set(null);
    try {
      const result = await firstValueFrom(this.api.remind(request));
      this.reminderResult.set(reminderMessage(result));
      if (kind === 'selected') this.selection.set(new Map());
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
