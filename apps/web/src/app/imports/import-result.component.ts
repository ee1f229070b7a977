import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ImportResult } from '@dx/contract';
import { formatFiscalYear } from '../shared/dates';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { COUNT_LABELS, ENCODING_LABELS } from './import-labels';
import { DATED_KINDS, type ImportCounts, type ImportKind } from './imports.api';

/** The counts of a preview or of an applied import, as a table with Japanese labels. */
@Component({
  selector: 'dx-import-result',
  imports: [DecimalPipe, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap" role="region" tabindex="0" [attr.aria-label]="caption()">
      <table class="data-table counts-table">
        <caption>
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">区分</th>
            <th scope="col" class="numeric">件数</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.key) {
            <tr>
              <th scope="row">{{ row.label }}</th>
              <td class="numeric">{{ row.count | number }}件</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <p class="muted">
      読み込んだ行数：{{ result().rows | number }}行　文字コード：{{ encodingLabel() }}
      @if (dated()) {
        　基準日：{{ result().effectiveDate | jaDate }}
      }
      @if (fiscalYearLabel(); as year) {
        　年度：{{ year }}
      }
    </p>
  `,
})
export class ImportResultComponent {
  readonly kind = input.required<ImportKind>();
  readonly result = input.required<ImportResult<ImportCounts>>();
  readonly caption = input.required<string>();
  /** The fiscal year the import was for (promoter roster), shown under the counts. */
  readonly fiscalYear = input<number | null>(null);

  protected readonly encodingLabel = computed(
    () => ENCODING_LABELS[this.result().encoding] ?? this.result().encoding,
  );
  protected readonly dated = computed(() => DATED_KINDS.includes(this.kind()));
  protected readonly fiscalYearLabel = computed(() => {
    const year = this.fiscalYear();
    return year === null ? null : formatFiscalYear(year);
  });

  protected readonly rows = computed(() => {
    const counts = this.result().counts as unknown as Record<string, number | undefined>;
    return COUNT_LABELS[this.kind()].map(({ key, label }) => ({ key, label, count: counts[key] ?? 0 }));
  });
}
