import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { UnmatchedRow, UnmatchedStatus } from '@dx/contract';
import { OUTSIDE_SOURCE_LABELS, UNMATCHED_REASON_LABELS } from '@dx/domain';
import { toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { UnmatchedActionComponent } from './unmatched-action.component';
import { UnmatchedApi } from './unmatched.api';

const TOKYO_DATE_TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  dateStyle: 'medium',
  timeStyle: 'short',
});

const STATUS_LABELS: Record<UnmatchedStatus | 'all', string> = {
  pending: '未処理',
  applied: '反映済み',
  dismissed: '対象外',
  all: 'すべて',
};

/**
 * 連携の未照合: Udemy Business and xAPI records that matched no person or course. HR resolves a row (to a person or a
 * module, which applies it) or dismisses it; rows that later match by themselves are applied by the next import.
 */
@Component({
  selector: 'dx-unmatched-page',
  imports: [ProblemAlertComponent, UnmatchedActionComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>連携の未照合</h1>
    <p class="lead">
      Udemy Business
      などから届いた修了の記録のうち、職員や教材と結び付けられなかったものです。職員か教材を選んで照合すると、その場で修了として反映します。
      名簿や教材が後から整えば、次の取込・同期で自動的に反映されます。
    </p>

    <div class="card toolbar">
      <div class="field field-inline">
        <label for="unmatched-status">表示</label>
        <select id="unmatched-status" (change)="selectStatus($event)">
          @for (option of statuses; track option) {
            <option [value]="option" [selected]="option === status()">{{ statusLabels[option] }}</option>
          }
        </select>
      </div>
    </div>

    <p role="status" aria-live="polite" class="status-message">{{ message() }}</p>
    @if (rows.error(); as error) {
      <div role="alert"><dx-problem-alert [problem]="problemOf(error)" /></div>
    }

    <table class="data-table">
      <caption>
        {{
          statusLabels[status()]
        }}の記録
        {{
          (rows.value() ?? []).length
        }}件
      </caption>
      <thead>
        <tr>
          <th scope="col">受信日時</th>
          <th scope="col">連携元</th>
          <th scope="col">受講者</th>
          <th scope="col">講座</th>
          <th scope="col">修了日</th>
          <th scope="col">理由</th>
          <th scope="col">状態・操作</th>
        </tr>
      </thead>
      <tbody>
        @for (row of rows.value() ?? []; track row.id) {
          <tr [class.selected]="row.id === selected()?.id">
            <td>{{ when(row.receivedAt) }}</td>
            <td>{{ sourceLabels[row.source] }}</td>
            <td>
              {{ row.email ?? '—' }}
              @if (row.externalId) {
                <br /><span class="hint">外部ID {{ row.externalId }}</span>
              }
            </td>
            <td>
              {{ row.courseTitle ?? '—' }}<br /><span class="hint"
                >講座ID {{ row.udemyCourseId ?? '—' }}</span
              >
            </td>
            <td>{{ row.completedOn ?? '—' }}</td>
            <td>{{ reasonLabels[row.reason] ?? row.reason }}</td>
            <td>
              @if (row.status === 'pending') {
                <button
                  type="button"
                  class="button"
                  (click)="open(row)"
                  [attr.aria-label]="
                    '処理する：' +
                    (row.email ?? row.externalId) +
                    '・' +
                    (row.courseTitle ?? row.udemyCourseId)
                  "
                >
                  処理する
                </button>
              } @else {
                {{ statusLabels[row.status] }}
                @if (row.resolvedStaff) {
                  （{{ row.resolvedStaff.name }}）
                }
                @if (row.dismissReason) {
                  （{{ row.dismissReason }}）
                }
              }
            </td>
          </tr>
        } @empty {
          <tr>
            <td colspan="7">{{ rows.isLoading() ? '読み込んでいます…' : '該当する記録はありません。' }}</td>
          </tr>
        }
      </tbody>
    </table>

    @if (selected(); as row) {
      <dx-unmatched-action
        [row]="row"
        [courses]="courses.value() ?? []"
        (handled)="handled($event)"
        (closed)="selected.set(null)"
      />
    }
  `,
})
export class UnmatchedPage {
  private readonly api = inject(UnmatchedApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly statuses = ['pending', 'applied', 'dismissed', 'all'] as const;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly sourceLabels = OUTSIDE_SOURCE_LABELS;
  protected readonly reasonLabels = UNMATCHED_REASON_LABELS;
  protected readonly status = signal<UnmatchedStatus | 'all'>('pending');
  protected readonly selected = signal<UnmatchedRow | null>(null);
  protected readonly message = signal('');

  protected readonly rows = rxResource({
    params: () => ({ status: this.status() }),
    stream: ({ params }) => this.api.list(params.status),
  });
  protected readonly courses = rxResource({ stream: () => this.api.courses() });

  protected problemOf(error: unknown) {
    return toProblem(error);
  }

  protected when(instant: string): string {
    return TOKYO_DATE_TIME.format(new Date(instant));
  }

  protected selectStatus(event: Event): void {
    this.status.set((event.target as HTMLSelectElement).value as UnmatchedStatus | 'all');
    this.selected.set(null);
  }

  protected open(row: UnmatchedRow): void {
    this.selected.set(row);
    this.message.set('');
    // The form opens below the table: focus its heading so keyboard and screen-reader users land on it.
    setTimeout(() =>
      this.host.nativeElement.querySelector<HTMLElement>('#unmatched-action-heading')?.focus(),
    );
  }

  protected handled(row: UnmatchedRow): void {
    this.selected.set(null);
    const who = row.email ?? row.externalId ?? '';
    this.message.set(
      row.status === 'applied'
        ? `${who} の記録を照合し、修了として反映しました。`
        : row.status === 'dismissed'
          ? `${who} の記録を対象外にしました。`
          : `${who} の記録に照合先を記録しました（${UNMATCHED_REASON_LABELS[row.reason] ?? row.reason}のため、まだ反映していません）。`,
    );
    this.rows.reload();
  }
}
