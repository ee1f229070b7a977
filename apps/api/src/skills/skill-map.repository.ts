import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DX_LITERACY_AREAS, DX_PROMOTION_ROLES } from '@dx/domain';

/** The DXリテラシー area of a course_skill code (alias k): `lit.why.society` → `lit.why`. */
const AREA_OF = `split_part(k.code, '.', 1) || '.' || split_part(k.code, '.', 2)`;

/**
 * Active staff placed on the day ($2) in the scope ($3, a path LIKE pattern), with their 部局 (the first code of the
 * path): their assignment and their unit's version valid that day; someone whose last day (left_on) is before it
 * has left and is not counted.
 */
const PLACED_TODAY = `
  SELECT s.id AS staff_id, s.employee_no, s.name, split_part(v.path, '/', 2) AS department
    FROM staff s
    JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id
     AND a.valid_from <= $2::date AND (a.valid_to IS NULL OR a.valid_to > $2::date)
    JOIN org_unit_version v ON v.tenant_id = s.tenant_id AND v.unit_id = a.unit_id
     AND v.valid_from <= $2::date AND (v.valid_to IS NULL OR v.valid_to > $2::date)
   WHERE s.tenant_id = $1 AND (s.left_on IS NULL OR s.left_on >= $2::date) AND v.path LIKE $3`;

/** A unit code's name on the day ($2). */
const UNIT_NAME = (
  code: string,
) => `(SELECT v.name FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
     AND v.valid_from <= $2::date AND (v.valid_to IS NULL OR v.valid_to > $2::date)
   WHERE u.tenant_id = $1 AND u.code = ${code})`;

/** The DXリテラシー areas' codes in DX_LITERACY_AREAS order: area i is bit i of a coverage mask. */
const AREA_CODES = `ARRAY[${DX_LITERACY_AREAS.map((a) => `'${a.code}'`).join(', ')}]::text[]`;

/**
 * The skill map per 部局, one aggregate statement: each active person placed today, and the DXリテラシー areas of
 * the courses they ever completed (any fiscal year); counted once per person and area. Parameters: $1 tenant, $2
 * today, $3 scope pattern. Exported for the benchmark, which runs it as the floor.
 *
 * Fast at 30,000 staff (README "スキルマップ"): each mapped course's areas as a bitmask (a handful of rows), OR-ed per
 * person over their completions, read index-only from the partial index `ix_enrollment_completed_course`
 * (migration SkillMapIndex1795000000191); the people are counted per unit (integer keys) and only the ~400 unit
 * rows are placed on a path and summed per 部局: the same join as placing each person (PLACED_TODAY), grouped
 * before the unit's version is joined instead of after.
 */
export const DEPARTMENT_COVERAGE_SQL = `
  WITH course_area AS (
    SELECT k.course_id, bit_or(1 << (array_position(${AREA_CODES}, ${AREA_OF}) - 1)) AS mask
      FROM course_skill k
     WHERE k.tenant_id = $1 AND k.code LIKE 'lit.%'
     GROUP BY k.course_id
  ),
  covered AS (
    SELECT e.staff_id, bit_or(ca.mask) AS mask
      FROM course_area ca
      JOIN enrollment e ON e.tenant_id = $1 AND e.course_id = ca.course_id AND e.completed_on IS NOT NULL
     GROUP BY e.staff_id
  ),
  per_unit AS (
    SELECT a.unit_id, count(*) AS staff,
           ARRAY[${DX_LITERACY_AREAS.map((_, i) => `count(*) FILTER (WHERE c.mask & ${1 << i} <> 0)`).join(', ')}] AS covered
      FROM staff s
      JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id
       AND a.valid_from <= $2::date AND (a.valid_to IS NULL OR a.valid_to > $2::date)
      LEFT JOIN covered c ON c.staff_id = s.id
     WHERE s.tenant_id = $1 AND (s.left_on IS NULL OR s.left_on >= $2::date)
     GROUP BY a.unit_id
  )
  SELECT d.code, coalesce(${UNIT_NAME('d.code')}, d.code) AS name, d.staff, d.covered FROM (
    SELECT split_part(v.path, '/', 2) AS code, sum(u.staff)::int AS staff,
           ARRAY[${DX_LITERACY_AREAS.map((_, i) => `sum(u.covered[${i + 1}])`).join(', ')}]::int[] AS covered
      FROM per_unit u
      JOIN org_unit_version v ON v.tenant_id = $1 AND v.unit_id = u.unit_id
       AND v.valid_from <= $2::date AND (v.valid_to IS NULL OR v.valid_to > $2::date)
     WHERE v.path LIKE $3
     GROUP BY 1) d
   ORDER BY d.code`;

/**
 * The DX推進スペシャリスト (members of any cohort, their latest cohort's stage) active and placed in the scope today,
 * with how many courses mapped to each DX推進スキル標準 role they completed (any fiscal year), in 部局 then 職員番号
 * order. Parameters as DEPARTMENT_COVERAGE_SQL.
 */
export const SPECIALIST_ROLES_SQL = `
  WITH members AS (
    SELECT DISTINCT ON (m.staff_id) m.staff_id, c.name AS cohort_name, m.stage
      FROM cohort_member m JOIN specialist_cohort c ON c.id = m.cohort_id AND c.tenant_id = m.tenant_id
     WHERE m.tenant_id = $1
     ORDER BY m.staff_id, c.fiscal_year DESC, c.code DESC
  ),
  people AS (
    SELECT p.*, mb.cohort_name, mb.stage FROM (${PLACED_TODAY}) p JOIN members mb ON mb.staff_id = p.staff_id
  ),
  roles AS (
    SELECT e.staff_id, k.code, count(DISTINCT e.course_id)::int AS n
      FROM people p
      JOIN enrollment e ON e.tenant_id = $1 AND e.staff_id = p.staff_id AND e.completed_on IS NOT NULL
      JOIN course_skill k ON k.tenant_id = e.tenant_id AND k.course_id = e.course_id AND k.code LIKE 'role.%'
     GROUP BY e.staff_id, k.code
  )
  SELECT p.employee_no, p.name, coalesce(${UNIT_NAME('p.department')}, p.department) AS department_name,
         p.cohort_name, p.stage,
         ARRAY[${DX_PROMOTION_ROLES.map((r) => `coalesce((SELECT r.n FROM roles r WHERE r.staff_id = p.staff_id AND r.code = '${r.code}'), 0)`).join(', ')}]::int[] AS completed_by_role
    FROM people p
   ORDER BY p.department, p.employee_no`;

export interface DepartmentCoverageRow {
  code: string;
  name: string;
  staff: number;
  covered: number[];
}

export interface SpecialistRolesRow {
  employee_no: string;
  name: string;
  department_name: string;
  cohort_name: string;
  stage: string;
  completed_by_role: number[];
}

/** The SQL of HR's スキルマップ. */
@Injectable()
export class SkillMapRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active staff per 部局 placed in the scope today, and how many covered each DXリテラシー area. */
  countCoverageByDepartment(
    tenantId: number,
    today: string,
    scopePattern: string,
  ): Promise<DepartmentCoverageRow[]> {
    return this.dataSource.query(DEPARTMENT_COVERAGE_SQL, [tenantId, today, scopePattern]);
  }

  /** The specialists in the scope and their completed courses per role. */
  findSpecialistRoles(tenantId: number, today: string, scopePattern: string): Promise<SpecialistRolesRow[]> {
    return this.dataSource.query(SPECIALIST_ROLES_SQL, [tenantId, today, scopePattern]);
  }
}
