import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { FORMULA_START_PATTERN } from '@dx/domain';
import type { ReportScope } from '../access/access.service';
import { run, type Sql, sql } from '../database/sql';
import type { ExportRequest } from './exports.service';
import { DEPARTMENT_CODE, SECTION_CODE, statusSql, TEAM_CODE, unitNamesSql } from './placement';

/**
 * A text cell of the CSV exports, neutralised in SQL: Excel treats a cell starting like a formula as one, and a
 * leading quote makes it text. The benchmark's floor writes its cells with the same expression.
 */
export const csvNeutralised = (expression: string) =>
  `CASE WHEN ${expression} ~ '${FORMULA_START_PATTERN}' THEN '''' || ${expression} ELSE ${expression} END`;
const STATUS_LABEL = `CASE x.status WHEN 'completed' THEN '修了' WHEN 'exempt' THEN '免除' WHEN 'overdue' THEN '期限超過'
                                   WHEN 'renewal_overdue' THEN '更新期限切れ' WHEN 'in_progress' THEN '受講中' ELSE '未着手' END`;

/**
 * The SQL of the exports: one SELECT for every format, streamed on a connection of its own (COPY for CSV, a cursor
 * for XLSX), never read into memory. The caller releases the connection when the stream has ended or failed.
 */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The export's rows as CSV from COPY … TO STDOUT. */
  async copyExportRows(
    tenantId: number,
    request: ExportRequest,
    scope: ExportScope,
  ): Promise<{ copy: ReturnType<typeof copyTo>; release: (error?: Error) => void }> {
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      (error?: Error) => void,
    ];
    // COPY takes no parameters: the one place the values are written into the statement as literals.
    const select = exportSelectSql(tenantId, request, scope).toLiteralSql();
    const copy = client.query(
      copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER false, FORCE_QUOTE *)`),
    );
    return { copy, release };
  }

  /** The export's rows as arrays of text cells, in batches of 2,000. */
  async streamExportRows(
    tenantId: number,
    request: ExportRequest,
    scope: ExportScope,
  ): Promise<{ rows: AsyncIterable<string[]> & Readable; release: () => void }> {
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      () => void,
    ];
    const select = exportSelectSql(tenantId, request, scope, 'xlsx').toQuery();
    const rows = client.query(
      new QueryStream(select.text, select.values, { batchSize: 2000, rowMode: 'array' }),
    );
    return { rows: rows as AsyncIterable<string[]> & Readable, release };
  }

  /**
   * Every name and title the export's rows show, as one text: from the people and units in the file (thousands),
   * not from its rows (up to millions); a unit or course outside the file (or a manager's scope) is not included.
   */
  async findExportedTexts(tenantId: number, request: ExportRequest, scope: ReportScope): Promise<string> {
    const { fiscalYear } = request;
    const inTrack = request.trackCode ? sql`AND t.code = ${request.trackCode}` : sql.raw('');
    const inScope = sql`p.tenant_id = ${tenantId} AND p.fiscal_year = ${fiscalYear}
      AND p.path LIKE ${scope.scopePattern} AND p.path LIKE ${scope.unitPattern}`;
    const [row] = await run<{ text: string | null }>(
      this.dataSource,
      // From the people and units in the file (thousands), not from its rows (up to millions).
      sql`WITH unit_names AS (${unitNamesSql(tenantId, scope.reportDate)}),
       people AS MATERIALIZED (
         SELECT p.staff_id, p.staff_name, p.path, p.kind, p.position_id FROM report_person p
          WHERE ${inScope}
            ${
              request.trackCode
                ? sql`AND EXISTS (SELECT 1 FROM enrollment e JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
                                     JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
                                     WHERE e.tenant_id = ${tenantId} AND e.staff_id = p.staff_id AND e.fiscal_year = ${fiscalYear} ${inTrack})`
                : sql.raw('')
            }
       ),
       courses AS (
         SELECT DISTINCT c.title, t.name AS track_name FROM report_unit_course p
           JOIN course c ON c.tenant_id = p.tenant_id AND c.id = p.course_id
           JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
          WHERE ${inScope} AND p.assigned > 0 ${inTrack}
       )
       SELECT string_agg(DISTINCT txt, '') AS text FROM (
         SELECT p.staff_name AS txt FROM people p
         UNION SELECT n.name FROM (SELECT DISTINCT path, kind FROM people) p
                JOIN unit_names n ON n.code IN (${sql.raw(DEPARTMENT_CODE)}, ${sql.raw(SECTION_CODE)}, ${sql.raw(TEAM_CODE)})
         UNION SELECT title FROM courses
         UNION SELECT track_name FROM courses
         UNION SELECT pos.name FROM (SELECT DISTINCT position_id FROM people) p
                JOIN position pos ON pos.tenant_id = ${tenantId} AND pos.id = p.position_id) texts`,
    );
    return row?.text ?? '';
  }
}

type ExportScope = Pick<ReportScope, 'reportDate' | 'today' | 'scopePattern' | 'unitPattern'>;

/**
 * One SELECT for every export format (and the benchmark's floor): the contract's columns, text cells neutralised against formulas. People come
 * from the report cache in file order (tens of thousands of names to join and sort), and each one's assignments by
 * index: rows stream from the first one, with no sort of the whole year.
 */
export function exportSelectSql(
  tenantId: number,
  request: ExportRequest,
  scope: ExportScope,
  cells: 'csv' | 'xlsx' = 'csv',
): Sql {
  // A CSV cell can only be kept from running by a leading apostrophe; XLSX has real text cells (see xlsx()).
  const cell = cells === 'csv' ? csvNeutralised : (expression: string) => expression;
  const neutralised = (expression: string) => sql.raw(cell(expression));
  const fiscalYear = request.fiscalYear;
  // Text cells are neutralised once per person and once per course (thousands), not once per row (millions).
  return sql`WITH unit_names AS (${unitNamesSql(tenantId, scope.reportDate)}),
  courses AS MATERIALIZED (
    SELECT c.id, c.code, ${neutralised('t.name')} AS track_cell, ${neutralised('c.code')} AS code_cell, ${neutralised('c.title')} AS title_cell
      FROM course c JOIN track t ON t.tenant_id = c.tenant_id AND t.id = c.track_id
     WHERE c.tenant_id = ${tenantId} ${request.trackCode ? sql`AND t.code = ${request.trackCode}` : sql.raw('')}
  )
  SELECT ${fiscalYear}::int, p.department_cell, p.section_cell, p.section_name_cell, p.team_cell, p.employee_cell, p.name_cell,
         p.position_cell, p.employment_cell, x.track_cell, x.code_cell, x.title_cell, ${sql.raw(STATUS_LABEL)},
         to_char(x.due_date, 'YYYY-MM-DD'), coalesce(to_char(x.completed_on, 'YYYY-MM-DD'), '')
    FROM (
      SELECT p.staff_id, p.path, p.employee_no,
             ${neutralised(`coalesce(dn.name, '')`)} AS department_cell, ${neutralised(SECTION_CODE)} AS section_cell,
             ${neutralised(`coalesce(sn.name, '')`)} AS section_name_cell, ${neutralised(`coalesce(tn.name, '')`)} AS team_cell,
             ${neutralised('p.employee_no')} AS employee_cell, ${neutralised('p.staff_name')} AS name_cell,
             ${neutralised('pos.name')} AS position_cell, ${neutralised('p.employment_type')} AS employment_cell
        FROM report_person p
        JOIN position pos ON pos.tenant_id = p.tenant_id AND pos.id = p.position_id
        LEFT JOIN unit_names dn ON dn.code = ${sql.raw(DEPARTMENT_CODE)}
        LEFT JOIN unit_names sn ON sn.code = ${sql.raw(SECTION_CODE)}
        LEFT JOIN unit_names tn ON tn.code = ${sql.raw(TEAM_CODE)}
       WHERE p.tenant_id = ${tenantId} AND p.fiscal_year = ${fiscalYear}
         AND p.path LIKE ${scope.scopePattern} AND p.path LIKE ${scope.unitPattern}
       ORDER BY p.path, p.employee_no) p
    CROSS JOIN LATERAL (
      SELECT c.code, c.track_cell, c.code_cell, c.title_cell, e.due_date, e.completed_on, ${statusSql(scope.today)} AS status
        FROM enrollment e JOIN courses c ON c.id = e.course_id
       WHERE e.tenant_id = ${tenantId} AND e.staff_id = p.staff_id AND e.fiscal_year = ${fiscalYear}
       ORDER BY c.code) x
   -- Each person's rows come out of the LATERAL subquery already in course order (a subquery with ORDER BY is
   -- never flattened, so this is a nested loop over the ordered people): ordering by the person alone needs no
   -- sort of the million rows. exports.spec.ts checks the order of people with several courses.
   ORDER BY p.path, p.employee_no`;
}
