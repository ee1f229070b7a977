import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { StaffListItem } from '@dx/contract';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { StaffEnrollmentsComponent } from './staff-enrollments.component';
import { StaffApi } from './staff.api';

/**
 * The detail panel: one person's assignments (所属, 職位, 期間), newest first, and below them the person's
 * course assignments (研修の割当) for a fiscal year.
 */
@Component({
  selector: 'dx-staff-history',
  imports: [JapaneseDatePipe, ProblemAlertComponent, StaffEnrollmentsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card detail-panel" aria-labelledby="staff-detail-heading">
      <div class="detail-panel-header">
        <h2 id="staff-detail-heading" #heading tabindex="-1">{{ person().name }}さんの所属履歴</h2>
        <button type="button" class="button" (click)="closed.emit()">閉じる</button>
      </div>
      <dl class="summary-list">
        <div>
          <dt>職員番号</dt>
          <dd>{{ person().employeeNo }}</dd>
        </div>
        <div>
          <dt>氏名カナ</dt>
          <dd>{{ person().nameKana }}</dd>
        </div>
        @if (person().email; as email) {
          <div>
            <dt>メールアドレス</dt>
            <dd>{{ email }}</dd>
          </div>
        }
        <div>
          <dt>現在の所属・職位</dt>
          <dd>{{ person().unitPath }}　{{ person().positionName }}</dd>
        </div>
      </dl>
      <div role="status" aria-live="polite" class="live-region">
        @if (history.isLoading()) {
          <p class="muted">読み込み中…</p>
        }
      </div>
      <div role="alert" class="live-region">
        <dx-problem-alert [problem]="problem()" />
      </div>
      @if (history.hasValue()) {
        @if (rows().length === 0) {
          <p>所属の履歴はありません。</p>
        } @else {
          <div
            class="table-wrap"
            role="region"
            tabindex="0"
            [attr.aria-label]="person().name + 'さんの所属履歴'"
          >
            <table class="data-table">
              <caption class="visually-hidden">
                {{
                  person().name
                }}さんの所属履歴
              </caption>
              <thead>
                <tr>
                  <th scope="col">所属</th>
                  <th scope="col">職位</th>
                  <th scope="col">期間</th>
                </tr>
              </thead>
              <tbody>
                @for (item of rows(); track $index) {
                  <tr>
                    <td>
                      {{ item.unitName }}
                      <span class="org-code nowrap">{{ item.unitCode }}</span>
                    </td>
                    <td>{{ item.positionName }}</td>
                    <td>
                      <span class="nowrap">{{ item.validFrom | jaDate }} 〜</span>
                      <span class="nowrap">{{ item.validTo ? (item.validTo | jaDate) : '現在' }}</span>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
      <dx-staff-enrollments [employeeNo]="person().employeeNo" [personName]="person().name" />
    </section>
  `,
})
export class StaffHistoryComponent {
  private readonly api = inject(StaffApi);
  private readonly injector = inject(Injector);
  private readonly heading = viewChild.required<ElementRef<HTMLElement>>('heading');

  readonly person = input.required<StaffListItem>();
  readonly closed = output<void>();

  protected readonly history = rxResource({
    params: () => this.person().employeeNo,
    stream: ({ params }) => this.api.history(params),
  });
  /** Newest assignment first. */
  protected readonly rows = computed(() =>
    this.history.hasValue()
      ? [...this.history.value()].sort((a, b) => b.validFrom.localeCompare(a.validFrom))
      : [],
  );
  protected readonly problem = computed(() =>
    this.history.error() ? toProblem(this.history.error()) : null,
  );

  constructor() {
    // Whenever a person is opened, move focus to the panel so keyboard and screen-reader users land on it.
    effect(() => {
      this.person();
      afterNextRender(() => this.heading().nativeElement.focus(), { injector: this.injector });
    });
  }
}
