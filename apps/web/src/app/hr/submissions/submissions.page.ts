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
import type { SubmissionStatus } from '@dx/contract';
import { toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { type Evaluated, SubmissionCardComponent } from './submission-card.component';
import { SUBMISSION_STATUS_LABELS, SubmissionsApi } from './submissions.api';

const FILTERS: readonly SubmissionStatus[] = ['submitted', 'passed', 'returned'];

/** 課題の評価: the submissions of one status, oldest first; those waiting can be passed or returned. */
@Component({
  selector: 'dx-submissions-page',
  imports: [ProblemAlertComponent, SubmissionCardComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>課題の評価</h1>
    <p class="lead">
      受講者が提出した課題を確認し、「合格」または「差し戻す」を選びます。合格にすると、その課題は修了になります。
    </p>

    <form class="card" (submit)="$event.preventDefault()">
      <fieldset class="field">
        <legend>表示する提出物</legend>
        <div class="radio-group">
          @for (option of filters; track option) {
            <label class="radio">
              <input
                type="radio"
                name="submission-status"
                [value]="option"
                [checked]="status() === option"
                (change)="status.set(option)"
              />
              {{ labels[option] }}
            </label>
          }
        </div>
      </fieldset>
    </form>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (announcement(); as text) {
        <p class="alert alert-success">{{ text }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    <section aria-labelledby="submissions-heading">
      <h2 id="submissions-heading" tabindex="-1">提出物の一覧（{{ labels[status()] }}）</h2>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region result-summary">
        @if (submissions.isLoading()) {
          <p class="muted">読み込み中…</p>
        } @else if (submissions.hasValue()) {
          @if (items().length === 0) {
            <p>{{ labels[status()] }}の提出物はありません。</p>
          } @else {
            <p>{{ items().length }}件（提出の古い順）</p>
          }
        }
      </div>
      @for (item of items(); track item.id) {
        <dx-submission-card [submission]="item" (evaluated)="onEvaluated($event)" />
      }
    </section>
  `,
})
export class SubmissionsPage {
  private readonly api = inject(SubmissionsApi);
  private readonly injector = inject(Injector);

  protected readonly filters = FILTERS;
  protected readonly labels = SUBMISSION_STATUS_LABELS;
  protected readonly status = signal<SubmissionStatus>('submitted');

  protected readonly submissions = rxResource({
    params: () => this.status(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly items = computed(() => (this.submissions.hasValue() ? this.submissions.value() : []));
  protected readonly problem = computed(() =>
    this.submissions.error() ? toProblem(this.submissions.error()) : null,
  );
  /** The result of the last evaluation, for everyone (screen readers too) to hear. */
  protected readonly announcement = linkedSignal<SubmissionStatus, string | null>({
    source: this.status,
    computation: () => null,
  });

  /** An evaluated submission leaves the 評価待ち list; focus moves on to the next one, or to the list. */
  protected onEvaluated({ submission, result }: Evaluated): void {
    const verdict = result === 'passed' ? '合格にしました' : '差し戻しました';
    this.announcement.set(`${submission.name}さんの「${submission.moduleTitle}」を${verdict}。`);
    const index = this.items().findIndex((item) => item.id === submission.id);
    const next = this.items()[index + 1] ?? this.items()[index - 1] ?? null;
    if (this.submissions.hasValue()) {
      this.submissions.value.update((items) => items.filter((item) => item.id !== submission.id));
    }
    const target = next ? `submission-${next.id}-heading` : 'submissions-heading';
    afterNextRender(() => document.getElementById(target)?.focus(), { injector: this.injector });
  }
}
