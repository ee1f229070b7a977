import { type Sql, sql } from '../database/sql';

export interface PlacementFilter {
  tenantId: number;
  fiscalYear: number;
  reportDate: string;
  today: string;
  /** A path prefix (with %) on the path where each person was placed; used when the patterns below are absent. */
  pathPrefix?: string;
  /**
   * The user's scope and the requested unit, each as a LIKE pattern on the path where the person was placed
   * ('%/<code>/%', or '%' for all; see subtreePattern): a unit is matched by its code in that path, so someone
   * placed in it on an earlier day (a leaver) still counts in it after the unit moved elsewhere in the chart.
   */
  scopePattern?: string;
  unitPattern?: string;
  trackCode?: string;
  /** A further condition on the person (alias p, a report_person row). */
  personFilter?: Sql;
}

/**
 * The unit codes of a path ('/030000/030100/' → {030000,030100}). The report cache's tables index it (GIN,
 * migration ReadIndexes), so `pathCodesSql('p') @> ARRAY[code]` finds a subtree without reading every row; it holds
 * exactly where subtreePattern matches.
 */
export function pathCodesSql(alias: string): string {
  return `string_to_array(btrim(${alias}.path, '/'), '/')`;
}

/**
 * Where each person with an assignment in the fiscal year stood on the report date (or on their own last day,
 * when they left earlier), so later transfers and org changes never rewrite a year's figures. For the whole
 * tenant: the report cache stores it (report-cache.ts); readers use placedAssignmentsSql. Every subquery names the
 * tenant as a constant, not only by correlation with `s`: Citus routes the statement to the tenant's shard only when
 * each table in it is filtered on the tenant (a LATERAL subquery is never pulled up into the join).
 */
export function placementSql(tenantId: number, fiscalYear: number, reportDate: string): Sql {
  return sql`
    SELECT s.id AS staff_id, s.employee_no, s.name AS staff_name, a.position_id, a.employment_type, v.path, v.kind
      FROM staff s
      CROSS JOIN LATERAL (
        SELECT CASE WHEN s.left_on IS NOT NULL AND s.left_on < ${reportDate}::date THEN s.left_on
                    ELSE ${reportDate}::date END AS d) x
      JOIN LATERAL (
        SELECT a.unit_id, a.position_id, a.employment_type FROM staff_assignment a
         WHERE a.tenant_id = ${tenantId} AND a.staff_id = s.id
         ORDER BY (a.valid_from <= x.d) DESC, CASE WHEN a.valid_from <= x.d THEN a.valid_from END DESC, a.valid_from
         LIMIT 1) a ON true
      JOIN LATERAL (
        SELECT v.path, v.kind FROM org_unit_version v WHERE v.tenant_id = ${tenantId} AND v.unit_id = a.unit_id
         ORDER BY (v.valid_from <= x.d) DESC, CASE WHEN v.valid_from <= x.d THEN v.valid_from END DESC, v.valid_from
         LIMIT 1) v ON true
     WHERE s.tenant_id = ${tenantId}
       -- Someone whose last day came before the year began was not on the staff in it.
       AND (s.left_on IS NULL OR s.left_on >= make_date(${fiscalYear}::int, 4, 1))
       AND EXISTS (SELECT 1 FROM enrollment e
                    WHERE e.tenant_id = ${tenantId} AND e.staff_id = s.id AND e.fiscal_year = ${fiscalYear})`;
}

/**
 * The contract's status of an enrolment (alias e) on a day; the same precedence as report_state() in SQL, which
 * counts both kinds of past due (期限超過, and 更新期限切れ of a renewal) as its state 3.
 */
export function statusSql(today: string): Sql {
  return sql`CASE WHEN e.completed_on IS NOT NULL THEN 'completed'
                WHEN e.exempt_reason IS NOT NULL THEN 'exempt'
                WHEN e.due_date < ${today}::date THEN
                  CASE WHEN e.renews_enrollment_id IS NOT NULL THEN 'renewal_overdue' ELSE 'overdue' END
                WHEN e.started_at IS NOT NULL THEN 'in_progress'
                ELSE 'not_started' END`;
}

/**
 * Every person-course assignment of a fiscal year with where the person was placed (from the report cache, which
 * the caller has made current with ReportCache.ensureCurrent), filtered to the scope. CTEs `people`, `placed`
 * and `unit_names`.
 */
