import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueSeeder } from '../catalogue/catalogue-seeder';
import { AppConfig } from '../config/app-config';

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

@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly catalogue: CatalogueSeeder,
  ) {}

  /** The default tenant exists from the first start, with its positions. Safe to call on every start. */
  async ensureDefaultTenant(): Promise<number> {
    return this.ensureTenant(this.config.DEFAULT_TENANT_CODE, this.config.DEFAULT_TENANT_NAME);
  }

  async ensureTenant(code: string, name: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [tenant] = await manager.query(
        `INSERT INTO tenant (code, name) VALUES ($1, $2)
         ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
        [code, name],
      );
      await manager.query(
        `INSERT INTO position (tenant_id, name, level, sort_order)
         SELECT $1, p.name, p.level, p.ord FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS p(name, level, ord)
         WHERE NOT EXISTS (SELECT 1 FROM position WHERE tenant_id = $1)`,
        [tenant.id, DEFAULT_POSITIONS.map((p) => p.name), DEFAULT_POSITIONS.map((p) => p.level)],
      );
      // The contract's default catalogue is present in every tenant.
      await this.catalogue.ensureDefaultCatalogue(tenant.id, manager);
      return tenant.id as number;
    });
  }

  async findByCode(code: string): Promise<{ id: number; name: string } | null> {
    const [row] = await this.dataSource.query(`SELECT id, name FROM tenant WHERE code = $1`, [code]);
    return row ?? null;
  }

  async codeOf(tenantId: number): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT code FROM tenant WHERE id = $1`, [tenantId]);
    return row?.code ?? '';
  }

  async nameOf(tenantId: number): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT name FROM tenant WHERE id = $1`, [tenantId]);
    return row?.name ?? '';
  }
}
