/** A tenant's OpenID Connect identity provider as the sysadmin sees it (`GET /integrations/oidc`). */
export interface OidcProviderView {
  issuer: string;
  clientId: string;
  /** Always true: a client secret is stored (encrypted); it is never returned. */
  secretStored: boolean;
  /** The ID token claim that holds the 職員番号. */
  claim: string;
  /** False: staff must sign in through the identity provider (accounts without a staff record keep the password). */
  passwordLoginForStaff: boolean;
  /** The address to register at the identity provider as the redirect URI. */
  redirectUri: string;
  /** The address to register as the post-logout redirect URI (single logout brings the browser back there). */
  postLogoutRedirectUri: string;
  /** Where staff start the sign-in. */
  signInUrl: string;
  updatedAt: string;
}

/** A tenant's SAML 2.0 identity provider as the sysadmin sees it (`GET /integrations/saml`). */
export interface SamlProviderView {
  entryPoint: string;
  /** The attribute of the assertion that holds the 職員番号 (`nameID`: the subject's NameID). */
  attribute: string;
  passwordLoginForStaff: boolean;
  certificate: { subject: string; validTo: string; fingerprintSha256: string };
  /** This service provider's entity id (also the address of its metadata). */
  entityId: string;
  /** The assertion consumer service (HTTP-POST) to register at the IdP. */
  acsUrl: string;
  metadataUrl: string;
  signInUrl: string;
  updatedAt: string;
}
