import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { can, type EnrollmentSummary } from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS, fiscalYearEnd, isIsoDate, sortEnrollments } from '@dx/domain';
import { StatusBadgeComponent } from '@dx/ui';
import { type Observable, firstValueFrom } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { hrFiscalYears } from '../hr/hr-inputs';
import { ProgressBarComponent } from '../learning/progress-bar.component';
import { currentFiscalYear, formatFiscalYear } from '../shared/dates';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { StaffEnrollmentsApi } from './staff-enrollments.api';

const UNFINISHED = new Set(['not_started', 'in_progress', 'overdue']);

/** Where a change's result is shown: above the table (exemptions) or in the assignment form. */
type Area = 'table' | 'assign';

/**
 * 研修の割当 of one person for one fiscal year. Managers read it; HR (人事担当・システム管理者) may also exempt
 * a person from a course with a reason, lift the exemption, and assign a course by hand.
 */
@Component({
  selector: 'dx-staff-enrollments',
  imports: [JapaneseDatePipe, ProblemAlertComponent, ProgressBarComponent, StatusBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .enrollments-toolbar {
      margin-bottom: 0.75rem;
    }
    /* In the narrow side panel the table scrolls sideways rather than breaking titles into a character per line. */
    .enrollments-table .course-title {
      min-width: 10rem;
    }
    .enrollments-table .status-cell,
    .enrollments-table .action-cell {
      white-space: nowrap;
    }
    .enrollments-table .progress-cell {
      min-width: 6rem;
    }
    .exempt-reason {
      margin: 0.25rem 0 0;
      font-size: 0.875rem;
    }
    .inline-form-row td {
      background: var(--color-bg-soft);
    }
    .inline-form .field {
      margin-bottom: 0.75rem;
    }
    .assign-form {
      margin-top: 1.25rem;
      padding-top: 0.75rem;
      border-top: 1px solid var(--color-border-light);
    }
    .assign-form h4 {
      margin: 0 0 0.5rem;
      color: var(--color-navy);
    }
    .form-fields {
      display: flex;
      flex-wrap: wrap;
      gap: 0 1.25rem;
    }
  `,
  template: `
    <section class="enrollments" aria-labelledby="enrollments-heading">
      <h3 id="enrollments-heading">研修の割当</h3>
      <div class="field field-inline enrollments-toolbar">
        <label for="enrollments-year">年度</label>
        <select id="enrollments-year" (change)="selectYear($event)">
          @for (year of years; track year) {
            <option [value]="year" [selected]="year === fiscalYear()">{{ yearLabel(year) }}</option>
          }
        </select>
      </div>

      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (enrollments.isLoading()) {
          <p class="muted">読み込み中…</p>
        } @else if (messageIn('table'); as text) {
          <p class="alert alert-success">{{ text }}</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problemIn('table')" [showFieldErrors]="true" />
      </div>

      @if (enrollments.hasValue()) {
        @if (rows().length === 0) {
          <p>{{ yearLabel(fiscalYear()) }}に割り当てられた研修はありません。</p>
        } @else {
          <div
            class="table-wrap"
            role="region"
            tabindex="0"
            [attr.aria-label]="personName() + 'さんの研修の割当'"
          >
            <table class="data-table enrollments-table">
              <caption class="visually-hidden">
                {{
                  personName()
                }}さんの研修の割当（{{
                  yearLabel(fiscalYear())
                }}）
              </caption>
              <thead>
                <tr>
                  <th scope="col">研修名</th>
                  <th scope="col">状態</th>
                  <th scope="col">期限</th>
                  <th scope="col">修了日</th>
                  <th scope="col">進捗</th>
                  @if (canEdit()) {
                    <th scope="col">操作</th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (item of rows(); track item.courseCode) {
                  <tr>
                    <td class="course-title">{{ item.courseTitle }}</td>
                    <td class="status-cell">
                      <dx-status-badge [status]="item.status" />
                      @if (item.status === 'exempt' && item.exemptReason) {
                        <p class="exempt-reason">理由：{{ item.exemptReason }}</p>
                      }
                    </td>
                    <td class="nowrap">{{ item.dueDate | jaDate }}</td>
                    <td class="nowrap">{{ item.completedAt ? (item.completedAt | jaDate) : '—' }}</td>
                    <td class="progress-cell">
                      <dx-progress-bar [value]="item.progress" [label]="item.courseTitle + 'の進捗'" />
                    </td>
                    @if (canEdit()) {
                      <td class="action-cell">
                        @if (item.status === 'exempt') {
                          <button
                            type="button"
                            class="button"
                            [id]="actionId(item)"
                            [disabled]="busy()"
                            (click)="lift(item)"
                          >
                            免除を取り消す<span class="visually-hidden">（{{ item.courseTitle }}）</span>
                          </button>
                        } @else if (isUnfinished(item)) {
                          <button
                            type="button"
                            class="button"
                            [id]="actionId(item)"
                            [disabled]="busy()"
                            [attr.aria-expanded]="exempting() === item.courseCode"
                            [attr.aria-controls]="exempting() === item.courseCode ? formId(item) : null"
                            (click)="openExemption(item)"
                          >
                            免除<span class="visually-hidden">（{{ item.courseTitle }}）</span>
                          </button>
                        }
                      </td>
                    }
                  </tr>
                  @if (exempting() === item.courseCode) {
                    <tr class="inline-form-row">
                      <td colspan="6">
                        <form
                          class="inline-form"
                          [id]="formId(item)"
                          [attr.aria-label]="item.courseTitle + 'の免除'"
                          (submit)="exempt($event, item)"
                          novalidate
                        >
                          <div class="field">
                            <label [for]="formId(item) + '-reason'">免除の理由</label>
                            <textarea
                              [id]="formId(item) + '-reason'"
                              rows="2"
                              required
                              [value]="reason()"
                              (input)="onReason($event)"
                              [attr.aria-invalid]="reasonError() !== null"
                              [attr.aria-describedby]="
                                formId(item) + '-hint' + (reasonError() ? ' ' + formId(item) + '-error' : '')
                              "
                            ></textarea>
                            <p [id]="formId(item) + '-hint'" class="hint">
                              例：長期休業のため、他団体で修了済みのため
                            </p>
                            @if (reasonError(); as error) {
                              <p [id]="formId(item) + '-error'" class="field-error">{{ error }}</p>
                            }
                          </div>
                          <div class="button-row">
                            <button type="submit" class="button button-primary" [disabled]="busy()">
                              免除する
                            </button>
                            <button type="button" class="button" (click)="closeExemption(item)">
                              やめる
                            </button>
                          </div>
                        </form>
                      </td>
                    </tr>
                  }
                }
              </tbody>
            </table>
          </div>
        }
      }

      @if (canEdit()) {
        <form class="assign-form" aria-labelledby="assign-heading" (submit)="assign($event)" novalidate>
          <h4 id="assign-heading">研修を割り当てる</h4>
          <p class="hint">{{ yearLabel(fiscalYear()) }}の研修として割り当てます。</p>
          <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
            @if (messageIn('assign'); as text) {
              <p class="alert alert-success">{{ text }}</p>
            }
          </div>
          <div role="alert" aria-atomic="true" class="live-region">
            <dx-problem-alert [problem]="problemIn('assign')" [showFieldErrors]="true" />
          </div>
          <div class="form-fields">
            <div class="field">
              <label for="assign-course">研修コード</label>
              <input
                id="assign-course"
                type="text"
                autocomplete="off"
                spellcheck="false"
                [value]="courseCode()"
                (input)="onCourseCode($event)"
                required
                [attr.aria-invalid]="courseCodeError() !== null"
                [attr.aria-describedby]="
                  'assign-course-hint' + (courseCodeError() ? ' assign-course-error' : '')
                "
              />
              <p id="assign-course-hint" class="hint">例：WORKPLACE-DX</p>
              @if (courseCodeError(); as error) {
                <p id="assign-course-error" class="field-error">{{ error }}</p>
              }
            </div>
            <div class="field">
              <label for="assign-due">期限</label>
              <input
                id="assign-due"
                type="date"
                required
                [value]="dueDate()"
                (change)="onDueDate($event)"
                [attr.aria-invalid]="dueDateError() !== null"
                [attr.aria-describedby]="dueDateError() ? 'assign-due-error' : null"
              />
              @if (dueDateError(); as error) {
                <p id="assign-due-error" class="field-error">{{ error }}</p>
              }
            </div>
          </div>
          <button type="submit" class="button button-primary" [disabled]="busy()">割り当てる</button>
        </form>
      }
    </section>
  `,
})
export class StaffEnrollmentsComponent {
  private readonly api = inject(StaffEnrollmentsApi);
  private readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);

  readonly employeeNo = input.required<string>();
  readonly personName = input.required<string>();

  protected readonly years = hrFiscalYears();
  protected readonly yearLabel = formatFiscalYear;
  protected readonly fiscalYear = signal(currentFiscalYear());
  protected readonly canEdit = computed(() => can(this.auth.roles(), 'enrollments.manage'));

  protected readonly enrollments = rxResource({
    params: () => ({ employeeNo: this.employeeNo(), fiscalYear: this.fiscalYear() }),
    stream: ({ params }) => this.api.list(params.employeeNo, params.fiscalYear),
  });
  protected readonly rows = computed(() =>
    this.enrollments.hasValue() ? sortEnrollments(this.enrollments.value()) : [],
  );

  /** Everything below starts afresh whenever another person or year is shown. */
  private readonly view = computed(() => `${this.employeeNo()} ${this.fiscalYear()}`);
  protected readonly busy = linkedSignal({ source: this.view, computation: () => false });
  /** What the last change did, shown beside the table or the assignment form it came from. */
  private readonly feedback = linkedSignal<string, { area: Area; text: string } | null>({
    source: this.view,
    computation: () => null,
  });
  private readonly failure = linkedSignal<string, { area: Area; problem: Problem } | null>({
    source: this.view,
    computation: () => null,
  });

  /** The course whose exemption form is open. */
  protected readonly exempting = linkedSignal<string, string | null>({
    source: this.view,
    computation: () => null,
  });
  protected readonly reason = signal('');
  protected readonly reasonError = signal<string | null>(null);

  protected readonly courseCode = signal('');
  protected readonly courseCodeError = signal<string | null>(null);
  /** 31 March of the shown year unless HR chose another day. */
  protected readonly dueDate = linkedSignal(() => fiscalYearEnd(this.fiscalYear()));
  protected readonly dueDateError = signal<string | null>(null);

  protected messageIn(area: Area): string | null {
    const feedback = this.feedback();
    return feedback?.area === area ? feedback.text : null;
  }

  /** The table's area also shows why the list itself could not be loaded. */
  protected problemIn(area: Area): Problem | null {
    if (area === 'table' && this.enrollments.error()) return toProblem(this.enrollments.error());
    const failure = this.failure();
    return failure?.area === area ? failure.problem : null;
  }

  protected isUnfinished(item: EnrollmentSummary): boolean {
    return UNFINISHED.has(item.status);
  }

  protected actionId(item: EnrollmentSummary): string {
    return `enrollment-${item.courseCode}-action`;
  }

  protected formId(item: EnrollmentSummary): string {
    return `enrollment-${item.courseCode}-exemption`;
  }

  protected selectYear(event: Event): void {
    this.fiscalYear.set(Number((event.target as HTMLSelectElement).value));
  }

  protected openExemption(item: EnrollmentSummary): void {
    if (this.exempting() === item.courseCode) {
      this.closeExemption(item);
      return;
    }
    this.exempting.set(item.courseCode);
    this.reason.set('');
    this.reasonError.set(null);
    this.feedback.set(null);
    this.focusAfterRender(`${this.formId(item)}-reason`);
  }

  protected closeExemption(item: EnrollmentSummary): void {
    this.exempting.set(null);
    this.focusAfterRender(this.actionId(item));
  }

  protected onReason(event: Event): void {
    this.reason.set((event.target as HTMLTextAreaElement).value);
    if (this.reason().trim()) this.reasonError.set(null);
  }

  protected async exempt(event: Event, item: EnrollmentSummary): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const reason = this.reason().trim();
    if (!reason) {
      this.reasonError.set('免除の理由を入力してください。');
      this.focusAfterRender(`${this.formId(item)}-reason`);
      return;
    }
    const updated = await this.run('table', () =>
      this.api.exempt(this.employeeNo(), item.courseCode, this.fiscalYear(), reason),
    );
    if (!updated) return;
    this.replace(updated);
    this.exempting.set(null);
    this.feedback.set({
      area: 'table',
      text: `「${updated.courseTitle}」を${ENROLLMENT_STATUS_LABELS[updated.status]}にしました。`,
    });
    this.focusAfterRender(this.actionId(updated));
  }

  protected async lift(item: EnrollmentSummary): Promise<void> {
    const updated = await this.run('table', () =>
      this.api.liftExemption(this.employeeNo(), item.courseCode, this.fiscalYear()),
    );
    if (!updated) return;
    this.replace(updated);
    this.feedback.set({
      area: 'table',
      text: `「${updated.courseTitle}」の免除を取り消しました（状態：${ENROLLMENT_STATUS_LABELS[updated.status]}）。`,
    });
    this.focusAfterRender(this.actionId(updated));
  }

  protected onCourseCode(event: Event): void {
    this.courseCode.set((event.target as HTMLInputElement).value);
    if (this.courseCode().trim()) this.courseCodeError.set(null);
  }

  protected onDueDate(event: Event): void {
    this.dueDate.set((event.target as HTMLInputElement).value);
    if (isIsoDate(this.dueDate())) this.dueDateError.set(null);
  }

  protected async assign(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const courseCode = this.courseCode().trim();
    const dueDate = this.dueDate();
    this.courseCodeError.set(courseCode ? null : '研修コードを入力してください。');
    this.dueDateError.set(isIsoDate(dueDate) ? null : '期限を年・月・日まで入力してください。');
    if (!courseCode || !isIsoDate(dueDate)) {
      this.focusAfterRender(courseCode ? 'assign-due' : 'assign-course');
      return;
    }
    const created = await this.run('assign', () =>
      this.api.assign(this.employeeNo(), { courseCode, fiscalYear: this.fiscalYear(), dueDate }),
    );
    if (!created) return;
    if (this.enrollments.hasValue()) this.enrollments.value.update((items) => [...items, created]);
    this.courseCode.set('');
    this.feedback.set({ area: 'assign', text: `「${created.courseTitle}」を割り当てました。` });
  }

  /**
   * Runs one change; on failure shows the problem. Answers null when it failed, or when another person or
   * year was opened meanwhile (the answer no longer belongs to what is on screen).
   */
  private async run<T>(area: Area, call: () => Observable<T>): Promise<T | null> {
    const view = this.view();
    this.busy.set(true);
    this.feedback.set(null);
    this.failure.set(null);
    try {
      const result = await firstValueFrom(call());
      return this.view() === view ? result : null;
    } catch (error) {
      if (this.view() === view) this.failure.set({ area, problem: toProblem(error) });
      return null;
    } finally {
      if (this.view() === view) this.busy.set(false);
    }
  }

  private replace(updated: EnrollmentSummary): void {
    if (!this.enrollments.hasValue()) return;
    this.enrollments.value.update((items) =>
      items.map((item) => (item.courseCode === updated.courseCode ? updated : item)),
    );
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
