import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import type { Problem } from '../shared/problem';
import type { OidcForm } from './sso-forms';

/** The OpenID Connect settings: issuer, client, secret and the claim holding the 職員番号. */
@Component({
  selector: 'dx-sso-oidc-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form()" (ngSubmit)="save.emit()" novalidate>
      <div class="field">
        <label for="oidc-issuer">発行者（issuer）のURL</label>
        <input
          id="oidc-issuer"
          type="url"
          formControlName="issuer"
          autocomplete="off"
          [attr.aria-invalid]="!!errorOf('issuer')"
          aria-describedby="oidc-issuer-hint"
        />
        <p id="oidc-issuer-hint" class="hint">
          @if (errorOf('issuer'); as error) {
            <span class="field-error">{{ error }}</span>
          }
          /.well-known/openid-configuration を公開しているURL（例:
          https://idp.pref.example.lg.jp/realms/staff）。
        </p>
      </div>
      <div class="field">
        <label for="oidc-client-id">クライアントID</label>
        <input
          id="oidc-client-id"
          type="text"
          formControlName="clientId"
          autocomplete="off"
          [attr.aria-invalid]="!!errorOf('clientId')"
          aria-describedby="oidc-client-id-hint"
        />
        <p id="oidc-client-id-hint" class="hint">
          @if (errorOf('clientId'); as error) {
            <span class="field-error">{{ error }}</span>
          }
        </p>
      </div>
      <div class="field">
        <label for="oidc-client-secret">クライアントシークレット</label>
        <input
          id="oidc-client-secret"
          type="password"
          formControlName="clientSecret"
          autocomplete="new-password"
          [attr.aria-invalid]="!!errorOf('clientSecret')"
          aria-describedby="oidc-client-secret-hint"
        />
        <p id="oidc-client-secret-hint" class="hint">
          @if (errorOf('clientSecret'); as error) {
            <span class="field-error">{{ error }}</span>
          }
          暗号化して保存され、表示されることはありません。{{
            stored() ? '変更するときだけ入力してください。' : ''
          }}
        </p>
      </div>
      <div class="field">
        <label for="oidc-claim">職員番号が入っているクレーム</label>
        <input
          id="oidc-claim"
          type="text"
          formControlName="claim"
          autocomplete="off"
          [attr.aria-invalid]="!!errorOf('claim')"
          aria-describedby="oidc-claim-hint"
        />
        <p id="oidc-claim-hint" class="hint">
          @if (errorOf('claim'); as error) {
            <span class="field-error">{{ error }}</span>
          }
          IDトークンのクレーム名（既定: preferred_username）。
        </p>
      </div>
      <div class="field">
        <label
          ><input type="checkbox" formControlName="passwordLoginForStaff" />
          職員のパスワードでのログインも認める</label
        >
      </div>
      <button type="submit" class="button button-primary" [disabled]="busy()">
        保存（IdP に接続して確認します）
      </button>
    </form>
  `,
})
export class SsoOidcFormComponent {
  readonly form = input.required<OidcForm>();
  /** Whether a provider of this kind is stored (then the client secret may stay empty). */
  readonly stored = input(false);
  readonly busy = input(false);
  /** The last save's problem: its field errors are shown under the fields. */
  readonly problem = input<Problem | null>(null);
  readonly save = output<void>();

  protected errorOf(field: string): string | null {
    return this.problem()?.errors.find((e) => e.field === field)?.message ?? null;
  }
}
