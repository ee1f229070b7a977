import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { normalizeSearchQuery } from '@dx/domain';
import { validOn } from '../access/access.service';
import { likeEscape } from '../database/sql';
import type { StaffSearch } from './staff.service';

/** A person placed on the date, as the search reads them (total: how many match, on every row of the page). */
export interface PlacedPersonRow {
  employee_no: string;
  name: string;
  name_kana: string;
  email: string | null;
  unit_code: string;
  unit_name: string;
  unit_path: string;
  path: string;
  position_name: string;
  position_level: number;
  employment_type: string;
  hired_on: string;
  promoted_on: string;
  assigned_on: string;
  total: number;
}

/** The SQL of the 職員 pages: who is placed where on a date, searched and paged, and one person's assignments. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One page of the people placed under a path on the date (by 職員番号 prefix, or name / kana), each with the path of
   * their unit below the viewer's own unit (viewerCode; '' for the whole path), named as on the date.
   */
  searchPlacedOn(
    tenantId: number,
    prefix: string,
    viewer: string,
    search: StaffSearch,
  ): Promise<PlacedPersonRow[]> {
    const params: unknown[] = [tenantId, search.date, prefix + '%'];
    let filter = '';
    if (search.q?.trim()) {
      const query = normalizeSearchQuery(search.q);
      if (query.digits) {
        params.push(query.digits + '%');
        filter = `AND s.employee_no LIKE $${params.length}`;
      } else {
        params.push(
          '%' + likeEscape(query.text.replace(/ /g, '')) + '%',
          '%' + likeEscape(query.kana.replace(/ /g, '')) + '%',
        );
        filter = `AND (replace(s.name, ' ', '') ILIKE $${params.length - 1} OR replace(s.name_kana, ' ', '') LIKE $${params.length})`;
      }
    }
    params.push(search.pageSize, (search.page - 1) * search.pageSize);
    params.push(viewer);
    const order = (path: string, employeeNo: string) =>
      search.sort === 'unit'
        ? `${path}, ${employeeNo}`
        : search.sort === '-unit'
          ? `${path} DESC, ${employeeNo}`
          : employeeNo;
    // The page first, then its units' path below the viewer's own unit, named as on the date (a few rows per person).
    return this.dataSource.query(
      `SELECT x.*, coalesce((
                SELECT string_agg(coalesce(ov.name, o.code), ' / ' ORDER BY o.i)
                  FROM unnest(string_to_array(btrim(x.path, '/'), '/')) WITH ORDINALITY AS o(code, i)
                  LEFT JOIN org_unit ou ON ou.tenant_id = $1 AND ou.code = o.code
                  LEFT JOIN org_unit_version ov ON ov.tenant_id = ou.tenant_id AND ov.unit_id = ou.id AND ${validOn('ov', 2)}
                 WHERE o.i > coalesce(array_position(string_to_array(btrim(x.path, '/'), '/'), nullif($${params.length}::text, '')), 0)
              ), x.unit_name) AS unit_path
         FROM (
           SELECT s.employee_no, s.name, s.name_kana, s.email, u.code AS unit_code, v.name AS unit_name, v.path,
                  p.name AS position_name, p.level AS position_level, a.employment_type, s.hired_on, s.promoted_on,
                  a.assigned_on, count(*) OVER () AS total
             FROM staff_assignment a
             JOIN staff s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
             JOIN org_unit_version v ON v.tenant_id = a.tenant_id AND v.unit_id = a.unit_id AND ${validOn('v', 2)}
             JOIN org_unit u ON u.tenant_id = a.tenant_id AND u.id = a.unit_id
             JOIN position p ON p.tenant_id = a.tenant_id AND p.id = a.position_id
            WHERE a.tenant_id = $1 AND ${validOn('a', 2)} AND v.path LIKE $3 ${filter}
            ORDER BY ${order('v.path', 's.employee_no')}
            LIMIT $${params.length - 2} OFFSET $${params.length - 1}) x
        ORDER BY ${order('x.path', 'x.employee_no')}`,
      params,
    );
  }

  /** Every assignment of the person, oldest first, with the unit named as it was at the assignment's start. */
  findAssignmentHistory(tenantId: number, staffId: number): Promise<Record<string, string | null>[]> {
    return this.dataSource.query(
      `SELECT u.code AS unit_code, v.name AS unit_name, p.name AS position_name, a.valid_from, a.valid_to
         FROM staff_assignment a
         JOIN org_unit u ON u.tenant_id = a.tenant_id AND u.id = a.unit_id
         JOIN position p ON p.tenant_id = a.tenant_id AND p.id = a.position_id
         LEFT JOIN LATERAL (
           -- The unit's name when the assignment began, or its first known name if it was loaded later.
           SELECT name FROM org_unit_version ov WHERE ov.tenant_id = a.tenant_id AND ov.unit_id = a.unit_id
            ORDER BY (ov.valid_from <= a.valid_from) DESC,
                     CASE WHEN ov.valid_from <= a.valid_from THEN ov.valid_from END DESC, ov.valid_from
            LIMIT 1) v ON true
        WHERE a.tenant_id = $1 AND a.staff_id = $2 ORDER BY a.valid_from`,
      [tenantId, staffId],
    );
  }
}
