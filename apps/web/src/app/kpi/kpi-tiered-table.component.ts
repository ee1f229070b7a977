import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { KpiDashboard } from '@dx/contract';
import { formatRate } from '../stats/stats-labels';

/** 階層別研修の修了率（部局別） as a table, beside its chart. */
@Component({
  selector: 'dx-kpi-tiered-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .data-table {
      font-size: 0.875rem;
    }
  `,
  template: `
    <div class="table-wrap" role="region" tabindex="0" aria-label="階層別研修の修了率（部局別）の表">
      <table class="data-table">
        <caption>
          階層別研修の修了率（部局別）
        </caption>
        <thead>
          <tr>
            <th scope="col">部局</th>
            <th scope="col" class="numeric">割当</th>
            <th scope="col" class="numeric">修了</th>
            <th scope="col" class="numeric">免除</th>
            <th scope="col" class="numeric">修了率</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.code) {
            <tr>
              <th scope="row">{{ row.name }}</th>
              <td class="numeric">{{ row.assigned }}</td>
              <td class="numeric">{{ row.completed }}</td>
              <td class="numeric">{{ row.exempt }}</td>
              <td class="numeric">{{ rate(row.rate) }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5">対象の割当はありません。</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class KpiTieredTableComponent {
  readonly rows = input.required<KpiDashboard['tieredByDepartment']>();
  protected readonly rate = formatRate;
}
