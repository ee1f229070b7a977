import { type Sql, sql } from '../database/sql';

/**
 * The one definition of promoter coverage, read by the coverage list (推進員の配置状況) and the KPI dashboard alike.
 * CTEs:
 * - `sections`: every 所属 (unit kind 所属) of the org chart as it stands on `asOf`, with its path;
 * - `covered`: the codes of those with an active designation of the fiscal year. A designation is active on the day
 *   when its person is still on the staff (not past their last day) and counts in the 所属 where they stand on that
 *   day (their unit or a 班 below it): someone who left, or whom a roster import moved to another 所属, covers their
 *   old 所属 no more. A promoter placed in a 部局 itself (or a 班 directly under it) covers no 所属.
 *
 * `asOf` is the day the figures are for: today in the current year (reportDateFor), a past year's last day, a
 * coming year's first. `pathPattern` narrows the 所属 to a subtree (a LIKE pattern on the path; '%' for all).
 */
export function promoterCoverageSql(
  tenantId: number,
  fiscalYear: number,
  asOf: string,
  pathPattern = '%',
): Sql {
  return sql`
  sections AS (
    SELECT u.id AS unit_id, u.code, v.name, v.path
      FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
     WHERE u.tenant_id = ${tenantId} AND v.kind = '所属' AND v.path LIKE ${pathPattern}
       AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date)
  ),
  covered AS (
    SELECT DISTINCT x.code
      FROM promoter_designation d
      JOIN staff s ON s.tenant_id = d.tenant_id AND s.id = d.staff_id AND (s.left_on IS NULL OR s.left_on >= ${asOf}::date)
      JOIN staff_assignment a ON a.tenant_id = d.tenant_id AND a.staff_id = d.staff_id
           AND a.valid_from <= ${asOf}::date AND (a.valid_to IS NULL OR a.valid_to > ${asOf}::date)
      JOIN org_unit_version pv ON pv.tenant_id = a.tenant_id AND pv.unit_id = a.unit_id
           AND pv.valid_from <= ${asOf}::date AND (pv.valid_to IS NULL OR pv.valid_to > ${asOf}::date)
      CROSS JOIN LATERAL unnest(string_to_array(btrim(pv.path, '/'), '/')) AS c(code)
      JOIN sections x ON x.code = c.code
     WHERE d.tenant_id = ${tenantId} AND d.fiscal_year = ${fiscalYear}
  )`;
}
