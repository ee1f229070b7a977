import { Injectable, Logger } from '@nestjs/common';
import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { X509Certificate } from 'node:crypto';
import type { SamlProviderView } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { AppConfig } from '../config/app-config';
import { asSystem, withTenant } from '../database/tenant-context';
import { TenantsService } from '../tenants/tenants.service';
import { assertionFacts } from './saml-assertion';
import { SAML_REQUEST_SECONDS, SamlRepository, StoredSamlProvider } from './saml.repository';
import { SsoRefusal } from './sso-refusal';

export interface SamlProviderInput {
  entryPoint: string;
  idpCertificate?: string;
  attribute?: string;
  passwordLoginForStaff?: boolean;
}

/** The IdP's certificate as PEM (an administrator may paste it with or without the PEM lines), or why not. */
export function readCertificate(input: string): { pem: string; certificate: X509Certificate } | string {
  const body = input.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(body))
    return '証明書は PEM 形式（-----BEGIN CERTIFICATE----- で始まる形）で貼り付けてください。';
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    const certificate = new X509Certificate(pem);
    if (new Date(certificate.validTo).getTime() < Date.now())
      return `証明書の有効期限が切れています（${certificate.validTo}）。IdP の新しい署名証明書を設定してください。`;
    return { pem, certificate };
  } catch {
    return '証明書を読み取れません。IdP のメタデータにある署名用 X.509 証明書を貼り付けてください。';
  }
}

/** Times on two machines differ a little: this much is forgiven in NotBefore / NotOnOrAfter. */
const CLOCK_SKEW_MS = 60_000;

/** The tenant's SAML 2.0 identity provider (sysadmin) and the sign-in through it (staff). */
@Injectable()
export class SamlService {
  private readonly logger = new Logger('SamlSignOn');

