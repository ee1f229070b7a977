/**
 * What logout asks of the single sign-on (sso/ provides it: `SsoService`): where to send the browser so that the
 * identity provider ends its session too. Declared here so that auth/ does not depend on sso/ (which builds on it).
 */
export abstract class SingleLogout {
  /**
   * The provider's end-session address for a session that ended (its tenant and the sealed ID token of its
   * sign-in), or null when only the app's session ends.
   */
  abstract endSessionUrl(tenantId: number, sealedIdToken: string): Promise<string | null>;
}
