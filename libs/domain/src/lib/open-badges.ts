// The DX推進スペシャリスト credential as an Open Badges 3.0 OpenBadgeCredential (a W3C Verifiable Credential 2.0),
// its VC-JWT claims (OB 3.0 §8.2), the W3C Bitstring Status List bits, and reading a baked PNG. Browser-safe: no Node
// imports (the API compresses, signs and writes PNG chunks; the web app reads a PNG before sending its credential).
import { addDays, type IsoDate, isLeapYear } from './dates';

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_ACHIEVEMENT_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
/** The iTXt keyword of a baked OB 3.0 PNG (OB 3.0 §5.3.1). */
export const PNG_CREDENTIAL_KEYWORD = 'openbadgecredential';
/** The W3C minimum bitstring length: 16 KiB of bits, so one credential's bit hides among many (herd privacy). */
export const STATUS_LIST_BITS = 131_072;

/** The public, stable URLs of one tenant's issuer (all under the app's PUBLIC_URL). */
export interface IssuerUrls {
  /** The issuer Profile (JSON-LD). */
  profile: string;
  /** The public key as a JWK: the VC-JWT header's `kid`. */
  key: string;
  achievement: string;
  /** The BitstringStatusListCredential for revocation (a VC-JWT). */
  statusList: string;
  /** The badge image (PNG). */
  image: string;
}

/** The issuer's URLs for a tenant code, below `base` (e.g. https://dx.example.jp/api/v1/credentials). */
export function issuerUrls(base: string, tenantCode: string): IssuerUrls {
  const root = `${base.replace(/\/+$/, '')}/${encodeURIComponent(tenantCode)}`;
  return {
    profile: `${root}/issuer`,
    key: `${root}/key`,
    achievement: `${root}/achievements/dx-specialist`,
    statusList: `${root}/status/revocation`,
    image: `${root}/achievements/dx-specialist/image`,
  };
}

export interface IssuerProfile {
  '@context': string[];
  id: string;
  type: ['Profile'];
  name: string;
}

export function issuerProfile(urls: IssuerUrls, name: string): IssuerProfile {
  return { '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3], id: urls.profile, type: ['Profile'], name };
}

export const SPECIALIST_ACHIEVEMENT_NAME = '認定 DX推進スペシャリスト';

export interface Achievement {
  id: string;
  type: ['Achievement'];
  achievementType: 'Certification';
  name: string;
  description: string;
  criteria: { narrative: string };
  image: { id: string; type: 'Image' };
  creator: { id: string; type: ['Profile']; name: string };
}

export function specialistAchievement(urls: IssuerUrls, issuerName: string): Achievement {
  return {
    id: urls.achievement,
    type: ['Achievement'],
    achievementType: 'Certification',
    name: SPECIALIST_ACHIEVEMENT_NAME,
    description: `${issuerName}のDX推進スペシャリスト養成課程（基礎・応用・実践）を修了し、評価者の審査を経た課題に合格した職員の認定です。`,
    criteria: {
      narrative:
        'DX推進スペシャリスト養成課程のすべての段階（基礎・応用・実践）の研修を修了し、提出した課題が評価者により合格と判定されたこと。',
    },
    image: { id: urls.image, type: 'Image' },
    creator: { id: urls.profile, type: ['Profile'], name: issuerName },
  };
}

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  statusListIndex: string;
  statusListCredential: string;
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  issuer: { id: string; type: ['Profile']; name: string };
  validFrom: string;
  validUntil: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    identifier: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
    achievement: Achievement;
  };
  credentialStatus: BitstringStatusListEntry;
  credentialSchema: { id: string; type: '1EdTechJsonSchemaValidator2019' }[];
}

export interface SpecialistCredentialInput {
  urls: IssuerUrls;
  issuerName: string;
  /** urn:uuid:… of this credential (the JWT's jti). */
  credentialId: string;
  /** urn:uuid:… of the person (the JWT's sub); no 職員番号 in a document meant to be shown around. */
  subjectId: string;
  recipientName: string;
  certifiedOn: IsoDate;
  validUntil: IsoDate;
  statusListIndex: number;
}

/** The start of a Tokyo calendar day as an XML Schema dateTime (what validFrom / validUntil hold). */
export function tokyoDayStart(date: IsoDate): string {
  return `${date}T00:00:00+09:00`;
}

/** The last second of a Tokyo calendar day: a credential valid until 2029-04-09 is valid all of that day. */
export function tokyoDayEnd(date: IsoDate): string {
  return `${date}T23:59:59+09:00`;
}

