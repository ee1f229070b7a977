import * as oidc from 'openid-client';

/** What the browser must bring back to the callback: kept sealed in a cookie between the two requests. */
export interface PendingSignIn {
  tenantCode: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * An identity provider on the machine itself (a test's, a developer's) may speak plain HTTP; every other issuer
 * must use HTTPS, as openid-client requires.
 */
function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/**
 * openid-client's configuration of one provider: discovery from the issuer, client_secret_basic, and the ID token's
 * signature checked against the provider's keys (openid-client leaves that to TLS unless asked; we ask).
 */
export async function discoverProvider(settings: ProviderSettings): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  const config = await oidc.discovery(
    issuer,
    settings.clientId,
    undefined,
    oidc.ClientSecretBasic(settings.clientSecret),
    { execute: isLoopback(issuer) ? [oidc.allowInsecureRequests] : [], timeout: 10 },
  );
  oidc.enableNonRepudiationChecks(config);
  return config;
}

/** The authorization request: code flow with PKCE (S256), a fresh `state` and `nonce`. */
export async function startSignIn(
  config: oidc.Configuration,
  tenantCode: string,
  redirectUri: string,
): Promise<{ url: URL; pending: PendingSignIn }> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const pending: PendingSignIn = {
    tenantCode,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

/**
 * The callback: the code exchanged with the PKCE verifier, `state` and `nonce` compared, the ID token's signature,
 * issuer, audience and times checked by openid-client. The claims of the ID token, and the token itself (kept for
 * single logout).
 */
export async function finishSignIn(
  config: oidc.Configuration,
  callbackUrl: URL,
  pending: PendingSignIn,
): Promise<{ claims: Record<string, unknown>; idToken: string }> {
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new Error('the token response holds no ID token');
  return { claims: claims as Record<string, unknown>, idToken: tokens.id_token };
}

/**
 * RP-initiated logout: where to send the browser so that the provider ends its own session too, with the ID token of
 * the sign-in as `id_token_hint` and the way back (`client_id` is added by openid-client). Null when the provider's
 * discovery document advertises no `end_session_endpoint`: then only the app's session ends.
 */
export function rpInitiatedLogoutUrl(
  config: oidc.Configuration,
  idToken: string,
  postLogoutRedirectUri: string,
): URL | null {
  if (!config.serverMetadata().end_session_endpoint) return null;
  return oidc.buildEndSessionUrl(config, {
    id_token_hint: idToken,
    post_logout_redirect_uri: postLogoutRedirectUri,
  });
}
