import { csvNeutralised } from '../reports/exports.repository';
/**
 * The PostgreSQL floors: each API answer computed by one hand-written statement on the schema as migrated (no
 * extra index or table), run through the pg client with JIT off. Each reports a year as the org stood on the
 * report date (today for the current year), people who left during the year placed on their last day, like the API.
 *
 * Parameters: $1 tenant id, $2 fiscal year, $3 report date (today), $4 first day of the fiscal year, and for the
 * 部局 statements $5 the 部局's path prefix ('/030000/%').
 */

/**
 * Each person's placement on the report date (or their last day): their latest assignment begun by then, in the
 * unit's version of that day. DISTINCT ON keeps the row estimate right (one per person), so the planner hashes.
 */
const PLACED_ALL = `
  SELECT DISTINCT ON (s.id) s.id AS staff_id, s.employee_no, s.name, a.position_id, a.employment_type, v.path, v.kind
    FROM staff s
    CROSS JOIN LATERAL (SELECT least(coalesce(s.left_on, $3::date), $3::date) AS d) x
    JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id AND a.valid_from <= x.d
    JOIN org_unit_version v ON v.tenant_id = a.tenant_id AND v.unit_id = a.unit_id AND v.valid_from <= x.d
   WHERE s.tenant_id = $1 AND (s.left_on IS NULL OR s.left_on >= $4::date)
   ORDER BY s.id, a.valid_from DESC, v.valid_from DESC`;

/** The same with the valid-on ranges as join conditions: the shape the export's hash join does best with. */
const PLACED_RANGES = `
  SELECT s.id AS staff_id, s.employee_no, s.name, a.position_id, a.employment_type, v.path, v.kind
    FROM staff s
    CROSS JOIN LATERAL (SELECT least(coalesce(s.left_on, $3::date), $3::date) AS d) x
    JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id AND a.valid_from <= x.d AND (a.valid_to IS NULL OR a.valid_to > x.d)
    JOIN org_unit_version v ON v.tenant_id = a.tenant_id AND v.unit_id = a.unit_id AND v.valid_from <= x.d AND (v.valid_to IS NULL OR v.valid_to > x.d)
   WHERE s.tenant_id = $1 AND (s.left_on IS NULL OR s.left_on >= $4::date)`;

/** The same for one subtree, driven from its units through the path index. */
const PLACED_SUBTREE = `
  SELECT s.id AS staff_id, s.employee_no, s.name, a.position_id, a.employment_type, v.path, v.kind
    FROM org_unit_version v
    JOIN staff_assignment a ON a.tenant_id = v.tenant_id AND a.unit_id = v.unit_id
    JOIN staff s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
    CROSS JOIN LATERAL (SELECT least(coalesce(s.left_on, $3::date), $3::date) AS d) x
   WHERE v.tenant_id = $1 AND v.path LIKE $5
     AND a.valid_from <= x.d AND (a.valid_to IS NULL OR a.valid_to > x.d)
     AND v.valid_from <= x.d AND (v.valid_to IS NULL OR v.valid_to > x.d)
     AND (s.left_on IS NULL OR s.left_on >= $4::date)`;

const STATUS = `
  CASE WHEN e.completed_on IS NOT NULL THEN 'completed' WHEN e.exempt_reason IS NOT NULL THEN 'exempt'
       WHEN e.due_date < $3::date THEN 'overdue'
       WHEN EXISTS (SELECT 1 FROM module_progress mp
                       JOIN course_module m ON m.tenant_id = mp.tenant_id AND m.id = mp.module_id AND m.required
                     WHERE mp.tenant_id = $1 AND mp.enrollment_id = e.id) THEN 'in_progress'
       ELSE 'not_started' END`;

const SECTION_OF = (
  p: string,
) => `CASE WHEN ${p}.kind = '班' AND split_part(${p}.path, '/', 4) = '' THEN split_part(${p}.path, '/', 2)
       ELSE coalesce(nullif(split_part(${p}.path, '/', 3), ''), split_part(${p}.path, '/', 2)) END`;

const UNIT_NAME = (
  code: string,
) => `(SELECT v.name FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
   AND v.valid_from <= $3::date AND (v.valid_to IS NULL OR v.valid_to > $3::date) WHERE u.tenant_id = $1 AND u.code = ${code})`;

