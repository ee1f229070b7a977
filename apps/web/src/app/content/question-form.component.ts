import { ChangeDetectionStrategy, Component, Injector, inject, input, output } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { focusAfterRender } from '../shared/focus';
import { MAX_CHOICES, type QuestionForm, addChoice, markCorrect, removeChoice } from './question-form';

/** The form of one question (a new one or one being edited): its kind, text, choices with the correct ones, and 解説. */
@Component({
  selector: 'dx-question-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: contents;
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
    <form class="card" [formGroup]="form().group" (ngSubmit)="submitted.emit()" novalidate>
      <h5 [id]="uid() + '-form-heading'" tabindex="-1">{{ heading() }}</h5>
      <fieldset class="field">
        <legend>問題の形式</legend>
        <div class="radio-group">
          <label class="radio">
            <input
              type="radio"
              [name]="uid() + '-kind'"
              value="single"
              [formControl]="form().group.controls.kind"
            />
            1つ選ぶ
          </label>
          <label class="radio">
            <input
              type="radio"
              [name]="uid() + '-kind'"
              value="multiple"
              [formControl]="form().group.controls.kind"
            />
            複数選ぶ（正解をすべて選ぶ）
          </label>
        </div>
      </fieldset>

      <div class="field">
        <label [for]="uid() + '-text'">問題文</label>
        <textarea
          [id]="uid() + '-text'"
          rows="3"
          [formControl]="form().group.controls.text"
          [attr.aria-invalid]="messages('text').length > 0"
          [attr.aria-describedby]="messages('text').length > 0 ? uid() + '-text-error' : null"
        ></textarea>
        @if (messages('text').length > 0) {
          <p [id]="uid() + '-text-error'" class="field-error">{{ messages('text').join(' ') }}</p>
        }
      </div>

      <fieldset class="field" [attr.aria-describedby]="uid() + '-choices-hint'">
        <legend>選択肢</legend>
        <p [id]="uid() + '-choices-hint'" class="hint">
          {{
            kind() === 'single' ? '正解の選択肢を1つ選んでください。' : '正解の選択肢をすべて選んでください。'
          }}
          選択肢は2つ以上必要です。
        </p>
        @for (choice of form().group.controls.choices.controls; track choice; let i = $index) {
          <div class="choice-row">
            <div class="field">
              <label [for]="uid() + '-choice-' + i">選択肢{{ i + 1 }}</label>
              <input
                [id]="uid() + '-choice-' + i"
                type="text"
                [formControl]="choice.controls.text"
                [attr.aria-invalid]="messages('choices.' + i + '.text').length > 0"
                [attr.aria-describedby]="
                  messages('choices.' + i + '.text').length > 0 ? uid() + '-choice-error-' + i : null
                "
              />
              @if (messages('choices.' + i + '.text').length > 0) {
                <p [id]="uid() + '-choice-error-' + i" class="field-error">
                  {{ messages('choices.' + i + '.text').join(' ') }}
                </p>
              }
            </div>
            <!-- Separate elements per kind: changing an input's type in place would let the browser uncheck radios. -->
            @if (kind() === 'single') {
              <label class="radio">
                <input
                  type="radio"
                  [name]="uid() + '-correct'"
                  [checked]="choice.controls.correct.value"
                  (change)="setCorrect(i, true)"
                />
                正解<span class="visually-hidden">（選択肢{{ i + 1 }}）</span>
              </label>
            } @else {
              <label class="checkbox">
                <input type="checkbox" [formControl]="choice.controls.correct" />
                正解<span class="visually-hidden">（選択肢{{ i + 1 }}）</span>
              </label>
            }
            <button
              type="button"
              class="button"
              [disabled]="form().group.controls.choices.length <= 2"
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
          [disabled]="form().group.controls.choices.length >= maxChoices"
          (click)="addChoice()"
        >
          選択肢を追加
        </button>
      </fieldset>

      <div class="field">
        <label [for]="uid() + '-explanation'">解説（任意）</label>
        <textarea
          [id]="uid() + '-explanation'"
          rows="2"
          [formControl]="form().group.controls.explanation"
          [attr.aria-describedby]="uid() + '-explanation-hint'"
        ></textarea>
        <p [id]="uid() + '-explanation-hint'" class="hint">採点後に受講者に表示されます。</p>
      </div>

      <div class="button-row">
        <button type="submit" class="button button-primary" [disabled]="busy()">
          {{ form().id === null ? '問題を追加する' : '問題を保存する' }}
        </button>
        <button type="button" class="button" (click)="cancelled.emit()">キャンセル</button>
      </div>
    </form>
  `,
})
export class QuestionFormComponent {
  private readonly injector = inject(Injector);

  /** The quiz's prefix of the form's ids ('quiz-12'). */
  readonly uid = input.required<string>();
  readonly form = input.required<QuestionForm>();
  readonly heading = input.required<string>();
  readonly busy = input(false);
  /** Messages by field ('text', 'choices', 'choices.1.text'), from the checks before sending or from the API. */
  readonly errors = input.required<ReadonlyMap<string, string[]>>();
  readonly submitted = output<void>();
  readonly cancelled = output<void>();

  protected readonly maxChoices = MAX_CHOICES;

  protected messages(field: string): string[] {
    return this.errors().get(field) ?? [];
  }

  /** Read on each change detection: a click on a kind radio runs one for this component. */
  protected kind(): string {
    return this.form().group.controls.kind.value;
  }

  protected setCorrect(index: number, correct: boolean): void {
    markCorrect(this.form().group, index, correct);
  }

  protected addChoice(): void {
    const count = this.form().group.controls.choices.length;
    addChoice(this.form().group);
    focusAfterRender(this.injector, `${this.uid()}-choice-${count}`);
  }

  protected removeChoice(index: number): void {
    removeChoice(this.form().group, index);
    focusAfterRender(this.injector, `${this.uid()}-choice-${Math.max(0, index - 1)}`);
  }
}
