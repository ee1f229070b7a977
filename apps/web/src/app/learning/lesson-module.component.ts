import { ChangeDetectionStrategy, Component, ElementRef, output, viewChild } from '@angular/core';
import type { CourseDetail } from '@dx/contract';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { ModulePanelDirective } from './module-panel.directive';

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
export class LessonModuleComponent extends ModulePanelDirective {
  /** The course as the server sent it back after the lesson was marked as read. */
  readonly courseUpdated = output<CourseDetail>();

  private readonly doneMessage = viewChild<ElementRef<HTMLElement>>('doneMessage');

  protected async complete(): Promise<void> {
    await this.act(() => this.api.completeLesson(this.courseCode(), this.module().id, this.fiscalYear()), {
      done: (course) => this.courseUpdated.emit(course),
      // The button the person pressed is now disabled: keep the keyboard focus nearby, on the confirmation.
      focus: () => this.doneMessage()?.nativeElement,
    });
  }
}
