import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { COHORT_STAGES, type CohortStage } from '@dx/contract';
import { isIsoDate, todayInTokyo } from '@dx/domain';
import { type Observable, firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { type StaffChoice, StaffPickerComponent } from '../staff-picker.component';
import { CohortCreateFormComponent, type CohortDraft } from './cohort-create-form.component';
import { type CohortMemberEdit, CohortListComponent } from './cohort-list.component';
import { CohortsApi } from './cohorts.api';

type FormName = 'member' | 'create';

interface MemberForm {
  cohort: FormControl<string>;
  person: FormControl<StaffChoice | null>;
  stage: FormControl<CohortStage>;
  joinedOn: FormControl<string>;
  certifiedOn: FormControl<string>;
}

/** DX推進スペシャリスト: the cohorts (養成期) with their members and stages, and the forms that change them. */
@Component({
  selector: 'dx-cohorts-page',
  imports: [
    CohortCreateFormComponent,
    CohortListComponent,
    ProblemAlertComponent,
    ReactiveFormsModule,
    StaffPickerComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .form-fields {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0 1.25rem;
    }
  `,
  template: `
    <h1>DX推進スペシャリスト</h1>
    <p class="lead">
      DX推進スペシャリスト養成の期（養成期）と、メンバーの段階（基礎 → 応用 → 実践 →
      認定）を管理します。メンバーに加えると、養成の研修が割り当てられます。
    </p>

    <section aria-labelledby="cohorts-heading">
      <h2 id="cohorts-heading">養成期の一覧</h2>
      <div role="status" aria-live="polite" class="live-region">
        @if (cohorts.isLoading()) {
          <p class="muted">読み込み中…</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="loadProblem()" />
      </div>
      @if (cohorts.hasValue()) {
        <dx-cohort-list [cohorts]="sortedCohorts()" (edit)="edit($event)" />
      }
    </section>

    <section class="card" aria-labelledby="member-heading">
      <h2 id="member-heading">メンバーを追加・更新する</h2>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (feedback()?.form === 'member') {
          <p class="alert alert-success">{{ feedback()?.text }}</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problemOf('member')" [showFieldErrors]="true" />
      </div>
      @if (cohorts.hasValue() && sortedCohorts().length === 0) {
        <p>先に養成期を作成してください。</p>
      } @else {
        <form [formGroup]="memberForm" (submit)="saveMember($event)" novalidate>
          <div class="form-fields">
            <div class="field">
              <label for="member-cohort">養成期</label>
              <select id="member-cohort" formControlName="cohort">
                @for (cohort of sortedCohorts(); track cohort.code) {
                  <option [value]="cohort.code">{{ cohort.name }}（{{ cohort.code }}）</option>
                }
              </select>
            </div>
            <dx-staff-picker
              class="field"
              inputId="member-employee"
              label="メンバーにする職員"
              [value]="memberChosen()"
              (valueChange)="memberForm.controls.person.setValue($event)"
              [error]="memberErrors()['employeeNo'] ?? null"
            />
            <div class="field">
              <label for="member-stage">段階</label>
              <select id="member-stage" formControlName="stage">
                @for (stage of stages; track stage) {
                  <option [value]="stage">{{ stage }}</option>
                }
              </select>
            </div>
            <div class="field">
              <label for="member-joined">参加日</label>
              <input
                id="member-joined"
                type="date"
                required
                formControlName="joinedOn"
                [attr.aria-invalid]="memberErrors()['joinedOn'] ? true : null"
                [attr.aria-describedby]="memberErrors()['joinedOn'] ? 'member-joined-error' : null"
              />
              @if (memberErrors()['joinedOn']; as error) {
                <p id="member-joined-error" class="field-error">{{ error }}</p>
              }
            </div>
            <div class="field">
              <label for="member-certified">認定日</label>
              <input
                id="member-certified"
                type="date"
                formControlName="certifiedOn"
                aria-describedby="member-certified-hint"
              />
              <p id="member-certified-hint" class="hint">任意。段階が「認定」になった日を入力します。</p>
            </div>
          </div>
          <p class="hint">すでにメンバーの人は、段階と日付が更新されます。</p>
          <button type="submit" class="button button-primary" [disabled]="busy()">登録する</button>
        </form>
      }
    </section>

    <section class="card" aria-labelledby="create-heading">
      <dx-cohort-create-form
        [busy]="busy()"
        [feedback]="feedback()?.form === 'create' ? (feedback()?.text ?? null) : null"
        [problem]="problemOf('create')"
        (create)="createCohort($event)"
      />
    </section>
  `,
})
export class CohortsPage {
  private readonly api = inject(CohortsApi);
  private readonly injector = inject(Injector);
  private readonly createForm = viewChild.required(CohortCreateFormComponent);

  protected readonly stages = COHORT_STAGES;

  protected readonly cohorts = rxResource({ stream: () => this.api.list() });
  /** Newest year first, then by code. */
  protected readonly sortedCohorts = computed(() =>
    this.cohorts.hasValue()
      ? [...this.cohorts.value()].sort((a, b) => b.fiscalYear - a.fiscalYear || a.code.localeCompare(b.code))
      : [],
  );

  protected readonly busy = signal(false);
  /** What the last change did, shown beside the form it came from. */
  protected readonly feedback = signal<{ form: FormName; text: string } | null>(null);
  protected readonly failure = signal<{ form: FormName; problem: Problem } | null>(null);
  protected readonly loadProblem = computed(() =>
    this.cohorts.error() ? toProblem(this.cohorts.error()) : null,
  );

  /** The member form (a typed reactive form): cohort, person (chosen in the picker), stage and dates. */
  protected readonly memberForm = new FormGroup<MemberForm>({
    cohort: new FormControl('', { nonNullable: true }),
    person: new FormControl<StaffChoice | null>(null, { nonNullable: true }),
    stage: new FormControl<CohortStage>('基礎', { nonNullable: true }),
    joinedOn: new FormControl(todayInTokyo(), { nonNullable: true }),
    certifiedOn: new FormControl('', { nonNullable: true }),
  });
  protected readonly memberChosen = toSignal(this.memberForm.controls.person.valueChanges, {
    initialValue: this.memberForm.controls.person.value,
  });
  protected readonly memberErrors = signal<Record<string, string>>({});

  constructor() {
    // The cohort stays chosen while it exists; otherwise the first (newest) one.
    effect(() => {
      const cohorts = this.sortedCohorts();
      const control = this.memberForm.controls.cohort;
      if (!cohorts.some((c) => c.code === control.value)) control.setValue(cohorts[0]?.code ?? '');
    });
  }

  protected problemOf(form: FormName): Problem | null {
    const failure = this.failure();
    return failure?.form === form ? failure.problem : null;
  }

  /** Puts a member into the form to change their stage or dates. */
  protected edit({ cohort, member }: CohortMemberEdit): void {
    this.memberForm.setValue({
      cohort: cohort.code,
      person: { employeeNo: member.employeeNo, name: member.name },
      stage: COHORT_STAGES.find((s) => s === member.stage) ?? '基礎',
      joinedOn: member.joinedOn,
      certifiedOn: member.certifiedOn ?? '',
    });
    this.memberErrors.set({});
    this.focus('member-stage');
  }

  protected async saveMember(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const { cohort: code, person, stage, joinedOn, certifiedOn } = this.memberForm.getRawValue();
    const cohort = this.sortedCohorts().find((c) => c.code === code);
    const errors: Record<string, string> = {};
    if (!person) errors['employeeNo'] = '氏名・かな・職員番号で検索し、候補から職員を選んでください。';
    if (!isIsoDate(joinedOn)) errors['joinedOn'] = '参加日を年・月・日まで入力してください。';
    this.memberErrors.set(errors);
    if (!cohort) return this.focus('member-cohort');
    if (!person) return this.focus('member-employee');
    if (!isIsoDate(joinedOn)) return this.focus('member-joined');

    const change = isIsoDate(certifiedOn) ? { stage, joinedOn, certifiedOn } : { stage, joinedOn };
    if (!(await this.run('member', () => this.api.setMember(cohort.code, person.employeeNo, change)))) return;
    this.feedback.set({
      form: 'member',
      text: `${person.name}さん（職員番号 ${person.employeeNo}）を「${cohort.name}」の${stage}として登録しました。`,
    });
    this.memberForm.patchValue({ person: null, certifiedOn: '' });
    this.cohorts.reload();
    this.focus('member-employee');
  }

  protected async createCohort(cohort: CohortDraft): Promise<void> {
    if (this.busy()) return;
    if (!(await this.run('create', () => this.api.create(cohort)))) return;
    this.feedback.set({
      form: 'create',
      text: `養成期「${cohort.name}」を作成しました。メンバーを追加できます。`,
    });
    this.createForm().reset();
    this.memberForm.controls.cohort.setValue(cohort.code);
    this.cohorts.reload();
  }

  /** Runs one change; shows its problem and answers false when it fails. */
  private async run(form: FormName, call: () => Observable<unknown>): Promise<boolean> {
    this.busy.set(true);
    this.feedback.set(null);
    this.failure.set(null);
    try {
      await firstValueFrom(call(), { defaultValue: undefined });
      return true;
    } catch (error) {
      this.failure.set({ form, problem: toProblem(error) });
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
