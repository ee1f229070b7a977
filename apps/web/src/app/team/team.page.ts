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
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, type Params, Router } from '@angular/router';
import type { TeamMatrix } from '@dx/contract';
import { PageHeaderComponent } from '@dx/ui';
import { of, tap } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { formatWarekiDate, recentFiscalYears } from '../shared/dates';
import { PagerComponent } from '../shared/pager.component';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { nextSort } from '../shared/unit-sort';
import { TeamDrilldownComponent } from './team-drilldown.component';
import { TeamFiltersComponent } from './team-filters.component';
import { TeamMatrixComponent, type TeamSelection, type TeamSelectionChange } from './team-matrix.component';
import { type ReminderKind, TeamRemindersComponent } from './team-reminders.component';
import { unitPath } from './team-labels';
import { type ViewChange, readView } from './team-view';
import { TeamApi } from './team.api';

const PAGE_SIZE = 50;

/**
 * チーム受講状況: people × required courses of the manager's subtree, with drill-down, filters and reminders. The
 * URL holds the view (see team-view.ts); this shell loads the matrix for it and keeps the selection.
 */
@Component({
  selector: 'dx-team-page',
  imports: [
    PageHeaderComponent,
    PagerComponent,
    ProblemAlertComponent,
    TeamDrilldownComponent,
    TeamFiltersComponent,
    TeamMatrixComponent,
    TeamRemindersComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dx-page-header
      heading="チーム受講状況"
      lead="担当する組織の職員ごとの研修の受講状況です。期限を過ぎた研修がある人から順に並びます。"
    />

    <dx-team-filters
      [view]="view()"
      [years]="years"
      [courses]="courseOptions()"
      [positions]="positionOptions()"
      (changed)="setParams($event)"
    />

    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (current(); as m) {
      <dx-team-drilldown [breadcrumb]="breadcrumb()" [subUnits]="m.subUnits" (drill)="drill($event)" />
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

      <dx-team-reminders
        [fiscalYear]="view().fiscalYear"
        [selection]="selection()"
        (sent)="remindersSent($event)"
        (cleared)="selection.set(emptySelection)"
      />

      @if (current(); as m) {
        @if (m.people.length > 0) {
          <dx-team-matrix
            [matrix]="m"
            [sort]="view().sort"
            [selection]="selection()"
            (selectionChange)="select($event)"
            (sortToggle)="setParams({ changes: { sort: nextSort(view().sort) } })"
          />
          <p id="team-matrix-scroll-hint" class="hint">表は横にスクロールできます（氏名の列は固定）。</p>
          <dx-pager [page]="m.page" [pageCount]="pageCount()" [summary]="pageSummary()" (go)="goTo($event)" />
        }
      }
    </section>
  `,
})
export class TeamPage {
  private readonly api = inject(TeamApi);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  protected readonly years = recentFiscalYears(5);
  protected readonly nextSort = nextSort;
  protected readonly emptySelection: TeamSelection = new Map();

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  /** The view as the URL says it: the one source of the filters. */
  protected readonly view = computed(() => readView(this.params(), this.years), {
    equal: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });

  /** The top of the manager's scope, as the first breadcrumb (remembered from the matrix without a unit filter). */
  private readonly top = signal<{ code: string; name: string } | null>(null);

  protected readonly matrix = rxResource({
    params: () => {
      const { fiscalYear, orgUnitCode, trackCode, courseCode, status, position, q, sort, page } = this.view();
      return {
        fiscalYear,
        orgUnitCode,
        trackCode,
        courseCode,
        status,
        position,
        q,
        sort,
        page,
        pageSize: PAGE_SIZE,
      };
    },
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
  protected readonly pageSummary = computed(() => {
    const m = this.current();
    const start = m && m.people.length > 0 ? (m.page - 1) * m.pageSize + 1 : 0;
    const end = m ? (m.page - 1) * m.pageSize + m.people.length : 0;
    return `${m?.total ?? 0}人中 ${start}–${end}人`;
  });

  /** The course filter keeps the columns seen without a course filter (choosing one course hides the others). */
  protected readonly courseOptions = linkedSignal<
    { m: TeamMatrix | undefined; course: string },
    { code: string; title: string }[]
  >({
    source: () => ({ m: this.current(), course: this.view().courseCode }),
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
    params: () => (this.view().orgUnitCode ? this.current()?.asOf : undefined),
    stream: ({ params }) => (params ? this.api.units(params.slice(0, 10)) : of([])),
  });
  protected readonly breadcrumb = computed(() => {
    // Opened from a bookmark inside the subtree: the manager's own unit is the top until the matrix says otherwise.
    const managed = this.auth.me()?.managedUnit;
    const top = this.top() ?? (managed && !this.isWholeTenant() ? managed : null);
    const root = { code: '', name: top?.name ?? '担当範囲の全体' };
    const code = this.view().orgUnitCode;
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
  protected readonly selection = linkedSignal<number, TeamSelection>({
    source: () => this.view().fiscalYear,
    computation: () => new Map(),
  });

  protected asOfLabel(asOf: string): string {
    return formatWarekiDate(asOf);
  }

  /**
   * A new view: the changed parameters go into the URL (a history entry, so Back returns to the previous view);
   * any change but the page's starts again on page 1. Empty values leave the URL.
   */
  protected setParams({ changes, replaceUrl }: ViewChange): void {
    const queryParams: Params = {};
    for (const [key, value] of Object.entries(changes))
      queryParams[key] = value === '' || value === undefined ? null : String(value);
    if (!('page' in changes)) queryParams['page'] = null;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams,
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }

  protected drill(code: string): void {
    this.setParams({ changes: { orgUnitCode: code } });
    afterNextRender(() => document.getElementById('team-matrix-heading')?.focus(), {
      injector: this.injector,
    });
  }

  protected goTo(page: number): void {
    if (page < 1 || page > this.pageCount()) return;
    this.setParams({ changes: { page: page === 1 ? '' : page } });
  }

  protected select({ people, checked }: TeamSelectionChange): void {
    this.selection.update((current) => {
      const next = new Map(current);
      for (const person of people) {
        if (checked) next.set(person.employeeNo, person.name);
        else next.delete(person.employeeNo);
      }
      return next;
    });
  }

  protected remindersSent(kind: ReminderKind): void {
    if (kind === 'selected') this.selection.set(new Map());
    // The 最終督促日 column shows today's reminders.
    this.matrix.reload();
  }

  private isWholeTenant(): boolean {
    const roles = this.auth.roles();
    return roles.includes('hr') || roles.includes('sysadmin');
  }
}
