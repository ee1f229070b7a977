import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { normalizeSearchQuery } from '@dx/domain';
import type { ReportScope } from '../access/access.service';
import { likeEscape, run, type Sql, sql } from '../database/sql';
import { pageOrder, pathCodesSql, placedAssignmentsSql, statusSql, unitNamesSql } from '../reports/placement';
import type { MatrixFilter, MatrixParts } from './team.types';

/** The kept count (report_person) that says a person has at least one course in a status. */
const STATUS_COLUMNS: Record<string, string> = {
  completed: 'completed',
  in_progress: 'in_progress',
  not_started: 'not_started',
  overdue: 'overdue',
  exempt: 'exempt',
};

const LAST_CODE = `reverse(split_part(reverse(rtrim(p.path, '/')), '/', 1))`;

/** A filtered matrix as the database gives it: the page's rows (people not yet named), its totals and sub-units. */
export interface FilteredMatrixRows {
  pageRows: Record<string, unknown>[];
  total: number;
  columns: MatrixParts['columns'];
  children: MatrixParts['children'];
}

/** An assignment that is overdue or due soon, with whether its person was reminded of it today. */
export interface RemindableAssignment {
  id: number;
  staff_id: number;
  employee_no: string;
  staff_name: string;
  email: string | null;
  title: string;
  due_date: string;
  status: string;
  reminded_today: boolean;
  /** The path of the unit the person was placed in ('/100000/100100/'). */
  path: string;
}

/** A person who manages a unit today (position level 5 or above), for the weekly digest. */
export interface ManagerRow {
  staff_id: number;
  employee_no: string;
  name: string;
  email: string | null;
  unit_id: number;
  unit_code: string;
  unit_name: string;
  unit_path: string;
}

/**
 * The team's SQL: the matrix (from the report cache without filters, from the placed assignments with them), the
 * names of units on a date, and the reminders (who is due, the day's claims, and the claims given back).
 */
