import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { LoginTenant } from '@dx/contract';
import { CatalogueSeeder } from '../catalogue/catalogue-seeder';
import { AppConfig, tenantHosts } from '../config/app-config';
import { TenantsRepository } from './tenants.repository';

/** The contract's seeded 職位 list; each tenant may rename, add or re-level them afterwards. */
export const DEFAULT_POSITIONS: ReadonlyArray<{ name: string; level: number }> = [
  { name: '主事', level: 1 },
  { name: '技師', level: 1 },
  { name: '主任', level: 2 },
  { name: '主査', level: 2 },
  { name: '係長', level: 3 },
  { name: '班長', level: 3 },
  { name: '課長補佐', level: 4 },
  { name: '課長', level: 5 },
  { name: '室長', level: 5 },
  { name: '所長', level: 5 },
  { name: '次長', level: 6 },
  { name: '部長', level: 7 },
];

/** The platform operator's tenant: it holds the operator's account, no people, no catalogue. */
export const PLATFORM_TENANT_CODE = 'platform';
export const PLATFORM_TENANT_NAME = 'プラットフォーム運用';

@Injectable()
export class TenantsService {
  private readonly hosts: Map<string, string>;
  /** Tenant ids by code (they never change), for the host check of every request on a mapped host. */
  private readonly idsByCode = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly catalogue: CatalogueSeeder,
    private readonly repository: TenantsRepository,
  ) {
    this.hosts = tenantHosts(config.TENANT_HOSTS);
  }

  /** The default tenant exists from the first start, with its positions. Safe to call on every start. */
  async ensureDefaultTenant(): Promise<number> {
    return this.ensureTenant(this.config.DEFAULT_TENANT_CODE, this.config.DEFAULT_TENANT_NAME);
  }

  async ensureTenant(code: string, name: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const tenantId = await this.repository.upsertTenant(manager, code, name);
      await this.provision(tenantId, manager);
      return tenantId;
    });
  }

  /** What every tenant has from its first day: the 職位 list and the contract's default catalogue. Idempotent. */
  async provision(tenantId: number, manager: EntityManager): Promise<void> {
    await this.repository.insertPositionsIfNone(manager, tenantId, DEFAULT_POSITIONS);
    await this.catalogue.ensureDefaultCatalogue(tenantId, manager);
  }

  /** The platform operator's tenant (system work: it is made at start). */
  ensurePlatformTenant(): Promise<number> {
    return this.repository.upsertPlatformTenant(PLATFORM_TENANT_CODE, PLATFORM_TENANT_NAME);
  }

  /** A tenant one may sign in to: it exists and is not disabled. */
  findByCode(code: string): Promise<{ id: number; name: string } | null> {
    return this.repository.findEnabledByCode(code);
  }

  async codeOf(tenantId: number): Promise<string> {
    return (await this.repository.findCodeAndName(tenantId))?.code ?? '';
  }

  /** The login page's tenant: by its code, else the host's (TENANT_HOSTS), else the default. System work. */
  async loginTenant(code: string | undefined, host: string): Promise<LoginTenant | null> {
    const byHost = code ? undefined : this.hostTenantCode(host);
    const wanted = code || byHost || this.config.DEFAULT_TENANT_CODE;
    const row = await this.repository.findLoginTenant(wanted);
    return row
      ? {
          code: row.code,
          name: row.name,
          fromHost: byHost !== undefined,
          hasLogo: row.has_logo,
          singleSignOn: row.sso,
        }
      : null;
  }

  /** The logo of the login page's tenant (same choice of tenant as `loginTenant`). System work. */
  loginTenantLogo(code: string | undefined, host: string): Promise<{ bytes: Buffer; type: string } | null> {
    return this.repository.findLoginLogo(
      code || this.hostTenantCode(host) || this.config.DEFAULT_TENANT_CODE,
    );
  }

  /** The tenant code TENANT_HOSTS gives the request's host name, if any. */
  hostTenantCode(host: string | undefined): string | undefined {
    if (!host || this.hosts.size === 0) return undefined;
    return this.hosts.get(host.replace(/:\d+$/, '').toLowerCase());
  }

  /**
   * The id of the tenant the host belongs to, or undefined for a host that is not mapped (any tenant may be used
   * there); null when the mapped tenant does not exist (no session is valid there). System work.
   */
  async hostTenantId(host: string | undefined): Promise<number | null | undefined> {
    const code = this.hostTenantCode(host);
    if (code === undefined) return undefined;
    const known = this.idsByCode.get(code);
    if (known !== undefined) return known;
    const id = await this.repository.findIdByCode(code);
    if (id === null) return null;
    this.idsByCode.set(code, id);
    return id;
  }

  async nameOf(tenantId: number): Promise<string> {
    return (await this.repository.findCodeAndName(tenantId))?.name ?? '';
  }
}
