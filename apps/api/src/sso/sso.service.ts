import { Injectable, Logger } from '@nestjs/common';
import { decodeJwt } from 'jose';
import type { Configuration } from 'openid-client';
import type { OidcProviderView } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { SingleLogout } from '../auth/single-logout';
import { AppConfig } from '../config/app-config';
import { asSystem, withTenant } from '../database/tenant-context';
import { TenantsService } from '../tenants/tenants.service';
import { SecretBox } from '../udemy-sync/secret-box';
import {
  discoverProvider,
  finishSignIn,
  PendingSignIn,
  rpInitiatedLogoutUrl,
  startSignIn,
} from './oidc-client';
import type { SignedInUser } from './identity-provider';
import { OidcProviderRepository, StoredOidcProvider } from './oidc-provider.repository';
import { SamlService } from './saml.service';
import { SsoRefusal } from './sso-refusal';

export interface OidcProviderInput {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  claim?: string;
  passwordLoginForStaff?: boolean;
}

/** How long a provider's discovered configuration (and with it its signing keys' cache) is reused. */
const DISCOVERY_TTL_MS = 10 * 60_000;
/** How long a started sign-in may take at the provider. */
export const PENDING_SIGN_IN_SECONDS = 600;

const secretContext = (tenantId: number) => `oidc-client-secret:${tenantId}`;
const idTokenContext = (tenantId: number) => `oidc-id-token:${tenantId}`;
const PENDING_CONTEXT = 'oidc-pending-sign-in';

/** The tenant's OpenID Connect provider (sysadmin) and the sign-in through it (staff). */
@Injectable()
export class SsoService implements SingleLogout {
  private readonly logger = new Logger('SingleSignOn');
  private readonly discovered = new Map<
    number,
    { key: string; at: number; config: Promise<Configuration> }
  >();

  constructor(
    private readonly providers: OidcProviderRepository,
    private readonly box: SecretBox,
    private readonly tenants: TenantsService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly saml: SamlService,
  ) {}

  async view(tenantId: number): Promise<OidcProviderView> {
    const stored = await this.providers.find(tenantId);
    if (!stored) throw Problem.notFound('シングルサインオン（OpenID Connect）はまだ設定されていません。');
    return this.toView(stored, await asSystem(() => this.tenants.codeOf(tenantId)));
  }

