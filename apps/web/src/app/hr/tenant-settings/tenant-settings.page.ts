import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { API_BASE } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { CertificationPeriodComponent } from '../../credentials/certification-period.component';
import { TenantSettingsApi } from './tenant-settings.api';

/** 団体の表示設定 (HR): the name the app shows and the issuer line printed on the 修了証. */
@Component({
  selector: 'dx-tenant-settings-page',
  imports: [ReactiveFormsModule, ProblemAlertComponent, CertificationPeriodComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>団体の表示設定</h1>
    <p class="lead">画面に表示する団体名と、修了証に印字する発行者を設定します。</p>
    @if (settings.hasValue()) {
      <form class="card form-narrow" [formGroup]="form" (ngSubmit)="save()" novalidate>
        <p>
          団体コード: <strong>{{ settings.value().code }}</strong>
        </p>
        <div class="field">
          <label for="tenant-display-name">団体名（表示名）</label>
          <input
            id="tenant-display-name"
            type="text"
            formControlName="name"
            maxlength="100"
            required
            [attr.aria-invalid]="messages('name').length > 0"
            [attr.aria-describedby]="messages('name').length > 0 ? 'tenant-display-name-error' : null"
          />
          @if (messages('name').length > 0) {
            <p id="tenant-display-name-error" class="field-error">{{ messages('name').join(' ') }}</p>
          }
        </div>
        <div class="field">
          <label for="tenant-issuer-line">修了証の発行者</label>
          <input
            id="tenant-issuer-line"
            type="text"
            formControlName="issuerLine"
            maxlength="100"
            aria-describedby="tenant-issuer-line-hint"
          />
          <p id="tenant-issuer-line-hint" class="hint">
            例: 三重県知事 ○○ ○○。空欄のときは団体名を印字します。発行済みの修了証の確認画面にも反映されます。
          </p>
          @if (messages('issuerLine').length > 0) {
            <p class="field-error">{{ messages('issuerLine').join(' ') }}</p>
          }
        </div>
        <div role="alert" aria-atomic="true" class="live-region">
          <dx-problem-alert [problem]="problem()" />
        </div>
        <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
          @if (saved()) {
            <p class="alert alert-success">保存しました。</p>
          }
          @if (logoMessage()) {
            <p class="alert alert-success">{{ logoMessage() }}</p>
          }
        </div>
        <button type="submit" class="button button-primary" [disabled]="busy()">保存する</button>
      </form>
      <section class="card form-narrow" aria-labelledby="logo-heading">
        <h2 id="logo-heading">ロゴ</h2>
        <p>
          ログイン画面と修了証（発行者名の左）に表示します（PNG または
          JPEG、200KB以下、縦横1000ピクセル以下）。
        </p>
        @if (settings.value().hasLogo) {
          <img class="tenant-logo" [src]="logoUrl()" [alt]="settings.value().name + 'のロゴ（現在）'" />
        }
        <div class="field">
          <label for="tenant-logo-file">ロゴ画像</label>
          <input
            id="tenant-logo-file"
            type="file"
            accept="image/png,image/jpeg"
            [attr.aria-invalid]="messages('file').length > 0"
            [attr.aria-describedby]="messages('file').length > 0 ? 'tenant-logo-error' : null"
            (change)="uploadLogo($event)"
          />
          @if (messages('file').length > 0) {
            <p id="tenant-logo-error" class="field-error">{{ messages('file').join(' ') }}</p>
          }
        </div>
        @if (settings.value().hasLogo) {
          <button type="button" class="button" [disabled]="busy()" (click)="removeLogo()">
            ロゴを削除する
          </button>
        }
      </section>
      <dx-certification-period />
    } @else if (settings.error()) {
      <dx-problem-alert [problem]="loadProblem()" />
    } @else {
      <p class="muted">読み込み中…</p>
    }
  `,
})
export class TenantSettingsPage {
  private readonly api = inject(TenantSettingsApi);
  private readonly auth = inject(AuthService);
  protected readonly settings = rxResource({ stream: () => this.api.get() });
  protected readonly form = inject(NonNullableFormBuilder).group({ name: [''], issuerLine: [''] });
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly logoMessage = signal('');
  protected readonly problem = signal<Problem | null>(null);
  protected readonly loadProblem = computed(() => toProblem(this.settings.error()));

  /** Changes with every upload, so the browser shows the new logo rather than its cached one. */
  private readonly logoVersion = signal(0);
  protected readonly logoUrl = computed(
    () =>
      `${API_BASE}/auth/tenant/logo?code=${encodeURIComponent(this.settings.value()?.code ?? '')}&v=${this.logoVersion()}`,
  );

  constructor() {
    effect(() => {
      if (!this.settings.hasValue()) return;
      const { name, issuerLine } = this.settings.value();
      this.form.setValue({ name, issuerLine: issuerLine ?? '' });
    });
  }

  protected messages(field: string): string[] {
    return (this.problem()?.errors ?? []).filter((e) => e.field === field).map((e) => e.message);
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    this.saved.set(false);
    const { name, issuerLine } = this.form.getRawValue();
    if (!name.trim()) {
      this.problem.set({
        status: 0,
        type: 'about:blank',
        title: '入力エラー',
        detail: '入力内容を確認してください。',
        errors: [{ field: 'name', message: '団体の表示名を入力してください。' }],
      });
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      await firstValueFrom(this.api.save({ name: name.trim(), issuerLine: issuerLine.trim() || null }));
      this.saved.set(true);
      // The header and ホーム show the tenant's name from /me.
      await firstValueFrom(this.auth.loadMe());
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async uploadLogo(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    await this.logoChange(() => this.api.uploadLogo(file), 'ロゴを登録しました。');
    input.value = '';
  }

  protected removeLogo(): Promise<void> {
    return this.logoChange(() => this.api.removeLogo(), 'ロゴを削除しました。');
  }

  private async logoChange(
    call: () => ReturnType<TenantSettingsApi['removeLogo']>,
    done: string,
  ): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.saved.set(false);
    try {
      this.settings.set(await firstValueFrom(call()));
      this.logoVersion.update((v) => v + 1);
      this.logoMessage.set(done);
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