/** Per-person counts by state over the whole tenant: one pass over the year's assignments, hash-aggregated. */
const PER_STAFF = `
  SELECT e.staff_id, count(*) AS assigned,
         count(*) FILTER (WHERE e.completed_on IS NOT NULL) AS completed,
         count(*) FILTER (WHERE e.completed_on IS NULL AND e.exempt_reason IS NOT NULL) AS exempt,
         count(*) FILTER (WHERE e.completed_on IS NULL AND e.exempt_reason IS NULL AND e.due_date < $3::date) AS overdue,
         count(*) FILTER (WHERE e.completed_on IS NULL AND e.exempt_reason IS NULL AND e.due_date >= $3::date
                            AND e.id IN (SELECT mp.enrollment_id FROM module_progress mp
                                           JOIN course_module m ON m.tenant_id = mp.tenant_id AND m.id = mp.module_id AND m.required
                                          WHERE mp.tenant_id = $1)) AS in_progress
    FROM enrollment e WHERE e.tenant_id = $1 AND e.fiscal_year = $2 GROUP BY e.staff_id`;

const SUMS = `sum(c.assigned)::int AS assigned, sum(c.completed)::int AS completed, sum(c.in_progress)::int AS in_progress,
       sum(c.assigned - c.completed - c.exempt - c.overdue - c.in_progress)::int AS not_started,
       sum(c.overdue)::int AS overdue, sum(c.exempt)::int AS exempt`;

