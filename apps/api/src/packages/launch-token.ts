import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a launch token grants: one learner's enrolment playing one package module, until `expiresAt`. */
export interface LaunchGrant {
  tenantId: number;
  enrollmentId: number;
  moduleId: number;
  packageId: number;
  /** The app's origin, the only frame that may embed the content and receive its messages. */
  appOrigin: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * Signed launch tokens for the content origin (HMAC-SHA256 over the grant, a key derived from JWT_SECRET for this
 * use only). They travel in the URL path, so relative links inside a package keep them; they are not the session.
 */
export class LaunchTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('dx-content-launch-token/v1').digest();
  }

  sign(grant: LaunchGrant): string {
    const body = Buffer.from(
      JSON.stringify([
        grant.tenantId,
        grant.enrollmentId,
        grant.moduleId,
        grant.packageId,
        grant.appOrigin,
        grant.expiresAt,
      ]),
    ).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The grant of a valid, unexpired token; null for anything else. */
  verify(token: string, now = Date.now()): LaunchGrant | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || body.length > 2000) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const [tenantId, enrollmentId, moduleId, packageId, appOrigin, expiresAt] = JSON.parse(
        Buffer.from(body, 'base64url').toString('utf8'),
      ) as [number, number, number, number, string, number];
      if (![tenantId, enrollmentId, moduleId, packageId, expiresAt].every(Number.isInteger)) return null;
      if (expiresAt * 1000 <= now) return null;
      return { tenantId, enrollmentId, moduleId, packageId, appOrigin: String(appOrigin), expiresAt };
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
