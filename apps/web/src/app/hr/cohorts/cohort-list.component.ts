import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { CohortMember, CohortView } from '@dx/contract';
import { formatFiscalYear } from '../../shared/dates';
import { JapaneseDatePipe } from '../../shared/japanese-date.pipe';

/** One member of a cohort chosen for the member form. */
export interface CohortMemberEdit {
  readonly cohort: CohortView;
  readonly member: CohortMember;
}

/** The cohorts (養成期), each with its members and a button that puts a member into the member form. */
@Component({
  selector: 'dx-cohort-list',
  imports: [JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .cohort h3 {
      margin-top: 0;
    }
  `,
  template: `
    @for (cohort of cohorts(); track cohort.code) {
      <article class="card cohort" [attr.aria-labelledby]="'cohort-' + cohort.code">
        <h3 [id]="'cohort-' + cohort.code">{{ cohort.name }}</h3>
        <dl class="summary-list">
          <div>
            <dt>コード</dt>
            <dd>{{ cohort.code }}</dd>
          </div>
          <div>
            <dt>年度</dt>
            <dd>{{ yearLabel(cohort.fiscalYear) }}</dd>
          </div>
          <div>
            <dt>修了期限</dt>
            <dd>{{ cohort.dueDate ? (cohort.dueDate | jaDate) : '定めなし' }}</dd>
          </div>
          <div>
            <dt>人数</dt>
            <dd>{{ cohort.members.length }}人（うち認定 {{ certifiedCount(cohort) }}人）</dd>
          </div>
        </dl>
        @if (cohort.members.length === 0) {
          <p>メンバーはまだいません。</p>
        } @else {
          <div class="table-wrap">
            <table class="data-table">
              <caption class="visually-hidden">
                {{
                  cohort.name
                }}のメンバー
              </caption>
              <thead>
                <tr>
                  <th scope="col">職員番号</th>
                  <th scope="col">氏名</th>
                  <th scope="col">段階</th>
                  <th scope="col">参加日</th>
                  <th scope="col">認定日</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                @for (member of cohort.members; track member.employeeNo) {
                  <tr>
                    <td class="nowrap">{{ member.employeeNo }}</td>
                    <td>{{ member.name }}</td>
                    <td>{{ member.stage }}</td>
                    <td class="nowrap">{{ member.joinedOn | jaDate }}</td>
                    <td class="nowrap">{{ member.certifiedOn ? (member.certifiedOn | jaDate) : '—' }}</td>
                    <td>
                      <button type="button" class="button" (click)="edit.emit({ cohort, member })">
                        段階を変更<span class="visually-hidden">（{{ member.name }}）</span>
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </article>
    } @empty {
      <p>養成期はまだありません。下の「養成期を作成する」から作成してください。</p>
    }
  `,
})
export class CohortListComponent {
  readonly cohorts = input.required<readonly CohortView[]>();
  readonly edit = output<CohortMemberEdit>();

  protected readonly yearLabel = formatFiscalYear;

  protected certifiedCount(cohort: CohortView): number {
    return cohort.members.filter((m) => m.stage === '認定').length;
  }
}
