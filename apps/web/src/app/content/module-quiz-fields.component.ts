import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { QUIZ_REVEAL_OPTIONS, type QuizControls } from './module-form.values';
import { ReactiveFormsModule } from '@angular/forms';
import { ModuleFieldsDirective } from './module-fields.directive';

/** A quiz's settings: pass mark, attempts, questions drawn and when the correct answers are shown. */
@Component({
  selector: 'dx-module-quiz-fields',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field field-inline">
      <label for="module-passMark">合格点（0〜100点）</label>
      <input
        id="module-passMark"
        type="number"
        min="0"
        max="100"
        [formControl]="group().controls.passMark"
        [attr.aria-invalid]="invalid('passMark')"
        [attr.aria-describedby]="describedBy('passMark')"
      />
      @if (invalid('passMark')) {
        <p id="module-passMark-error" class="field-error">{{ messages('passMark') }}</p>
      }
    </div>
    <div class="field field-inline">
      <label for="module-attemptLimit">受験回数の上限（1〜10回）</label>
      <input
        id="module-attemptLimit"
        type="number"
        min="1"
        max="10"
        [formControl]="group().controls.attemptLimit"
        [attr.aria-invalid]="invalid('attemptLimit')"
        [attr.aria-describedby]="describedBy('attemptLimit')"
      />
      @if (invalid('attemptLimit')) {
        <p id="module-attemptLimit-error" class="field-error">{{ messages('attemptLimit') }}</p>
      }
    </div>
    <div class="field field-inline">
      <label for="module-drawCount">毎回の出題数（任意）</label>
      <input
        id="module-drawCount"
        type="number"
        min="1"
        [formControl]="group().controls.drawCount"
        [attr.aria-invalid]="invalid('drawCount')"
        [attr.aria-describedby]="describedBy('drawCount', 'module-drawCount-hint')"
      />
      <p id="module-drawCount-hint" class="hint">空欄にすると、すべての問題を出題します。</p>
      @if (invalid('drawCount')) {
        <p id="module-drawCount-error" class="field-error">{{ messages('drawCount') }}</p>
      }
    </div>
    <div class="field">
      <label for="module-revealCorrectAnswers">正答の表示</label>
      <select
        id="module-revealCorrectAnswers"
        [formControl]="group().controls.revealCorrectAnswers"
        [attr.aria-invalid]="invalid('revealCorrectAnswers')"
        [attr.aria-describedby]="describedBy('revealCorrectAnswers', 'module-revealCorrectAnswers-hint')"
      >
        @for (option of revealOptions; track option.value) {
          <option [value]="option.value">{{ option.label }}</option>
        }
      </select>
      <p id="module-revealCorrectAnswers-hint" class="hint">
        不合格の後は、どの問題が不正解だったかと解説を必ず表示します。正答の選択肢を示す時期をここで選びます。
      </p>
      @if (invalid('revealCorrectAnswers')) {
        <p id="module-revealCorrectAnswers-error" class="field-error">
          {{ messages('revealCorrectAnswers') }}
        </p>
      }
    </div>
    @if (isNew()) {
      <p class="hint">問題は、このモジュールを追加した後で登録します。</p>
    }
  `,
})
export class ModuleQuizFieldsComponent extends ModuleFieldsDirective<QuizControls> {
  /** A quiz being added (its questions are registered after it exists). */
  readonly isNew = input(false);
  protected readonly revealOptions = QUIZ_REVEAL_OPTIONS;
}
