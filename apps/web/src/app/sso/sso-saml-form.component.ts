import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import type { Problem } from '../shared/problem';
import type { SamlForm } from './sso-forms';

/** The SAML 2.0 settings: the IdP's address, its signing certificate and the attribute holding the 職員番号. */
@Component({
  selector: 'dx-sso-saml-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form()" (ngSubmit)="save.emit()" novalidate>
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
            stored()
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
  `,
})
export class SsoSamlFormComponent {
  readonly form = input.required<SamlForm>();
  /** Whether a provider of this kind is stored (then the certificate may stay empty). */
  readonly stored = input(false);
  readonly busy = input(false);
  /** The last save's problem: its field errors are shown under the fields. */
  readonly problem = input<Problem | null>(null);
  readonly save = output<void>();

  protected errorOf(field: string): string | null {
    return this.problem()?.errors.find((e) => e.field === field)?.message ?? null;
  }
}