export const FLOOR_SQL = {
  /** GET /reports/completion?groupBy=section&orgUnitCode=<部局>: counts by (所属, state), then pivoted. */
  section: `
    WITH people AS (${PLACED_SUBTREE}),
    counted AS (
      SELECT ${SECTION_OF('p')} AS key, ${STATUS} AS status, count(*)::int AS n
        FROM people p JOIN enrollment e ON e.staff_id = p.staff_id AND e.fiscal_year = $2 AND e.tenant_id = $1
       GROUP BY 1, 2)
    SELECT c.key, ${UNIT_NAME('c.key')} AS label, sum(n)::int AS assigned,
           coalesce(sum(n) FILTER (WHERE status = 'completed'), 0)::int AS completed,
           coalesce(sum(n) FILTER (WHERE status = 'in_progress'), 0)::int AS in_progress,
           coalesce(sum(n) FILTER (WHERE status = 'not_started'), 0)::int AS not_started,
           coalesce(sum(n) FILTER (WHERE status = 'overdue'), 0)::int AS overdue,
           coalesce(sum(n) FILTER (WHERE status = 'exempt'), 0)::int AS exempt
      FROM counted c GROUP BY c.key ORDER BY c.key`,

  /** GET /team/matrix for a 部局's head: the first page of people with their cells, the course columns, the 所属. */
  matrix: `
    WITH people AS (
      SELECT p.*, pos.name AS position_name, reverse(split_part(reverse(rtrim(p.path, '/')), '/', 1)) AS unit_code,
             split_part(p.path, '/', 3) AS child
        FROM (${PLACED_SUBTREE}) p JOIN position pos ON pos.tenant_id = $1 AND pos.id = p.position_id
    ), cells AS MATERIALIZED (
      SELECT p.staff_id, e.course_id, ${STATUS} AS status
        FROM people p JOIN enrollment e ON e.staff_id = p.staff_id AND e.fiscal_year = $2 AND e.tenant_id = $1
    ), per_person AS (
      SELECT staff_id, count(*)::int AS assigned, count(*) FILTER (WHERE status = 'completed')::int AS completed,
             count(*) FILTER (WHERE status = 'overdue')::int AS overdue
        FROM cells GROUP BY staff_id
    ), page AS (
      SELECT pp.*, p.employee_no, p.name, p.unit_code, p.position_name FROM per_person pp JOIN people p USING (staff_id)
       ORDER BY pp.overdue DESC, p.employee_no LIMIT 50
    )
    SELECT (SELECT count(*) FROM per_person)::int AS total,
      (SELECT json_agg(json_build_object('employeeNo', pg.employee_no, 'name', pg.name, 'unitCode', pg.unit_code,
              'unitName', ${UNIT_NAME('pg.unit_code')}, 'positionName', pg.position_name, 'assigned', pg.assigned,
              'completed', pg.completed, 'overdue', pg.overdue,
              'cells', (SELECT json_object_agg(c.code, json_build_object('status', ${STATUS}, 'dueDate', e.due_date, 'completedAt', e.completed_on))
                          FROM enrollment e JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
                         WHERE e.staff_id = pg.staff_id AND e.fiscal_year = $2 AND e.tenant_id = $1))
              ORDER BY pg.overdue DESC, pg.employee_no) FROM page pg) AS people,
      (SELECT json_agg(json_build_object('code', c.code, 'title', c.title, 'trackCode', t.code, 'assigned', k.assigned,
              'completed', k.completed, 'overdue', k.overdue, 'exempt', k.exempt) ORDER BY t.sort_order, c.code)
         FROM (SELECT course_id, count(*)::int AS assigned, count(*) FILTER (WHERE status = 'completed')::int AS completed,
                      count(*) FILTER (WHERE status = 'overdue')::int AS overdue, count(*) FILTER (WHERE status = 'exempt')::int AS exempt
                 FROM cells GROUP BY course_id) k
         JOIN course c ON c.tenant_id = $1 AND c.id = k.course_id JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id) AS courses,
      (SELECT json_agg(json_build_object('code', k.child, 'name', ${UNIT_NAME('k.child')}, 'assigned', k.assigned,
              'completed', k.completed, 'overdue', k.overdue) ORDER BY k.child)
         FROM (SELECT p.child, count(*)::int AS assigned, count(*) FILTER (WHERE x.status = 'completed')::int AS completed,
                      count(*) FILTER (WHERE x.status = 'overdue')::int AS overdue
                 FROM cells x JOIN people p USING (staff_id) WHERE p.child <> '' GROUP BY p.child) k) AS sub_units`,

  /** HR by 部局: per-person counts (hash aggregate over the year), then summed by 部局. */
  department: `
    WITH people AS (${PLACED_ALL}), per_staff AS (${PER_STAFF})
    SELECT g.*, ${UNIT_NAME('g.key')} AS label FROM (
      SELECT split_part(p.path, '/', 2) AS key, ${SUMS}
        FROM per_staff c JOIN people p ON p.staff_id = c.staff_id GROUP BY 1) g
     ORDER BY g.key`,

  /** HR by 職位 (the position held where the person was placed). */
  position: `
    WITH people AS (${PLACED_ALL}), per_staff AS (${PER_STAFF})
    SELECT pos.name AS key, ${SUMS}
      FROM per_staff c JOIN people p ON p.staff_id = c.staff_id JOIN position pos ON pos.tenant_id = $1 AND pos.id = p.position_id
     GROUP BY pos.name, pos.level ORDER BY pos.level DESC, pos.name`,

  /** HR by 研修体系: counts per course over the placed people (a hashed semi-join), then summed by track. */
  track: `
    WITH people AS (${PLACED_ALL}), per_course AS (
      SELECT e.course_id, count(*) AS assigned,
             count(*) FILTER (WHERE e.completed_on IS NOT NULL) AS completed,
             count(*) FILTER (WHERE e.completed_on IS NULL AND e.exempt_reason IS NOT NULL) AS exempt,
             count(*) FILTER (WHERE e.completed_on IS NULL AND e.exempt_reason IS NULL AND e.due_date < $3::date) AS overdue,
             count(*) FILTER (WHERE e.completed_on IS NULL AND e.exempt_reason IS NULL AND e.due_date >= $3::date
                                AND e.id IN (SELECT mp.enrollment_id FROM module_progress mp
                                               JOIN course_module m ON m.tenant_id = mp.tenant_id AND m.id = mp.module_id AND m.required
                                              WHERE mp.tenant_id = $1)) AS in_progress
        FROM enrollment e WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND e.staff_id IN (SELECT staff_id FROM people)
       GROUP BY e.course_id)
    SELECT t.code AS key, t.name AS label, ${SUMS}
      FROM per_course c JOIN course co ON co.tenant_id = $1 AND co.id = c.course_id
      JOIN track t ON t.tenant_id = co.tenant_id AND t.id = co.track_id
     GROUP BY t.code, t.name ORDER BY t.code`,
};

/**
 * The full export's rows (the API's 15 columns, formula-looking cells neutralised, the same order), for
 * `COPY (…) TO STDOUT`: names joined once per person, the enrolments hash-joined, one sort.
 */
