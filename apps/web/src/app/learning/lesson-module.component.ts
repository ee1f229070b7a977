import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { CourseDetail, ModuleView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { LearningApi } from './learning.api';

/** A lesson: the text (safe HTML from the server), an optional video link, and 「読み終えた」. */
@Component({
  selector: 'dx-lesson-module',
  imports: [JapaneseDatePipe, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (module().lesson; as lesson) {
      <div class="lesson-body" [innerHTML]="lesson.html"></div>
      @if (lesson.videoUrl) {
        <p>
          <a [href]="lesson.videoUrl" target="_blank" rel="noopener noreferrer">動画を開く（新しいタブ）</a>
        </p>
      }
    }
    <div class="module-actions">
      @if (module().completed) {
        <button type="button" class="button" disabled>完了しました</button>
        <p #doneMessage class="module-done" tabindex="-1">
          この教材は完了しています{{
            module().completedAt ? '（' + (module().completedAt | jaDate) + '）' : ''
          }}。
        </p>
      } @else {
        <button type="button" class="button button-primary" [disabled]="busy()" (click)="complete()">
          読み終えた
        </button>
        @if (busy()) {
          <p class="muted" role="status">記録しています…</p>
        }
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>
  `,
})
export class LessonModuleComponent {
  private readonly api = inject(LearningApi);
  private readonly injector = inject(Injector);

  readonly module = input.required<ModuleView>();
  readonly courseCode = input.required<string>();
  readonly fiscalYear = input.required<number>();
  /** The course as the server sent it back after the lesson was marked as read. */
  readonly courseUpdated = output<CourseDetail>();

  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  private readonly doneMessage = viewChild<ElementRef<HTMLElement>>('doneMessage');

  protected async complete(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const course = await firstValueFrom(
        this.api.completeLesson(this.courseCode(), this.module().id, this.fiscalYear()),
      );
      this.courseUpdated.emit(course);
      // The button the person pressed is now disabled: keep the keyboard focus nearby, on the confirmation.
      afterNextRender(() => this.doneMessage()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
