import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { UdemyCourseLink, UnmatchedRow } from '@dx/contract';
import { UNMATCHED_REASON_LABELS } from '@dx/domain';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { type StaffChoice, StaffPickerComponent } from '../staff-picker.component';
import { UnmatchedApi } from './unmatched.api';

/**
 * What HR does with one unmatched row: resolve it to a person (searched by name, kana or 職員番号) and/or to a module
 * naming a Udemy course, which applies it at once; or dismiss it with a reason.
 */
@Component({
  selector: 'dx-unmatched-action',
  imports: [StaffPickerComponent, ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="unmatched-action-heading">
      <h2 id="unmatched-action-heading" tabindex="-1">
        {{ row().email ?? row().externalId ?? '（不明）' }}・{{ row().courseTitle ?? row().udemyCourseId }}
      </h2>
      <p>理由：{{ reasonLabel() }}。修了日：{{ row().completedOn ?? '—' }}</p>

      <form [formGroup]="resolveForm" (submit)="resolve($event)" novalidate>
        <h3>照合して反映する</h3>
        @if (row().reason !== 'unknown_course') {
          <div class="field">
            <dx-staff-picker
              inputId="unmatched-staff"
              label="この記録の職員"
              [value]="staff()"
              (valueChange)="resolveForm.controls.staff.setValue($event)"
            />
          </div>
        }
        @if (row().reason === 'unknown_course' || row().reason === 'unknown_person') {
          <div class="field">
            <label for="unmatched-module">この記録の教材（Udemy講座）</label>
            <select id="unmatched-module" formControlName="moduleId" aria-describedby="unmatched-module-hint">
              <option value="">
                {{ row().reason === 'unknown_course' ? '選択してください' : '（講座はそのまま）' }}
              </option>
              @for (course of courses(); track course.moduleId) {
                <option [value]="course.moduleId">
                  {{ course.courseTitle }}／{{ course.moduleTitle }}（{{
                    course.udemyCourseId ?? course.url
                  }}）
                </option>
              }
            </select>
            <p id="unmatched-module-hint" class="hint">
              今後の取込でも照合させるには、研修管理でその教材に Udemy の講座IDを設定してください。
            </p>
          </div>
        }
        <div class="button-row">
          <button type="submit" class="button button-primary" [disabled]="busy()">照合して反映する</button>
        </div>
      </form>

      <form [formGroup]="dismissForm" (submit)="dismiss($event)" novalidate>
        <h3>対象外にする</h3>
        <div class="field">
          <label for="unmatched-dismiss-reason">対象外とする理由</label>
          <input id="unmatched-dismiss-reason" type="text" maxlength="500" formControlName="reason" />
        </div>
        <div class="button-row">
          <button type="submit" class="button" [disabled]="busy()">対象外にする</button>
          <button type="button" class="button" (click)="closed.emit()">閉じる</button>
        </div>
      </form>

      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
      </div>
    </section>
  `,
})
export class UnmatchedActionComponent {
  private readonly api = inject(UnmatchedApi);

  readonly row = input.required<UnmatchedRow>();
  readonly courses = input<UdemyCourseLink[]>([]);
  /** The row after it was handled (applied, still waiting, or dismissed). */
  readonly handled = output<UnmatchedRow>();
  readonly closed = output<void>();

  /** 照合して反映する (a typed reactive form): the person chosen in the picker and the module's option. */
  protected readonly resolveForm = new FormGroup({
    staff: new FormControl<StaffChoice | null>(null, { nonNullable: true }),
    /** The chosen option's value: '' for none, else the module's id. */
    moduleId: new FormControl('', { nonNullable: true }),
  });
  protected readonly staff = toSignal(this.resolveForm.controls.staff.valueChanges, {
    initialValue: this.resolveForm.controls.staff.value,
  });
  /** 対象外にする (a typed reactive form). */
  protected readonly dismissForm = new FormGroup({ reason: new FormControl('', { nonNullable: true }) });
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected reasonLabel(): string {
    return UNMATCHED_REASON_LABELS[this.row().reason] ?? this.row().reason;
  }

  protected async resolve(event: Event): Promise<void> {
    event.preventDefault();
    const { staff, moduleId: option } = this.resolveForm.getRawValue();
    const moduleId = option ? Number(option) : null;
    if (!staff && moduleId === null) {
      this.problem.set(
        local('照合先を選んでください', '職員または教材を選んでから「照合して反映する」を押してください。'),
      );
      return;
    }
    await this.run(() =>
      this.api.resolve(this.row().id, {
        ...(staff ? { employeeNo: staff.employeeNo } : {}),
        ...(moduleId !== null ? { moduleId } : {}),
      }),
    );
  }

  protected async dismiss(event: Event): Promise<void> {
    event.preventDefault();
    const reason = this.dismissForm.controls.reason.value.trim();
    if (!reason) {
      this.problem.set(local('理由を入力してください', '対象外とする理由を入力してから押してください。'));
      return;
    }
    await this.run(() => this.api.dismiss(this.row().id, reason));
  }

  private async run(call: () => ReturnType<UnmatchedApi['dismiss']>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.handled.emit(await firstValueFrom(call()));
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}

function local(title: string, detail: string): Problem {
  return { status: 0, type: 'about:blank', title, detail, errors: [] };
}
