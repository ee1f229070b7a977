import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  viewChild,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { can, type EnrollmentSummary } from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS, sortEnrollments } from '@dx/domain';
import { FiscalYearSelectComponent, StatusBadgeComponent } from '@dx/ui';
import { type Observable, firstValueFrom } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { hrFiscalYears } from '../hr/hr-inputs';
import { ProgressBarComponent } from '../learning/progress-bar.component';
import { currentFiscalYear, formatFiscalYear } from '../shared/dates';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { nullOnChange } from '../shared/null-on-change';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { StaffEnrollmentActionsComponent } from './staff-enrollment-actions.component';
import { StaffEnrollmentsApi } from './staff-enrollments.api';
import { type AssignRequest, StaffAssignFormComponent } from './staff-assign-form.component';
import { StaffExemptionFormComponent } from './staff-exemption-form.component';

/** Where a change's result is shown: above the table (exemptions) or in the assignment form. */
type Area = 'table' | 'assign';

/**
 * 研修の割当 of one person for one fiscal year. Managers read it; HR (人事担当・システム管理者) may also exempt
 * a person from a course with a reason, lift the exemption, and assign a course by hand.
 */
@Component({
  selector: 'dx-staff-enrollments',
  imports: [
    FiscalYearSelectComponent,
    JapaneseDatePipe,
    ProblemAlertComponent,
    ProgressBarComponent,
    ReactiveFormsModule,
    StaffAssignFormComponent,
    StaffEnrollmentActionsComponent,
    StaffExemptionFormComponent,
    StatusBadgeComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './staff-enrollments.component.css',
  template: `
    <section class="enrollments" aria-labelledby="enrollments-heading">
      <h3 id="enrollments-heading">研修の割当</h3>
      <div class="enrollments-toolbar">
        <dx-fiscal-year-select inputId="enrollments-year" [years]="years" [formControl]="yearControl" />
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
          <div class="table-wrap" role="region" tabindex="0" [attr.aria-label]="tableLabel()">
            <table class="data-table enrollments-table">
              <caption class="visually-hidden">
                {{
                  caption()
                }}
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
                        <dx-staff-enrollment-actions
                          [item]="item"
                          [actionId]="actionId(item)"
                          [formId]="formId(item)"
                          [expanded]="exempting() === item.courseCode"
                          [busy]="busy()"
                          (lift)="lift(item)"
                          (exemption)="openExemption(item)"
                        />
                      </td>
                    }
                  </tr>
                  @if (exempting() === item.courseCode) {
                    <tr class="inline-form-row">
                      <td colspan="6">
                        <dx-staff-exemption-form
                          [item]="item"
                          [formId]="formId(item)"
                          [busy]="busy()"
                          (submitted)="exempt(item, $event)"
                          (cancelled)="closeExemption(item)"
                        />
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
        <dx-staff-assign-form
          [fiscalYear]="fiscalYear()"
          [busy]="busy()"
          [message]="messageIn('assign')"
          [problem]="problemIn('assign')"
          (submitted)="assign($event)"
        />
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
  protected readonly yearControl = new FormControl(currentFiscalYear(), { nonNullable: true });
  protected readonly fiscalYear = toSignal(this.yearControl.valueChanges, {
    initialValue: this.yearControl.value,
  });
  protected readonly tableLabel = computed(() => `${this.personName()}さんの研修の割当`);
  protected readonly caption = computed(
    () => `${this.tableLabel()}（${formatFiscalYear(this.fiscalYear())}）`,
  );
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
  private readonly feedback = nullOnChange<{ area: Area; text: string }>(this.view);
  private readonly failure = nullOnChange<{ area: Area; problem: Problem }>(this.view);

  /** The course whose exemption form is open. */
  protected readonly exempting = nullOnChange<string>(this.view);
  private readonly assignForm = viewChild(StaffAssignFormComponent);

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

  protected actionId(item: EnrollmentSummary): string {
    return `enrollment-${item.courseCode}-action`;
  }

  protected formId(item: EnrollmentSummary): string {
    return `enrollment-${item.courseCode}-exemption`;
  }

  protected openExemption(item: EnrollmentSummary): void {
    if (this.exempting() === item.courseCode) {
      this.closeExemption(item);
      return;
    }
    this.exempting.set(item.courseCode);
    this.feedback.set(null);
    this.focusAfterRender(`${this.formId(item)}-reason`);
  }

  protected closeExemption(item: EnrollmentSummary): void {
    this.exempting.set(null);
    this.focusAfterRender(this.actionId(item));
  }

  protected async exempt(item: EnrollmentSummary, reason: string): Promise<void> {
    if (this.busy()) return;
    const updated = await this.run('table', () =>
      this.api.exempt(this.employeeNo(), item.courseCode, this.fiscalYear(), reason),
    );
    if (!updated) return;
    this.exempting.set(null);
    this.replace(
      updated,
      `「${updated.courseTitle}」を${ENROLLMENT_STATUS_LABELS[updated.status]}にしました。`,
    );
  }

  protected async lift(item: EnrollmentSummary): Promise<void> {
    const updated = await this.run('table', () =>
      this.api.liftExemption(this.employeeNo(), item.courseCode, this.fiscalYear()),
    );
    if (!updated) return;
    this.replace(
      updated,
      `「${updated.courseTitle}」の免除を取り消しました（状態：${ENROLLMENT_STATUS_LABELS[updated.status]}）。`,
    );
  }

  protected async assign({ courseCode, dueDate }: AssignRequest): Promise<void> {
    if (this.busy()) return;
    const created = await this.run('assign', () =>
      this.api.assign(this.employeeNo(), { courseCode, fiscalYear: this.fiscalYear(), dueDate }),
    );
    if (!created) return;
    if (this.enrollments.hasValue()) this.enrollments.value.update((items) => [...items, created]);
    this.assignForm()?.clearCourse();
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

  /** Shows a changed row, says what changed above the table and returns focus to the row's action. */
  private replace(updated: EnrollmentSummary, text: string): void {
    if (this.enrollments.hasValue())
      this.enrollments.value.update((items) =>
        items.map((item) => (item.courseCode === updated.courseCode ? updated : item)),
      );
    this.feedback.set({ area: 'table', text });
    this.focusAfterRender(this.actionId(updated));
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