export function exportFloorSql(
  tenantId: number,
  fiscalYear: number,
  today: string,
  yearStart: string,
): string {
  const neutralised = csvNeutralised;
  const sql = `
    WITH names AS (
      SELECT u.code, v.name FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
         AND v.valid_from <= $3::date AND (v.valid_to IS NULL OR v.valid_to > $3::date)
       WHERE u.tenant_id = $1
    ), placed AS (${PLACED_RANGES}),
    people AS MATERIALIZED (
      SELECT p.staff_id, p.path, p.employee_no, ${neutralised('p.employee_no')} AS employee_cell, ${neutralised('p.name')} AS name_cell,
             ${neutralised('pos.name')} AS position_cell, ${neutralised('p.employment_type')} AS employment_cell,
             ${neutralised(`coalesce(dn.name, '')`)} AS department_cell, ${neutralised('k.section')} AS section_cell,
             ${neutralised(`coalesce(sn.name, '')`)} AS section_name_cell, ${neutralised(`coalesce(tn.name, '')`)} AS team_cell
        FROM placed p
        JOIN position pos ON pos.tenant_id = $1 AND pos.id = p.position_id
        CROSS JOIN LATERAL (SELECT ${SECTION_OF('p')} AS section,
                                   CASE WHEN p.kind = '班' THEN coalesce(nullif(split_part(p.path, '/', 4), ''), split_part(p.path, '/', 3)) END AS team) k
        LEFT JOIN names dn ON dn.code = split_part(p.path, '/', 2)
        LEFT JOIN names sn ON sn.code = k.section
        LEFT JOIN names tn ON tn.code = k.team
    ), courses AS MATERIALIZED (
      SELECT c.id, c.code, ${neutralised('t.name')} AS track_cell, ${neutralised('c.code')} AS code_cell, ${neutralised('c.title')} AS title_cell
        FROM course c JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id WHERE c.tenant_id = $1
    )
    SELECT $2::int::text, p.department_cell, p.section_cell, p.section_name_cell, p.team_cell, p.employee_cell, p.name_cell,
           p.position_cell, p.employment_cell, c.track_cell, c.code_cell, c.title_cell,
           CASE WHEN e.completed_on IS NOT NULL THEN '修了' WHEN e.exempt_reason IS NOT NULL THEN '免除'
                WHEN e.due_date < $3::date THEN '期限超過'
                WHEN EXISTS (SELECT 1 FROM module_progress mp
                                JOIN course_module m ON m.tenant_id = mp.tenant_id AND m.id = mp.module_id AND m.required
                              WHERE mp.tenant_id = $1 AND mp.enrollment_id = e.id) THEN '受講中'
                ELSE '未着手' END,
           to_char(e.due_date, 'YYYY-MM-DD'), coalesce(to_char(e.completed_on, 'YYYY-MM-DD'), '')
      FROM enrollment e JOIN people p ON p.staff_id = e.staff_id JOIN courses c ON c.id = e.course_id
     WHERE e.tenant_id = $1 AND e.fiscal_year = $2
     ORDER BY p.path, p.employee_no, c.code`;
  return sql
    .replace(/\$1\b/g, String(Number(tenantId)))
    .replace(/\$2\b/g, String(Number(fiscalYear)))
    .replace(/\$3\b/g, `'${today.replace(/[^0-9-]/g, '')}'`)
    .replace(/\$4\b/g, `'${yearStart.replace(/[^0-9-]/g, '')}'`);
}

const ROLLUP_SUMS = `sum(r.assigned)::int AS assigned, sum(r.completed)::int AS completed, sum(r.in_progress)::int AS in_progress,
       sum(r.not_started)::int AS not_started, sum(r.overdue)::int AS overdue, sum(r.exempt)::int AS exempt`;

/**
 * The same answers from the figures the schema keeps ready (report_person, report_unit_course,
 * report_position_track, kept by triggers): the best single statement on this schema, the timing floor. The raw-table
 * statements above stay as the check that the API (and so the kept figures) give the right numbers. Parameters: $1
 * tenant id, $2 fiscal year, $3 today, and for the 部局 statements $4 the 部局's path prefix; see rollupParams.
 */
