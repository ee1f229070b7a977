import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { QuizResult } from '@dx/contract';

/** A graded attempt, question by question: the marks, the answers chosen, 解説, and what can be done next. */
@Component({
  selector: 'dx-quiz-result',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <section class="quiz-result" aria-label="問題ごとの結果">
      @if (result().courseCompleted) {
        <div class="alert alert-success quiz-certificate">
          <p>この研修を修了しました。修了証をダウンロードできます。</p>
          <p>
            <a class="button button-primary" [href]="certificateUrl()" download
              >修了証をダウンロード（PDF）</a
            >
          </p>
        </div>
      }
      <p class="result-summary">
        {{ result().questions.length }}問中 {{ correctCount() }}問正解
        @if (!result().correctChoicesShown) {
          ／
          不正解の問題は解説を読んで、もう一度受けてください。正答は、合格した後か最後の受験の後に表示します。
        }
      </p>
      <ol class="result-questions">
        @for (question of result().questions; track question.id; let i = $index) {
          <li class="result-question" [attr.data-correct]="question.correct">
            <p class="result-question-text">
              <span class="result-mark" [attr.data-correct]="question.correct">{{
                question.correct ? '正解' : '不正解'
              }}</span>&ngsp;<span class="question-no">問{{ i + 1 }}</span> {{ question.text }}
            </p>
            <ul class="result-choices">
              @for (choice of question.choices; track choice.id) {
                <li [class.choice-correct]="choice.correct === true" [class.choice-chosen]="choice.chosen">
                  {{ choice.text }}
                  @if (choice.correct) {
                    <span class="tag tag-correct">正答</span>
                  }
                  @if (choice.chosen) {
                    &ngsp;<span class="tag tag-chosen">あなたの回答</span>
                  }
                </li>
              }
            </ul>
            @if (question.explanation) {
              <p class="explanation">
                <span class="explanation-label">解説：</span>{{ question.explanation }}
              </p>
            }
          </li>
        }
      </ol>
      <p>残りの受験回数：{{ result().attemptsLeft }}回</p>
      <div class="button-row">
        @if (!result().passed && result().attemptsLeft > 0) {
          <button type="button" class="button button-primary" [disabled]="busy()" (click)="retried.emit()">
            もう一度受ける
          </button>
        } @else if (!result().passed) {
          <p class="notice">受験回数の上限に達しました。研修担当にお問い合わせください。</p>
        }
        <button type="button" class="button" (click)="closed.emit()">結果を閉じる</button>
      </div>
    </section>
  `,
})
export class QuizResultComponent {
  readonly result = input.required<QuizResult>();
  readonly certificateUrl = input.required<string>();
  readonly busy = input(false);
  /** 「もう一度受ける」 */
  readonly retried = output<void>();
  /** 「結果を閉じる」 */
  readonly closed = output<void>();

  protected readonly correctCount = computed(() => this.result().questions.filter((q) => q.correct).length);
}
