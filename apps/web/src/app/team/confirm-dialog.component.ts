import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterNextRender,
  input,
  output,
  viewChild,
} from '@angular/core';

let nextId = 0;

/**
 * A modal confirmation (native <dialog>: focus stays inside, Esc cancels). Shown while it is in the page; the
 * parent removes it on `confirmed` or `cancelled` and puts the focus back where the person was.
 */
@Component({
  selector: 'dx-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    dialog {
      max-width: min(36rem, calc(100vw - 2rem));
      border: 2px solid var(--color-navy);
      border-radius: var(--radius);
      padding: 1.25rem 1.5rem;
    }
    /* A long body (a mail preview) scrolls inside; the buttons stay in view. */
    dialog[open] {
      display: flex;
      flex-direction: column;
      max-height: calc(100vh - 2rem);
      box-sizing: border-box;
    }
    .dialog-body {
      overflow-y: auto;
      min-height: 0;
    }
    .button-row {
      flex-shrink: 0;
    }
    dialog::backdrop {
      background: rgba(0, 0, 0, 0.45);
    }
    h2 {
      margin-top: 0;
    }
  `,
  template: `
    <dialog
      #dialog
      [attr.aria-labelledby]="id + '-title'"
      [attr.aria-describedby]="id + '-body'"
      (cancel)="cancel($event)"
    >
      <h2 [id]="id + '-title'">{{ heading() }}</h2>
      <div class="dialog-body" [id]="id + '-body'"><ng-content /></div>
      <div class="button-row">
        <button type="button" class="button button-primary" [disabled]="busy()" (click)="confirmed.emit()">
          {{ confirmLabel() }}
        </button>
        <button #cancelButton type="button" class="button" (click)="cancelled.emit()">やめる</button>
      </div>
    </dialog>
  `,
})
export class ConfirmDialogComponent {
  readonly heading = input.required<string>();
  readonly confirmLabel = input('実行する');
  readonly busy = input(false);
  readonly confirmed = output();
  readonly cancelled = output();

  protected readonly id = `dx-confirm-${++nextId}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly cancelButton = viewChild.required<ElementRef<HTMLButtonElement>>('cancelButton');

  constructor() {
    afterNextRender(() => {
      const dialog = this.dialog().nativeElement;
      // Browsers open it modally; environments without showModal (jsdom in tests) just show it.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      // The safe choice has the focus first: sending e-mail cannot be undone.
      this.cancelButton().nativeElement.focus();
    });
  }

  protected cancel(event: Event): void {
    event.preventDefault();
    this.cancelled.emit();
  }
}
