import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { SlackSettingsView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { formatJapaneseDateTime } from '../shared/dates';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { FailedDeliveriesComponent } from './failed-deliveries.component';
import { SlackApi } from './slack.api';

const text = () => new FormControl('', { nonNullable: true });

/**
 * Slack 連携 (HR): the tenant's incoming webhook and one per 所属, written and never read back (only that one is set
 * and its host are shown), and the notices that could not be delivered.
 */
@Component({
  selector: 'dx-slack-settings-page',
  imports: [ProblemAlertComponent, FailedDeliveriesComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Slack 連携</h1>
    <p class="lead">
      督促と週次の期限超過まとめを Slack のチャンネルにも送ります。Slack の「Incoming Webhook」の URL
      を設定してください。URL は暗号化して保存され、画面や API で表示されることはありません。
    </p>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (message(); as text) {
        <p class="alert alert-success">{{ text }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>

    <section class="card" aria-labelledby="slack-default-heading">
      <h2 id="slack-default-heading">既定のチャンネル</h2>
      <p id="slack-default-state">
        @if (view()?.webhook; as w) {
          設定済み（送信先ホスト {{ w.host }}・{{ when(w.updatedAt) }} 更新）
        } @else {
          未設定です。設定するまで Slack には送られません。
        }
      </p>
      <form [formGroup]="defaultForm" (submit)="save($event, '')" novalidate>
        <div class="field">
          <label for="slack-default-url">Webhook URL</label>
          <input
            id="slack-default-url"
            type="url"
            autocomplete="off"
            placeholder="https://hooks.slack.com/services/…"
            formControlName="url"
            aria-describedby="slack-default-state"
          />
        </div>
        <button
          type="submit"
          class="button button-primary"
          [disabled]="busy() || blank(defaultForm.controls.url)"
        >
          {{ view()?.webhook ? 'Webhook URL を変更' : 'Webhook URL を保存' }}
        </button>
        @if (view()?.webhook) {
          <button type="button" class="button" [disabled]="busy()" (click)="remove('')">
            既定のチャンネルを解除
          </button>
        }
      </form>
    </section>

    <section class="card" aria-labelledby="slack-units-heading">
      <h2 id="slack-units-heading">所属ごとのチャンネル</h2>
      <p class="muted">
        所属にチャンネルを設定すると、その所属（配下を含む）の督促と所属長の週次まとめがそのチャンネルに送られます。
      </p>
      @if (units().length > 0) {
        <table class="table">
          <caption>
            所属ごとのチャンネル
          </caption>
          <thead>
            <tr>
              <th scope="col">所属</th>
              <th scope="col">送信先ホスト</th>
              <th scope="col">更新</th>
              <th scope="col"><span class="visually-hidden">操作</span></th>
            </tr>
          </thead>
          <tbody>
            @for (u of units(); track u.orgUnitCode) {
              <tr>
                <td>{{ u.orgUnitName ?? '' }}（{{ u.orgUnitCode }}）</td>
                <td>{{ u.host }}</td>
                <td>{{ when(u.updatedAt) }}</td>
                <td>
                  <button
                    type="button"
                    class="button"
                    [disabled]="busy()"
                    [attr.aria-label]="(u.orgUnitName ?? u.orgUnitCode) + ' のチャンネルを解除'"
                    (click)="remove(u.orgUnitCode)"
                  >
                    解除
                  </button>
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
      <form [formGroup]="unitForm" (submit)="save($event, unitForm.controls.code.value.trim())" novalidate>
        <div class="field">
          <label for="slack-unit-code">所属コード</label>
          <input
            id="slack-unit-code"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            formControlName="code"
          />
        </div>
        <div class="field">
          <label for="slack-unit-url">所属のチャンネルの Webhook URL</label>
          <input id="slack-unit-url" type="url" autocomplete="off" formControlName="url" />
        </div>
        <button
          type="submit"
          class="button"
          [disabled]="busy() || blank(unitForm.controls.code) || blank(unitForm.controls.url)"
        >
          所属のチャンネルを保存
        </button>
      </form>
    </section>

    <section class="card" aria-labelledby="slack-failed-heading">
      <h2 id="slack-failed-heading">送信に失敗した通知</h2>
      <p class="muted">
        再試行しても届かなかった Slack・メールの通知です。Webhook URL や宛先を確認してください。
      </p>
      <dx-failed-deliveries [deliveries]="failed.hasValue() ? failed.value() : []" />
    </section>
  `,
})
export class SlackSettingsPage {
  private readonly api = inject(SlackApi);

  protected readonly settings = rxResource({ stream: () => this.api.settings() });
  protected readonly failed = rxResource({ stream: () => this.api.failedDeliveries() });
  private readonly saved = signal<SlackSettingsView | null>(null);
  protected readonly view = computed(
    () => this.saved() ?? (this.settings.hasValue() ? this.settings.value() : null),
  );
  protected readonly units = computed(() => this.view()?.unitChannels ?? []);
  /** The default channel's form and the 所属 channel's form (typed reactive forms). */
  protected readonly defaultForm = new FormGroup({ url: text() });
  protected readonly unitForm = new FormGroup({ code: text(), url: text() });
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly problem = signal<Problem | null>(null);

  /** Read on each change detection: typing runs one for this page. */
  protected blank(control: FormControl<string>): boolean {
    return !control.value.trim();
  }

  protected when(value: string): string {
    return formatJapaneseDateTime(value);
  }

  protected async save(event: Event, orgUnitCode: string): Promise<void> {
    event.preventDefault();
    const url = (orgUnitCode ? this.unitForm.controls.url : this.defaultForm.controls.url).value.trim();
    await this.run(async () => {
      this.saved.set(await firstValueFrom(this.api.save(orgUnitCode, url)));
      // Write-only: the URL leaves the form once it is stored.
      if (orgUnitCode) {
        this.unitForm.reset();
        return `所属 ${orgUnitCode} のチャンネルを保存しました。`;
      }
      this.defaultForm.reset();
      return '既定のチャンネルの Webhook URL を保存しました（暗号化して保存しています）。';
    });
  }

  protected async remove(orgUnitCode: string): Promise<void> {
    await this.run(async () => {
      this.saved.set(await firstValueFrom(this.api.remove(orgUnitCode)));
      return orgUnitCode
        ? `所属 ${orgUnitCode} のチャンネルを解除しました。`
        : '既定のチャンネルを解除しました。';
    });
  }

  private async run(work: () => Promise<string>): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    this.problem.set(null);
    try {
      this.message.set(await work());
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
