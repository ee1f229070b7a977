import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { JWK } from 'jose';
import { DataSource, EntityManager } from 'typeorm';
import type {
  CredentialDownload,
  CredentialSettings,
  CredentialVerification,
  CredentialVerdict,
  MySpecialistCredential,
  SpecialistCertificationView,
} from '@dx/contract';
import {
  certificationState,
  certificationValidUntil,
  claimMismatches,
  credentialJwtClaims,
  issuerProfile,
  issuerUrls,
  multibaseBase64url,
  pngInternationalText,
  SPECIALIST_ACHIEVEMENT_NAME,
  specialistAchievement,
  specialistCredential,
  statusBit,
  statusBitstring,
  todayInTokyo,
  VC_CONTEXT_V2,
  type IssuerUrls,
} from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { asSystem, withTenant } from '../database/tenant-context';
import { CredentialSigner, decodeUnverified, verifiedPayload } from './credential-signer';
import { CertificationRow, CredentialsRepository, TenantRow } from './credentials.repository';
import { bakePng } from './png-bake';

export const BADGE_IMAGE_FILE = 'badges/dx-specialist.png';

/** The badge image: the built web app's copy (WEB_ROOT), else the one in the repository (apps/web/public). */
function loadBadgeImage(webRoot: string): Buffer {
  const candidates = [resolve(webRoot, BADGE_IMAGE_FILE)];
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir))
    candidates.push(resolve(dir, 'apps/web/public', BADGE_IMAGE_FILE));
  for (const file of candidates) {
    try {
      return readFileSync(file);
    } catch {
      // the next place
    }
  }
  throw new Error(`the badge image ${BADGE_IMAGE_FILE} is in neither WEB_ROOT nor apps/web/public`);
}

/** Who triggered a grant: a person (HR, an evaluator) or the system (the demo seed). */
type Actor = AuthUser | undefined;

/**
 * Certifies the members (of the given people, or all) who have completed the programme and hold no certification
 * for that cohort, in the caller's transaction, each with its bit in the status list and an audit line. The issuer
 * row is locked first, so two grants of one tenant cannot run at once. Returns how many were certified.
 */
export async function grantCompletedCertifications(
  manager: EntityManager,
  repository: CredentialsRepository,
  audit: AuditService,
  tenantId: number,
  staffIds: number[] | undefined,
  actor: Actor,
): Promise<number> {
  const due = await repository.findCompletedMembers(manager, tenantId, staffIds);
  if (due.length === 0) return 0;
  const issuer = await repository.lockIssuer(manager, tenantId);
  let granted = 0;
  for (const member of due) {
    const validUntil = certificationValidUntil(member.certified_on, issuer.validity_years);
    const index = await repository.takeStatusIndex(manager, tenantId);
    const id = await repository.insertCertification(manager, tenantId, member, validUntil, index);
    if (id === undefined) continue;
    granted++;
    await audit.record(
      {
        tenantId,
        actor,
        actorLoginId: actor ? undefined : 'system',
        action: 'certification.granted',
        target: String(id),
        subjectEmployeeNo: member.employee_no,
        detail: { cohort: member.cohort_code, certifiedOn: member.certified_on, validUntil },
      },
      manager,
    );
  }
  return granted;
}

/**
 * DX推進スペシャリスト certification and its Open Badges 3.0 credential. Completing the programme certifies the person
 * in the transaction of the event that completed it (an evaluator passing the last 課題, HR moving the member to the
 * last stage) or when HR runs the check (idempotent: it certifies whoever is due and not yet certified). The
 * credential is a VC-JWT signed with the tenant's Ed25519 key; its bit in the tenant's W3C Bitstring Status List is
 * set on revocation.
 */
@Injectable()
export class CredentialsService {
  private badge?: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CredentialsRepository,
    private readonly signer: CredentialSigner,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  private urls(tenantCode: string): IssuerUrls {
    return issuerUrls(`${this.config.PUBLIC_URL.replace(/\/+$/, '')}/api/v1/credentials`, tenantCode);
  }

  // --- Granting ---------------------------------------------------------------------------------------------------

  /**
   * Certifies the members (of the given people, or all) who have completed the programme and hold no certification
   * for that cohort, in the caller's transaction. Returns how many were certified.
   */
  async certifyCompleted(
    manager: EntityManager,
    tenantId: number,
    staffIds: number[] | undefined,
    actor: Actor,
  ): Promise<number> {
    return grantCompletedCertifications(manager, this.repository, this.audit, tenantId, staffIds, actor);
  }

