import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { MatrixCell, MatrixPerson, PeopleSort, TeamMatrix } from '@dx/contract';
import { ENROLLMENT_STATUS_LABELS } from '@dx/domain';
import { StatusBadgeComponent } from '@dx/ui';
import { formatFiscalYear, formatJapaneseDate } from '../shared/dates';
import { sortLabel } from '../shared/unit-sort';
import { completedOfAssigned, sumTotals } from './team-labels';

/** Selected people: 職員番号 → 氏名. */
export type TeamSelection = ReadonlyMap<string, string>;
export interface TeamSelectionChange {
  readonly people: readonly MatrixPerson[];
  readonly checked: boolean;
}

/**
 * The matrix itself: a row per person (a checkbox to select them), a column per required course with its status, the
 * person's totals, and the columns' totals in the footer. The 所属 header asks for the next order.
 */
@Component({
  selector: 'dx-team-matrix',
  imports: [StatusBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './team-matrix.component.css',
  template: `
    @let m = matrix();
    <div
      class="matrix-scroll"
      role="region"
      tabindex="0"
      aria-label="職員ごとの受講状況の表"
      aria-describedby="team-matrix-scroll-hint"
    >
      <table class="data-table matrix-table">
        <caption class="visually-hidden">
          職員ごとの研修の受講状況（{{
            yearLabel(m.fiscalYear)
          }}、{{
            sort() ? '所属順' : '期限超過のある人が先頭'
          }}）
        </caption>
        <thead>
          <tr>
            <th scope="col" class="col-name">
              <!-- The heading's text stays outside the checkbox's label: clicking 氏名 must not select everyone. -->
              <input
                type="checkbox"
                id="team-select-page"
                aria-label="このページの全員を選択"
                [checked]="pageAllSelected()"
                [indeterminate]="pageSomeSelected()"
                #pageBox
                (change)="selectionChange.emit({ people: matrix().people, checked: pageBox.checked })"
              />
              氏名
            </th>
            <th scope="col" class="unit-path" [attr.aria-sort]="ariaSort()">
              <button type="button" class="sort-button" id="team-sort-unit" (click)="sortToggle.emit()">
                所属（課 / 班）<span aria-hidden="true">{{ sortArrow() }}</span>
              </button>
              <span class="visually-hidden">{{ sortHint() }}</span>
            </th>
            <th scope="col">職位</th>
            @for (course of m.courses; track course.code) {
              <th scope="col" class="course" [attr.title]="course.title">{{ course.title }}</th>
            }
            <th scope="col">修了／割当</th>
            <th scope="col">期限超過</th>
            <th scope="col">最終督促日</th>
          </tr>
        </thead>
        <tbody>
          @for (person of m.people; track person.employeeNo) {
            @let selected = selection().has(person.employeeNo);
            <tr [class.row-overdue]="person.overdue > 0" [class.selected]="selected">
              <th scope="row" class="col-name" [attr.title]="person.name">
                <label>
                  <input
                    type="checkbox"
                    [id]="'team-select-' + person.employeeNo"
                    [attr.aria-label]="person.name + 'を選択'"
                    [checked]="selected"
                    #box
                    (change)="selectionChange.emit({ people: [person], checked: box.checked })"
                  />
                  <span>{{ person.name }}</span>
                </label>
              </th>
              <td class="unit-path">{{ person.unitPath }}</td>
              <td class="nowrap">{{ person.positionName }}</td>
              @for (course of m.courses; track course.code) {
                <td class="cell">
                  @if (person.cells[course.code]; as cell) {
                    <dx-status-badge [status]="cell.status" [attr.title]="cellTitle(cell)" />
                  } @else {
                    <span aria-hidden="true">―</span><span class="visually-hidden">割当なし</span>
                  }
                </td>
              }
              <td class="numeric nowrap">{{ completedOf(person.completed, person.assigned) }}</td>
              <td class="numeric">
                @if (person.overdue > 0) {
                  <span class="overdue-count">{{ person.overdue }}</span>
                } @else {
                  0
                }
              </td>
              <td class="nowrap">
                @if (person.lastRemindedOn; as day) {
                  {{ dateLabel(day) }}
                } @else {
                  <span aria-hidden="true">―</span><span class="visually-hidden">督促なし</span>
                }
              </td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" class="col-name">合計（{{ m.total }}人）</th>
            <td colspan="2"></td>
            @for (course of m.courses; track course.code) {
              <td class="nowrap">
                @if (m.columnTotals[course.code]; as t) {
                  {{ completedOf(t.completed, t.assigned) }}<br />期限超過 {{ t.overdue }}
                  @if (t.exempt > 0) {
                    <br />免除 {{ t.exempt }}
                  }
                } @else {
                  ―
                }
              </td>
            }
            <td class="numeric nowrap">{{ completedOf(grandTotal().completed, grandTotal().assigned) }}</td>
            <td class="numeric">{{ grandTotal().overdue }}</td>
            <td></td>
          </tr>
        </tfoot>
      </table>
    </div>
  `,
})
export class TeamMatrixComponent {
  readonly matrix = input.required<TeamMatrix>();
  readonly sort = input<PeopleSort | ''>('');
  readonly selection = input.required<TeamSelection>();
  /** A checkbox changed: these people are now selected or not (the selection is kept across pages). */
  readonly selectionChange = output<TeamSelectionChange>();
  readonly sortToggle = output();

  protected readonly yearLabel = formatFiscalYear;
  protected readonly dateLabel = formatJapaneseDate;
  protected readonly completedOf = completedOfAssigned;

  protected readonly grandTotal = computed(() => sumTotals(this.matrix()));
  protected readonly pageAllSelected = computed(() => {
    const people = this.matrix().people;
    return people.length > 0 && people.every((p) => this.selection().has(p.employeeNo));
  });
  protected readonly pageSomeSelected = computed(
    () => !this.pageAllSelected() && this.matrix().people.some((p) => this.selection().has(p.employeeNo)),
  );

  protected readonly ariaSort = computed(() => sortLabel(this.sort()));
  protected readonly sortArrow = computed(() =>
    this.sort() === 'unit' ? ' ▲' : this.sort() === '-unit' ? ' ▼' : '',
  );
  protected readonly sortHint = computed(() =>
    this.sort() === 'unit'
      ? '（所属順。押すと逆順）'
      : this.sort() === '-unit'
        ? '（所属の逆順。押すと期限超過の多い順）'
        : '（押すと所属順に並べ替え）',
  );

  protected cellTitle(cell: MatrixCell): string {
    const label = ENROLLMENT_STATUS_LABELS[cell.status] ?? cell.status;
    return cell.completedAt
      ? `${label}（修了日 ${formatJapaneseDate(cell.completedAt)}）`
      : `${label}（期限 ${formatJapaneseDate(cell.dueDate)}）`;
  }
}
