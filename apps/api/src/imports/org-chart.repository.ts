import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { OrgUnitKind } from '@dx/contract';
import { validOn } from '../access/access.service';

/** A unit's version open on the import's date. */
export interface CurrentVersion {
  versionId: number;
  unitId: number;
  code: string;
  name: string;
  kind: OrgUnitKind;
  parentCode: string | null;
  path: string;
  validFrom: string;
}

/** The effective-dated tables the imports write: a later import may not be followed by an earlier one. */
export type EffectiveDatedTable = 'org_unit_version' | 'staff_assignment';

/** The SQL of the 組織 import, set-based, inside the import's one transaction (`manager`). */
@Injectable()
export class OrgChartRepository {
  /** The latest date after `date` from which the table already holds data, if any. */
  async findLatestChangeAfter(
    manager: EntityManager,
    table: EffectiveDatedTable,
    tenantId: number,
    date: string,
  ): Promise<string | null> {
    const [later] = await manager.query(
      `SELECT max(valid_from) AS latest FROM ${table === 'org_unit_version' ? 'org_unit_version' : 'staff_assignment'}
        WHERE tenant_id = $1 AND valid_from > $2`,
      [tenantId, date],
    );
    return later?.latest ?? null;
  }

  /** The chart open on the date, by unit code. */
  async findVersionsOn(
    manager: EntityManager,
    tenantId: number,
    date: string,
  ): Promise<Map<string, CurrentVersion>> {
    const rows: CurrentVersion[] = await manager.query(
      `SELECT v.id AS "versionId", v.unit_id AS "unitId", u.code, v.name, v.kind, pu.code AS "parentCode", v.path,
              v.valid_from AS "validFrom"
         FROM org_unit_version v JOIN org_unit u ON u.tenant_id = v.tenant_id AND u.id = v.unit_id
         LEFT JOIN org_unit pu ON pu.tenant_id = v.tenant_id AND pu.id = v.parent_unit_id
        WHERE v.tenant_id = $1 AND ${validOn('v', 2)}`,
      [tenantId, date],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  /** People placed in each unit on the date (the unit itself, not its sub-units), by unit id. */
  async countPlacedStaff(
    manager: EntityManager,
    tenantId: number,
    date: string,
    unitIds: number[],
  ): Promise<Map<number, number>> {
    if (unitIds.length === 0) return new Map();
    const rows: { unitId: number; n: number }[] = await manager.query(
      `SELECT a.unit_id AS "unitId", count(*)::int AS n FROM staff_assignment a
        WHERE a.tenant_id = $1 AND ${validOn('a', 2)} AND a.unit_id = ANY($3::bigint[])
        GROUP BY a.unit_id`,
      [tenantId, date, unitIds],
    );
    return new Map(rows.map((r) => [r.unitId, r.n]));
  }

  async deleteVersions(manager: EntityManager, tenantId: number, versionIds: number[]): Promise<void> {
    if (versionIds.length === 0) return;
    await manager.query(`DELETE FROM org_unit_version WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
      tenantId,
      versionIds,
    ]);
  }

  /** Ends versions on the date (the first day they no longer hold). */
  async closeVersions(
    manager: EntityManager,
    tenantId: number,
    versionIds: number[],
    validTo: string,
  ): Promise<void> {
    if (versionIds.length === 0) return;
    await manager.query(
      `UPDATE org_unit_version SET valid_to = $3 WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      [tenantId, versionIds, validTo],
    );
  }

  /** The units' new versions from the date (a unit new to the tenant is made first). */
  async insertVersions(
    manager: EntityManager,
    tenantId: number,
    validFrom: string,
    units: { code: string; name: string; kind: OrgUnitKind; parentCode: string | null; path: string }[],
  ): Promise<void> {
    if (units.length === 0) return;
    const codes = units.map((u) => u.code);
    await manager.query(
      `INSERT INTO org_unit (tenant_id, code) SELECT $1, code FROM unnest($2::text[]) AS code
       ON CONFLICT (tenant_id, code) DO NOTHING`,
      [tenantId, codes],
    );
    await manager.query(
      `INSERT INTO org_unit_version (tenant_id, unit_id, name, kind, parent_unit_id, path, valid_from, valid_to)
       SELECT $1, u.id, x.name, x.kind, pu.id, x.path, $2, NULL
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(code, name, kind, parent_code, path)
         JOIN org_unit u ON u.code = x.code
         LEFT JOIN org_unit pu ON pu.tenant_id = u.tenant_id AND pu.code = x.parent_code
        WHERE u.tenant_id = $1`,
      [
        tenantId,
        validFrom,
        codes,
        units.map((u) => u.name),
        units.map((u) => u.kind),
        units.map((u) => u.parentCode),
        units.map((u) => u.path),
      ],
    );
  }
}
