import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import type { Page, PeopleSort, StaffListItem } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { PageHeaderComponent } from '@dx/ui';
import { AuthService } from '../auth/auth.service';
import { nextSort, sortLabel } from '../shared/unit-sort';
import { of } from 'rxjs';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { toProblem } from '../shared/problem';
import { PagerComponent } from '../shared/pager.component';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { StaffHistoryComponent } from './staff-history.component';
import { StaffApi } from './staff.api';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 300;

@Component({
  selector: 'dx-staff-page',
  imports: [
    JapaneseDatePipe,
    PageHeaderComponent,
    PagerComponent,
    ProblemAlertComponent,
    StaffHistoryComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    /* Names never break per character: the table scrolls sideways in its own region instead. */
    .staff-table td,
    .staff-table th {
      white-space: nowrap;
    }
    /* With the history panel beside it, the list keeps the columns that find a person; the panel has the rest. */
    @media (min-width: 75rem) {
      .split-open .staff-table .optional {
        display: none;
      }
      /* A wider panel: its tables (history, courses) keep their titles readable. */
      .split-open {
        grid-template-columns: minmax(0, 1fr) minmax(27rem, 36rem);
      }
    }
  `,
  template: `
    <dx-page-header heading="職員" />

    <form class="toolbar card" role="search" (submit)="searchNow($event)">
      <div class="field field-grow">
        <label for="staff-search">職員番号・氏名・カナで検索</label>
        <input
          id="staff-search"
          type="search"
          autocomplete="off"
          [value]="searchText()"
          (input)="onSearchInput($event)"
          aria-describedby="staff-search-hint"
        />
        <p id="staff-search-hint" class="hint">
          職員番号は前方一致、氏名・カナは部分一致で検索します。入力すると自動で検索します。
        </p>
      </div>
      @if (orgUnitCode(); as code) {
        <div class="chip-row">
          <span class="chip">
            所属：{{ unitLabel() }}
            <button type="button" class="chip-remove" (click)="clearUnit()" aria-label="所属の絞り込みを解除">
              <span aria-hidden="true">×</span>
            </button>
          </span>
        </div>
      }
    </form>

    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    <div class="split" [class.split-open]="selected() !== null">
      <div class="split-main">
        <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
          @if (results.isLoading()) {
            <p class="muted">検索中…</p>
          } @else if (current(); as page) {
            @if (page.total === 0) {
              <p>該当する職員はいません。</p>
            } @else {
              <p>{{ page.total }}件中 {{ rangeStart() }}–{{ rangeEnd() }}件</p>
            }
          }
        </div>

        @if (current(); as page) {
          @if (page.items.length > 0) {
            <div class="table-wrap">
              <table class="data-table staff-table">
                <caption class="visually-hidden">
                  職員一覧（氏名を選ぶと所属履歴を表示します）
                </caption>
                <thead>
                  <tr>
                    <th scope="col">職員番号</th>
                    <th scope="col">氏名</th>
                    <th scope="col" class="optional">氏名カナ</th>
                    <th scope="col" [attr.aria-sort]="ariaSort()">
                      <button type="button" class="sort-button" id="staff-sort-unit" (click)="toggleSort()">
                        所属（{{ pathHeading() }}）<span aria-hidden="true">{{ sortArrow() }}</span>
                      </button>
                      <span class="visually-hidden">{{ sortHint() }}</span>
                    </th>
                    <th scope="col">職位</th>
                    <th scope="col" class="optional">雇用区分</th>
                    <th scope="col" class="optional">採用日</th>
                    <th scope="col" class="optional">昇任日</th>
                  </tr>
                </thead>
                <tbody>
                  @for (person of page.items; track person.employeeNo) {
                    <tr [class.selected]="selected()?.employeeNo === person.employeeNo">
                      <td class="nowrap">{{ person.employeeNo }}</td>
                      <td>
                        <button
                          type="button"
                          class="link-button"
                          [id]="'staff-' + person.employeeNo"
                          [attr.aria-pressed]="selected()?.employeeNo === person.employeeNo"
                          (click)="open(person)"
                        >
                          {{ person.name }}
                        </button>
                      </td>
                      <td class="optional">{{ person.nameKana }}</td>
                      <td>{{ person.unitPath }}</td>
                      <td>{{ person.positionName }}</td>
                      <td class="optional">{{ person.employmentType }}</td>
                      <td class="nowrap optional">{{ person.hiredOn | jaDate }}</td>
                      <td class="nowrap optional">{{ person.promotedOn | jaDate }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
            <dx-pager [page]="page.page" [pageCount]="pageCount()" (go)="goTo($event)" />
          }
        }
      </div>

      @if (selected(); as person) {
        <div class="split-side">
          <dx-staff-history [person]="person" (closed)="close()" />
        </div>
      }
    </div>
  `,
})
export class StaffPage {
  private readonly api = inject(StaffApi);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);

  /** ?orgUnitCode=… (bound by withComponentInputBinding). */
  readonly orgUnitCode = input<string>();

  protected readonly searchText = signal('');
  /** The search term actually sent, updated after a short pause in typing. */
  private readonly query = signal('');
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;

  /** 職員番号順 (''), or by unit in org order, either way. */
  protected readonly sort = signal<PeopleSort | ''>('');
  /** Back to page 1 whenever the search, the unit filter or the order changes. */
  protected readonly page = linkedSignal({
    source: () => ({ q: this.query(), unit: this.orgUnitCode(), sort: this.sort() }),
    computation: () => 1,
  });
  private readonly auth = inject(AuthService);
  /** HR reads the path from the 部局; a manager from below their own unit. */
  protected readonly pathHeading = computed(() => {
    const roles = this.auth.roles();
    return roles.includes('hr') || roles.includes('sysadmin') ? '部局 / 課 / 班' : '課 / 班';
  });
  protected readonly ariaSort = computed(() => sortLabel(this.sort()));
  protected readonly sortArrow = computed(() =>
    this.sort() === 'unit' ? ' ▲' : this.sort() === '-unit' ? ' ▼' : '',
  );
  protected readonly sortHint = computed(() =>
    this.sort() === 'unit'
      ? '（所属順。押すと逆順）'
      : this.sort() === '-unit'
        ? '（所属の逆順。押すと職員番号順）'
        : '（押すと所属順に並べ替え）',
  );

  protected readonly results = rxResource({
    params: () => ({
      q: this.query(),
      orgUnitCode: this.orgUnitCode(),
      sort: this.sort(),
      page: this.page(),
      pageSize: PAGE_SIZE,
    }),
    stream: ({ params }) => this.api.search(params),
  });
  /** The latest page received; kept on screen while the next one loads. */
  protected readonly current = linkedSignal<
    { value: Page<StaffListItem> | undefined; loading: boolean },
    Page<StaffListItem> | undefined
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

  private readonly units = rxResource({
    params: () => this.orgUnitCode(),
    stream: ({ params }) => (params ? this.api.units(todayInTokyo()) : of([])),
  });
  protected readonly unitLabel = computed(() => {
    const code = this.orgUnitCode() ?? '';
    const unit = this.units.hasValue() ? this.units.value().find((u) => u.code === code) : undefined;
    return unit ? `${unit.name}（${code}）` : code;
  });

  protected readonly selected = signal<StaffListItem | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.debounceTimer));
  }

  protected onSearchInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.searchText.set(value);
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => this.query.set(value.trim()), SEARCH_DEBOUNCE_MS);
  }

  protected searchNow(event: Event): void {
    event.preventDefault();
    clearTimeout(this.debounceTimer);
    this.query.set(this.searchText().trim());
  }

  protected toggleSort(): void {
    this.sort.set(nextSort(this.sort()));
  }

  protected goTo(page: number): void {
    if (page < 1 || page > this.pageCount()) return;
    this.page.set(page);
  }

  protected clearUnit(): void {
    void this.router.navigate([], { queryParams: { orgUnitCode: null }, queryParamsHandling: 'merge' });
    afterNextRender(() => document.getElementById('staff-search')?.focus(), { injector: this.injector });
  }

  protected open(person: StaffListItem): void {
    this.selected.set(person);
  }

  protected close(): void {
    const employeeNo = this.selected()?.employeeNo;
    this.selected.set(null);
    if (employeeNo) {
      afterNextRender(() => document.getElementById('staff-' + employeeNo)?.focus(), {
        injector: this.injector,
      });
    }
  }
}
