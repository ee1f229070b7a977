import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { OrgClosingSummary } from '@dx/contract';

/** The units an org chart would close, with the people still placed in each on the effective date. */
@Component({
  selector: 'dx-import-closing',
  imports: [DecimalPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap" role="region" tabindex="0" aria-label="廃止される所属の表">
      <table class="data-table closing-table">
        <caption>
          廃止される所属（{{
            closing().closingUnits | number
          }}所属、配置されている職員 計{{
            closing().placedStaff | number
          }}人）
        </caption>
        <thead>
          <tr>
            <th scope="col">所属コード</th>
            <th scope="col">所属名</th>
            <th scope="col">位置</th>
            <th scope="col" class="numeric">配置されている職員</th>
          </tr>
        </thead>
        <tbody>
          @for (unit of closing().units; track unit.code) {
            <tr>
              <td>{{ unit.code }}</td>
              <th scope="row">{{ unit.name }}</th>
              <td>{{ unit.path }}</td>
              <td class="numeric">{{ unit.placedStaff | number }}人</td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="3">合計</th>
            <td class="numeric">{{ closing().placedStaff | number }}人</td>
          </tr>
        </tfoot>
      </table>
    </div>
    @if (closing().unitsTruncated) {
      <p class="hint">
        所属が多いため、先頭の{{ closing().units.length | number }}所属だけを表示しています。
      </p>
    }
  `,
})
export class ImportClosingComponent {
  readonly closing = input.required<OrgClosingSummary>();
}
