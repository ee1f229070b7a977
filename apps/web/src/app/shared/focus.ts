import { type Injector, afterNextRender } from '@angular/core';

/** Moves the keyboard focus to the element with this id once the view has rendered (a new form, a confirmation). */
export function focusAfterRender(injector: Injector, id: string): void {
  afterNextRender(() => document.getElementById(id)?.focus(), { injector });
}