export const ROLLUP_FLOOR_SQL = {
  section: `
    SELECT g.*, ${UNIT_NAME('g.key')} AS label FROM (
      SELECT ${SECTION_OF('r')} AS key, ${ROLLUP_SUMS}
        FROM report_unit_course r WHERE r.tenant_id = $1 AND r.fiscal_year = $2 AND r.path LIKE $4 GROUP BY 1) g
     ORDER BY g.key`,

  matrix: `
    WITH page AS (
      SELECT r.*, count(*) OVER () AS total FROM report_person r
       WHERE r.tenant_id = $1 AND r.fiscal_year = $2 AND r.path LIKE $4 ORDER BY r.overdue DESC, r.employee_no LIMIT 50)
    SELECT (SELECT max(total) FROM page)::int AS total,
      (SELECT json_agg(json_build_object('employeeNo', pg.employee_no, 'name', pg.staff_name, 'positionName', pos.name,
              'assigned', pg.assigned, 'completed', pg.completed, 'overdue', pg.overdue,
              'cells', (SELECT json_object_agg(c.code, json_build_object('status',
                                 CASE WHEN e.completed_on IS NOT NULL THEN 'completed' WHEN e.exempt_reason IS NOT NULL THEN 'exempt'
                                      WHEN e.due_date < $3::date THEN 'overdue' WHEN e.started_at IS NOT NULL THEN 'in_progress'
                                      ELSE 'not_started' END, 'dueDate', e.due_date, 'completedAt', e.completed_on))
                          FROM enrollment e JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
                         WHERE e.tenant_id = $1 AND e.staff_id = pg.staff_id AND e.fiscal_year = $2))
              ORDER BY pg.overdue DESC, pg.employee_no) FROM page pg JOIN position pos ON pos.tenant_id = $1 AND pos.id = pg.position_id) AS people,
      (SELECT json_agg(k ORDER BY k.sort_order, k.code) FROM (
         SELECT c.code, c.title, t.code AS track_code, t.sort_order, ${ROLLUP_SUMS}
           FROM report_unit_course r JOIN course c ON c.tenant_id = r.tenant_id AND c.id = r.course_id
           JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
          WHERE r.tenant_id = $1 AND r.fiscal_year = $2 AND r.path LIKE $4 GROUP BY c.code, c.title, t.code, t.sort_order) k) AS courses,
      (SELECT json_agg(json_build_object('code', k.child, 'name', ${UNIT_NAME('k.child')}, 'assigned', k.assigned,
              'completed', k.completed, 'overdue', k.overdue) ORDER BY k.child) FROM (
         SELECT split_part(r.path, '/', 3) AS child,
                sum(r.assigned)::int AS assigned, sum(r.completed)::int AS completed, sum(r.overdue)::int AS overdue
           FROM report_person r WHERE r.tenant_id = $1 AND r.fiscal_year = $2 AND r.path LIKE $4 AND split_part(r.path, '/', 3) <> ''
          GROUP BY 1) k) AS sub_units`,

  department: `
    SELECT g.*, ${UNIT_NAME('g.key')} AS label FROM (
      SELECT split_part(r.path, '/', 2) AS key, ${ROLLUP_SUMS}
        FROM report_unit_course r WHERE r.tenant_id = $1 AND r.fiscal_year = $2 GROUP BY 1) g
     ORDER BY g.key`,

  position: `
    SELECT pos.name AS key, ${ROLLUP_SUMS}
      FROM report_position_track r JOIN position pos ON pos.tenant_id = r.tenant_id AND pos.id = r.position_id
     WHERE r.tenant_id = $1 AND r.fiscal_year = $2
     GROUP BY pos.name, pos.level ORDER BY pos.level DESC, pos.name`,

  track: `
    SELECT t.code AS key, t.name AS label, ${ROLLUP_SUMS}
      FROM report_unit_course r JOIN course c ON c.tenant_id = r.tenant_id AND c.id = r.course_id
      JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
     WHERE r.tenant_id = $1 AND r.fiscal_year = $2
     GROUP BY t.code, t.name ORDER BY t.code`,
};

/** The parameters each kept-figures statement takes (PostgreSQL refuses parameters a statement does not use). */
export function rollupParams(
  statement: keyof typeof ROLLUP_FLOOR_SQL,
  tenantId: number,
  fiscalYear: number,
  today: string,
  departmentPrefix: string,
): unknown[] {
  if (statement === 'matrix' || statement === 'section')
    return [tenantId, fiscalYear, today, departmentPrefix];
  return statement === 'department' ? [tenantId, fiscalYear, today] : [tenantId, fiscalYear];
}