  /** After an enrolment was completed (its last 課題 passed): certifies its person if that completed the programme. */
  async certifyAfterCompletion(manager: EntityManager, tenantId: number, enrollmentId: number, actor: Actor) {
    const staffId = await this.repository.findStaffOfEnrollment(manager, tenantId, enrollmentId);
    if (staffId !== undefined) await this.certifyCompleted(manager, tenantId, [staffId], actor);
  }

  /** HR's check: certifies everyone due, in one transaction. */
  check(user: AuthUser): Promise<number> {
    return this.dataSource.transaction((manager) =>
      this.certifyCompleted(manager, user.tenantId, undefined, user),
    );
  }

  // --- HR ---------------------------------------------------------------------------------------------------------

  async list(user: AuthUser): Promise<SpecialistCertificationView[]> {
    const today = todayInTokyo();
    const rows = await this.repository.findCertifications(user.tenantId, today);
    return rows.map((r) => ({
      id: r.id,
      employeeNo: r.employee_no,
      name: r.name,
      unitName: r.unit_name,
      cohortCode: r.cohort_code,
      certifiedOn: r.certified_on,
      validUntil: r.valid_until,
      status: stateOf(r, today),
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
      revokedReason: r.revoked_reason,
    }));
  }

  async revoke(user: AuthUser, id: number, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.repository.findCertification(manager, user.tenantId, id, todayInTokyo());
      if (!row) throw Problem.notFound(`認定（番号 ${id}）は見つかりません。`);
      if (!(await this.repository.revoke(manager, user.tenantId, id, reason, user.userId)))
        throw new Problem(
          409,
          'already-revoked',
          '取消済みです',
          `${row.name}（職員番号 ${row.employee_no}）の認定は既に取り消されています。`,
        );
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'certification.revoked',
          target: String(id),
          subjectEmployeeNo: row.employee_no,
          detail: { reason },
        },
        manager,
      );
    });
  }

  settings(user: AuthUser): Promise<CredentialSettings> {
    return this.dataSource.transaction(async (manager) => ({
      validityYears: (await this.repository.ensureIssuer(manager, user.tenantId)).validity_years,
    }));
  }

  /** Changes the period of certifications granted from now on (those granted keep theirs). */
  async updateSettings(user: AuthUser, settings: CredentialSettings): Promise<CredentialSettings> {
    await this.dataSource.transaction(async (manager) => {
      await this.repository.lockIssuer(manager, user.tenantId);
      await this.repository.setValidityYears(manager, user.tenantId, settings.validityYears);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'certification.settings_changed',
          detail: { validityYears: settings.validityYears },
        },
        manager,
      );
    });
    return { validityYears: settings.validityYears };
  }

  // --- The learner's own ------------------------------------------------------------------------------------------

  async mine(user: AuthUser): Promise<MySpecialistCredential[]> {
    if (user.staffId === null) return [];
    const today = todayInTokyo();
    const rows = await this.repository.findCertificationsOfStaff(user.tenantId, user.staffId, today);
    const tenant = await this.repository.findTenant(this.dataSource.manager, user.tenantId);
    return rows.map((r) => ({
      id: r.id,
      achievementName: SPECIALIST_ACHIEVEMENT_NAME,
      issuerName: tenant.name,
      certifiedOn: r.certified_on,
      validUntil: r.valid_until,
      status: stateOf(r, today),
    }));
  }

  /** The person's own credential, signed (the same token every time: Ed25519 signatures are deterministic). */
  async download(user: AuthUser, id: number): Promise<CredentialDownload> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.findCertification(manager, user.tenantId, id, todayInTokyo());
      if (!row || row.staff_id !== user.staffId) throw Problem.notFound('この認定は見つかりません。');
      const tenant = await this.repository.findTenant(manager, user.tenantId);
      const urls = this.urls(tenant.code);
      const credential = specialistCredential({
        urls,
        issuerName: tenant.name,
        credentialId: `urn:uuid:${row.credential_uuid}`,
        subjectId: `urn:uuid:${row.subject_uuid}`,
        recipientName: row.name,
        certifiedOn: row.certified_on,
        validUntil: row.valid_until,
        statusListIndex: row.status_index,
      });
      const payload = { ...credential, ...credentialJwtClaims(credential) };
      const jwt = await this.signer.sign(manager, user.tenantId, urls.key, payload);
      return { jwt, credential: payload };
    });
  }

  /** The badge PNG with the person's credential baked in. */
  async badgePng(user: AuthUser, id: number): Promise<Buffer> {
    const { jwt } = await this.download(user, id);
    return bakePng(this.badgeImage(), jwt);
  }

  badgeImage(): Buffer {
    return (this.badge ??= loadBadgeImage(this.config.WEB_ROOT));
  }

  // --- Public documents -------------------------------------------------------------------------------------------

  private async tenantByCode(code: string): Promise<TenantRow> {
    const tenant = await asSystem(() => this.repository.findTenantByCode(code));
    if (!tenant) throw Problem.notFound(`団体「${code}」の発行者は見つかりません。`);
    return tenant;
  }

  async profile(code: string) {
    const tenant = await this.tenantByCode(code);
    return issuerProfile(this.urls(tenant.code), tenant.name);
  }

  async achievement(code: string) {
    const tenant = await this.tenantByCode(code);
    return {
      '@context': issuerProfile(this.urls(tenant.code), tenant.name)['@context'],
      ...specialistAchievement(this.urls(tenant.code), tenant.name),
    };
  }

  /** The public key the VC-JWT header's `kid` names, as a JWK (made on first need, like at the first signature). */
  async publicKey(code: string): Promise<JWK & { kid: string; alg: string; use: string }> {
    const tenant = await this.tenantByCode(code);
    const jwk = await withTenant(tenant.id, () =>
      this.dataSource.transaction((manager) => this.signer.publicJwk(manager, tenant.id)),
    );
    return { ...jwk, kid: this.urls(tenant.code).key, alg: 'EdDSA', use: 'sig' };
  }

  /** The tenant's revocation list: a BitstringStatusListCredential as a VC-JWT signed with the same key. */
  async statusList(code: string): Promise<string> {
    const tenant = await this.tenantByCode(code);
    const urls = this.urls(tenant.code);
    return withTenant(tenant.id, async () => {
      const revoked = await this.repository.findRevokedIndices(tenant.id);
      const encodedList = multibaseBase64url(gzipSync(statusBitstring(revoked)));
      const credential = {
        '@context': [VC_CONTEXT_V2],
        id: urls.statusList,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: urls.profile,
        validFrom: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
        credentialSubject: {
          id: `${urls.statusList}#list`,
          type: 'BitstringStatusList',
          statusPurpose: 'revocation',
          encodedList,
        },
      };
      return this.dataSource.transaction((manager) =>
        this.signer.sign(manager, tenant.id, urls.key, {
          ...credential,
          ...credentialJwtClaims(credential),
        }),
      );
    });
  }

  // --- Verification -----------------------------------------------------------------------------------------------

  /**
   * Checks a credential as an OB 3.0 verifier does (§8.2.4): the signature with the issuer's key, the claims against
   * the credential, the revocation bit, the period. The key is this system's own record of the issuer named by the
   * credential: a closed network fetches nothing, and a token signed with a key it carries itself proves nothing.
   */
  async verify(
    input: { credential?: string; png?: Buffer },
    now = new Date(),
  ): Promise<CredentialVerification> {
    const verdict = (
      v: CredentialVerdict,
      detail: string,
      c?: Record<string, unknown>,
    ): CredentialVerification => ({
      verdict: v,
      detail,
      ...describe(c),
    });
    let text = input.credential?.trim() ?? '';
    if (input.png) {
      const baked = pngInternationalText(input.png);
      if (baked === null)
        return verdict('malformed', 'この PNG 画像には認定証（openbadgecredential）が埋め込まれていません。');
      text = baked.trim();
    }
    if (text.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return verdict('malformed', 'JSON として読み取れません。');
      }
      const jwt = (parsed as { jwt?: unknown }).jwt;
      if (typeof jwt !== 'string')
        return verdict(
          'malformed',
          '署名（VC-JWT）のない JSON は確認できません。ダウンロードした JSON（jwt を含むもの）か JWT を貼り付けてください。',
        );
      text = jwt.trim();
    }
    const decoded = decodeUnverified(text);
    if (!decoded) return verdict('malformed', 'JWT（header.payload.signature）として読み取れません。');
    // VCDM 2.0 (OB 3.0 as published): the payload is the credential; a VCDM 1.1 token carries it in `vc`.
    const credential = (
      decoded.payload['vc'] && typeof decoded.payload['vc'] === 'object'
        ? decoded.payload['vc']
        : decoded.payload
    ) as Record<string, unknown>;
    const issuerId =
      typeof credential['issuer'] === 'string'
        ? credential['issuer']
        : (credential['issuer'] as { id?: unknown })?.id;
    const code = typeof issuerId === 'string' ? this.tenantCodeOf(issuerId) : null;
    const tenant = code ? await asSystem(() => this.repository.findTenantByCode(code)) : undefined;
    if (!tenant) return verdict('unknown_issuer', 'このシステムの団体が発行した認定証ではありません。');
    const urls = this.urls(tenant.code);
    const jwk = await withTenant(tenant.id, () =>
      this.dataSource.transaction(
        async (manager) => (await this.repository.ensureIssuer(manager, tenant.id)).public_jwk,
      ),
    );
    if (!jwk) return verdict('tampered', `${tenant.name}はまだ認定証に署名したことがありません。`);
    if (decoded.header['kid'] !== undefined && decoded.header['kid'] !== urls.key)
      return verdict('tampered', '署名の鍵（kid）が発行者の公開鍵ではありません。');
    const payload = await verifiedPayload(text, jwk);
    if (!payload) return verdict('tampered', '署名が一致しません。発行後に内容が書き換えられています。');
    const signed = (payload['vc'] && typeof payload['vc'] === 'object' ? payload['vc'] : payload) as Record<
      string,
      unknown
    >;
    let wrong: string[];
    try {
      wrong = claimMismatches(payload, signed as unknown as Parameters<typeof claimMismatches>[1]);
    } catch {
      wrong = ['credentialSubject'];
    }
    if (wrong.length > 0)
      return verdict('tampered', `JWT の ${wrong.join('・')} が認定証の内容と一致しません。`, signed);
    const status = signed['credentialStatus'] as
      { statusListIndex?: unknown; statusListCredential?: unknown } | undefined;
    const index = Number(status?.statusListIndex);
    if (!status || status.statusListCredential !== urls.statusList || !Number.isInteger(index))
      return verdict('malformed', '失効確認の情報（credentialStatus）がありません。', signed);
    const revoked = await withTenant(tenant.id, () => this.repository.findRevokedIndices(tenant.id));
    if (statusBit(statusBitstring(revoked), index))
      return verdict('revoked', `${tenant.name}がこの認定を取り消しました。`, signed);
    const seconds = now.getTime() / 1000;
    if (typeof payload['exp'] === 'number' && seconds > payload['exp'])
      return verdict('expired', '有効期限を過ぎています。', signed);
    if (typeof payload['nbf'] === 'number' && seconds < payload['nbf'])
      return verdict('not_yet_valid', '有効期間の開始前です。', signed);
    return verdict(
      'valid',
      `${tenant.name}の署名を確認しました。取り消されておらず、有効期間内です。`,
      signed,
    );
  }

  /** The tenant code in an issuer id of this system (…/api/v1/credentials/{code}/issuer), or null. */
  private tenantCodeOf(issuerId: string): string | null {
    const prefix = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/api/v1/credentials/`;
    if (!issuerId.startsWith(prefix) || !issuerId.endsWith('/issuer')) return null;
    const code = decodeURIComponent(issuerId.slice(prefix.length, -'/issuer'.length));
    return /^[A-Za-z0-9_-]{1,50}$/.test(code) ? code : null;
  }
}

function stateOf(row: CertificationRow, today: string) {
  return certificationState(
    { certifiedOn: row.certified_on, validUntil: row.valid_until, revoked: row.revoked_at !== null },
    today,
  );
}

/** What a credential says, for the verification page (never more than the credential itself shows). */
function describe(credential: Record<string, unknown> | undefined) {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const issuer = credential?.['issuer'];
  const subject = credential?.['credentialSubject'] as
    | { identifier?: { identityType?: string; identityHash?: string }[]; achievement?: { name?: unknown } }
    | undefined;
  return {
    issuerName: issuer && typeof issuer === 'object' ? text((issuer as { name?: unknown }).name) : null,
    recipientName: text(subject?.identifier?.find?.((i) => i.identityType === 'name')?.identityHash),
    achievementName: text(subject?.achievement?.name),
    validFrom: text(credential?.['validFrom']),
    validUntil: text(credential?.['validUntil']),
    credentialId: text(credential?.['id']),
  };
}
