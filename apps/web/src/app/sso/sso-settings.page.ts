import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import type { OidcProviderView, SamlProviderView } from '@dx/contract';
import { catchError, firstValueFrom, forkJoin, of } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { SsoProviderFactsComponent } from './sso-provider-facts.component';
import { SsoApi } from './sso.api';

type Kind = 'oidc' | 'saml';
type Providers = { oidc: OidcProviderView | null; saml: SamlProviderView | null };

/**
 * シングルサインオン: the tenant's identity provider (the system administrator sets it). One at a time: OpenID Connect
 * (issuer, client, the claim holding the 職員番号) or SAML 2.0 (the IdP's address and signing certificate, the
 * attribute). The page shows what to register at the provider and where staff sign in.
 */
@Component({
  selector: 'dx-sso-settings-page',
  imports: [ReactiveFormsModule, ProblemAlertComponent, SsoProviderFactsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>シングルサインオン</h1>
    <p class="lead">
      職員が庁内の認証基盤（IdP）のアカウントでログインできるようにします。IdP
      から届く職員番号で職員名簿の職員を探します。
      名簿にない職員番号や退職した職員はログインできません。設定できる IdP は1つです（OpenID Connect または
      SAML 2.0）。
    </p>

    <dx-sso-provider-facts [providers]="view()" [busy]="busy()" (remove)="remove($event)" />

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (message(); as text) {
        <p class="alert alert-success">{{ text }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>

    <section class="card" aria-labelledby="sso-form-heading">
      <h2 id="sso-form-heading">IdP の設定</h2>
      <fieldset class="field">
        <legend>方式</legend>
        <label
          ><input type="radio" name="sso-kind" [checked]="kind() === 'oidc'" (change)="kind.set('oidc')" />
          OpenID Connect</label
        >
        <label
          ><input type="radio" name="sso-kind" [checked]="kind() === 'saml'" (change)="kind.set('saml')" />
          SAML 2.0</label
        >
      </fieldset>
      @if (kind() === 'oidc') {
        <form [formGroup]="oidcForm" (ngSubmit)="save()" novalidate>
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
                view().oidc ? '変更するときだけ入力してください。' : ''
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
      } @else {
        <form [formGroup]="samlForm" (ngSubmit)="save()" novalidate>
          <div class="field">
            <label for="saml-entry-point">IdP のシングルサインオンURL</label>
            <input
              id="saml-entry-point"
              type="url"
              formControlName="entryPoint"
              autocomplete="off"
              [attr.aria-invalid]="!!errorOf('entryPoint')"
              aria-describedby="saml-entry-point-hint"
            />
            <p id="saml-entry-point-hint" class="hint">
              @if (errorOf('entryPoint'); as error) {
                <span class="field-error">{{ error }}</span>
              }
              HTTP-Redirect バインディングの SingleSignOnService の Location です。
            </p>
          </div>
          <div class="field">
            <label for="saml-certificate">IdP の署名用証明書（PEM）</label>
            <textarea
              id="saml-certificate"
              rows="6"
              formControlName="idpCertificate"
              [attr.aria-invalid]="!!errorOf('idpCertificate')"
              aria-describedby="saml-certificate-hint"
            ></textarea>
            <p id="saml-certificate-hint" class="hint">
              @if (errorOf('idpCertificate'); as error) {
                <span class="field-error">{{ error }}</span>
              }
              {{
                view().saml
                  ? '変更するときだけ貼り付けてください（空欄なら保存済みの証明書を使います）。'
                  : 'IdP のメタデータにある署名用 X.509 証明書です。'
              }}
            </p>
          </div>
          <div class="field">
            <label for="saml-attribute">職員番号が入っている属性</label>
            <input
              id="saml-attribute"
              type="text"
              formControlName="attribute"
              autocomplete="off"
              [attr.aria-invalid]="!!errorOf('attribute')"
              aria-describedby="saml-attribute-hint"
            />
            <p id="saml-attribute-hint" class="hint">
              @if (errorOf('attribute'); as error) {
                <span class="field-error">{{ error }}</span>
              }
              属性名（既定: employeeNumber。NameID を使うときは nameID）。
            </p>
          </div>
          <div class="field">
            <label
              ><input type="checkbox" formControlName="passwordLoginForStaff" />
              職員のパスワードでのログインも認める</label
            >
          </div>
          <button type="submit" class="button button-primary" [disabled]="busy()">保存</button>
        </form>
      }
    </section>
  `,
})
export class SsoSettingsPage {
  private readonly api = inject(SsoApi);
  private readonly fb = inject(NonNullableFormBuilder);

  /** What is configured now (a 404 is "none"). */
  protected readonly current = rxResource({
    stream: () =>
      forkJoin({
        oidc: this.api.oidc().pipe(catchError(() => of(null))),
        saml: this.api.saml().pipe(catchError(() => of(null))),
      }),
  });
  private readonly saved = signal<Providers | null>(null);
  protected readonly view = computed<Providers>(
    () => this.saved() ?? (this.current.hasValue() ? this.current.value() : { oidc: null, saml: null }),
  );
  protected readonly kind = signal<Kind>('oidc');
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly oidcForm = this.fb.group({
    issuer: [''],
    clientId: [''],
    clientSecret: [''],
    claim: ['preferred_username'],
    passwordLoginForStaff: [true],
  });
  protected readonly samlForm = this.fb.group({
    entryPoint: [''],
    idpCertificate: [''],
    attribute: ['employeeNumber'],
    passwordLoginForStaff: [true],
  });

  constructor() {
    // The forms start from what is stored; the secret and the certificate are write-only and stay empty.
    effect(() => {
      const { oidc, saml } = this.view();
      if (oidc) {
        this.kind.set('oidc');
        this.oidcForm.patchValue({ ...oidc, clientSecret: '' });
      } else if (saml) {
        this.kind.set('saml');
        this.samlForm.patchValue({ ...saml, idpCertificate: '' });
      }
    });
  }

  protected errorOf(field: string): string | null {
    return this.problem()?.errors.find((e) => e.field === field)?.message ?? null;
  }

  protected async save(): Promise<void> {
    await this.run(async () => {
      if (this.kind() === 'oidc') {
        const v = this.oidcForm.getRawValue();
        const oidc = await firstValueFrom(
          this.api.saveOidc({
            issuer: v.issuer.trim(),
            clientId: v.clientId.trim(),
            ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}),
            ...(v.claim.trim() ? { claim: v.claim.trim() } : {}),
            passwordLoginForStaff: v.passwordLoginForStaff,
          }),
        );
        this.saved.set({ oidc, saml: null });
        return 'OpenID Connect の設定を保存しました。クライアントシークレットは暗号化して保存されています。';
      }
      const v = this.samlForm.getRawValue();
      const saml = await firstValueFrom(
        this.api.saveSaml({
          entryPoint: v.entryPoint.trim(),
          ...(v.idpCertificate.trim() ? { idpCertificate: v.idpCertificate.trim() } : {}),
          ...(v.attribute.trim() ? { attribute: v.attribute.trim() } : {}),
          passwordLoginForStaff: v.passwordLoginForStaff,
        }),
      );
      this.saved.set({ oidc: null, saml });
      return 'SAML の設定を保存しました。';
    });
  }

  protected async remove(kind: Kind): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.remove(kind));
      this.saved.set({ ...this.view(), [kind]: null });
      return 'シングルサインオンの設定を削除しました。職員はパスワードでログインします。';
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
