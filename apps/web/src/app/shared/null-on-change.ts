import { type WritableSignal, linkedSignal } from '@angular/core';

/** A writable signal that goes back to null whenever `source` changes. */
export function nullOnChange<T>(source: () => string): WritableSignal<T | null> {
  return linkedSignal<string, T | null>({ source, computation: () => null });
}