@Injectable()
export class TeamRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The matrix with filters, from the assignments of the people who match them: a page of people, the column totals
   * and the sub-units, in parallel statements.
   */
  async readFilteredMatrix(
    tenantId: number,
    filter: MatrixFilter,
    scope: ReportScope,
    unitCode: string | undefined,
  ): Promise<FilteredMatrixRows> {
    // As in the completion report, the user's subtree and the unit are matched by code in the path where each person
    // was placed (not by today's path), so a leaver of a 所属 that later moved still counts in it.
    const track = filter.trackCode;
    const conditions: Sql[] = [];
    if (filter.courseCode) conditions.push(sql`c.code = ${filter.courseCode}`);
    // Conditions on the person narrow the people before their assignments are read.
    const personConditions: Sql[] = [];
    if (filter.position) {
      personConditions.push(
        sql`p.position_id IN (SELECT pos.id FROM position pos WHERE pos.tenant_id = ${tenantId} AND pos.name = ${filter.position})`,
      );
    }
    if (filter.q?.trim()) {
      const query = normalizeSearchQuery(filter.q);
      personConditions.push(
        query.digits
          ? sql`p.employee_no LIKE ${query.digits + '%'}`
          : sql`replace(p.staff_name, ' ', '') ILIKE ${'%' + likeEscape(query.text.replace(/ /g, '')) + '%'}`,
      );
    }
    // A status among all of a person's courses is in their kept counts; within a track or a course it is read per row.
    let having = sql.raw('');
    const statusColumn = filter.status ? STATUS_COLUMNS[filter.status] : undefined;
    if (statusColumn && !track && !filter.courseCode) personConditions.push(sql.raw(`p.${statusColumn} > 0`));
    else if (filter.status) having = sql`HAVING bool_or(f.status = ${filter.status})`;
    const base = sql`WITH ${placedAssignmentsSql({
      tenantId,
      fiscalYear: filter.fiscalYear,
      reportDate: scope.reportDate,
      today: scope.today,
      scopePattern: scope.scopePattern,
      unitPattern: scope.unitPattern,
      trackCode: track,
      personFilter: personConditions.length ? sql.join(personConditions, ' AND ') : undefined,
    })},
      filtered AS (
        SELECT p.*, c.code AS course_code, c.title AS course_title, t.code AS track_code, t.sort_order, pos.name AS position_name
          FROM placed p JOIN course c ON c.tenant_id = ${tenantId} AND c.id = p.course_id
          JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
          JOIN position pos ON pos.tenant_id = c.tenant_id AND pos.id = p.position_id
         ${conditions.length ? sql`WHERE ${sql.join(conditions, ' AND ')}` : sql.raw('')}
      ),
      matching_people AS (
        SELECT f.staff_id FROM filtered f GROUP BY f.staff_id ${having}
      ),
      chosen AS (SELECT f.* FROM filtered f JOIN matching_people USING (staff_id))`;
    // The direct sub-unit: the code after the unit's own code in the person's path (the 部局 for the whole tenant).
    const child = unitCode
      ? sql`split_part(split_part(f.path, ${`/${unitCode}/`}, 2), '/', 1)`
      : sql`split_part(f.path, '/', 2)`;
    const order = pageOrder(
      filter.sort,
      'min(f.path)',
      `count(*) FILTER (WHERE f.status IN ('overdue', 'renewal_overdue'))`,
      'min(f.employee_no)',
    );
    const statements = {
      page: sql`${base}
             SELECT f.staff_id, min(f.employee_no) AS employee_no, min(f.staff_name) AS name, min(f.path) AS path,
                    min(${sql.raw(LAST_CODE.replace(/p\.path/g, 'f.path'))}) AS unit_code,
                    min(f.position_name) AS position_name, count(*)::int AS assigned,
                    count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status IN ('overdue', 'renewal_overdue'))::int AS overdue,
                    json_object_agg(f.course_code, json_build_object('status', f.status, 'dueDate', f.due_date, 'completedAt', f.completed_on)) AS cells,
                    count(*) OVER ()::int AS total
               FROM chosen f GROUP BY f.staff_id
              ORDER BY ${sql.raw(order)}
              LIMIT ${filter.pageSize}::int OFFSET ${(filter.page - 1) * filter.pageSize}::int`,
      columns: sql`${base}
             SELECT f.course_code, min(f.course_title) AS title, min(f.track_code) AS track_code, min(f.sort_order) AS sort_order,
                    count(*)::int AS assigned, count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status IN ('overdue', 'renewal_overdue'))::int AS overdue, count(*) FILTER (WHERE f.status = 'exempt')::int AS exempt
               FROM chosen f GROUP BY f.course_code ORDER BY min(f.sort_order), f.course_code`,
      children: sql`${base}
             SELECT ${child} AS code, min(n.name) AS name, min(n.kind) AS kind, count(*)::int AS assigned,
                    count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status IN ('overdue', 'renewal_overdue'))::int AS overdue
               FROM chosen f LEFT JOIN unit_names n ON n.code = ${child}
              WHERE ${child} <> ''
              GROUP BY 1 ORDER BY 1`,
      // count(*) OVER () comes with the rows: a page past the end has none, so count the people on their own then.
      total: sql`${base} SELECT count(*)::int AS total FROM matching_people`,
    };
    const [pageRows, columns, children] = await Promise.all(
      [statements.page, statements.columns, statements.children].map((statement) =>
        run<Record<string, unknown>>(this.dataSource, statement),
      ),
    );
    const total: number =
      (pageRows[0]?.total as number | undefined) ??
      (filter.page > 1 ? (await run<{ total: number }>(this.dataSource, statements.total))[0].total : 0);
    return {
      pageRows,
      total,
      columns: columns as FilteredMatrixRows['columns'],
      children: children as FilteredMatrixRows['children'],
    };
  }

  /**
   * The matrix of a whole subtree without filters, read from the report cache: one page of people (as JSON bytes in the answer's
   * shape: a bytea reaches Node as a Buffer), and totals from the roll-ups.
   */
  async readCachedMatrix(
    scope: ReportScope,
    tenantId: number,
    filter: MatrixFilter,
    unitCode: string | undefined,
  ) {
    // One statement, one round trip and one connection for the page, the column totals and the sub-units.
    // The subtree's codes find it through the GIN index; for the whole tenant there are none (and the planner
    // drops the condition, the statement being planned for these values).
    const codes = scope.subtreeCodes;
    const inScope = (alias: string) =>
      sql`${sql.raw(alias)}.tenant_id = ${tenantId} AND ${sql.raw(alias)}.fiscal_year = ${filter.fiscalYear}
       AND ${sql.raw(alias)}.path LIKE ${scope.scopePattern} AND ${sql.raw(alias)}.path LIKE ${scope.unitPattern}
       AND (cardinality(${codes}::text[]) = 0 OR ${sql.raw(pathCodesSql(alias))} @> ${codes}::text[])`;
    // The direct sub-unit: the code after the unit's own code in the person's path, or the 部局 for the whole tenant.
    const unitSegment = unitCode ? `/${unitCode}/` : '';
    const child = sql`CASE WHEN ${unitSegment}::text = '' THEN split_part(s.path, '/', 2) ELSE split_part(split_part(s.path, ${unitSegment}::text, 2), '/', 1) END`;
    const order = (alias: string) =>
      sql.raw(pageOrder(filter.sort, `${alias}.path`, `${alias}.overdue`, `${alias}.employee_no`));
    const [result] = await run<MatrixParts>(
      this.dataSource,
      sql`WITH unit_names AS (${unitNamesSql(tenantId, scope.reportDate)}),
       scoped AS MATERIALIZED (
         SELECT p.staff_id, p.employee_no, p.staff_name, p.path, p.position_id, p.assigned, p.completed, p.overdue
           FROM report_person p WHERE ${inScope('p')}
       ), page AS (
         SELECT s.*, ${sql.raw(LAST_CODE.replace(/p\.path/g, 's.path'))} AS unit_code FROM scoped s
          ORDER BY ${order('s')} LIMIT ${filter.pageSize}::int OFFSET ${(filter.page - 1) * filter.pageSize}::int
       ), page_paths AS (
         -- The units below the viewer's own (the whole path for the tenant), named as on the report date.
         SELECT pg.staff_id, string_agg(n.name, ' / ' ORDER BY o.i) AS unit_path
           FROM page pg
           CROSS JOIN LATERAL unnest(${sql.raw(pathCodesSql('pg'))}) WITH ORDINALITY AS o(code, i)
           JOIN unit_names n ON n.code = o.code
          WHERE o.i > coalesce(array_position(${sql.raw(pathCodesSql('pg'))}, nullif(${scope.viewerUnitCode ?? ''}::text, '')), 0)
          GROUP BY pg.staff_id
       ), last_reminders AS (
         SELECT r.staff_id, max(r.sent_on) AS sent_on
           FROM reminder r
           JOIN enrollment e ON e.tenant_id = r.tenant_id AND e.id = r.enrollment_id AND e.fiscal_year = ${filter.fiscalYear}
          WHERE r.tenant_id = ${tenantId} AND r.staff_id IN (SELECT staff_id FROM page)
          GROUP BY r.staff_id
       ), people AS (
         SELECT page.employee_no AS "employeeNo", page.staff_name AS name, page.unit_code AS "unitCode",
                coalesce(n.name, page.unit_code) AS "unitName", coalesce(pp.unit_path, n.name, page.unit_code) AS "unitPath",
                to_char(lr.sent_on, 'YYYY-MM-DD') AS "lastRemindedOn", pos.name AS "positionName",
                coalesce((SELECT json_object_agg(c.code, json_build_object('status', ${statusSql(scope.today)}, 'dueDate', e.due_date, 'completedAt', e.completed_on))
                   FROM enrollment e JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
                  WHERE e.tenant_id = ${tenantId} AND e.staff_id = page.staff_id AND e.fiscal_year = ${filter.fiscalYear}), '{}') AS cells,
                page.assigned, page.completed, page.overdue
           FROM page JOIN position pos ON pos.tenant_id = ${tenantId} AND pos.id = page.position_id LEFT JOIN unit_names n ON n.code = page.unit_code
           LEFT JOIN page_paths pp ON pp.staff_id = page.staff_id LEFT JOIN last_reminders lr ON lr.staff_id = page.staff_id
          ORDER BY ${order('page')}
       ), columns AS (
         SELECT c.code AS course_code, c.title, t.code AS track_code, t.sort_order, sum(p.assigned)::int AS assigned,
                sum(p.completed)::int AS completed, sum(p.overdue)::int AS overdue, sum(p.exempt)::int AS exempt
           FROM report_unit_course p JOIN course c ON c.tenant_id = p.tenant_id AND c.id = p.course_id
           JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
          WHERE ${inScope('p')}
          GROUP BY c.code, c.title, t.code, t.sort_order HAVING sum(p.assigned) > 0 ORDER BY t.sort_order, c.code
       ), children AS (
         SELECT g.*, n.name, n.kind FROM (
           SELECT ${child} AS code, sum(s.assigned)::int AS assigned, sum(s.completed)::int AS completed, sum(s.overdue)::int AS overdue
             FROM scoped s WHERE ${child} <> '' GROUP BY 1) g
           LEFT JOIN unit_names n ON n.code = g.code
          ORDER BY g.code
       )
       SELECT convert_to((SELECT coalesce(json_agg(people), '[]') FROM people)::text, 'UTF8') AS people,
              (SELECT json_build_object('name', n.name, 'kind', n.kind) FROM unit_names n WHERE n.code = ${unitCode ?? ''}) AS unit,
              (SELECT count(*)::int FROM scoped) AS total,
              (SELECT coalesce(json_agg(columns), '[]') FROM columns) AS columns,
              (SELECT coalesce(json_agg(children), '[]') FROM children) AS children`,
    );
    return result;
  }

  /** Each person's last reminder about a course of the fiscal year: one statement for the page. */
  async findLastReminders(
    tenantId: number,
    fiscalYear: number,
    staffIds: number[],
  ): Promise<Map<number, string>> {
    if (staffIds.length === 0) return new Map();
    const rows: { staff_id: number; sent_on: string }[] = await this.dataSource.query(
      `SELECT r.staff_id, to_char(max(r.sent_on), 'YYYY-MM-DD') AS sent_on
         FROM reminder r JOIN enrollment e ON e.tenant_id = r.tenant_id AND e.id = r.enrollment_id AND e.fiscal_year = $2
        WHERE r.tenant_id = $1 AND r.staff_id = ANY($3::bigint[])
        GROUP BY r.staff_id`,
      [tenantId, fiscalYear, staffIds],
    );
    return new Map(rows.map((r) => [r.staff_id, r.sent_on]));
  }

  /** The units' names and kinds as they stood on a date (or their first version, for a unit made later). */
  async findUnitNames(
    tenantId: number,
    date: string,
    codes: string[],
  ): Promise<Map<string, { name: string; kind: string }>> {
    const rows: { code: string; name: string; kind: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (u.code) u.code, v.name, v.kind FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
        WHERE u.tenant_id = $1 AND u.code = ANY($2)
        ORDER BY u.code, (v.valid_from <= $3::date) DESC, CASE WHEN v.valid_from <= $3::date THEN v.valid_from END DESC, v.valid_from`,
      [tenantId, codes, date],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  /**
   * The assignments in scope that are overdue or due by a date, of people who have not left (only the selected
   * ones when 職員番号 are given), with whether each was reminded today; by 職員番号, then due date.
   */
  findRemindableAssignments(
    tenantId: number,
    fiscalYear: number,
    scope: ReportScope,
    dueBy: string,
    employeeNos: string[] | undefined,
  ): Promise<RemindableAssignment[]> {
    return run(
      this.dataSource,
      // The subtree by code in the path where each person was placed, as in the matrix and the report: for a past year
      // the unit may since have moved, and today's path would miss its people.
      sql`WITH ${placedAssignmentsSql({
        tenantId,
        fiscalYear,
        reportDate: scope.reportDate,
        today: scope.today,
        scopePattern: scope.scopePattern,
      })}
       SELECT p.id, p.staff_id, p.employee_no, p.staff_name, s.email, c.title, p.due_date, p.status, p.path,
              EXISTS (SELECT 1 FROM reminder r
                       WHERE r.tenant_id = s.tenant_id AND r.enrollment_id = p.id AND r.sent_on = ${scope.today}::date) AS reminded_today
         FROM placed p JOIN staff s ON s.tenant_id = ${tenantId} AND s.id = p.staff_id
         JOIN course c ON c.tenant_id = s.tenant_id AND c.id = p.course_id
        WHERE (p.status IN ('overdue', 'renewal_overdue') OR (p.status IN ('not_started', 'in_progress') AND p.due_date <= ${dueBy}::date))
          AND s.left_on IS NULL ${employeeNos ? sql`AND p.employee_no = ANY(${employeeNos})` : sql.raw('')}
        ORDER BY p.employee_no, p.due_date`,
    );
  }

  /** The names of the given 職員番号 among the people in scope in the fiscal year (those outside it are absent). */
  async findNamesInScope(
    tenantId: number,
    fiscalYear: number,
    scopePattern: string,
    employeeNos: string[],
  ): Promise<Map<string, string>> {
    const known: { employee_no: string; staff_name: string }[] = await this.dataSource.query(
      `SELECT p.employee_no, p.staff_name FROM report_person p
        WHERE p.tenant_id = $1 AND p.fiscal_year = $2 AND p.path LIKE $3 AND p.employee_no = ANY($4)`,
      [tenantId, fiscalYear, scopePattern, employeeNos],
    );
    return new Map(known.map((k) => [k.employee_no, k.staff_name]));
  }

  /**
   * Claims each assignment for today's reminder, all in one statement: an assignment another press claimed today
   * is left out (ON CONFLICT), so nobody is reminded twice for the same course on the same day.
   */
  async claimReminders(
    tenantId: number,
    sentBy: number,
    today: string,
    claims: { id: number; staffId: number; email: string }[],
  ): Promise<{ id: number; enrollment_id: number }[]> {
    if (claims.length === 0) return [];
    return this.dataSource.query(
      `INSERT INTO reminder (tenant_id, enrollment_id, staff_id, sent_by, sent_on, email)
       SELECT $1, x.id, x.staff_id, $2, $3, x.email FROM unnest($4::bigint[], $5::bigint[], $6::text[]) AS x(id, staff_id, email)
       ON CONFLICT ON CONSTRAINT uq_reminder_per_day DO NOTHING RETURNING id, enrollment_id`,
      [
        tenantId,
        sentBy,
        today,
        claims.map((c) => c.id),
        claims.map((c) => c.staffId),
        claims.map((c) => c.email),
      ],
    );
  }

  /** Gives back the claims of messages that were not sent, so those people can be reminded again later. */
  async releaseReminders(tenantId: number, claimIds: number[]): Promise<void> {
    if (claimIds.length > 0)
      await this.dataSource.query(`DELETE FROM reminder WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
        tenantId,
        claimIds,
      ]);
  }

  /** Everyone managing a unit today (a current assignment at a position of level ≥ `minLevel`), by unit code. */
  findManagers(tenantId: number, today: string, minLevel: number): Promise<ManagerRow[]> {
    return this.dataSource.query(
      `SELECT s.id AS staff_id, s.employee_no, s.name, s.email, u.id AS unit_id, u.code AS unit_code,
              v.name AS unit_name, v.path AS unit_path
         FROM staff s
         JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id AND a.valid_from <= $2
              AND (a.valid_to IS NULL OR a.valid_to > $2)
         JOIN position pos ON pos.tenant_id = a.tenant_id AND pos.id = a.position_id AND pos.level >= $3
         JOIN org_unit u ON u.tenant_id = a.tenant_id AND u.id = a.unit_id
         JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2)
        WHERE s.tenant_id = $1 AND (s.left_on IS NULL OR s.left_on >= $2)
        ORDER BY u.code, s.employee_no`,
      [tenantId, today, minLevel],
    );
  }

  /** Every tenant (a cross-tenant list: call it in `asSystem`). */
  async tenantIds(): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(`SELECT id FROM tenant ORDER BY id`);
    return rows.map((r) => r.id);
  }
}
