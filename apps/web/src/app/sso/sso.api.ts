import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type OidcProviderView, type SamlProviderView } from '@dx/contract';
import type { Observable } from 'rxjs';

export interface OidcProviderInput {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  claim?: string;
  passwordLoginForStaff: boolean;
}

export interface SamlProviderInput {
  entryPoint: string;
  idpCertificate?: string;
  attribute?: string;
  passwordLoginForStaff: boolean;
}

/** The tenant's identity provider for single sign-on: OpenID Connect or SAML 2.0 (one at a time). */
@Injectable({ providedIn: 'root' })
export class SsoApi {
  private readonly http = inject(HttpClient);

  /** 404 while none is set. */
  oidc(): Observable<OidcProviderView> {
    return this.http.get<OidcProviderView>(`${API_BASE}/integrations/oidc`);
  }

  saml(): Observable<SamlProviderView> {
    return this.http.get<SamlProviderView>(`${API_BASE}/integrations/saml`);
  }

  saveOidc(input: OidcProviderInput): Observable<OidcProviderView> {
    return this.http.put<OidcProviderView>(`${API_BASE}/integrations/oidc`, input);
  }

  saveSaml(input: SamlProviderInput): Observable<SamlProviderView> {
    return this.http.put<SamlProviderView>(`${API_BASE}/integrations/saml`, input);
  }

  remove(kind: 'oidc' | 'saml'): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/integrations/${kind}`);
  }
}
