import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { EvaluationResult, SubmissionListItem } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { formatFiscalYear, formatJapaneseDateTime } from '../../shared/dates';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { SUBMISSION_STATUS_LABELS, SubmissionsApi } from './submissions.api';

export interface Evaluated {
  submission: SubmissionListItem;
  result: EvaluationResult;
}

/** One submitted 課題: who, which course and module, when, the text and file; while waiting, the evaluation form. */
@Component({
  selector: 'dx-submission-card',
  imports: [ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    h3 {
      margin-top: 0;
    }
    details {
      margin: 0 0 1rem;
    }
    summary {
      cursor: pointer;
      color: var(--color-accent);
      font-weight: bold;
      min-height: 2.75rem;
      display: list-item;
      padding: 0.5rem 0;
    }
    .submission-text {
      border-left: 4px solid var(--color-border-light);
      padding: 0.25rem 0 0.25rem 0.75rem;
      overflow-wrap: anywhere;
    }
    .evaluation-form {
      border-top: 1px solid var(--color-border-light);
      padding-top: 1rem;
    }
  `,
  template: `
    @let s = submission();
    <article class="card" [attr.aria-labelledby]="id('heading')">
      <h3 [id]="id('heading')" tabindex="-1">{{ s.name }}さん（職員番号 {{ s.employeeNo }}）</h3>
      <dl class="summary-list">
        <div>
          <dt>研修</dt>
          <dd>{{ s.courseTitle }}（{{ s.courseCode }}）</dd>
        </div>
        <div>
          <dt>課題</dt>
          <dd>{{ s.moduleTitle }}</dd>
        </div>
        <div>
          <dt>年度</dt>
          <dd>{{ fiscalYear() }}</dd>
        </div>
        <div>
          <dt>提出日時</dt>
          <dd>{{ submittedAt() }}</dd>
        </div>
        <div>
          <dt>状態</dt>
          <dd>{{ statusLabel() }}</dd>
        </div>
      </dl>

      @if (s.text) {
        <details>
          <summary>提出内容を表示</summary>
          <div class="pre-line submission-text">{{ s.text }}</div>
        </details>
      } @else {
        <p class="muted">本文の提出はありません。</p>
      }
      @if (s.fileName) {
        <p>
          <a [href]="fileUrl()" download>添付ファイル「{{ s.fileName }}」をダウンロード</a>
        </p>
      }
      @if (s.comment) {
        <div class="evaluator-comment">
          <p class="subheading-inline">評価コメント</p>
          <p class="pre-line">{{ s.comment }}</p>
        </div>
      }

      @if (s.status === 'submitted') {
        <form class="evaluation-form" [formGroup]="form" novalidate (submit)="$event.preventDefault()">
          <div class="field">
            <label [for]="id('comment')">コメント</label>
            <textarea
              [id]="id('comment')"
              rows="4"
              formControlName="comment"
              [attr.aria-invalid]="commentError() !== null"
              [attr.aria-describedby]="id('hint') + (commentError() ? ' ' + id('error') : '')"
            ></textarea>
            <p [id]="id('hint')" class="hint">
              受講者に表示されます。差し戻すときは、直してほしい点を必ず書いてください。
            </p>
            @if (commentError(); as error) {
              <p [id]="id('error')" class="field-error">{{ error }}</p>
            }
          </div>
          <div class="button-row">
            <button
              type="button"
              class="button button-primary"
              [disabled]="busy()"
              [attr.aria-describedby]="id('heading')"
              (click)="evaluate('passed')"
            >
              合格
            </button>
            <button
              type="button"
              class="button"
              [disabled]="busy()"
              [attr.aria-describedby]="id('heading')"
              (click)="evaluate('returned')"
            >
              差し戻す
            </button>
          </div>
          <div role="status" aria-live="polite" class="live-region">
            @if (busy()) {
              <p class="muted">送信しています…</p>
            }
          </div>
        </form>
        <div role="alert" aria-atomic="true" class="live-region">
          <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
        </div>
      }
    </article>
  `,
})
export class SubmissionCardComponent {
  private readonly api = inject(SubmissionsApi);
  private readonly injector = inject(Injector);

  readonly submission = input.required<SubmissionListItem>();
  readonly evaluated = output<Evaluated>();

  /** The evaluation form (a typed reactive form): the comment the learner reads. */
  protected readonly form = new FormGroup({ comment: new FormControl('', { nonNullable: true }) });
  protected readonly commentError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly submittedAt = computed(() => formatJapaneseDateTime(this.submission().submittedAt));
  protected readonly fiscalYear = computed(() => formatFiscalYear(this.submission().fiscalYear));
  protected readonly statusLabel = computed(
    () => SUBMISSION_STATUS_LABELS[this.submission().status] ?? this.submission().status,
  );
  protected readonly fileUrl = computed(() => this.api.fileUrl(this.submission().id));

  constructor() {
    // The message asking for a comment goes as soon as one is typed.
    this.form.controls.comment.valueChanges.pipe(takeUntilDestroyed()).subscribe((comment) => {
      if (comment.trim()) this.commentError.set(null);
    });
  }

  protected id(part: string): string {
    return `submission-${this.submission().id}-${part}`;
  }

  protected async evaluate(result: EvaluationResult): Promise<void> {
    if (this.busy()) return;
    const comment = this.form.controls.comment.value.trim();
    if (result === 'returned' && !comment) {
      this.commentError.set('差し戻すときは、コメントを入力してください。');
      afterNextRender(() => document.getElementById(this.id('comment'))?.focus(), {
        injector: this.injector,
      });
      return;
    }
    this.commentError.set(null);
    this.busy.set(true);
    this.problem.set(null);
    try {
      await firstValueFrom(this.api.evaluate(this.submission().id, result, comment), {
        defaultValue: undefined,
      });
      this.evaluated.emit({ submission: this.submission(), result });
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
