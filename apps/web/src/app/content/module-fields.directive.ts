import { Directive, input } from '@angular/core';
import type { AbstractControl, FormGroup } from '@angular/forms';

/**
 * What each group of the module form's inputs shares: its typed group of controls, and the API's messages by input
 * name (so a refused field is marked and described beside its input).
 */
@Directive()
export abstract class ModuleFieldsDirective<C extends { [K in keyof C]: AbstractControl }> {
  readonly group = input.required<FormGroup<C>>();
  /** The API's messages by input name: 'content.passMark' arrives as 'passMark'. */
  readonly errors = input.required<ReadonlyMap<string, readonly string[]>>();

  protected invalid(name: keyof C & string): boolean {
    return this.errors().has(name);
  }

  protected messages(name: keyof C & string): string {
    return (this.errors().get(name) ?? []).join(' ');
  }

  protected describedBy(name: keyof C & string, hintId?: string): string | null {
    const ids = [hintId, this.invalid(name) ? `module-${name}-error` : undefined].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : null;
  }
}