export function specialistCredential(input: SpecialistCredentialInput): OpenBadgeCredential {
  return {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id: input.credentialId,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: SPECIALIST_ACHIEVEMENT_NAME,
    issuer: { id: input.urls.profile, type: ['Profile'], name: input.issuerName },
    validFrom: tokyoDayStart(input.certifiedOn),
    validUntil: tokyoDayEnd(input.validUntil),
    credentialSubject: {
      id: input.subjectId,
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.recipientName },
      ],
      achievement: specialistAchievement(input.urls, input.issuerName),
    },
    credentialStatus: {
      id: `${input.urls.statusList}#${input.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.statusListIndex),
      statusListCredential: input.urls.statusList,
    },
    credentialSchema: [{ id: OB_ACHIEVEMENT_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
  };
}

/** The registered JWT claims OB 3.0 §8.2 maps from the credential (the payload is the credential plus these). */
export interface CredentialJwtClaims {
  iss: string;
  sub: string;
  jti: string;
  nbf: number;
  exp?: number;
}

export function credentialJwtClaims(credential: {
  id: string;
  issuer: string | { id: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id?: string };
}): CredentialJwtClaims {
  const claims: CredentialJwtClaims = {
    iss: typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id,
    sub: credential.credentialSubject.id ?? '',
    jti: credential.id,
    nbf: Math.floor(Date.parse(credential.validFrom) / 1000),
  };
  if (credential.validUntil) claims.exp = Math.floor(Date.parse(credential.validUntil) / 1000);
  return claims;
}

/**
 * Which of the §8.2 claim checks fail for a verified payload: iss/sub/jti/nbf/exp must match the credential they
 * were mapped from. Empty when all hold. (A VCDM 1.1 token carries the credential in `vc`; pass that.)
 */
export function claimMismatches(
  payload: Record<string, unknown>,
  credential: Parameters<typeof credentialJwtClaims>[0],
): string[] {
  const expected = credentialJwtClaims(credential);
  const wrong: string[] = [];
  for (const claim of ['iss', 'sub', 'jti', 'nbf'] as const)
    if (payload[claim] !== expected[claim]) wrong.push(claim);
  if (expected.exp !== undefined && payload['exp'] !== expected.exp) wrong.push('exp');
  return wrong;
}

export type CredentialState = 'valid' | 'revoked' | 'expired' | 'not_yet_valid';

/** A certification's state on a day: revoked wins over expired. */
export function certificationState(
  certification: { certifiedOn: IsoDate; validUntil: IsoDate; revoked: boolean },
  today: IsoDate,
): CredentialState {
  if (certification.revoked) return 'revoked';
  if (today < certification.certifiedOn) return 'not_yet_valid';
  if (today > certification.validUntil) return 'expired';
  return 'valid';
}

/**
 * The last day of a certification of `years` years from `certifiedOn`: the day before the anniversary (certified
 * 2026-04-10 for 3 years → valid until 2029-04-09; certified on 29 February → until 28 February).
 */
export function certificationValidUntil(certifiedOn: IsoDate, years: number): IsoDate {
  const [y, m, d] = certifiedOn.split('-').map(Number);
  const year = y + years;
  const day = m === 2 && d === 29 && !isLeapYear(year) ? 28 : d;
  const anniversary = `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // On 29 February, the anniversary in a common year is 1 March: the day before it is 28 February.
  return m === 2 && d === 29 && !isLeapYear(year) ? anniversary : addDays(anniversary, -1);
}

// --- The W3C Bitstring Status List -------------------------------------------------------------------------------

/** A bitstring with the given bits set; bit 0 is the most significant bit of the first byte (W3C §3.2). */
export function statusBitstring(setIndices: Iterable<number>, length = STATUS_LIST_BITS): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(length / 8));
  for (const index of setIndices) {
    if (!Number.isInteger(index) || index < 0 || index >= length)
      throw new RangeError(`status list index ${index} is outside 0–${length - 1}`);
    bytes[index >> 3] |= 0x80 >> (index & 7);
  }
  return bytes;
}

export function statusBit(bitstring: Uint8Array, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= bitstring.length * 8)
    throw new RangeError(`status list index ${index} is outside the list`);
  return (bitstring[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Multibase base64url without padding ('u' prefix), as `encodedList` wants it around the GZIP bytes. */
export function multibaseBase64url(bytes: Uint8Array): string {
  let out = 'u';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += BASE64URL[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** The bytes of a multibase base64url string ('u' prefix); null when it is not one. */
export function fromMultibaseBase64url(text: string): Uint8Array | null {
  if (!text.startsWith('u') || !/^[A-Za-z0-9_-]*$/.test(text.slice(1)) || text.length % 4 === 2) return null;
  const body = text.slice(1);
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const char of body) {
    value = (value << 6) | BASE64URL.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

// --- Baked PNG ---------------------------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * The text of the first uncompressed iTXt chunk with the keyword (OB 3.0 §5.3.1.2: parse until the first
 * `openbadgecredential` chunk), or null when there is none (or the bytes are not a PNG).
 */
export function pngInternationalText(bytes: Uint8Array, keyword = PNG_CREDENTIAL_KEYWORD): string | null {
  if (!isPng(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = ascii(offset + 4, offset + 8);
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > bytes.length) return null;
    if (type === 'iTXt') {
      const data = bytes.subarray(start, end);
      const keywordEnd = data.indexOf(0);
      if (keywordEnd > 0 && String.fromCharCode(...data.subarray(0, keywordEnd)) === keyword) {
        const compressed = data[keywordEnd + 1];
        if (compressed !== 0) return null; // OB 3.0: compression MUST NOT be used.
        const languageEnd = data.indexOf(0, keywordEnd + 3);
        const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
        if (translatedEnd < 0) return null;
        return new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(translatedEnd + 1));
      }
    }
    if (type === 'IEND') return null;
    offset = end + 4;
  }
  return null;
}
