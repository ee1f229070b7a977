// DX推進スペシャリスト certification (認定) and its Open Badges 3.0 credential (VC-JWT, Ed25519).

/** A certification's state today: revoked wins over expired. */
export type SpecialistCertificationStatus = 'valid' | 'expired' | 'revoked' | 'not_yet_valid';

export const CERTIFICATION_STATUS_LABELS: Record<SpecialistCertificationStatus, string> = {
  valid: '有効',
  expired: '期限切れ',
  revoked: '取消',
  not_yet_valid: '有効期間前',
};

/** GET /api/v1/specialist-certifications: one certified person (HR). */
export interface SpecialistCertificationView {
  id: number;
  employeeNo: string;
  name: string;
  /** The 所属 the person belongs to today; null when they have none (left). */
  unitName: string | null;
  cohortCode: string;
  certifiedOn: string;
  validUntil: string;
  status: SpecialistCertificationStatus;
  /** ISO date-time (UTC) of a revocation, and its reason. */
  revokedAt: string | null;
  revokedReason: string | null;
}

/** POST /api/v1/specialist-certifications/check: certifies everyone who has completed the programme (idempotent). */
export interface CertificationCheckResult {
  granted: number;
}

/** POST /api/v1/specialist-certifications/{id}/revocation body. */
export interface RevokeCertificationRequest {
  reason: string;
}

/** GET/PUT /api/v1/specialist-certifications/settings: how long a certification lasts, in years (1–10). */
export interface CredentialSettings {
  validityYears: number;
}

/** GET /api/v1/me/specialist-credentials: the learner's own certifications. */
export interface MySpecialistCredential {
  id: number;
  achievementName: string;
  issuerName: string;
  certifiedOn: string;
  validUntil: string;
  status: SpecialistCertificationStatus;
}

/** GET /api/v1/me/specialist-credentials/{id}/credential: the signed credential and what it says. */
export interface CredentialDownload {
  /** The VC-JWT (compact JWS) — what an Open Badges 3.0 verifier takes. */
  jwt: string;
  /** The OpenBadgeCredential the JWT carries (its payload), for reading. */
  credential: Record<string, unknown>;
}

/** POST /api/v1/credentials/verify body: a VC-JWT, a downloaded JSON, or a baked PNG (base64). */
export interface CredentialVerifyRequest {
  credential?: string;
  png?: string;
}

export type CredentialVerdict =
  'valid' | 'tampered' | 'revoked' | 'expired' | 'not_yet_valid' | 'unknown_issuer' | 'malformed';

export const CREDENTIAL_VERDICT_LABELS: Record<CredentialVerdict, string> = {
  valid: '有効な認定証です',
  tampered: '改ざんされています（署名が一致しません）',
  revoked: 'この認定は取り消されています',
  expired: 'この認定は有効期限が切れています',
  not_yet_valid: 'この認定はまだ有効期間前です',
  unknown_issuer: 'このシステムが発行した認定証ではありません',
  malformed: '認定証として読み取れません',
};

/** POST /api/v1/credentials/verify: the verdict and, once the signature holds, what the credential says. */
export interface CredentialVerification {
  verdict: CredentialVerdict;
  /** Japanese: why (which check failed). */
  detail: string;
  issuerName: string | null;
  recipientName: string | null;
  achievementName: string | null;
  validFrom: string | null;
  validUntil: string | null;
  credentialId: string | null;
}
