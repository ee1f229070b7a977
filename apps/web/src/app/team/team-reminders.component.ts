import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { ReminderChannel, ReminderPreview, ReminderRequest, ReminderSkippedPerson } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { ConfirmDialogComponent } from './confirm-dialog.component';
import { ReminderPreviewComponent } from './reminder-preview.component';
import { reminderMessage, skipReasonLabel, skippedPersonLabel } from './team-labels';
import type { TeamSelection } from './team-matrix.component';
import { TeamApi } from './team.api';

/** 「期限間近」: due within this many days. */
const DUE_SOON_DAYS = 14;

export type ReminderKind = 'selected' | 'all';

/**
 * 督促メール: to the selected people or to everyone overdue or due soon, after a confirmation that shows the exact
 * e-mails (nothing is sent by looking); then who got one and who did not, and why.
 */
@Component({
  selector: 'dx-team-reminders',
  imports: [ConfirmDialogComponent, ProblemAlertComponent, ReactiveFormsModule, ReminderPreviewComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './team-reminders.component.css',
  template: `
    <div class="reminder-bar">
      <p>{{ selectedCount() }}人を選択中</p>
      @if (selectedCount() > 0) {
        <button type="button" class="link-button" (click)="clear()">選択を解除</button>
      }
      <button
        type="button"
        class="button button-primary"
        id="remind-selected"
        [disabled]="selectedCount() === 0 || sending()"
        (click)="ask('selected')"
      >
        選択した人に督促メールを送る
      </button>
      <button type="button" class="button" id="remind-all" [disabled]="sending()" (click)="ask('all')">
        期限超過・期限間近の全員に督促メールを送る
      </button>
    </div>
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (sending()) {
        <p class="muted">督促メールを送信しています…</p>
      } @else if (result(); as result) {
        <div class="alert alert-success">
          <p>{{ result.text }}</p>
          @if (result.skipped.length > 0) {
            <p id="reminder-skipped-heading">送信しなかった人（{{ result.skipped.length }}人）</p>
            <ul class="skipped-list" aria-labelledby="reminder-skipped-heading">
              @for (person of result.skipped; track person.employeeNo) {
                <li>{{ skippedLabel(person) }}：{{ reasonLabel(person.reason) }}</li>
              }
            </ul>
          }
        </div>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (confirming(); as kind) {
      <dx-confirm-dialog
        heading="督促メールの送信"
        confirmLabel="送信する"
        [busy]="sending() || preview.isLoading() || (preview.hasValue() && preview.value().recipients === 0)"
        (confirmed)="send(kind)"
        (cancelled)="close(kind)"
      >
        @if (kind === 'selected') {
          <p>選択した{{ selectedCount() }}人に、未修了の研修の督促メールを送ります。</p>
        } @else {
          <p>
            担当する組織のうち、期限を過ぎた研修または期限まで{{
              dueSoonDays
            }}日以内の研修がある全員に、督促メールを送ります。
          </p>
        }
        <fieldset class="channel-choice">
          <legend>送信方法</legend>
          @for (c of channels; track c.value) {
            <label>
              <input type="radio" name="reminder-channel" [value]="c.value" [formControl]="channel" />
              {{ c.label }}
            </label>
          }
        </fieldset>
        <p>同じ研修の督促は1日1回までです。本日すでに送った研修は送られません。</p>
        <div role="status" aria-live="polite" aria-atomic="true">
          @if (preview.isLoading()) {
            <p class="muted">送信するメールを確認しています…</p>
          } @else if (preview.hasValue()) {
            <p>
              <strong>送信先：{{ preview.value().recipients }}人</strong>
              @if (preview.value().skippedPeople.length > 0) {
                （送信しない人：{{ preview.value().skippedPeople.length }}人）
              }
            </p>
          }
        </div>
        <dx-problem-alert [problem]="previewProblem()" />
        @if (preview.hasValue()) {
          <dx-reminder-preview [preview]="preview.value()" [names]="selection()" />
        }
      </dx-confirm-dialog>
    }
  `,
})
export class TeamRemindersComponent {
  private readonly api = inject(TeamApi);
  private readonly injector = inject(Injector);

  readonly fiscalYear = input.required<number>();
  readonly selection = input.required<TeamSelection>();
  /** Reminders went out (the selection is spent when they went to the selected people). */
  readonly sent = output<ReminderKind>();
  readonly cleared = output();

  protected readonly dueSoonDays = DUE_SOON_DAYS;
  protected readonly channels: { value: ReminderChannel; label: string }[] = [
    { value: 'email', label: 'メール（本人あて）' },
    { value: 'slack', label: 'Slack（所属のチャンネル）' },
    { value: 'both', label: 'メールと Slack の両方' },
  ];
  /** How the reminders go out (a typed form control of the radios); e-mail unless the manager picks Slack. */
  protected readonly channel = new FormControl<ReminderChannel>('email', { nonNullable: true });
  protected readonly reasonLabel = skipReasonLabel;
  protected readonly selectedCount = computed(() => this.selection().size);

  protected readonly confirming = signal<ReminderKind | null>(null);
  protected readonly sending = signal(false);
  /** The last sending's outcome, until another year is shown or another reminder is asked for. */
  protected readonly result = linkedSignal<number, { text: string; skipped: ReminderSkippedPerson[] } | null>(
    {
      source: this.fiscalYear,
      computation: () => null,
    },
  );
  protected readonly problem = signal<Problem | null>(null);

  /** The e-mails the open confirmation would send, loaded when it opens (nothing is sent). */
  protected readonly preview = rxResource<ReminderPreview, ReminderRequest | undefined>({
    params: () => {
      const kind = this.confirming();
      return kind ? this.request(kind) : undefined;
    },
    stream: ({ params }) => this.api.previewReminders(params),
  });
  protected readonly previewProblem = computed(() =>
    this.preview.error() ? toProblem(this.preview.error()) : null,
  );

  protected skippedLabel(person: ReminderSkippedPerson): string {
    return skippedPersonLabel(person, this.selection().get(person.employeeNo));
  }

  protected clear(): void {
    this.cleared.emit();
    this.focus('remind-all');
  }

  protected ask(kind: ReminderKind): void {
    this.result.set(null);
    this.problem.set(null);
    this.confirming.set(kind);
  }

  /** Closes the confirmation, the focus back on the button that opened it (or the other one when it is disabled). */
  protected close(kind: ReminderKind, selectionSpent = false): void {
    this.confirming.set(null);
    const back = kind === 'selected' && !selectionSpent && this.selectedCount() > 0;
    this.focus(back ? 'remind-selected' : 'remind-all');
  }

  protected async send(kind: ReminderKind): Promise<void> {
    if (this.sending()) return;
    const request = this.request(kind);
    this.sending.set(true);
    this.problem.set(null);
    let spent = false;
    try {
      const channel = this.channel.value;
      const result = await firstValueFrom(
        this.api.remind(channel === 'email' ? request : { ...request, channel }),
      );
      // Names of the selection first: the list below may need them after the selection is cleared.
      const skipped = result.skippedPeople.map((p) => ({
        ...p,
        name: p.name ?? this.selection().get(p.employeeNo) ?? null,
      }));
      const slack = result.slackMessages
        ? `Slack へ${result.slackMessages}件のメッセージを送信待ちにしました。`
        : '';
      this.result.set({ text: reminderMessage(result) + slack, skipped });
      spent = kind === 'selected';
      this.sent.emit(kind);
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.sending.set(false);
      this.close(kind, spent);
    }
  }

  private request(kind: ReminderKind): ReminderRequest {
    const fiscalYear = this.fiscalYear();
    return kind === 'selected'
      ? { fiscalYear, employeeNos: [...this.selection().keys()] }
      : { fiscalYear, dueWithinDays: DUE_SOON_DAYS };
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
