import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/** 前へ / 次へ for a paged list, with where the reader is between them ('2 / 5ページ' unless told otherwise). */
@Component({
  selector: 'dx-pager',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="pager" aria-label="ページ送り">
      <button type="button" class="button" (click)="go.emit(page() - 1)" [disabled]="page() <= 1">
        前へ
      </button>
      <span>{{ summary() ?? page() + ' / ' + pageCount() + 'ページ' }}</span>
      <button type="button" class="button" (click)="go.emit(page() + 1)" [disabled]="page() >= pageCount()">
        次へ
      </button>
    </nav>
  `,
})
export class PagerComponent {
  readonly page = input.required<number>();
  readonly pageCount = input.required<number>();
  /** Said between the buttons instead of the page number (e.g. '120人中 51–100人'). */
  readonly summary = input<string | null>(null);
  readonly go = output<number>();
}