export function placedAssignmentsSql(f: PlacementFilter): Sql {
  const inScope =
    f.scopePattern !== undefined || f.unitPattern !== undefined
      ? sql`p.path LIKE ${f.scopePattern ?? '%'} AND p.path LIKE ${f.unitPattern ?? '%'}`
      : sql`p.path LIKE ${f.pathPrefix ?? '%'}`;
  return sql`
  people AS (
    SELECT p.staff_id, p.employee_no, p.staff_name, p.position_id, p.employment_type, p.path, p.kind
      FROM report_person p
     WHERE p.tenant_id = ${f.tenantId} AND p.fiscal_year = ${f.fiscalYear} AND ${inScope}
       ${f.personFilter ? sql`AND ${f.personFilter}` : sql.raw('')}
  ),
  placed AS (
    SELECT e.id, e.staff_id, e.course_id, e.due_date, e.completed_on, e.exempt_reason,
           p.employee_no, p.staff_name, p.position_id, p.employment_type, p.path, p.kind, ${statusSql(f.today)} AS status
      FROM people p
      JOIN enrollment e ON e.staff_id = p.staff_id AND e.fiscal_year = ${f.fiscalYear} AND e.tenant_id = ${f.tenantId}
      ${
        f.trackCode
          ? sql`JOIN course tc ON tc.tenant_id = e.tenant_id AND tc.id = e.course_id
            JOIN track tt ON tt.tenant_id = tc.tenant_id AND tt.id = tc.track_id AND tt.code = ${f.trackCode}`
          : sql.raw('')
      }
  ),
  unit_names AS (
    ${unitNamesSql(f.tenantId, f.reportDate)}
  )`;
}

/** Each unit code's name and kind on the report date (or its first version, for a unit not yet open then). */
export function unitNamesSql(tenantId: number, reportDate: string): Sql {
  return sql`SELECT DISTINCT ON (u.code) u.code, v.name, v.kind
      FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
     WHERE u.tenant_id = ${tenantId}
     ORDER BY u.code, (v.valid_from <= ${reportDate}::date) DESC,
              CASE WHEN v.valid_from <= ${reportDate}::date THEN v.valid_from END DESC, v.valid_from`;
}

/**
 * 部局 code: the first code of the path. 所属: the second, unless that is a 班 placed directly under the 部局
 * (people there, like people placed in the 部局 itself, count under the 部局). 班: the person's own unit when
 * it is a 班 (the last code of the path).
 */
export const DEPARTMENT_CODE = `split_part(p.path, '/', 2)`;
export const SECTION_CODE = `CASE WHEN p.kind = '班' AND split_part(p.path, '/', 4) = '' THEN split_part(p.path, '/', 2)
                                 ELSE coalesce(nullif(split_part(p.path, '/', 3), ''), split_part(p.path, '/', 2)) END`;
export const TEAM_CODE = `CASE WHEN p.kind = '班' THEN coalesce(nullif(split_part(p.path, '/', 4), ''), split_part(p.path, '/', 3)) END`;

/** The codes of a path, from the 部局 down ('/030000/030100/' → ['030000', '030100']). */
export function pathCodes(path: string): string[] {
  return path.split('/').filter((code) => code !== '');
}

/**
 * A unit as people read it: the names of the path below the viewer's own unit (a 部長 sees 「人事課 / 研修班」, HR
 * 「総務部 / 人事課 / 研修班」), so every 課's 「企画班」 is told apart. Someone placed in the viewer's unit itself gets
 * that unit's name.
 */
export function unitPathBelow(
  path: string,
  viewerUnitCode: string | null,
  nameOf: (code: string) => string | undefined,
): string {
  const codes = pathCodes(path);
  const below = codes.slice(viewerUnitCode ? codes.indexOf(viewerUnitCode) + 1 : 0);
  const shown = below.length > 0 ? below : codes.slice(-1);
  return shown.map((code) => nameOf(code) ?? code).join(' / ');
}

/** ORDER BY for a page of people: overdue first (the default), or by unit in org order (path), either way. */
export function pageOrder(
  sort: 'unit' | '-unit' | undefined,
  path: string,
  overdue: string,
  employeeNo: string,
): string {
  if (sort === 'unit') return `${path}, ${employeeNo}`;
  if (sort === '-unit') return `${path} DESC, ${employeeNo}`;
  return `${overdue} DESC, ${employeeNo}`;
}