  constructor(
    private readonly providers: SamlRepository,
    private readonly tenants: TenantsService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  entityId(tenantCode: string): string {
    return this.url(`/api/v1/auth/saml/${encodeURIComponent(tenantCode)}/metadata`);
  }

  acsUrl(tenantCode: string): string {
    return this.url(`/api/v1/auth/saml/${encodeURIComponent(tenantCode)}/acs`);
  }

  find(tenantId: number): Promise<StoredSamlProvider | undefined> {
    return this.providers.find(tenantId);
  }

  async view(tenantId: number): Promise<SamlProviderView> {
    const stored = await this.providers.find(tenantId);
    if (!stored) throw Problem.notFound('シングルサインオン（SAML）はまだ設定されていません。');
    return this.toView(stored, await this.codeOf(tenantId));
  }

  async save(user: AuthUser, input: SamlProviderInput, ip: string): Promise<SamlProviderView> {
    const before = await this.providers.find(user.tenantId);
    const pasted = input.idpCertificate ?? before?.idpCertificate;
    const read = pasted ? readCertificate(pasted) : 'IdP の署名用証明書を貼り付けてください。';
    if (typeof read === 'string') throw Problem.validation([{ field: 'idpCertificate', message: read }]);
    const stored = await this.providers.save({
      tenantId: user.tenantId,
      entryPoint: input.entryPoint,
      idpCertificate: read.pem,
      attribute: input.attribute ?? before?.attribute ?? 'employeeNumber',
      passwordLoginForStaff: input.passwordLoginForStaff ?? before?.passwordLoginForStaff ?? true,
    });
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'sso.configured',
      target: input.entryPoint,
      detail: {
        kind: 'saml',
        certificate: read.certificate.fingerprint256,
        attribute: stored.attribute,
        passwordLoginForStaff: stored.passwordLoginForStaff,
      },
      ip,
    });
    return this.toView(stored, await this.codeOf(user.tenantId));
  }

  async remove(user: AuthUser, ip: string): Promise<void> {
    if (!(await this.providers.remove(user.tenantId)))
      throw Problem.notFound('シングルサインオン（SAML）は設定されていません。');
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'sso.removed',
      detail: { kind: 'saml' },
      ip,
    });
  }

  /** The service provider's metadata the sysadmin gives the IdP (entity id, ACS, signed assertions wanted). */
  async metadata(tenantCode: string): Promise<string> {
    const tenant = await asSystem(() => this.tenants.findByCode(tenantCode));
    if (!tenant) throw Problem.notFound('団体が見つかりません。');
    return this.client(tenantCode, tenant.id, undefined).generateServiceProviderMetadata(null);
  }

  /** The AuthnRequest (HTTP-Redirect binding); its id is kept so that only its answer is taken, once. */
  start(tenantCode: string, provider: StoredSamlProvider): Promise<string> {
    return withTenant(provider.tenantId, () =>
      this.client(tenantCode, provider.tenantId, provider).getAuthorizeUrlAsync('', undefined, {}),
    );
  }

  /**
   * The IdP's answer at the ACS: signed assertion, issuer's certificate, audience, InResponseTo of a request we sent,
   * NotBefore / NotOnOrAfter (node-saml); Recipient and Destination are this ACS, the assertion id is new (here).
   */
  async finish(tenantCode: string, body: Record<string, unknown>, ip: string): Promise<AuthUser> {
    const tenant = await asSystem(() => this.tenants.findByCode(tenantCode));
    const provider = tenant ? await withTenant(tenant.id, () => this.providers.find(tenant.id)) : undefined;
    if (!tenant || !provider) throw new SsoRefusal('not-configured');
    const response = body['SAMLResponse'];
    if (typeof response !== 'string' || response.length === 0) throw new SsoRefusal('expired');
    return withTenant(tenant.id, async () => {
      const refuse = async (why: string, error?: unknown): Promise<never> => {
        this.logger.warn(`SAML sign-in of tenant ${tenantCode} refused: ${why}`);
        await this.audit.record({
          tenantId: tenant.id,
          action: 'login.sso_refused',
          detail: { reason: 'provider', kind: 'saml', error: why.slice(0, 200) },
          ip,
        });
        throw new SsoRefusal('provider', error);
      };
      let profile: Profile | null;
      try {
        ({ profile } = await this.client(tenantCode, tenant.id, provider).validatePostResponseAsync({
          SAMLResponse: response,
        }));
      } catch (error) {
        return refuse((error as Error).message, error);
      }
      if (!profile?.getAssertionXml) return refuse('no assertion');
      const facts = assertionFacts(profile.getAssertionXml(), profile.getSamlResponseXml?.());
      const acs = this.acsUrl(tenantCode);
      if (facts.recipients.length === 0 || facts.recipients.some((r) => r !== acs))
        return refuse(`Recipient ${facts.recipients.join(', ') || '(none)'} is not ${acs}`);
      if (facts.destination !== null && facts.destination !== acs)
        return refuse(`Destination ${facts.destination} is not ${acs}`);
      if (!facts.id || !facts.notOnOrAfter) return refuse('the assertion has no ID or NotOnOrAfter');
      if (!(await this.providers.useAssertion(tenant.id, facts.id, facts.notOnOrAfter)))
        return refuse(`assertion ${facts.id} was used before (replay)`);
      const value = provider.attribute === 'nameID' ? profile.nameID : profile[provider.attribute];
      const first = Array.isArray(value) ? value[0] : value;
      const employeeNo = typeof first === 'string' ? first.trim() : '';
      if (!employeeNo) throw new SsoRefusal('no-claim');
      const user = await this.auth.verifyIdentityProviderSignIn(tenant.id, employeeNo, ip);
      if (user === 'unknown' || user === 'left') throw new SsoRefusal(user);
      return user;
    });
  }

  private client(tenantCode: string, tenantId: number, provider: StoredSamlProvider | undefined): SAML {
    return new SAML({
      entryPoint: provider?.entryPoint,
      // Metadata needs no IdP; node-saml wants a certificate all the same.
      idpCert: provider?.idpCertificate ?? 'unused',
      issuer: this.entityId(tenantCode),
      audience: this.entityId(tenantCode),
      callbackUrl: this.acsUrl(tenantCode),
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: SAML_REQUEST_SECONDS * 1000,
      cacheProvider: this.providers.requestCache(tenantId),
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
    });
  }

  private codeOf(tenantId: number): Promise<string> {
    return asSystem(() => this.tenants.codeOf(tenantId));
  }

  private url(path: string): string {
    return new URL(path, this.config.PUBLIC_URL).href;
  }

  private toView(stored: StoredSamlProvider, tenantCode: string): SamlProviderView {
    const certificate = new X509Certificate(stored.idpCertificate);
    return {
      entryPoint: stored.entryPoint,
      attribute: stored.attribute,
      passwordLoginForStaff: stored.passwordLoginForStaff,
      certificate: {
        subject: certificate.subject,
        validTo: new Date(certificate.validTo).toISOString(),
        fingerprintSha256: certificate.fingerprint256,
      },
      entityId: this.entityId(tenantCode),
      acsUrl: this.acsUrl(tenantCode),
      metadataUrl: this.entityId(tenantCode),
      signInUrl: this.url(`/api/v1/auth/sso/${encodeURIComponent(tenantCode)}`),
      updatedAt: stored.updatedAt.toISOString(),
    };
  }
}
