import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { ModuleView, QuizAttemptView, QuizResult, QuizSubmission } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { LearningApi } from './learning.api';
import { QuizResultComponent } from './quiz-result.component';

type Mode = 'idle' | 'answering' | 'result';

/** A quiz (確認テスト): its facts, the form of one attempt, and the graded result. */
@Component({
  selector: 'dx-quiz-module',
  imports: [ProblemAlertComponent, QuizResultComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (module().quiz; as quiz) {
      <dl class="summary-list quiz-facts">
        <div>
          <dt>問題数</dt>
          <dd>{{ quiz.questionCount }}問</dd>
        </div>
        <div>
          <dt>合格点</dt>
          <dd>{{ quiz.passMark }}点</dd>
        </div>
        <div>
          <dt>受験回数</dt>
          <dd>{{ quiz.attemptsUsed }}回 ／ 上限 {{ quiz.attemptLimit }}回</dd>
        </div>
        <div>
          <dt>最高点</dt>
          <dd>{{ quiz.bestScore === null ? 'まだ受験していません' : quiz.bestScore + '点' }}</dd>
        </div>
        <div>
          <dt>結果</dt>
          <dd>{{ quiz.passed ? '合格済み' : '未合格' }}</dd>
        </div>
      </dl>

      @if (mode() === 'idle') {
        @if (quiz.passed) {
          <p class="module-done">この確認テストには合格しています。</p>
        } @else if (quiz.openAttemptId === null && quiz.attemptsUsed >= quiz.attemptLimit) {
          <p class="notice">受験回数の上限に達しました。研修担当にお問い合わせください。</p>
        } @else {
          <button type="button" class="button button-primary" [disabled]="busy()" (click)="start()">
            {{ quiz.openAttemptId !== null ? 'テストを再開する' : 'テストを開始する' }}
          </button>
        }
      }
    }

    @if (mode() === 'answering') {
      @if (attempt(); as a) {
        <form class="quiz-form" (submit)="submit($event)" novalidate>
          <h3 #formHeading tabindex="-1">
            確認テスト（{{ a.attemptNo }}回目 ／ 上限 {{ a.attemptLimit }}回）
          </h3>
          <p class="hint">
            合格点は {{ a.passMark }}点です。すべての問題に答えてから「回答を送信する」を押してください。
          </p>
          @for (question of a.questions; track question.id; let i = $index) {
            <fieldset class="field quiz-question">
              <legend>
                <span class="question-no">問{{ i + 1 }}</span> {{ question.text }}
                @if (question.kind === 'multiple') {
                  <span class="question-hint">（すべて選んでください）</span>
                }
              </legend>
              <div class="choice-list">
                @for (choice of question.choices; track choice.id) {
                  <label [class]="question.kind === 'single' ? 'radio' : 'checkbox'">
                    <input
                      [type]="question.kind === 'single' ? 'radio' : 'checkbox'"
                      [name]="'quiz-' + a.attemptId + '-q' + question.id"
                      [value]="choice.id"
                      [checked]="isChosen(question.id, choice.id)"
                      (change)="choose(question.id, choice.id, question.kind, $event)"
                    />
                    {{ choice.text }}
                  </label>
                }
              </div>
            </fieldset>
          }
          <div role="alert" aria-atomic="true" class="live-region">
            @if (warnedUnanswered().length > 0) {
              <div class="alert alert-warning">
                <p class="alert-title">未回答の問題があります：{{ unansweredText(warnedUnanswered()) }}</p>
                <p>
                  未回答の問題は不正解になります。このまま送信する場合は、もう一度「回答を送信する」を押してください。
                </p>
              </div>
            }
          </div>
          <button type="submit" class="button button-primary" [disabled]="busy()">回答を送信する</button>
          @if (busy()) {
            <p class="muted" role="status">送信しています…</p>
          }
        </form>
      }
    }

    @if (mode() === 'result' && result()) {
      <h3 #resultHeading class="quiz-result-heading" tabindex="-1">テストの結果</h3>
    }
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (mode() === 'result' && result(); as r) {
        <div class="quiz-verdict" [attr.data-passed]="r.passed">
          <p class="verdict-label">{{ r.passed ? '合格' : '不合格' }}</p>
          <p class="verdict-score">{{ r.score }}点（合格点 {{ r.passMark }}点）</p>
        </div>
      }
    </div>

    @if (mode() === 'result') {
      @if (result(); as r) {
        <dx-quiz-result
          [result]="r"
          [certificateUrl]="certificateUrl()"
          [busy]="busy()"
          (retried)="start()"
          (closed)="closeResult()"
        />
      }
    }

    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>
  `,
})
export class QuizModuleComponent {
  private readonly api = inject(LearningApi);
  private readonly injector = inject(Injector);

  readonly module = input.required<ModuleView>();
  readonly courseCode = input.required<string>();
  readonly fiscalYear = input.required<number>();
  /** The attempt count, best score or the course's completion changed: the course should be loaded again. */
  readonly changed = output<void>();

  protected readonly mode = signal<Mode>('idle');
  protected readonly attempt = signal<QuizAttemptView | null>(null);
  protected readonly result = signal<QuizResult | null>(null);
  protected readonly busy = signal(false);
  protected readonly certificateUrl = computed(() =>
    this.api.certificateUrl(this.courseCode(), this.fiscalYear()),
  );
  protected readonly problem = signal<Problem | null>(null);
  /** The chosen choice ids per question id. */
  private readonly answers = signal<ReadonlyMap<number, readonly number[]>>(new Map());
  /** The unanswered question numbers the person was warned about; sending again with the same gaps goes ahead. */
  protected readonly warnedUnanswered = signal<number[]>([]);

  private readonly unanswered = computed(() => {
    const attempt = this.attempt();
    const answers = this.answers();
    if (!attempt) return [];
    return attempt.questions.flatMap((q, i) => ((answers.get(q.id)?.length ?? 0) === 0 ? [i + 1] : []));
  });

  private readonly formHeading = viewChild<ElementRef<HTMLElement>>('formHeading');
  private readonly resultHeading = viewChild<ElementRef<HTMLElement>>('resultHeading');

  protected isChosen(questionId: number, choiceId: number): boolean {
    return this.answers().get(questionId)?.includes(choiceId) ?? false;
  }

  protected choose(questionId: number, choiceId: number, kind: 'single' | 'multiple', event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    const next = new Map(this.answers());
    if (kind === 'single') {
      next.set(questionId, [choiceId]);
    } else {
      const current = next.get(questionId) ?? [];
      next.set(
        questionId,
        checked
          ? [...current.filter((id) => id !== choiceId), choiceId]
          : current.filter((id) => id !== choiceId),
      );
    }
    this.answers.set(next);
    // Once everything is answered, the warning has nothing left to say.
    if (this.unanswered().length === 0) this.warnedUnanswered.set([]);
  }

  protected unansweredText(numbers: number[]): string {
    return numbers.map((n) => `問${n}`).join('、');
  }

  protected async start(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const attempt = await firstValueFrom(
        this.api.startQuiz(this.courseCode(), this.module().id, this.fiscalYear()),
      );
      this.attempt.set(attempt);
      this.answers.set(new Map());
      this.warnedUnanswered.set([]);
      this.result.set(null);
      this.mode.set('answering');
      afterNextRender(() => this.formHeading()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const attempt = this.attempt();
    if (!attempt || this.busy()) return;
    const unanswered = this.unanswered();
    if (unanswered.length > 0 && unanswered.join() !== this.warnedUnanswered().join()) {
      this.warnedUnanswered.set(unanswered);
      return;
    }
    const submission: QuizSubmission = {
      answers: attempt.questions.map((q) => ({
        questionId: q.id,
        choiceIds: [...(this.answers().get(q.id) ?? [])],
      })),
    };
    this.busy.set(true);
    this.problem.set(null);
    try {
      const result = await firstValueFrom(this.api.submitQuiz(attempt.attemptId, submission));
      this.result.set(result);
      this.attempt.set(null);
      this.warnedUnanswered.set([]);
      this.mode.set('result');
      this.changed.emit();
      afterNextRender(() => this.resultHeading()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      const problem = toProblem(error);
      this.problem.set(problem);
      if (problem.status === 409) {
        // Already submitted (e.g. in another tab): the form is of no use any more.
        this.attempt.set(null);
        this.mode.set('idle');
        this.changed.emit();
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected closeResult(): void {
    this.result.set(null);
    this.mode.set('idle');
  }
}
