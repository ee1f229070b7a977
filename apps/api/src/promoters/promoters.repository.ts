import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PromoterView } from '@dx/contract';

/** A staff member's id by 職員番号 in the tenant, or undefined. */
export async function findStaffIdByEmployeeNo(
  manager: EntityManager,
  tenantId: number,
  employeeNo: string,
): Promise<number | undefined> {
  const [row] = await manager.query(`SELECT id FROM staff WHERE tenant_id = $1 AND employee_no = $2`, [
    tenantId,
    employeeNo,
  ]);
  return row?.id;
}

/** The SQL of the デジタル活用推進員 roster: one fiscal year's designations, set one by one or as a whole file. */
@Injectable()
export class PromotersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The year's promoters with the unit each stood in on the day of their designation, by unit then 職員番号. */
  findRoster(tenantId: number, fiscalYear: number): Promise<PromoterView[]> {
    return this.dataSource.query(
      `SELECT s.employee_no AS "employeeNo", s.name, u.code AS "unitCode", v.name AS "unitName",
              d.designated_on AS "designatedOn", d.fiscal_year AS "fiscalYear"
         FROM promoter_designation d JOIN staff s ON s.tenant_id = d.tenant_id AND s.id = d.staff_id
         LEFT JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id AND a.valid_from <= d.designated_on
              AND (a.valid_to IS NULL OR a.valid_to > d.designated_on)
         LEFT JOIN org_unit u ON u.tenant_id = a.tenant_id AND u.id = a.unit_id
         LEFT JOIN org_unit_version v ON v.tenant_id = a.tenant_id AND v.unit_id = a.unit_id AND v.valid_from <= d.designated_on
              AND (v.valid_to IS NULL OR v.valid_to > d.designated_on)
        WHERE d.tenant_id = $1 AND d.fiscal_year = $2 ORDER BY u.code, s.employee_no`,
      [tenantId, fiscalYear],
    );
  }

  /** Designates a person for the year, or moves the day of their designation. */
  async upsertDesignation(
    manager: EntityManager,
    tenantId: number,
    staffId: number,
    fiscalYear: number,
    designatedOn: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO promoter_designation (tenant_id, staff_id, fiscal_year, designated_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT uq_promoter_designation DO UPDATE SET designated_on = EXCLUDED.designated_on`,
      [tenantId, staffId, fiscalYear, designatedOn],
    );
  }

  /** Ends a designation; false when the person was not designated for the year. */
  async deleteDesignation(
    manager: EntityManager,
    tenantId: number,
    staffId: number,
    fiscalYear: number,
  ): Promise<boolean> {
    const [, removed] = await manager.query(
      `DELETE FROM promoter_designation WHERE tenant_id = $3 AND staff_id = $1 AND fiscal_year = $2`,
      [staffId, fiscalYear, tenantId],
    );
    return Boolean(removed);
  }

  /** Every staff member's id by 職員番号 (what a roster file names people by). */
  async findStaffIdsByEmployeeNo(manager: EntityManager, tenantId: number): Promise<Map<string, number>> {
    const rows: { employee_no: string; id: number }[] = await manager.query(
      `SELECT employee_no, id FROM staff WHERE tenant_id = $1`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.employee_no, r.id]));
  }

  /** The year's designations: the day of each, by staff id. */
  async findDesignationDays(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
  ): Promise<Map<number, string>> {
    const rows: { staff_id: number; designated_on: string }[] = await manager.query(
      `SELECT staff_id, designated_on FROM promoter_designation WHERE tenant_id = $1 AND fiscal_year = $2`,
      [tenantId, fiscalYear],
    );
    return new Map(rows.map((r) => [r.staff_id, r.designated_on]));
  }

  async deleteDesignations(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    staffIds: number[],
  ): Promise<void> {
    await manager.query(
      `DELETE FROM promoter_designation WHERE tenant_id = $3 AND fiscal_year = $1 AND staff_id = ANY($2::bigint[])`,
      [fiscalYear, staffIds, tenantId],
    );
  }

  /** Designates many people for the year in one statement (moving the day of those already designated). */
  async upsertDesignations(
    manager: EntityManager,
    tenantId: number,
    fiscalYear: number,
    rows: { staffId: number; designatedOn: string }[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO promoter_designation (tenant_id, staff_id, fiscal_year, designated_on)
       SELECT $1, x.staff_id, $2, x.day FROM unnest($3::bigint[], $4::date[]) AS x(staff_id, day)
       ON CONFLICT ON CONSTRAINT uq_promoter_designation DO UPDATE SET designated_on = EXCLUDED.designated_on`,
      [tenantId, fiscalYear, rows.map((r) => r.staffId), rows.map((r) => r.designatedOn)],
    );
  }
}
