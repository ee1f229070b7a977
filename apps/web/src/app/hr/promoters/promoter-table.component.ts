import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { PromoterView } from '@dx/contract';
import { JapaneseDatePipe } from '../../shared/japanese-date.pipe';

/** The デジタル活用推進員 of one year, each with 指定を解除 and its confirmation in the row. */
@Component({
  selector: 'dx-promoter-table',
  imports: [JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .confirm p {
      margin: 0;
      font-weight: bold;
    }
  `,
  template: `
    <div class="table-wrap">
      <table class="data-table">
        <caption class="visually-hidden">
          デジタル活用推進員（{{
            yearLabel()
          }}）
        </caption>
        <thead>
          <tr>
            <th scope="col">職員番号</th>
            <th scope="col">氏名</th>
            <th scope="col">所属</th>
            <th scope="col">指定日</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          @for (person of rows(); track person.employeeNo) {
            <tr>
              <td class="nowrap">{{ person.employeeNo }}</td>
              <td>{{ person.name }}</td>
              <td>{{ person.unitName ?? '—' }}</td>
              <td class="nowrap">{{ person.designatedOn | jaDate }}</td>
              <td>
                @if (confirming() === person.employeeNo) {
                  <div class="confirm" role="group" [attr.aria-label]="person.name + 'さんの指定の解除'">
                    <p>{{ person.name }}さんの指定を解除しますか？</p>
                    <button
                      type="button"
                      class="button button-primary"
                      [id]="'promoter-' + person.employeeNo + '-confirm'"
                      [disabled]="busy()"
                      (click)="remove.emit(person)"
                    >
                      解除する
                    </button>
                    <button type="button" class="button" (click)="cancelRemove.emit(person)">やめる</button>
                  </div>
                } @else {
                  <button
                    type="button"
                    class="button"
                    [id]="'promoter-' + person.employeeNo + '-remove'"
                    [disabled]="busy()"
                    (click)="askRemove.emit(person)"
                  >
                    指定を解除<span class="visually-hidden">（{{ person.name }}）</span>
                  </button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class PromoterTableComponent {
  readonly rows = input.required<readonly PromoterView[]>();
  /** 「令和8年度」: the year the roster is of. */
  readonly yearLabel = input.required<string>();
  /** The 職員番号 whose removal is being confirmed. */
  readonly confirming = input<string | null>(null);
  readonly busy = input(false);
  readonly askRemove = output<PromoterView>();
  readonly cancelRemove = output<PromoterView>();
  readonly remove = output<PromoterView>();
}
