import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { validOn } from '../access/access.service';

export interface UnitWithHeadCountRow {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  /** People placed in the unit itself. */
  staff_count: number;
  /** People placed in the unit and every unit below it. */
  total: number;
}

/** The SQL of the org chart as the screens read it. */
@Injectable()
export class OrgRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The units under a path on the date, parents before children, with their head counts. One query. */
  findUnitsWithHeadCounts(tenantId: number, date: string, prefix: string): Promise<UnitWithHeadCountRow[]> {
    return this.dataSource.query(
      `WITH units AS (
         SELECT v.unit_id, u.code, v.name, v.kind, pu.code AS parent_code, v.path
           FROM org_unit_version v
           JOIN org_unit u ON u.tenant_id = v.tenant_id AND u.id = v.unit_id
           LEFT JOIN org_unit pu ON pu.tenant_id = v.tenant_id AND pu.id = v.parent_unit_id
          WHERE v.tenant_id = $1 AND ${validOn('v', 2)} AND v.path LIKE $3
       ), direct AS (
         SELECT a.unit_id, count(*)::int AS n FROM staff_assignment a
          WHERE a.tenant_id = $1 AND ${validOn('a', 2)} GROUP BY a.unit_id
       ), placed AS (
         SELECT units.path, direct.n FROM units JOIN direct USING (unit_id)
       )
       SELECT units.code, units.name, units.kind, units.parent_code, coalesce(direct.n, 0) AS staff_count,
              (SELECT coalesce(sum(placed.n), 0)::int FROM placed WHERE placed.path LIKE units.path || '%') AS total
         FROM units LEFT JOIN direct USING (unit_id)
        ORDER BY units.path`,
      [tenantId, date, prefix + '%'],
    );
  }
}
