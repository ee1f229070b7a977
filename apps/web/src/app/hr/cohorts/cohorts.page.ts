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
import { COHORT_STAGES, type CohortMember, type CohortStage, type CohortView } from '@dx/contract';
import { fiscalYearEnd, isIsoDate, todayInTokyo } from '@dx/domain';
import { type Observable, firstValueFrom } from 'rxjs';
import { currentFiscalYear, formatFiscalYear } from '../../shared/dates';
import { JapaneseDatePipe } from '../../shared/japanese-date.pipe';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { hrFiscalYears } from '../hr-inputs';
import { type StaffChoice, StaffPickerComponent } from '../staff-picker.component';
import { CohortsApi } from './cohorts.api';

const COHORT_CODE = /^[A-Za-z0-9-]{1,40}$/;

type FormName = 'member' | 'create';

/** DX推進スペシャリスト: the cohorts (養成期) with their members and stages, and the forms that change them. */
@Component({
  selector: 'dx-cohorts-page',
  imports: [JapaneseDatePipe, ProblemAlertComponent, StaffPickerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .form-fields {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0 1.25rem;
    }
    .cohort h3 {
      margin-top: 0;
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
        @for (cohort of sortedCohorts(); track cohort.code) {
          <article class="card cohort" [attr.aria-labelledby]="'cohort-' + cohort.code">
            <h3 [id]="'cohort-' + cohort.code">{{ cohort.name }}</h3>
            <dl class="summary-list">
              <div>
                <dt>コード</dt>
                <dd>{{ cohort.code }}</dd>
              </div>
              <div>
                <dt>年度</dt>
                <dd>{{ yearLabel(cohort.fiscalYear) }}</dd>
              </div>
              <div>
                <dt>修了期限</dt>
                <dd>{{ cohort.dueDate ? (cohort.dueDate | jaDate) : '定めなし' }}</dd>
              </div>
              <div>
                <dt>人数</dt>
                <dd>{{ cohort.members.length }}人（うち認定 {{ certifiedCount(cohort) }}人）</dd>
              </div>
            </dl>
            @if (cohort.members.length === 0) {
              <p>メンバーはまだいません。</p>
            } @else {
              <div class="table-wrap">
                <table class="data-table">
                  <caption class="visually-hidden">
                    {{
                      cohort.name
                    }}のメンバー
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">職員番号</th>
                      <th scope="col">氏名</th>
                      <th scope="col">段階</th>
                      <th scope="col">参加日</th>
                      <th scope="col">認定日</th>
                      <th scope="col">操作</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (member of cohort.members; track member.employeeNo) {
                      <tr>
                        <td class="nowrap">{{ member.employeeNo }}</td>
                        <td>{{ member.name }}</td>
                        <td>{{ member.stage }}</td>
                        <td class="nowrap">{{ member.joinedOn | jaDate }}</td>
                        <td class="nowrap">{{ member.certifiedOn ? (member.certifiedOn | jaDate) : '—' }}</td>
                        <td>
                          <button type="button" class="button" (click)="edit(cohort, member)">
                            段階を変更<span class="visually-hidden">（{{ member.name }}）</span>
                          </button>
                        </td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            }
          </article>
        } @empty {
          <p>養成期はまだありません。下の「養成期を作成する」から作成してください。</p>
        }
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
        <form (submit)="saveMember($event)" novalidate>
          <div class="form-fields">
            <div class="field">
              <label for="member-cohort">養成期</label>
              <select id="member-cohort" (change)="memberCohort.set(value($event))">
                @for (cohort of sortedCohorts(); track cohort.code) {
                  <option [value]="cohort.code" [selected]="cohort.code === memberCohort()">
                    {{ cohort.name }}（{{ cohort.code }}）
                  </option>
                }
              </select>
            </div>
            <dx-staff-picker
              class="field"
              inputId="member-employee"
              label="メンバーにする職員"
              [(value)]="memberChosen"
              [error]="memberErrors()['employeeNo'] ?? null"
            />
            <div class="field">
              <label for="member-stage">段階</label>
              <select id="member-stage" (change)="memberStage.set(stageOf($event))">
                @for (stage of stages; track stage) {
                  <option [value]="stage" [selected]="stage === memberStage()">{{ stage }}</option>
                }
              </select>
            </div>
            <div class="field">
              <label for="member-joined">参加日</label>
              <input
                id="member-joined"
                type="date"
                required
                [value]="memberJoinedOn()"
                (change)="memberJoinedOn.set(value($event))"
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
                [value]="memberCertifiedOn()"
                (change)="memberCertifiedOn.set(value($event))"
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
      <h2 id="create-heading">養成期を作成する</h2>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (feedback()?.form === 'create') {
          <p class="alert alert-success">{{ feedback()?.text }}</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problemOf('create')" [showFieldErrors]="true" />
      </div>
      <form (submit)="createCohort($event)" novalidate>
        <div class="form-fields">
          <div class="field">
            <label for="cohort-code">コード</label>
            <input
              id="cohort-code"
              type="text"
              autocomplete="off"
              spellcheck="false"
              required
              maxlength="40"
              [value]="newCode()"
              (input)="newCode.set(value($event))"
              [attr.aria-invalid]="createErrors()['code'] ? true : null"
              [attr.aria-describedby]="
                'cohort-code-hint' + (createErrors()['code'] ? ' cohort-code-error' : '')
              "
            />
            <p id="cohort-code-hint" class="hint">英数字とハイフン、40文字以内。例：SP-2026</p>
            @if (createErrors()['code']; as error) {
              <p id="cohort-code-error" class="field-error">{{ error }}</p>
            }
          </div>
          <div class="field field-grow">
            <label for="cohort-name">名称</label>
            <input
              id="cohort-name"
              type="text"
              autocomplete="off"
              required
              maxlength="200"
              [value]="newName()"
              (input)="newName.set(value($event))"
              [attr.aria-invalid]="createErrors()['name'] ? true : null"
              [attr.aria-describedby]="
                'cohort-name-hint' + (createErrors()['name'] ? ' cohort-name-error' : '')
              "
            />
            <p id="cohort-name-hint" class="hint">例：令和8年度 DX推進スペシャリスト養成</p>
            @if (createErrors()['name']; as error) {
              <p id="cohort-name-error" class="field-error">{{ error }}</p>
            }
          </div>
        </div>
        <div class="form-fields">
          <div class="field">
            <label for="cohort-year">年度</label>
            <select id="cohort-year" (change)="newFiscalYear.set(+value($event))">
              @for (year of years; track year) {
                <option [value]="year" [selected]="year === newFiscalYear()">{{ yearLabel(year) }}</option>
              }
            </select>
          </div>
          <div class="field">
            <label for="cohort-due">修了期限</label>
            <input
              id="cohort-due"
              type="date"
              [value]="newDueDate()"
              (change)="newDueDate.set(value($event))"
              aria-describedby="cohort-due-hint"
            />
            <p id="cohort-due-hint" class="hint">任意。例：{{ dueExample() }}</p>
          </div>
        </div>
        <button type="submit" class="button button-primary" [disabled]="busy()">作成する</button>
      </form>
    </section>
  `,
})
export class CohortsPage {
  private readonly api = inject(CohortsApi);
  private readonly injector = inject(Injector);

  protected readonly years = hrFiscalYears();
  protected readonly yearLabel = formatFiscalYear;
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

  /** The member form: the cohort stays chosen while it exists; otherwise the first (newest) one. */
  protected readonly memberCohort = linkedSignal<CohortView[], string>({
    source: this.sortedCohorts,
    computation: (cohorts, previous) =>
      previous && cohorts.some((c) => c.code === previous.value) ? previous.value : (cohorts[0]?.code ?? ''),
  });
  protected readonly memberChosen = signal<StaffChoice | null>(null);
  protected readonly memberStage = signal<CohortStage>('基礎');
  protected readonly memberJoinedOn = signal(todayInTokyo());
  protected readonly memberCertifiedOn = signal('');
  protected readonly memberErrors = signal<Record<string, string>>({});

  protected readonly newCode = signal('');
  protected readonly newName = signal('');
  protected readonly newFiscalYear = signal(currentFiscalYear());
  protected readonly newDueDate = signal('');
  protected readonly createErrors = signal<Record<string, string>>({});
  protected readonly dueExample = computed(() => fiscalYearEnd(this.newFiscalYear()).replace(/-/g, '/'));

  protected problemOf(form: FormName): Problem | null {
    const failure = this.failure();
    return failure?.form === form ? failure.problem : null;
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected stageOf(event: Event): CohortStage {
    const stage = this.value(event);
    return COHORT_STAGES.find((s) => s === stage) ?? '基礎';
  }

  protected certifiedCount(cohort: CohortView): number {
    return cohort.members.filter((m) => m.stage === '認定').length;
  }

  /** Puts a member into the form to change their stage or dates. */
  protected edit(cohort: CohortView, member: CohortMember): void {
    this.memberCohort.set(cohort.code);
    this.memberChosen.set({ employeeNo: member.employeeNo, name: member.name });
    this.memberStage.set(COHORT_STAGES.find((s) => s === member.stage) ?? '基礎');
    this.memberJoinedOn.set(member.joinedOn);
    this.memberCertifiedOn.set(member.certifiedOn ?? '');
    this.memberErrors.set({});
    this.focus('member-stage');
  }

  protected async saveMember(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const cohort = this.sortedCohorts().find((c) => c.code === this.memberCohort());
    const person = this.memberChosen();
    const joinedOn = this.memberJoinedOn();
    const certifiedOn = this.memberCertifiedOn();
    const errors: Record<string, string> = {};
    if (!person) errors['employeeNo'] = '氏名・かな・職員番号で検索し、候補から職員を選んでください。';
    if (!isIsoDate(joinedOn)) errors['joinedOn'] = '参加日を年・月・日まで入力してください。';
    this.memberErrors.set(errors);
    if (!cohort) return this.focus('member-cohort');
    if (!person) return this.focus('member-employee');
    if (!isIsoDate(joinedOn)) return this.focus('member-joined');

    const stage = this.memberStage();
    const change = isIsoDate(certifiedOn) ? { stage, joinedOn, certifiedOn } : { stage, joinedOn };
    if (!(await this.run('member', () => this.api.setMember(cohort.code, person.employeeNo, change)))) return;
    this.feedback.set({
      form: 'member',
      text: `${person.name}さん（職員番号 ${person.employeeNo}）を「${cohort.name}」の${stage}として登録しました。`,
    });
    this.memberChosen.set(null);
    this.memberCertifiedOn.set('');
    this.cohorts.reload();
    this.focus('member-employee');
  }

  protected async createCohort(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const code = this.newCode().trim();
    const name = this.newName().trim();
    const dueDate = this.newDueDate();
    const errors: Record<string, string> = {};
    if (!COHORT_CODE.test(code))
      errors['code'] = 'コードは英数字とハイフンで、40文字以内で入力してください。';
    if (!name) errors['name'] = '名称を入力してください。';
    this.createErrors.set(errors);
    if (errors['code']) return this.focus('cohort-code');
    if (errors['name']) return this.focus('cohort-name');

    const fiscalYear = this.newFiscalYear();
    const cohort = isIsoDate(dueDate) ? { code, name, fiscalYear, dueDate } : { code, name, fiscalYear };
    if (!(await this.run('create', () => this.api.create(cohort)))) return;
    this.feedback.set({ form: 'create', text: `養成期「${name}」を作成しました。メンバーを追加できます。` });
    this.newCode.set('');
    this.newName.set('');
    this.newDueDate.set('');
    this.memberCohort.set(code);
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
