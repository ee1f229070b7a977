import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { OidcProviderView, SamlProviderView } from '@dx/contract';
import { formatJapaneseDateTime } from '../shared/dates';

/** What is configured, and what the IdP's administrator must be given (redirect URI, or SP metadata and ACS). */
@Component({
  selector: 'dx-sso-provider-facts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="sso-current-heading">
      <h2 id="sso-current-heading">現在の設定</h2>
      @if (providers().oidc; as oidc) {
        <dl class="facts" data-testid="sso-current">
          <dt>方式</dt>
          <dd>OpenID Connect</dd>
          <dt>発行者</dt>
          <dd>{{ oidc.issuer }}（クライアントID {{ oidc.clientId }}）</dd>
          <dt>職員番号のクレーム</dt>
          <dd>{{ oidc.claim }}</dd>
          <dt>IdP に登録するリダイレクトURI</dt>
          <dd>
            <code>{{ oidc.redirectUri }}</code>
          </dd>
          <dt>IdP に登録するログアウト後のリダイレクトURI</dt>
          <dd>
            <code>{{ oidc.postLogoutRedirectUri }}</code>
            <span class="muted">（ログアウトすると IdP のセッションも終わり、ここへ戻ります）</span>
          </dd>
          <dt>ログイン開始URL</dt>
          <dd>
            <code>{{ oidc.signInUrl }}</code>
          </dd>
          <dt>職員のパスワードログイン</dt>
          <dd>{{ oidc.passwordLoginForStaff ? '認める' : '認めない（IdP でのみログイン）' }}</dd>
          <dt>更新</dt>
          <dd>{{ dateTime(oidc.updatedAt) }}</dd>
        </dl>
        <button type="button" class="button" [disabled]="busy()" (click)="remove.emit('oidc')">
          設定を削除
        </button>
      } @else if (providers().saml; as saml) {
        <dl class="facts" data-testid="sso-current">
          <dt>方式</dt>
          <dd>SAML 2.0</dd>
          <dt>IdP のシングルサインオンURL</dt>
          <dd>{{ saml.entryPoint }}</dd>
          <dt>署名用証明書</dt>
          <dd>{{ saml.certificate.subject }}（有効期限 {{ dateTime(saml.certificate.validTo) }}）</dd>
          <dt>職員番号の属性</dt>
          <dd>{{ saml.attribute }}</dd>
          <dt>SP のメタデータ（エンティティID）</dt>
          <dd>
            <a [href]="saml.metadataUrl">{{ saml.metadataUrl }}</a>
          </dd>
          <dt>ACS（HTTP-POST）</dt>
          <dd>
            <code>{{ saml.acsUrl }}</code>
          </dd>
          <dt>ログイン開始URL</dt>
          <dd>
            <code>{{ saml.signInUrl }}</code>
          </dd>
          <dt>職員のパスワードログイン</dt>
          <dd>{{ saml.passwordLoginForStaff ? '認める' : '認めない（IdP でのみログイン）' }}</dd>
        </dl>
        <button type="button" class="button" [disabled]="busy()" (click)="remove.emit('saml')">
          設定を削除
        </button>
      } @else {
        <p>シングルサインオンはまだ設定されていません。職員はパスワードでログインします。</p>
      }
    </section>
  `,
})
export class SsoProviderFactsComponent {
  readonly providers = input.required<{ oidc: OidcProviderView | null; saml: SamlProviderView | null }>();
  readonly busy = input(false);
  readonly remove = output<'oidc' | 'saml'>();

  protected dateTime(value: string): string {
    return formatJapaneseDateTime(value);
  }
}