  /** Stores the provider after its discovery answered with these settings, so a typo shows now, not at sign-in. */
  async save(user: AuthUser, input: OidcProviderInput, ip: string): Promise<OidcProviderView> {
    const before = await this.providers.find(user.tenantId);
    const secret =
      input.clientSecret ??
      (before && before.issuer === input.issuer && before.clientId === input.clientId
        ? this.box.open(before.secretCiphertext, secretContext(user.tenantId))
        : undefined);
    if (!secret)
      throw Problem.validation([
        { field: 'clientSecret', message: 'クライアントシークレットを入力してください。' },
      ]);
    try {
      await discoverProvider({ issuer: input.issuer, clientId: input.clientId, clientSecret: secret });
    } catch (error) {
      this.logger.warn(`discovery of ${input.issuer} failed: ${(error as Error).message}`);
      throw Problem.validation(
        [
          {
            field: 'issuer',
            message:
              '発行者（issuer）の設定情報（/.well-known/openid-configuration）を取得できないか、内容が発行者と一致しません。URLを確かめてください。',
          },
        ],
        '認証基盤（IdP）に接続できませんでした。',
      );
    }
    const stored = await this.providers.save({
      tenantId: user.tenantId,
      issuer: input.issuer,
      clientId: input.clientId,
      secretCiphertext: this.box.seal(secret, secretContext(user.tenantId)),
      claim: input.claim ?? before?.claim ?? 'preferred_username',
      passwordLoginForStaff: input.passwordLoginForStaff ?? before?.passwordLoginForStaff ?? true,
    });
    this.discovered.delete(user.tenantId);
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'sso.configured',
      target: input.issuer,
      detail: {
        clientId: input.clientId,
        claim: stored.claim,
        passwordLoginForStaff: stored.passwordLoginForStaff,
      },
      ip,
    });
    return this.toView(stored, await asSystem(() => this.tenants.codeOf(user.tenantId)));
  }

  async remove(user: AuthUser, ip: string): Promise<void> {
    if (!(await this.providers.remove(user.tenantId)))
      throw Problem.notFound('シングルサインオン（OpenID Connect）は設定されていません。');
    this.discovered.delete(user.tenantId);
    await this.audit.record({ tenantId: user.tenantId, actor: user, action: 'sso.removed', ip });
  }

  /**
   * Where the browser goes to sign in: the tenant's OpenID Connect provider (with the sealed state the browser keeps
   * in a cookie until the callback) or its SAML provider (whose requests are kept in the database: its answer comes
   * by a cross-site POST, which brings no cookie).
   */
  async start(tenantCode: string): Promise<{ url: string; sealedPending?: string }> {
    const tenant = await asSystem(() => this.tenants.findByCode(tenantCode));
    const saml = tenant && (await withTenant(tenant.id, () => this.saml.find(tenant.id)));
    if (saml) return { url: await this.saml.start(tenantCode, saml) };
    const { provider } = await this.providerOf(tenantCode);
    const config = await withTenant(provider.tenantId, () => this.configurationOf(provider));
    const { url, pending } = await startSignIn(config, tenantCode, this.redirectUri(tenantCode));
    const sealed = this.box.seal(JSON.stringify({ ...pending, at: Date.now() }), PENDING_CONTEXT);
    return { url: url.href, sealedPending: sealed };
  }

  /**
   * The callback: the person the provider vouched for (with the ID token, sealed, for single logout), or the reason
   * nobody is signed in.
   */
  async finish(
    tenantCode: string,
    callbackUrl: URL,
    sealedPending: string | undefined,
    ip: string,
  ): Promise<SignedInUser> {
    const pending = this.openPending(sealedPending, tenantCode);
    const { tenant, provider } = await this.providerOf(tenantCode);
    return withTenant(tenant.id, async () => {
      const config = await this.configurationOf(provider);
      let claims: Record<string, unknown>;
      let idToken: string;
      try {
        ({ claims, idToken } = await finishSignIn(config, callbackUrl, pending));
      } catch (error) {
        this.logger.warn(`sign-in of tenant ${tenantCode} refused: ${(error as Error).message}`);
        await this.audit.record({
          tenantId: tenant.id,
          action: 'login.sso_refused',
          detail: { reason: 'provider', error: (error as Error).message.slice(0, 200) },
          ip,
        });
        throw new SsoRefusal('provider', error);
      }
      const value = claims[provider.claim];
      const employeeNo =
        typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
      if (!employeeNo) throw new SsoRefusal('no-claim');
      const user = await this.auth.verifyIdentityProviderSignIn(tenant.id, employeeNo, ip);
      if (user === 'unknown' || user === 'left') throw new SsoRefusal(user);
      return { ...user, sealedIdToken: this.box.seal(idToken, idTokenContext(tenant.id)) };
    });
  }

  /**
   * Single logout: the provider's end-session address for a session that ended (its tenant and sealed ID token), or
   * null when there is nothing to do there — the tenant's provider was removed or changed since the sign-in, it
   * advertises no end_session_endpoint, or it cannot be reached now. The app's own logout has happened already.
   */
  async endSessionUrl(tenantId: number, sealedIdToken: string): Promise<string | null> {
    const idToken = this.box.open(sealedIdToken, idTokenContext(tenantId));
    if (!idToken) return null;
    try {
      return await withTenant(tenantId, async () => {
        const provider = await this.providers.find(tenantId);
        if (!provider) return null;
        const config = await this.configurationOf(provider);
        // An ID token of the provider the tenant had before is no hint for the one it has now.
        if (decodeJwt(idToken).iss !== config.serverMetadata().issuer) return null;
        return rpInitiatedLogoutUrl(config, idToken, this.postLogoutRedirectUri())?.href ?? null;
      });
    } catch (error) {
      this.logger.warn(`single logout of tenant ${tenantId} skipped: ${(error as Error).message}`);
      return null;
    }
  }

  /** Where the provider sends the browser after its logout: the login page (registered at the provider). */
  postLogoutRedirectUri(): string {
    return new URL('/login', this.config.PUBLIC_URL).href;
  }

  redirectUri(tenantCode: string): string {
    return new URL(`/api/v1/auth/sso/${encodeURIComponent(tenantCode)}/callback`, this.config.PUBLIC_URL)
      .href;
  }

  private async providerOf(
    tenantCode: string,
  ): Promise<{ tenant: { id: number }; provider: StoredOidcProvider }> {
    const tenant = await asSystem(() => this.tenants.findByCode(tenantCode));
    const provider = tenant ? await withTenant(tenant.id, () => this.providers.find(tenant.id)) : undefined;
    if (!tenant || !provider) throw new SsoRefusal('not-configured');
    return { tenant, provider };
  }

  private openPending(sealed: string | undefined, tenantCode: string): PendingSignIn {
    const text = sealed ? this.box.open(sealed, PENDING_CONTEXT) : undefined;
    const pending = text ? (JSON.parse(text) as PendingSignIn & { at: number }) : undefined;
    if (
      !pending ||
      pending.tenantCode !== tenantCode ||
      Date.now() - pending.at > PENDING_SIGN_IN_SECONDS * 1000
    )
      throw new SsoRefusal('expired');
    return pending;
  }

  /** openid-client's configuration, discovered once per provider setting and reused for a while. */
  private configurationOf(provider: StoredOidcProvider): Promise<Configuration> {
    const key = `${provider.issuer}|${provider.clientId}|${provider.updatedAt.toISOString()}`;
    const cached = this.discovered.get(provider.tenantId);
    if (cached && cached.key === key && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const secret = this.box.open(provider.secretCiphertext, secretContext(provider.tenantId));
    if (!secret) {
      this.logger.error(
        `the stored client secret of tenant ${provider.tenantId} cannot be decrypted (SECRETS_KEY?)`,
      );
      return Promise.reject(new SsoRefusal('provider'));
    }
    const config = discoverProvider({
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: secret,
    });
    config.catch(() => this.discovered.delete(provider.tenantId));
    this.discovered.set(provider.tenantId, { key, at: Date.now(), config });
    return config.catch((error: unknown) => {
      throw new SsoRefusal('provider', error);
    });
  }

  private toView(stored: StoredOidcProvider, tenantCode: string): OidcProviderView {
    return {
      issuer: stored.issuer,
      clientId: stored.clientId,
      secretStored: true,
      claim: stored.claim,
      passwordLoginForStaff: stored.passwordLoginForStaff,
      redirectUri: this.redirectUri(tenantCode),
      postLogoutRedirectUri: this.postLogoutRedirectUri(),
      signInUrl: new URL(`/api/v1/auth/sso/${encodeURIComponent(tenantCode)}`, this.config.PUBLIC_URL).href,
      updatedAt: stored.updatedAt.toISOString(),
    };
  }
}
