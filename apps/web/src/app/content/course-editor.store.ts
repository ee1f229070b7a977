import { Injectable, Injector, type Signal, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { CourseEditorView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { focusAfterRender } from '../shared/focus';
import { type Problem, toProblem } from '../shared/problem';
import { ContentApi } from './content.api';

export type Confirming = 'publish' | 'discard' | { deleteModule: number } | null;

/**
 * What the parts of the course editor share (provided by the page): the course as last loaded, one action at a time
 * with its problem shown and its success announced, the one confirmation open, and the focus after a change.
 */
@Injectable()
export class CourseEditorStore {
  private readonly api = inject(ContentApi);
  private readonly injector = inject(Injector);

  private codeSource: Signal<string> = signal('');
  /** The course's code (the page's :code). */
  readonly code = computed(() => this.codeSource());

  readonly detail = rxResource({
    params: () => this.code(),
    stream: ({ params }) => this.api.course(params),
  });
  readonly course = computed(() => (this.detail.hasValue() ? this.detail.value() : undefined));

  readonly busy = signal(false);
  readonly actionProblem = signal<Problem | null>(null);
  readonly problem = computed(
    () => this.actionProblem() ?? (this.detail.error() ? toProblem(this.detail.error()) : null),
  );
  readonly message = signal<string | null>(null);
  readonly confirming = signal<Confirming>(null);

  /** Follows the page's course code (called once, from the page's constructor). */
  connect(code: Signal<string>): void {
    this.codeSource = code;
  }

  isConfirmingDelete(moduleId: number): boolean {
    const c = this.confirming();
    return typeof c === 'object' && c !== null && c.deleteModule === moduleId;
  }

  /** Runs an action: one at a time, its problem shown, its success announced. */
  async run(action: () => Promise<void>, success: string | null): Promise<boolean> {
    if (this.busy()) return false;
    this.busy.set(true);
    this.actionProblem.set(null);
    this.message.set(null);
    try {
      await action();
      this.message.set(success);
      return true;
    } catch (error) {
      this.actionProblem.set(toProblem(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  setCourse(course: CourseEditorView): void {
    this.detail.set(course);
  }

  /** Loads the course again (after a module or question changed) and keeps what is open. */
  async refresh(): Promise<void> {
    try {
      this.setCourse(await firstValueFrom(this.api.course(this.code())));
    } catch (error) {
      this.actionProblem.set(toProblem(error));
    }
  }

  ask(what: 'publish' | 'discard', focusId: string): void {
    this.confirming.set(what);
    this.focusLater(focusId);
  }

  cancelConfirm(focusId: string): void {
    this.confirming.set(null);
    this.focusLater(focusId);
  }

  focusLater(id: string): void {
    focusAfterRender(this.injector, id);
  }
}
