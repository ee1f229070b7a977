import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, type OnInit, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { API_BASE, type LoginTenant } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { type Problem, toProblem } from '../shared/problem';
import { AuthService } from './auth.service';
import { initialTenantCode, rememberTenantCode, rememberedTenantCode } from './login-tenant';

/** Only paths inside this app are followed after login (never another site). */
function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : '/';
}

@Component({
  selector: 'dx-login-page',
  imports: [ReactiveFormsModule, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="auth-page">
      <header class="app-header auth-header">
        <p class="app-title">職員DX研修システム</p>
      </header>
      <main id="main" class="auth-main" tabindex="-1">
        <div class="card auth-card">
          @if (tenantFound(); as shown) {
            @if (shown.hasLogo) {
              <img class="tenant-logo" [src]="logoUrl(shown.code)" [alt]="shown.name" />
            }
          }
          <h1>ログイン</h1>
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <div class="field">
              <label for="login-tenant">団体（団体コード）</label>
              <input
                id="login-tenant"
                type="text"
                formControlName="tenantCode"
                autocomplete="organization"
                autocapitalize="off"
                spellcheck="false"
                aria-describedby="login-tenant-name"
                (change)="lookUpTenant()"
              />
              <p id="login-tenant-name" class="hint" aria-live="polite">
                @if (tenantFound(); as t) {
                  {{ t.name }} にログインします。
                } @else if (tenantMissing()) {
                  この団体コードの団体は見つかりません。
                } @else {
                  所属する団体のコードを入力してください（空欄のときは既定の団体）。
                }
              </p>
            </div>
            <div class="field">
              <label for="login-id">職員番号またはログインID</label>
              <input
                id="login-id"
                type="text"
                formControlName="loginId"
                autocomplete="username"
                autocapitalize="off"
                spellcheck="false"
                required
                [attr.aria-invalid]="showRequired() && form.controls.loginId.invalid"
                [attr.aria-describedby]="
                  showRequired() && form.controls.loginId.invalid ? 'login-id-error' : null
                "
              />
              @if (showRequired() && form.controls.loginId.invalid) {
                <p id="login-id-error" class="field-error">職員番号またはログインIDを入力してください。</p>
              }
            </div>
            <div class="field">
              <label for="login-password">パスワード</label>
              <input
                id="login-password"
                type="password"
                formControlName="password"
                autocomplete="current-password"
                required
                [attr.aria-invalid]="showRequired() && form.controls.password.invalid"
                [attr.aria-describedby]="
                  showRequired() && form.controls.password.invalid ? 'login-password-error' : null
                "
              />
              @if (showRequired() && form.controls.password.invalid) {
                <p id="login-password-error" class="field-error">パスワードを入力してください。</p>
              }
            </div>
            <div role="alert" aria-atomic="true" class="live-region">
              <dx-problem-alert [problem]="problem()" />
            </div>
            <button type="submit" class="button button-primary" [disabled]="busy()">ログイン</button>
            @if (busy()) {
              <p class="muted" role="status">ログインしています…</p>
            }
          </form>
          @if (tenantFound(); as t) {
            @if (t.singleSignOn) {
              <p class="muted">または、庁内の認証基盤のアカウントで</p>
              <a class="button" [href]="ssoUrl(t.code)">シングルサインオンでログイン</a>
            }
          }
        </div>
      </main>
    </div>
  `,
})
export class LoginPage implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly http = inject(HttpClient);

  /** ?returnUrl=… (bound by withComponentInputBinding). */
  readonly returnUrl = input<string>();
  /** ?tenant=CODE preselects the 団体. */
  readonly tenant = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    tenantCode: [''],
    loginId: ['', Validators.required],
    password: ['', Validators.required],
  });
  /** The 団体 the code names, as the server says (its display name). */
  protected readonly tenantFound = signal<LoginTenant | null>(null);
  protected readonly tenantMissing = signal(false);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly showRequired = signal(false);

  async ngOnInit(): Promise<void> {
    // The host's tenant (or the default), which also names the 団体 when the field stays empty.
    const byHost = await this.fetchTenant('');
    const code = initialTenantCode(this.tenant(), byHost, rememberedTenantCode());
    this.form.controls.tenantCode.setValue(code);
    if (code && code !== byHost?.code) await this.lookUpTenant();
    else this.tenantFound.set(byHost);
  }

  /** Shows which 団体 the code names (or that none does) when the field changes. */
  protected async lookUpTenant(): Promise<void> {
    const found = await this.fetchTenant(this.form.controls.tenantCode.value.trim());
    this.tenantFound.set(found);
    this.tenantMissing.set(found === null);
  }

  protected logoUrl(code: string): string {
    return `${API_BASE}/auth/tenant/logo?code=${encodeURIComponent(code)}`;
  }

  /** The sign-in at the tenant's identity provider (a full page navigation: the provider's pages follow). */
  protected ssoUrl(code: string): string {
    return `${API_BASE}/auth/sso/${encodeURIComponent(code)}`;
  }

  private async fetchTenant(code: string): Promise<LoginTenant | null> {
    try {
      return await firstValueFrom(
        this.http.get<LoginTenant>(`${API_BASE}/auth/tenant`, { params: code ? { code } : {} }),
      );
    } catch {
      return null;
    }
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.showRequired.set(true);
    if (this.form.invalid) {
      this.problem.set({
        status: 0,
        type: 'about:blank',
        title: '入力してください',
        detail: '職員番号またはログインIDとパスワードを入力してください。',
        errors: [],
      });
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { loginId, password } = this.form.getRawValue();
      const tenantCode = this.form.controls.tenantCode.value.trim();
      const response = await firstValueFrom(
        this.auth.login({ loginId: loginId.trim(), password, ...(tenantCode ? { tenantCode } : {}) }),
      );
      rememberTenantCode(tenantCode);
      await firstValueFrom(this.auth.loadMe());
      await this.router.navigateByUrl(
        response.mustChangePassword ? '/change-password' : safeReturnUrl(this.returnUrl()),
      );
    } catch (error) {
      this.problem.set(toProblem(error));
      // Clear the password for the next try; the alert says what went wrong, not "please enter".
      this.form.controls.password.reset();
      this.showRequired.set(false);
    } finally {
      this.busy.set(false);
    }
  }
}
