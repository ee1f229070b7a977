import { Directive, input, output } from '@angular/core';
import type { Values } from './module-form.values';

/**
 * What each group of the module form's inputs shares: the form's values in, the API's messages by input name (so a
 * refused field is marked and described beside its input), and the typed changes out (the form merges them).
 */
@Directive()
export abstract class ModuleFieldsDirective {
  readonly values = input.required<Values>();
  /** The API's messages by input name: 'content.passMark' arrives as 'passMark'. */
  readonly errors = input.required<ReadonlyMap<string, readonly string[]>>();
  readonly changed = output<Values>();

  protected text(name: string): string {
    return String(this.values()[name] ?? '');
  }

  protected set(name: string, event: Event): void {
    this.changed.emit({ [name]: (event.target as HTMLInputElement).value });
  }

  protected setChecked(name: string, event: Event): void {
    this.changed.emit({ [name]: (event.target as HTMLInputElement).checked });
  }

  protected invalid(name: string): boolean {
    return this.errors().has(name);
  }

  protected messages(name: string): string {
    return (this.errors().get(name) ?? []).join(' ');
  }

  protected describedBy(name: string, hintId?: string): string | null {
    const ids = [hintId, this.invalid(name) ? `module-${name}-error` : undefined].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : null;
  }
}
