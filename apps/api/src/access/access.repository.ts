import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** SQL that keeps the rows of a table alias valid on the date given by parameter $n. */
export function validOn(alias: string, param: number): string {
  return `${alias}.valid_from <= $${param} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > $${param})`;
}

/** The SQL of the access policy: units and people looked up inside a path-prefix scope, on a date. */
@Injectable()
export class AccessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The unit of that code on the date whose path matches the LIKE pattern. */
  async findUnitInScope(
    tenantId: number,
    code: string,
    date: string,
    pathPattern: string,
  ): Promise<{ id: number; path: string; name: string } | undefined> {
    const [unit] = await this.dataSource.query(
      `SELECT u.id, v.path, v.name FROM org_unit u
         JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id AND ${validOn('v', 3)}
        WHERE u.tenant_id = $1 AND u.code = $2 AND v.path LIKE $4`,
      [tenantId, code, date, pathPattern],
    );
    return unit;
  }

  /**
   * The person of that 職員番号 if they are `selfStaffId`, or the prefix is the whole tenant ('/'), or they were
   * placed under the prefix on the date.
   */
  async findStaffInScope(
    tenantId: number,
    employeeNo: string,
    selfStaffId: number,
    prefix: string,
    date: string,
  ): Promise<number | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT s.id FROM staff s
        WHERE s.tenant_id = $1 AND s.employee_no = $2
          AND (s.id = $3 OR $4 = '/' OR EXISTS (
                SELECT 1 FROM staff_assignment a
                  JOIN org_unit_version v ON v.tenant_id = a.tenant_id AND v.unit_id = a.unit_id AND ${validOn('v', 5)}
                 WHERE a.tenant_id = s.tenant_id AND a.staff_id = s.id AND ${validOn('a', 5)} AND v.path LIKE $4 || '%'))`,
      [tenantId, employeeNo, selfStaffId, prefix, date],
    );
    return row?.id;
  }
}
