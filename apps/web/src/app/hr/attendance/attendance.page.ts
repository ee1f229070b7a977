import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';
import { currentFiscalYear, formatFiscalYear } from '../../shared/dates';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { hrFiscalYears } from '../hr-inputs';
import { AttendanceApi, type LiveSession } from './attendance.api';

const TOKYO_DATE_TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** 出席記録: HR marks who attended a 集合研修 or Web会議; attending completes that module for the person. */
@Component({
  selector: 'dx-attendance-page',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>出席記録</h1>
    <p class="lead">
      集合研修・Web会議の出席者を記録します。記録すると、その研修のこのモジュールが完了になります。
    </p>

    <div class="card toolbar">
      <div class="field field-inline">
        <label for="attendance-year">年度</label>
        <select id="attendance-year" (change)="selectYear($event)">
          @for (year of years; track year) {
            <option [value]="year" [selected]="year === fiscalYear()">{{ yearLabel(year) }}</option>
          }
        </select>
      </div>
      <div class="field field-inline">
        <label for="attendance-session">研修</label>
        <select id="attendance-session" (change)="selectSession($event)">
          <option value="">選択してください</option>
          @for (session of sessions.value() ?? []; track session.moduleId) {
            <option [value]="session.moduleId" [selected]="session.moduleId === sessionId()">
              {{ session.courseTitle }}／{{ session.title }}（{{ when(session) }}）
            </option>
          }
        </select>
      </div>
    </div>

    @if (problem(); as p) {
      <dx-problem-alert [problem]="p" />
    }
    <p role="status" aria-live="polite" class="status-message">{{ message() }}</p>

    @if (selected(); as session) {
      <section class="card" aria-labelledby="participants-heading">
        <h2 id="participants-heading">{{ session.title }}（{{ session.format }}）</h2>
        <p>
          {{ when(session) }}
          @if (session.place) {
            ・{{ session.place }}
          }
          ・定員 {{ session.capacity }}人・割当 {{ session.assigned }}人・出席記録済み
          {{ session.attended }}人
        </p>
        <form (submit)="save($event)">
          <table class="data-table">
            <caption class="visually-hidden">
              {{
                session.title
              }}の出席者
            </caption>
            <thead>
              <tr>
                <th scope="col">出席</th>
                <th scope="col">職員番号</th>
                <th scope="col">氏名</th>
                <th scope="col">記録</th>
              </tr>
            </thead>
            <tbody>
              @for (person of participants.value() ?? []; track person.employeeNo) {
                <tr>
                  <td>
                    <input
                      type="checkbox"
                      [id]="'attended-' + person.employeeNo"
                      [checked]="person.attended || chosen().has(person.employeeNo)"
                      [disabled]="person.attended"
                      (change)="toggle(person.employeeNo, $event)"
                      [attr.aria-label]="person.name + 'の出席'"
                    />
                  </td>
                  <td>{{ person.employeeNo }}</td>
                  <td>{{ person.name }}</td>
                  <td>{{ person.attended ? '記録済み' : '未記録' }}</td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="4">この年度にこの研修を割り当てられた職員はいません。</td>
                </tr>
              }
            </tbody>
          </table>
          <div class="button-row">
            <button type="submit" class="button button-primary" [disabled]="chosen().size === 0 || busy()">
              選択した{{ chosen().size }}人の出席を記録する
            </button>
          </div>
        </form>
      </section>
    }
  `,
})
export class AttendancePage {
  private readonly api = inject(AttendanceApi);

  protected readonly years = hrFiscalYears();
  protected readonly fiscalYear = signal(currentFiscalYear());
  protected readonly sessionId = signal<number | null>(null);
  protected readonly chosen = signal(new Set<string>());
  protected readonly busy = signal(false);
  protected readonly message = signal('');
  protected readonly problem = signal<Problem | null>(null);

  protected readonly sessions = rxResource({
    params: () => ({ fiscalYear: this.fiscalYear() }),
    stream: ({ params }) => this.api.sessions(params.fiscalYear),
  });

  protected readonly participants = rxResource({
    params: () => {
      const moduleId = this.sessionId();
      return moduleId === null ? undefined : { moduleId, fiscalYear: this.fiscalYear() };
    },
    stream: ({ params }) => this.api.participants(params.moduleId, params.fiscalYear),
  });

  protected readonly selected = computed<LiveSession | null>(
    () => this.sessions.value()?.find((s) => s.moduleId === this.sessionId()) ?? null,
  );

  protected yearLabel(year: number): string {
    return formatFiscalYear(year);
  }

  protected when(session: LiveSession): string {
    const date = new Date(session.startsAt);
    return Number.isNaN(date.getTime()) ? session.startsAt : TOKYO_DATE_TIME.format(date);
  }

  protected selectYear(event: Event): void {
    this.fiscalYear.set(Number((event.target as HTMLSelectElement).value));
    this.chosen.set(new Set());
    this.message.set('');
  }

  protected selectSession(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.sessionId.set(value ? Number(value) : null);
    this.chosen.set(new Set());
    this.message.set('');
  }

  protected toggle(employeeNo: string, event: Event): void {
    const next = new Set(this.chosen());
    if ((event.target as HTMLInputElement).checked) next.add(employeeNo);
    else next.delete(employeeNo);
    this.chosen.set(next);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const moduleId = this.sessionId();
    if (moduleId === null || this.chosen().size === 0) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const result = await firstValueFrom(this.api.record(moduleId, this.fiscalYear(), [...this.chosen()]));
      this.message.set(`${result.recorded}人の出席を記録しました。`);
      this.chosen.set(new Set());
      this.participants.reload();
      this.sessions.reload();
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
