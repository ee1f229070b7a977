import type { NonNullableFormBuilder } from '@angular/forms';

/** The OpenID Connect form; the client secret is write-only and starts empty. */
export function oidcForm(fb: NonNullableFormBuilder) {
  return fb.group({
    issuer: [''],
    clientId: [''],
    clientSecret: [''],
    claim: ['preferred_username'],
    passwordLoginForStaff: [true],
  });
}
export type OidcForm = ReturnType<typeof oidcForm>;

/** The SAML form; the certificate is write-only and starts empty. */
export function samlForm(fb: NonNullableFormBuilder) {
  return fb.group({
    entryPoint: [''],
    idpCertificate: [''],
    attribute: ['employeeNumber'],
    passwordLoginForStaff: [true],
  });
}
export type SamlForm = ReturnType<typeof samlForm>;
