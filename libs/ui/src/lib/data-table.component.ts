import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/** One column: its header text, whether its cells are numbers (right-aligned) or the row's header, and sorting. */
export interface DataTableColumn {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  /** The cells of this column name their row (<th scope="row">). */
  readonly rowHeader?: boolean;
  /** The header is a button that asks the parent to sort by this column. */
  readonly sortable?: boolean;
}

export type DataTableCell = string | number | null | undefined;
export type DataTableRow = Readonly<Record<string, DataTableCell>>;
export interface DataTableSort {
  readonly key: string;
  readonly direction: 'ascending' | 'descending';
}

const SORT_HINTS: Record<'none' | 'ascending' | 'descending', string> = {
  none: '（押すと昇順に並べ替え）',
  ascending: '（昇順。押すと降順）',
  descending: '（降順。押すと並べ替えを解除）',
};

/**
 * A simple accessible table of text cells: a caption, column headers with scope, row headers, an optional footer row
 * (totals), sortable headers (aria-sort, a button; the parent sorts) and a sentence instead of an empty table. It
 * scrolls sideways in its own labelled, focusable region (keyboard users on narrow screens).
 */
@Component({
  selector: 'dx-data-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    tbody th {
      font-weight: normal;
    }
    tfoot th,
    tfoot td {
      border-top: 2px solid var(--color-navy-light, #2b3f66);
      font-weight: bold;
      background: var(--color-bg-soft, #f3f5f8);
    }
  `,
  template: `
    @if (rows().length === 0) {
      <p class="empty-state">{{ emptyText() }}</p>
    } @else {
      <div class="table-wrap" role="region" tabindex="0" [attr.aria-label]="regionLabel() || caption()">
        <table class="data-table">
          <caption>
            {{
              caption()
            }}
          </caption>
          <thead>
            <tr>
              @for (column of columns(); track column.key) {
                <th
                  scope="col"
                  [class.numeric]="column.numeric"
                  [attr.aria-sort]="column.sortable ? ariaSort(column.key) : null"
                >
                  @if (column.sortable) {
                    <button type="button" class="sort-button" (click)="toggleSort(column.key)">
                      {{ column.label }}<span aria-hidden="true">{{ arrow(column.key) }}</span>
                    </button>
                    <span class="visually-hidden">{{ sortHint(column.key) }}</span>
                  } @else {
                    {{ column.label }}
                  }
                </th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track rowKey() ? row[rowKey()!] : $index) {
              <tr>
                @for (column of columns(); track column.key) {
                  @if (column.rowHeader) {
                    <th scope="row">{{ row[column.key] }}</th>
                  } @else {
                    <td [class.numeric]="column.numeric">{{ row[column.key] }}</td>
                  }
                }
              </tr>
            }
          </tbody>
          @if (footer(); as total) {
            <tfoot>
              <tr>
                @for (column of columns(); track column.key) {
                  @if (column.rowHeader) {
                    <th scope="row">{{ total[column.key] }}</th>
                  } @else {
                    <td [class.numeric]="column.numeric">{{ total[column.key] }}</td>
                  }
                }
              </tr>
            </tfoot>
          }
        </table>
      </div>
    }
  `,
})
export class DataTableComponent {
  /** What the table shows; also the scrolling region's name unless `regionLabel` says otherwise. */
  readonly caption = input.required<string>();
  readonly columns = input.required<readonly DataTableColumn[]>();
  readonly rows = input.required<readonly DataTableRow[]>();
  /** The column whose value tells rows apart (for re-rendering); the row's position when absent. */
  readonly rowKey = input<string | null>(null);
  readonly footer = input<DataTableRow | null>(null);
  readonly regionLabel = input<string | null>(null);
  /** Said instead of the table when there are no rows. */
  readonly emptyText = input('該当するデータはありません。');
  readonly sort = input<DataTableSort | null>(null);
  /** The order asked for: none → ascending → descending → none. */
  readonly sortChange = output<DataTableSort | null>();

  protected ariaSort(key: string): 'none' | 'ascending' | 'descending' {
    const sort = this.sort();
    return sort && sort.key === key ? sort.direction : 'none';
  }

  protected arrow(key: string): string {
    const state = this.ariaSort(key);
    return state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : '';
  }

  protected sortHint(key: string): string {
    return SORT_HINTS[this.ariaSort(key)];
  }

  protected toggleSort(key: string): void {
    const state = this.ariaSort(key);
    this.sortChange.emit(
      state === 'none'
        ? { key, direction: 'ascending' }
        : state === 'ascending'
          ? { key, direction: 'descending' }
          : null,
    );
  }
}
