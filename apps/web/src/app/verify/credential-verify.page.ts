import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import {
  CREDENTIAL_VERDICT_LABELS,
  type CredentialVerification,
  type CredentialVerifyRequest,
} from '@dx/contract';
import { isPng } from '@dx/domain';
import { firstValueFrom } from 'rxjs';
import { CredentialsApi } from '../credentials/credentials.api';
import { formatJapaneseDate, formatWarekiDate } from '../shared/dates';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';

/** Base64 of bytes, in slices (a spread of a whole image would overflow the call stack). */
function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * The public check of a DX推進スペシャリスト credential (Open Badges 3.0): paste the JWT or the downloaded JSON, or
 * choose the badge PNG. Shows valid, tampered, revoked or expired, with what the credential says once its
 * signature holds. No login, nothing loaded from elsewhere.
 */
@Component({
  selector: 'dx-credential-verify-page',
  imports: [ReactiveFormsModule, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="auth-page">
      <header class="app-header auth-header">
        <p class="app-title">職員DX研修システム</p>
      </header>
      <main id="main" class="auth-main" tabindex="-1">
        <div class="card verify-card">
          <h1>認定証の確認</h1>
          <p>
            DX推進スペシャリストの認定証（Open Badges
            3.0）が本物か、取り消されていないか、有効期間内かを確認します。
          </p>
          <form [formGroup]="form" (ngSubmit)="check()" novalidate>
            <div class="field">
              <label for="credential-text">認定証（JWT またはダウンロードした JSON）</label>
              <textarea
                id="credential-text"
                formControlName="credential"
                rows="6"
                spellcheck="false"
                (input)="clearFile()"
                aria-describedby="credential-text-hint"
              ></textarea>
              <p id="credential-text-hint" class="hint">貼り付けるか、下でファイルを選んでください。</p>
            </div>
            <div class="field">
              <label for="credential-file">ファイル（バッジ画像 PNG・JSON・JWT）</label>
              <input
                id="credential-file"
                type="file"
                accept="image/png,application/json,.json,.jwt,.jws,.txt"
                (change)="choose($event)"
              />
              @if (fileName()) {
                <p class="hint">選択中: {{ fileName() }}</p>
              }
            </div>
            <button type="submit" class="button button-primary" [disabled]="busy()">確認する</button>
          </form>

          <div role="alert" aria-atomic="true" class="live-region">
            <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
          </div>
          <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
            @if (busy()) {
              <p class="muted">確認しています…</p>
            } @else if (result(); as r) {
              <p
                class="alert verify-verdict"
                [class.alert-success]="r.verdict === 'valid'"
                [class.alert-error]="r.verdict !== 'valid'"
                data-testid="credential-verdict"
              >
                {{ labels[r.verdict] }}
              </p>
              <p>{{ r.detail }}</p>
            }
          </div>
          @if (!busy() && result()?.issuerName) {
            @let r = result()!;
            <dl class="summary-list">
              <div>
                <dt>氏名</dt>
                <dd>{{ r.recipientName ?? '—' }}</dd>
              </div>
              <div>
                <dt>認定</dt>
                <dd>{{ r.achievementName ?? '—' }}</dd>
              </div>
              <div>
                <dt>発行者</dt>
                <dd>{{ r.issuerName }}</dd>
              </div>
              <div>
                <dt>認定日</dt>
                <dd>{{ day(r.validFrom) }}</dd>
              </div>
              <div>
                <dt>有効期限</dt>
                <dd>{{ day(r.validUntil) }}</dd>
              </div>
            </dl>
          }
        </div>
      </main>
    </div>
  `,
})
export class CredentialVerifyPage {
  private readonly api = inject(CredentialsApi);
  protected readonly labels = CREDENTIAL_VERDICT_LABELS;
  protected readonly form = new FormGroup({ credential: new FormControl('', { nonNullable: true }) });
  protected readonly fileName = signal('');
  private png: string | null = null;
  protected readonly busy = signal(false);
  protected readonly result = signal<CredentialVerification | null>(null);
  protected readonly problem = signal<Problem | null>(null);

  protected async choose(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.png = null;
    this.fileName.set(file?.name ?? '');
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (isPng(bytes)) this.png = base64(bytes);
    else this.form.setValue({ credential: new TextDecoder().decode(bytes) });
  }

  protected clearFile(): void {
    this.png = null;
    this.fileName.set('');
  }

  protected async check(): Promise<void> {
    const request: CredentialVerifyRequest = this.png
      ? { png: this.png }
      : { credential: this.form.controls.credential.value };
    this.busy.set(true);
    this.problem.set(null);
    this.result.set(null);
    try {
      this.result.set(await firstValueFrom(this.api.verify(request)));
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** A credential's date-time as its Tokyo calendar day, in 令和 and Western forms. */
  protected day(value: string | null): string {
    if (!value) return '—';
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(value));
    return `${formatWarekiDate(date)}（${formatJapaneseDate(date)}）`;
  }
}
