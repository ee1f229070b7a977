import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { MIN_PASSWORD_LENGTH } from '@dx/domain';
import { firstValueFrom } from 'rxjs';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { type Problem, toProblem } from '../shared/problem';
import { AuthService } from './auth.service';

@Component({
  selector: 'dx-change-password-page',
  imports: [ReactiveFormsModule, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>パスワード変更</h1>
    @if (auth.mustChangePassword()) {
      <p class="notice">
        初めてログインしたとき、またはパスワードが初期化されたときは、ほかの画面を使う前にパスワードを変更してください。
      </p>
    }
    <form class="card form-narrow" [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <div class="field">
        <label for="current-password">現在のパスワード</label>
        <input
          id="current-password"
          type="password"
          formControlName="currentPassword"
          autocomplete="current-password"
          required
          [attr.aria-invalid]="fieldMessages('currentPassword').length > 0"
          [attr.aria-describedby]="
            fieldMessages('currentPassword').length > 0 ? 'current-password-error' : null
          "
        />
        @if (fieldMessages('currentPassword'); as messages) {
          @if (messages.length > 0) {
            <p id="current-password-error" class="field-error">{{ messages.join(' ') }}</p>
          }
        }
      </div>
      <div class="field">
        <label for="new-password">新しいパスワード</label>
        <input
          id="new-password"
          type="password"
          formControlName="password"
          autocomplete="new-password"
          required
          [attr.aria-invalid]="fieldMessages('password').length > 0"
          [attr.aria-describedby]="
            fieldMessages('password').length > 0
              ? 'new-password-hint new-password-error'
              : 'new-password-hint'
          "
        />
        <p id="new-password-hint" class="hint">
          {{
            minLength
          }}文字以上で入力してください。ログインID（職員番号）や氏名を含むもの、よく使われているもの（password1234
          など）、同じ文字の繰り返しは使えません。覚えやすい長めの文（パスフレーズ）がおすすめです。
        </p>
        @if (fieldMessages('password'); as messages) {
          @if (messages.length > 0) {
            <p id="new-password-error" class="field-error">{{ messages.join(' ') }}</p>
          }
        }
      </div>
      <div class="field">
        <label for="new-password-confirm">新しいパスワード（確認）</label>
        <input
          id="new-password-confirm"
          type="password"
          formControlName="confirmation"
          autocomplete="new-password"
          required
          [attr.aria-invalid]="fieldMessages('confirmation').length > 0"
          [attr.aria-describedby]="
            fieldMessages('confirmation').length > 0 ? 'new-password-confirm-error' : null
          "
        />
        @if (fieldMessages('confirmation'); as messages) {
          @if (messages.length > 0) {
            <p id="new-password-confirm-error" class="field-error">{{ messages.join(' ') }}</p>
          }
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
      </div>
      <button type="submit" class="button button-primary" [disabled]="busy()">変更する</button>
    </form>
  `,
})
export class ChangePasswordPage {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: [''],
    password: [''],
    confirmation: [''],
  });
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  private readonly errorsByField = computed(() => {
    const byField = new Map<string, string[]>();
    for (const error of this.problem()?.errors ?? []) {
      const field = error.field ?? '';
      byField.set(field, [...(byField.get(field) ?? []), error.message]);
    }
    return byField;
  });

  protected fieldMessages(field: string): string[] {
    return this.errorsByField().get(field) ?? [];
  }

  /** Checks that can be made without the server; returns the errors found. */
  private clientErrors(): { field: string; message: string }[] {
    const { currentPassword, password, confirmation } = this.form.getRawValue();
    const errors: { field: string; message: string }[] = [];
    if (!currentPassword)
      errors.push({ field: 'currentPassword', message: '現在のパスワードを入力してください。' });
    if (!password) errors.push({ field: 'password', message: '新しいパスワードを入力してください。' });
    // Counted in characters as the server counts them, so 𠮷 is one.
    else if ([...password].length < MIN_PASSWORD_LENGTH) {
      errors.push({
        field: 'password',
        message: `新しいパスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`,
      });
    }
    if (password !== confirmation) {
      errors.push({ field: 'confirmation', message: '新しいパスワードと確認用のパスワードが一致しません。' });
    }
    return errors;
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    const errors = this.clientErrors();
    if (errors.length > 0) {
      this.problem.set({
        status: 0,
        type: 'about:blank',
        title: '入力エラー',
        detail: '入力内容を確認してください。',
        errors,
      });
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { currentPassword, password } = this.form.getRawValue();
      await firstValueFrom(this.auth.changePassword({ currentPassword, password }));
      await firstValueFrom(this.auth.loadMe());
      this.form.reset();
      await this.router.navigateByUrl('/', { info: { message: 'パスワードを変更しました。' } });
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
