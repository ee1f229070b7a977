import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { EnrollmentStatusName } from '@dx/contract';
import { ChoiceSelectComponent, FilterBarComponent, FiscalYearSelectComponent } from '@dx/ui';
import { Subject, map, switchMap, takeUntil, timer } from 'rxjs';
import { currentFiscalYear } from '../shared/dates';
import { STATUS_OPTIONS, TRACK_OPTIONS } from './team-labels';
import type { TeamView, ViewChange } from './team-view';

const SEARCH_DEBOUNCE_MS = 300;

type FilterKey = 'fiscalYear' | 'trackCode' | 'courseCode' | 'status' | 'position' | 'q';

/**
 * The team matrix's filters, a typed reactive form that follows the URL's view and asks for a new view as the person
 * changes it: a choice at once, the 職位 when it is committed, the name search after a pause in typing (or on Enter).
 */
@Component({
  selector: 'dx-team-filters',
  imports: [ChoiceSelectComponent, FilterBarComponent, FiscalYearSelectComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dx-filter-bar label="受講状況の絞り込み" [formGroup]="form" (submitted)="searchNow()">
      <dx-fiscal-year-select inputId="team-year" [years]="years()" formControlName="fiscalYear" />
      <dx-choice-select
        inputId="team-track"
        label="研修体系"
        [choices]="tracks"
        formControlName="trackCode"
      />
      <dx-choice-select
        inputId="team-course"
        label="研修"
        [choices]="courseChoices()"
        formControlName="courseCode"
      />
      <dx-choice-select inputId="team-status" label="状態" [choices]="statuses" formControlName="status" />
      <div class="field">
        <label for="team-position">職位</label>
        <input
          id="team-position"
          type="text"
          list="team-position-options"
          autocomplete="off"
          formControlName="position"
          (change)="commitPosition()"
          aria-describedby="team-position-hint"
        />
        <datalist id="team-position-options">
          @for (name of positions(); track name) {
            <option [value]="name"></option>
          }
        </datalist>
        <p id="team-position-hint" class="hint">
          職位名（例：主事）を候補から選ぶか、そのとおりに入力します。
        </p>
      </div>
      <div class="field field-grow">
        <label for="team-search">氏名で検索</label>
        <input id="team-search" type="search" autocomplete="off" formControlName="q" />
      </div>
    </dx-filter-bar>
  `,
})
export class TeamFiltersComponent {
  readonly view = input.required<TeamView>();
  readonly years = input.required<readonly number[]>();
  /** The courses to choose from (the matrix's columns without a course filter). */
  readonly courses = input<readonly { code: string; title: string }[]>([]);
  /** Position names seen so far, as suggestions. */
  readonly positions = input<readonly string[]>([]);
  readonly changed = output<ViewChange>();

  protected readonly tracks = TRACK_OPTIONS;
  protected readonly statuses = STATUS_OPTIONS;
  protected readonly courseChoices = computed(() =>
    this.courses().map((c) => ({ value: c.code, label: c.title })),
  );
  protected readonly form = new FormGroup({
    fiscalYear: new FormControl(currentFiscalYear(), { nonNullable: true }),
    trackCode: new FormControl('', { nonNullable: true }),
    courseCode: new FormControl('', { nonNullable: true }),
    status: new FormControl<EnrollmentStatusName | ''>('', { nonNullable: true }),
    position: new FormControl('', { nonNullable: true }),
    q: new FormControl('', { nonNullable: true }),
  });
  private readonly submits = new Subject<void>();

  constructor() {
    // The form follows the URL (Back, bookmarks), field by field, so text typed but not yet sent stays; the person's
    // own search typing (a trailing space before the given name) stays while it means the same search.
    let shown: Pick<TeamView, FilterKey> | undefined;
    effect(() => {
      const view = this.view();
      const controls = this.form.controls;
      if (view.fiscalYear !== shown?.fiscalYear)
        controls.fiscalYear.setValue(view.fiscalYear, { emitEvent: false });
      for (const key of ['trackCode', 'courseCode', 'position'] as const)
        if (view[key] !== shown?.[key]) controls[key].setValue(view[key], { emitEvent: false });
      if (view.status !== shown?.status) controls.status.setValue(view.status, { emitEvent: false });
      if (view.q !== shown?.q && controls.q.value.trim() !== view.q)
        controls.q.setValue(view.q, { emitEvent: false });
      shown = view;
    });

    const { fiscalYear, trackCode, courseCode, status, q } = this.form.controls;
    // A course of one year may not be offered in another: a new year shows every course.
    fiscalYear.valueChanges.pipe(takeUntilDestroyed()).subscribe((year) =>
      this.changed.emit({
        changes: { fiscalYear: year === currentFiscalYear() ? '' : year, courseCode: '' },
      }),
    );
    trackCode.valueChanges.pipe(takeUntilDestroyed()).subscribe((code) => this.emit({ trackCode: code }));
    courseCode.valueChanges.pipe(takeUntilDestroyed()).subscribe((code) => this.emit({ courseCode: code }));
    status.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => this.emit({ status: value }));
    // Typing replaces the history entry instead of adding one per pause; Enter sends at once.
    q.valueChanges
      .pipe(
        switchMap((value) =>
          timer(SEARCH_DEBOUNCE_MS).pipe(
            map(() => value),
            takeUntil(this.submits),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((value) => this.changed.emit({ changes: { q: value.trim() }, replaceUrl: true }));
  }

  protected commitPosition(): void {
    this.emit({ position: this.form.controls.position.value.trim() });
  }

  protected searchNow(): void {
    this.submits.next();
    this.emit({ q: this.form.controls.q.value.trim() });
  }

  private emit(changes: ViewChange['changes']): void {
    this.changed.emit({ changes });
  }
}
