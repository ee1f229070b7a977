import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import type { FieldError, ModuleAdminView, QuestionInput, QuestionView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { focusAfterRender } from '../shared/focus';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { errorsByField, questionErrors } from './content-labels';
import { ContentApi } from './content.api';
import { QuestionFormComponent } from './question-form.component';
import { type QuestionForm, questionForm, questionInputOf } from './question-form';

/**
 * The questions of a draft quiz (確認テスト): the list with the correct answers marked, and one form to add or edit
 * a question. The API's rules (2 choices or more, at least one correct, exactly one for 「1つ選ぶ」) are checked
 * before sending.
 */
@Component({
  selector: 'dx-question-editor',
  imports: [ProblemAlertComponent, QuestionFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .question-list {
      padding-left: 1.5rem;
    }
    .question-list > li {
      margin-bottom: 1rem;
    }
  `,
  template: `
    <section class="question-editor" [attr.aria-labelledby]="uid + '-heading'">
      <h4 [id]="uid + '-heading'">問題（{{ questions().length }}問）</h4>
      @if (questions().length === 0) {
        <p class="notice">問題がまだありません。公開するには1問以上必要です。</p>
      }
      <ol class="question-list">
        @for (q of questions(); track q.id; let i = $index) {
          <li [id]="uid + '-q-' + q.id" tabindex="-1">
            <p>
              {{ q.text }}
              <span class="tag">{{ q.kind === 'single' ? '1つ選ぶ' : '複数選ぶ' }}</span>
            </p>
            <ul>
              @for (choice of q.choices; track choice.id) {
                <li>
                  {{ choice.text }}
                  @if (choice.correct) {
                    <span class="tag tag-correct">正解</span>
                  }
                </li>
              }
            </ul>
            @if (q.explanation) {
              <p class="hint">解説：{{ q.explanation }}</p>
            }
            @if (confirmingDelete() === q.id) {
              <div
                class="alert alert-warning"
                role="group"
                [attr.aria-label]="'問' + (i + 1) + 'の削除の確認'"
              >
                <p [id]="uid + '-confirm-' + q.id" tabindex="-1">問{{ i + 1 }}を削除しますか？</p>
                <div class="button-row">
                  <button type="button" class="button" [disabled]="busy()" (click)="remove(q)">
                    削除する
                  </button>
                  <button type="button" class="button" (click)="confirmingDelete.set(null)">やめる</button>
                </div>
              </div>
            } @else {
              <div class="button-row">
                <button type="button" class="button" [disabled]="busy()" (click)="edit(q)">
                  編集<span class="visually-hidden">（問{{ i + 1 }}）</span>
                </button>
                <button type="button" class="button" [disabled]="busy()" (click)="askDelete(q)">
                  削除<span class="visually-hidden">（問{{ i + 1 }}）</span>
                </button>
              </div>
            }
          </li>
        }
      </ol>

      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (message(); as m) {
          <p>{{ m }}</p>
        }
      </div>

      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
      </div>

      @if (form(); as f) {
        <dx-question-form
          [uid]="uid"
          [form]="f"
          [heading]="formTitle()"
          [busy]="busy()"
          [errors]="byField()"
          (submitted)="save()"
          (cancelled)="cancel()"
        />
      } @else {
        <button type="button" class="button" [id]="uid + '-add'" (click)="startNew()">問題を追加</button>
      }
    </section>
  `,
})
export class QuestionEditorComponent {
  private readonly api = inject(ContentApi);
  private readonly injector = inject(Injector);

  readonly courseCode = input.required<string>();
  readonly module = input.required<ModuleAdminView>();
  /** A question was added, changed or removed (the page refreshes its counts). */
  readonly changed = output<void>();

  protected get uid(): string {
    return `quiz-${this.module().id}`;
  }

  protected readonly questions = linkedSignal<QuestionView[]>(() => this.module().questions ?? []);
  protected readonly form = signal<QuestionForm | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  private readonly errors = signal<FieldError[]>([]);
  protected readonly message = signal<string | null>(null);
  protected readonly confirmingDelete = signal<number | null>(null);

  protected readonly byField = computed(() => errorsByField(this.errors()));
  protected readonly formTitle = computed(() => {
    const f = this.form();
    if (!f || f.id === null) return '問題を追加';
    const index = this.questions().findIndex((q) => q.id === f.id);
    return `問${index + 1}を編集`;
  });

  protected startNew(): void {
    this.open(questionForm());
  }

  protected edit(q: QuestionView): void {
    this.open(questionForm(q));
  }

  private open(form: QuestionForm): void {
    this.form.set(form);
    this.errors.set([]);
    this.problem.set(null);
    this.message.set(null);
    this.focusLater(`${this.uid}-form-heading`);
  }

  protected cancel(): void {
    const id = this.form()?.id ?? null;
    this.form.set(null);
    this.errors.set([]);
    this.problem.set(null);
    this.focusLater(id === null ? `${this.uid}-add` : `${this.uid}-q-${id}`);
  }

  protected async save(): Promise<void> {
    const f = this.form();
    if (!f || this.busy()) return;
    const question: QuestionInput = questionInputOf(f.group);
    const clientErrors = questionErrors(question);
    this.errors.set(clientErrors);
    if (clientErrors.length > 0) {
      this.problem.set({
        status: 422,
        type: 'about:blank',
        title: '入力エラー',
        detail: '入力内容を確認してください。',
        errors: [],
      });
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      const code = this.courseCode();
      const moduleId = this.module().id;
      const saved = await firstValueFrom(
        f.id === null
          ? this.api.addQuestion(code, moduleId, question)
          : this.api.updateQuestion(code, moduleId, f.id, question),
      );
      this.questions.update((list) =>
        f.id === null ? [...list, saved] : list.map((q) => (q.id === saved.id ? saved : q)),
      );
      this.form.set(null);
      this.message.set(f.id === null ? '問題を追加しました。' : '問題を保存しました。');
      this.changed.emit();
      this.focusLater(`${this.uid}-q-${saved.id}`);
    } catch (error) {
      const problem = toProblem(error);
      this.problem.set(problem);
      this.errors.set(problem.errors);
    } finally {
      this.busy.set(false);
    }
  }

  protected askDelete(q: QuestionView): void {
    this.confirmingDelete.set(q.id);
    this.focusLater(`${this.uid}-confirm-${q.id}`);
  }

  protected async remove(q: QuestionView): Promise<void> {
    this.busy.set(true);
    try {
      await firstValueFrom(this.api.deleteQuestion(this.courseCode(), this.module().id, q.id));
      this.questions.update((list) => list.filter((x) => x.id !== q.id));
      this.confirmingDelete.set(null);
      if (this.form()?.id === q.id) this.form.set(null);
      this.message.set('問題を削除しました。');
      this.changed.emit();
      this.focusLater(`${this.uid}-heading`);
    } catch (error) {
      this.message.set(null);
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private focusLater(id: string): void {
    focusAfterRender(this.injector, id);
  }
}
