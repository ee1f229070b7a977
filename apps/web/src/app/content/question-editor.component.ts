import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import type { FieldError, ModuleAdminView, QuestionInput, QuestionKind, QuestionView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { errorsByField, questionErrors } from './content-labels';
import { ContentApi } from './content.api';

const MAX_CHOICES = 20;

interface QuestionForm {
  /** null: a new question. */
  id: number | null;
  kind: QuestionKind;
  text: string;
  choices: { text: string; correct: boolean }[];
  explanation: string;
}

const EMPTY_FORM: QuestionForm = {
  id: null,
  kind: 'single',
  text: '',
  choices: [
    { text: '', correct: true },
    { text: '', correct: false },
  ],
  explanation: '',
};

/**
 * The questions of a draft quiz (確認テスト): the list with the correct answers marked, and one form to add or edit
 * a question. The API's rules (2 choices or more, at least one correct, exactly one for 「1つ選ぶ」) are checked
 * before sending.
 */
@Component({
  selector: 'dx-question-editor',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .question-list {
      padding-left: 1.5rem;
    }
    .question-list > li {
      margin-bottom: 1rem;
    }
    .choice-row {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.5rem 1rem;
      margin-bottom: 0.5rem;
    }
    .choice-row .field {
      flex: 1 1 18rem;
      margin: 0;
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
        <form class="card" (submit)="save($event)" novalidate>
          <h5 [id]="uid + '-form-heading'" tabindex="-1">{{ formTitle() }}</h5>
          <fieldset class="field">
            <legend>問題の形式</legend>
            <div class="radio-group">
              <label class="radio">
                <input
                  type="radio"
                  [name]="uid + '-kind'"
                  value="single"
                  [checked]="f.kind === 'single'"
                  (change)="setKind('single')"
                />
                1つ選ぶ
              </label>
              <label class="radio">
                <input
                  type="radio"
                  [name]="uid + '-kind'"
                  value="multiple"
                  [checked]="f.kind === 'multiple'"
                  (change)="setKind('multiple')"
                />
                複数選ぶ（正解をすべて選ぶ）
              </label>
            </div>
          </fieldset>

          <div class="field">
            <label [for]="uid + '-text'">問題文</label>
            <textarea
              [id]="uid + '-text'"
              rows="3"
              [value]="f.text"
              (input)="patch({ text: value($event) })"
              [attr.aria-invalid]="messages('text').length > 0"
              [attr.aria-describedby]="messages('text').length > 0 ? uid + '-text-error' : null"
            ></textarea>
            @if (messages('text').length > 0) {
              <p [id]="uid + '-text-error'" class="field-error">{{ messages('text').join(' ') }}</p>
            }
          </div>

          <fieldset class="field" [attr.aria-describedby]="uid + '-choices-hint'">
            <legend>選択肢</legend>
            <p [id]="uid + '-choices-hint'" class="hint">
              {{
                f.kind === 'single'
                  ? '正解の選択肢を1つ選んでください。'
                  : '正解の選択肢をすべて選んでください。'
              }}
              選択肢は2つ以上必要です。
            </p>
            @for (choice of f.choices; track $index; let i = $index) {
              <div class="choice-row">
                <div class="field">
                  <label [for]="uid + '-choice-' + i">選択肢{{ i + 1 }}</label>
                  <input
                    [id]="uid + '-choice-' + i"
                    type="text"
                    [value]="choice.text"
                    (input)="setChoiceText(i, value($event))"
                    [attr.aria-invalid]="messages('choices.' + i + '.text').length > 0"
                    [attr.aria-describedby]="
                      messages('choices.' + i + '.text').length > 0 ? uid + '-choice-error-' + i : null
                    "
                  />
                  @if (messages('choices.' + i + '.text').length > 0) {
                    <p [id]="uid + '-choice-error-' + i" class="field-error">
                      {{ messages('choices.' + i + '.text').join(' ') }}
                    </p>
                  }
                </div>
                <!-- Separate elements per kind: changing an input's type in place would let the browser uncheck radios. -->
                @if (f.kind === 'single') {
                  <label class="radio">
                    <input
                      type="radio"
                      [name]="uid + '-correct'"
                      [checked]="choice.correct"
                      (change)="setCorrect(i, checked($event))"
                    />
                    正解<span class="visually-hidden">（選択肢{{ i + 1 }}）</span>
                  </label>
                } @else {
                  <label class="checkbox">
                    <input
                      type="checkbox"
                      [checked]="choice.correct"
                      (change)="setCorrect(i, checked($event))"
                    />
                    正解<span class="visually-hidden">（選択肢{{ i + 1 }}）</span>
                  </label>
                }
                <button
                  type="button"
                  class="button"
                  [disabled]="f.choices.length <= 2"
                  (click)="removeChoice(i)"
                >
                  削除<span class="visually-hidden">（選択肢{{ i + 1 }}）</span>
                </button>
              </div>
            }
            @if (messages('choices').length > 0) {
              <p class="field-error">{{ messages('choices').join(' ') }}</p>
            }
            <button
              type="button"
              class="button"
              [disabled]="f.choices.length >= maxChoices"
              (click)="addChoice()"
            >
              選択肢を追加
            </button>
          </fieldset>

          <div class="field">
            <label [for]="uid + '-explanation'">解説（任意）</label>
            <textarea
              [id]="uid + '-explanation'"
              rows="2"
              [value]="f.explanation"
              (input)="patch({ explanation: value($event) })"
              [attr.aria-describedby]="uid + '-explanation-hint'"
            ></textarea>
            <p [id]="uid + '-explanation-hint'" class="hint">採点後に受講者に表示されます。</p>
          </div>

          <div class="button-row">
            <button type="submit" class="button button-primary" [disabled]="busy()">
              {{ f.id === null ? '問題を追加する' : '問題を保存する' }}
            </button>
            <button type="button" class="button" (click)="cancel()">キャンセル</button>
          </div>
        </form>
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

  protected readonly maxChoices = MAX_CHOICES;
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

  private readonly byField = computed(() => errorsByField(this.errors()));
  protected readonly formTitle = computed(() => {
    const f = this.form();
    if (!f || f.id === null) return '問題を追加';
    const index = this.questions().findIndex((q) => q.id === f.id);
    return `問${index + 1}を編集`;
  });

  protected messages(field: string): string[] {
    return this.byField().get(field) ?? [];
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected startNew(): void {
    this.open({ ...EMPTY_FORM, choices: EMPTY_FORM.choices.map((c) => ({ ...c })) });
  }

  protected edit(q: QuestionView): void {
    this.open({
      id: q.id,
      kind: q.kind,
      text: q.text,
      choices: q.choices.map((c) => ({ text: c.text, correct: c.correct })),
      explanation: q.explanation,
    });
  }

  private open(form: QuestionForm): void {
    this.form.set(form);
    this.errors.set([]);
    this.problem.set(null);
    this.message.set(null);
    this.focusLater(`${this.uid}-form-heading`);
  }

  protected patch(change: Partial<QuestionForm>): void {
    this.form.update((f) => (f ? { ...f, ...change } : f));
  }

  /** Switching to 「1つ選ぶ」 keeps only the first correct answer (a radio group cannot show more). */
  protected setKind(kind: QuestionKind): void {
    this.form.update((f) => {
      if (!f) return f;
      if (kind === 'multiple') return { ...f, kind };
      const first = f.choices.findIndex((c) => c.correct);
      return { ...f, kind, choices: f.choices.map((c, i) => ({ ...c, correct: i === first })) };
    });
  }

  protected setChoiceText(index: number, text: string): void {
    this.form.update((f) =>
      f ? { ...f, choices: f.choices.map((c, i) => (i === index ? { ...c, text } : c)) } : f,
    );
  }

  protected setCorrect(index: number, correct: boolean): void {
    this.form.update((f) => {
      if (!f) return f;
      const choices = f.choices.map((c, i) => {
        if (i === index) return { ...c, correct };
        return f.kind === 'single' && correct ? { ...c, correct: false } : c;
      });
      return { ...f, choices };
    });
  }

  protected addChoice(): void {
    const count = this.form()?.choices.length ?? 0;
    this.form.update((f) => (f ? { ...f, choices: [...f.choices, { text: '', correct: false }] } : f));
    this.focusLater(`${this.uid}-choice-${count}`);
  }

  protected removeChoice(index: number): void {
    this.form.update((f) => (f ? { ...f, choices: f.choices.filter((_, i) => i !== index) } : f));
    this.focusLater(`${this.uid}-choice-${Math.max(0, index - 1)}`);
  }

  protected cancel(): void {
    const id = this.form()?.id ?? null;
    this.form.set(null);
    this.errors.set([]);
    this.problem.set(null);
    this.focusLater(id === null ? `${this.uid}-add` : `${this.uid}-q-${id}`);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const f = this.form();
    if (!f || this.busy()) return;
    const question: QuestionInput = {
      kind: f.kind,
      text: f.text.trim(),
      choices: f.choices.map((c) => ({ text: c.text.trim(), correct: c.correct })),
      explanation: f.explanation.trim(),
    };
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
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
