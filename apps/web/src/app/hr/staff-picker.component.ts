import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  model,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { StaffListItem } from '@dx/contract';
import { of } from 'rxjs';
import { StaffApi } from '../staff/staff.api';

/** The person chosen in a StaffPickerComponent. */
export interface StaffChoice {
  employeeNo: string;
  name: string;
  unitName?: string | null;
}

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;

let nextId = 0;

function choiceLabel(choice: StaffChoice): string {
  return `${choice.name}（${choice.employeeNo}）`;
}

/**
 * Chooses one staff member by searching name, kana or 職員番号 as one types (the staff search API), instead of typing
 * a number blind: an ARIA 1.2 combobox with a listbox of matches; ↑/↓ move, Enter chooses, Esc closes.
 */
@Component({
  selector: 'dx-staff-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
      position: relative;
    }
    input {
      min-width: 18rem;
    }
    .staff-options {
      position: absolute;
      z-index: 10;
      left: 0;
      right: 0;
      min-width: 22rem;
      max-height: 18rem;
      overflow-y: auto;
      margin: 0.125rem 0 0;
      padding: 0;
      list-style: none;
      background: #ffffff;
      border: 1px solid #5c6470;
      border-radius: 4px;
      box-shadow: 0 4px 12px rgba(0, 0, 0, 0.15);
    }
    .staff-option {
      padding: 0.5rem 0.75rem;
      cursor: pointer;
      border-bottom: 1px solid #e3e6eb;
    }
    .staff-option[aria-selected='true'] {
      background: #0055a5;
      color: #ffffff;
    }
    .staff-option[aria-selected='true'] .staff-option-meta {
      color: #ffffff;
    }
    .staff-option-meta {
      display: block;
      font-size: 0.875rem;
      color: #3d4450;
    }
    .staff-chosen {
      margin: 0.25rem 0 0;
      font-size: 0.875rem;
    }
  `,
  template: `
    <label [for]="inputId()">{{ label() }}</label>
    <input
      [id]="inputId()"
      type="text"
      role="combobox"
      autocomplete="off"
      spellcheck="false"
      aria-autocomplete="list"
      [attr.aria-expanded]="open()"
      [attr.aria-controls]="listId"
      [attr.aria-activedescendant]="open() && active() >= 0 ? optionId(active()) : null"
      [attr.aria-invalid]="error() ? true : null"
      [attr.aria-describedby]="hintId + (error() ? ' ' + errorId : '')"
      [value]="text()"
      (input)="onInput($event)"
      (keydown)="onKeydown($event)"
      (blur)="onBlur()"
    />
    <ul
      [id]="listId"
      class="staff-options"
      role="listbox"
      [attr.aria-label]="label() + 'の候補'"
      [hidden]="!open()"
    >
      @for (person of options(); track person.employeeNo; let i = $index) {
        <li
          class="staff-option"
          role="option"
          [id]="optionId(i)"
          [attr.aria-selected]="i === active()"
          tabindex="-1"
          (mousedown)="$event.preventDefault()"
          (click)="choose(person)"
          (keydown.enter)="choose(person)"
        >
          {{ person.name }}<span class="visually-hidden">、</span
          ><span class="staff-option-meta"
            >{{ person.nameKana }}・職員番号 {{ person.employeeNo }}・{{ person.unitName }}</span
          >
        </li>
      }
    </ul>
    <p [id]="hintId" class="hint">氏名・かな・職員番号の一部を入力して、候補から選んでください。</p>
    @if (error(); as message) {
      <p [id]="errorId" class="field-error">{{ message }}</p>
    }
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (statusText(); as status) {
        <p class="visually-hidden">{{ status }}</p>
      }
    </div>
  `,
})
export class StaffPickerComponent {
  private readonly api = inject(StaffApi);

  readonly inputId = input.required<string>();
  readonly label = input('職員');
  /** A message to show under the field (e.g. nothing chosen yet). */
  readonly error = input<string | null>(null);
  /** The chosen person; null while the text does not name one. */
  readonly value = model<StaffChoice | null>(null);

  private readonly uid = `staff-picker-${nextId++}`;
  protected readonly listId = `${this.uid}-list`;
  protected readonly hintId = `${this.uid}-hint`;
  protected readonly errorId = `${this.uid}-error`;

  /** What the box shows: the chosen person, or what is being typed. */
  protected readonly text = linkedSignal(() => {
    const value = this.value();
    return value ? choiceLabel(value) : '';
  });
  /** The text searched for, a moment after typing stops. */
  private readonly query = signal('');
  protected readonly expanded = signal(false);
  protected readonly active = signal(-1);
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected readonly results = rxResource({
    params: () => this.query() || undefined,
    stream: ({ params }) =>
      params
        ? this.api.search({ q: params, page: 1, pageSize: PAGE_SIZE })
        : of({ items: [] as StaffListItem[], total: 0, page: 1, pageSize: PAGE_SIZE }),
  });
  protected readonly options = computed<StaffListItem[]>(() =>
    this.results.hasValue() ? this.results.value().items : [],
  );
  protected readonly open = computed(() => this.expanded() && this.options().length > 0);

  protected readonly statusText = computed(() => {
    if (!this.expanded() || !this.query()) return '';
    if (this.results.isLoading()) return '検索しています…';
    if (!this.results.hasValue()) return '';
    const { total, items } = this.results.value();
    if (total === 0) return '該当する職員はいません。';
    return total > items.length
      ? `${total}人が該当します。上位${items.length}人を表示しています。↑↓キーで選び、Enterで決定します。`
      : `${total}人が該当します。↑↓キーで選び、Enterで決定します。`;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected optionId(index: number): string {
    return `${this.uid}-option-${index}`;
  }

  protected onInput(event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    if (this.value() !== null) this.value.set(null);
    this.text.set(text);
    this.active.set(-1);
    this.expanded.set(true);
    clearTimeout(this.timer);
    const query = text.trim();
    this.timer = setTimeout(() => this.query.set(query), query ? DEBOUNCE_MS : 0);
  }

  protected onKeydown(event: KeyboardEvent): void {
    const count = this.options().length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        this.expanded.set(true);
        if (count > 0) this.active.set((this.active() + 1) % count);
        break;
      case 'ArrowUp':
        event.preventDefault();
        this.expanded.set(true);
        if (count > 0) this.active.set(this.active() <= 0 ? count - 1 : this.active() - 1);
        break;
      case 'Enter':
        // Choosing from the open list must not send the form around it.
        if (this.open() && this.active() >= 0) {
          event.preventDefault();
          this.choose(this.options()[this.active()]);
        }
        break;
      case 'Escape':
        if (this.open()) {
          event.preventDefault();
          this.close();
        }
        break;
    }
  }

  protected onBlur(): void {
    this.close();
  }

  protected choose(person: StaffListItem): void {
    this.value.set({ employeeNo: person.employeeNo, name: person.name, unitName: person.unitName });
    this.close();
  }

  private close(): void {
    this.expanded.set(false);
    this.active.set(-1);
  }
}
