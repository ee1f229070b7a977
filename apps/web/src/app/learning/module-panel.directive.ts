import { Directive, Injector, afterNextRender, inject, input, signal } from '@angular/core';
import type { ModuleView } from '@dx/contract';
import { type Observable, firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { LearningApi } from './learning.api';

/** How an action of a module panel ends: what it changes, where the focus goes, and (if any) its own refusals. */
export interface ModuleActionSteps<T> {
  /** The server's answer arrived: show it (and tell the course page the course changed). */
  done(value: T): void;
  /** The element the keyboard focus moves to once the answer is on screen (the pressed button may be gone). */
  focus?(): HTMLElement | undefined;
  /** A refusal that changes more than the message shown (the message is shown in any case). */
  failed?(problem: Problem): void;
}

/**
 * What the module panels of a course page share (lesson, quiz, assignment): the module, its course and fiscal year,
 * and one action at a time that records something, shows its problem, and then moves the focus.
 */
@Directive()
export abstract class ModulePanelDirective {
  protected readonly api = inject(LearningApi);
  private readonly injector = inject(Injector);

  readonly module = input.required<ModuleView>();
  readonly courseCode = input.required<string>();
  readonly fiscalYear = input.required<number>();

  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  /** Sends one request unless one is running; false when it was refused or not sent. */
  protected async act<T>(request: () => Observable<T>, steps: ModuleActionSteps<T>): Promise<boolean> {
    if (this.busy()) return false;
    this.busy.set(true);
    this.problem.set(null);
    try {
      steps.done(await firstValueFrom(request()));
      if (steps.focus) afterNextRender(() => steps.focus?.()?.focus(), { injector: this.injector });
      return true;
    } catch (error) {
      const problem = toProblem(error);
      this.problem.set(problem);
      steps.failed?.(problem);
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
