import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder } from '@angular/forms';
import type { OidcProviderView, SamlProviderView } from '@dx/contract';
import { catchError, firstValueFrom, forkJoin, of } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { oidcForm, samlForm } from './sso-forms';
import { SsoOidcFormComponent } from './sso-oidc-form.component';
import { SsoProviderFactsComponent } from './sso-provider-facts.component';
import { SsoSamlFormComponent } from './sso-saml-form.component';
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
  imports: [ProblemAlertComponent, SsoOidcFormComponent, SsoProviderFactsComponent, SsoSamlFormComponent],
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
        <dx-sso-oidc-form
          [form]="oidcForm"
          [stored]="!!view().oidc"
          [busy]="busy()"
          [problem]="problem()"
          (save)="save()"
        />
      } @else {
        <dx-sso-saml-form
          [form]="samlForm"
          [stored]="!!view().saml"
          [busy]="busy()"
          [problem]="problem()"
          (save)="save()"
        />
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

  protected readonly oidcForm = oidcForm(this.fb);
  protected readonly samlForm = samlForm(this.fb);

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
