import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { encodeCp932WithReport } from '@dx/codecs';
import { FORMULA_START_PATTERN, formatFiscalYear, toCsvLine, UTF8_BOM } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { run, type Sql, sql } from '../database/sql';
import { DEPARTMENT_CODE, SECTION_CODE, statusSql, TEAM_CODE, unitNamesSql } from './placement';
import type { ReportScope } from '../access/access.service';
import { ReportsService } from './reports.service';

export const EXPORT_COLUMNS = [
  '年度',
  '部局',
  '所属コード',
  '所属名',
  '班',
  '職員番号',
  '氏名',
  '職位',
  '雇用区分',
  '研修体系',
  '研修コード',
  '研修名',
  '状態',
  '期限',
  '修了日',
] as const;

/**
 * A text cell of the CSV exports, neutralised in SQL: Excel treats a cell starting like a formula as one, and a
 * leading quote makes it text. The benchmark's floor writes its cells with the same expression.
 */
export const csvNeutralised = (expression: string) =>
  `CASE WHEN ${expression} ~ '${FORMULA_START_PATTERN}' THEN '''' || ${expression} ELSE ${expression} END`;
const FORMULA_START = new RegExp(FORMULA_START_PATTERN);
/** The columns of the export that hold text (not the fiscal year, the dates or the status label). */
const TEXT_COLUMNS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

const STATUS_LABEL = `CASE x.status WHEN 'completed' THEN '修了' WHEN 'exempt' THEN '免除' WHEN 'overdue' THEN '期限超過'
                                   WHEN 'renewal_overdue' THEN '更新期限切れ' WHEN 'in_progress' THEN '受講中' ELSE '未着手' END`;

export interface ExportRequest {
  fiscalYear: number;
  orgUnitCode?: string;
  trackCode?: string;
}

export interface ExportStream {
  stream: Readable;
  fileName: string;
  /** Characters Shift_JIS cannot hold that appear in the data (written as 〓), known before streaming. */
  substituted: string[];
  /** Data rows written (null while unknown): asked for the export's audit line once the download has ended. */
  rows: () => number | null;
}

/** Exports of one row per person and assigned course, streamed from the database, never built in memory. */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
  ) {}

  async csv(user: AuthUser, request: ExportRequest, encoding: 'utf-8' | 'shift_jis'): Promise<ExportStream> {
    const scope = await this.reports.currentScope(user, request.fiscalYear, request.orgUnitCode);
    // The name says the encoding: the two CSV files of one year are told apart in the downloads folder.
    const fileName = `受講状況_${formatFiscalYear(request.fiscalYear)}_${encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS'}.csv`;
    const substituted =
      encoding === 'shift_jis' ? await this.unencodableCharacters(user, request, scope) : [];
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      (error?: Error) => void,
    ];
    // COPY takes no parameters: the one place the values are written into the statement as literals.
    const select = exportSelectSql(user.tenantId, request, scope).toLiteralSql();
    const copy = client.query(
      copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER false, FORCE_QUOTE *)`),
    );
    let released = false;
    // A connection whose COPY did not finish (error, or the download was aborted) is discarded by the pool
    // rather than handed to the next request mid-COPY.
    const releaseOnce = (error?: Error) => {
      if (released) return;
      released = true;
      release(error);
    };
    copy.on('end', () => releaseOnce());
    copy.on('error', (error) => releaseOnce(error));
    const output = new PassThrough();
    const header = toCsvLine([...EXPORT_COLUMNS]);
    if (encoding === 'utf-8') {
      output.write(Buffer.from(UTF8_BOM + header, 'utf8'));
      copy.pipe(crlfLines()).pipe(output);
    } else {
      output.write(Buffer.from(encodeCp932WithReport(header).bytes));
      copy.pipe(cp932Transcoder(substituted)).pipe(output);
    }
    copy.on('error', (error) => output.destroy(error));
    output.on('close', () => {
      if (!copy.readableEnded) {
        copy.destroy();
        releaseOnce(new Error('export aborted'));
      }
    });
    return { stream: output, fileName, substituted, rows: () => (copy.readableEnded ? copy.rowCount : null) };
  }

  async xlsx(user: AuthUser, request: ExportRequest): Promise<ExportStream> {
    const scope = await this.reports.currentScope(user, request.fiscalYear, request.orgUnitCode);
    const fileName = `受講状況_${formatFiscalYear(request.fiscalYear)}.xlsx`;
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      () => void,
    ];
    const select = exportSelectSql(user.tenantId, request, scope, 'xlsx').toQuery();
    const query = client.query(
      new QueryStream(select.text, select.values, { batchSize: 2000, rowMode: 'array' }),
    );
    const output = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheetTitle = formatFiscalYear(request.fiscalYear);
    let sheet = addSheet(workbook, sheetTitle);
    let rowsInSheet = 0;
    let sheetCount = 1;
    let rowsWritten = 0;
    (async () => {
      try {
        for await (const row of query as AsyncIterable<string[]>) {
          if (rowsInSheet === 1_048_575) {
            // One sheet holds 1,048,576 rows: the rest continues on the next sheet.
            sheet.commit();
            sheet = addSheet(workbook, `${sheetTitle} (${++sheetCount})`);
            rowsInSheet = 0;
          }
          const added = sheet.addRow(row);
          // Values are written as text cells, never formulas; one that looks like a formula also gets the Text
          // format, so editing it in Excel (F2, Enter) keeps it text. No apostrophe shows, unlike in the CSV.
          for (const column of TEXT_COLUMNS) {
            if (FORMULA_START.test(row[column])) added.getCell(column + 1).numFmt = '@';
          }
          added.commit();
          rowsInSheet++;
          rowsWritten++;
          // The workbook writer never pushes back: wait while the download is behind, so a slow client does not
          // make the server hold the file in memory.
          if (rowsInSheet % 500 === 0 && output.writableNeedDrain)
            await Promise.race([once(output, 'drain'), once(output, 'close')]);
          if (output.destroyed) throw new Error('export aborted');
        }
        sheet.commit();
        await workbook.commit();
        release();
      } catch (error) {
        release();
        output.destroy(error as Error);
      }
    })();
    return { stream: output, fileName, substituted: [], rows: () => rowsWritten };
  }

  /**
   * The characters of the exported names and titles that CP932 cannot hold. Names are few next to the rows,
   * so this is known before the first byte is sent and can travel in a response header. Only the texts of the
   * exported rows count: a unit or course outside the file (or outside a manager's scope) is not reported.
   */
  private async unencodableCharacters(
    user: AuthUser,
    request: ExportRequest,
    scope: ReportScope,
  ): Promise<string[]> {
    const { tenantId } = user;
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
                ? sql`AND EXISTS (SELECT 1 FROM enrollment e JOIN course c ON c.id = e.course_id JOIN track t ON t.id = c.track_id
                                     WHERE e.staff_id = p.staff_id AND e.fiscal_year = ${fiscalYear} ${inTrack})`
                : sql.raw('')
            }
       ),
       courses AS (
         SELECT DISTINCT c.title, t.name AS track_name FROM report_unit_course p
           JOIN course c ON c.id = p.course_id JOIN track t ON t.id = c.track_id
          WHERE ${inScope} AND p.assigned > 0 ${inTrack}
       )
       SELECT string_agg(DISTINCT txt, '') AS text FROM (
         SELECT p.staff_name AS txt FROM people p
         UNION SELECT n.name FROM (SELECT DISTINCT path, kind FROM people) p
                JOIN unit_names n ON n.code IN (${sql.raw(DEPARTMENT_CODE)}, ${sql.raw(SECTION_CODE)}, ${sql.raw(TEAM_CODE)})
         UNION SELECT title FROM courses
         UNION SELECT track_name FROM courses
         UNION SELECT pos.name FROM (SELECT DISTINCT position_id FROM people) p JOIN position pos ON pos.id = p.position_id) texts`,
    );
    return encodeCp932WithReport(row?.text ?? '').substituted;
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
      FROM course c JOIN track t ON t.id = c.track_id
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
        JOIN position pos ON pos.id = p.position_id
        LEFT JOIN unit_names dn ON dn.code = ${sql.raw(DEPARTMENT_CODE)}
        LEFT JOIN unit_names sn ON sn.code = ${sql.raw(SECTION_CODE)}
        LEFT JOIN unit_names tn ON tn.code = ${sql.raw(TEAM_CODE)}
       WHERE p.tenant_id = ${tenantId} AND p.fiscal_year = ${fiscalYear}
         AND p.path LIKE ${scope.scopePattern} AND p.path LIKE ${scope.unitPattern}
       ORDER BY p.path, p.employee_no) p
    CROSS JOIN LATERAL (
      SELECT c.code, c.track_cell, c.code_cell, c.title_cell, e.due_date, e.completed_on, ${statusSql(scope.today)} AS status
        FROM enrollment e JOIN courses c ON c.id = e.course_id
       WHERE e.staff_id = p.staff_id AND e.fiscal_year = ${fiscalYear}
       ORDER BY c.code) x
   -- Each person's rows come out of the LATERAL subquery already in course order (a subquery with ORDER BY is
   -- never flattened, so this is a nested loop over the ordered people): ordering by the person alone needs no
   -- sort of the million rows. exports.spec.ts checks the order of people with several courses.
   ORDER BY p.path, p.employee_no`;
}

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((header) => ({
    header,
    width: header === '研修名' || header === '所属名' ? 28 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/**
 * COPY ends its lines with LF; the header and the note (toCsvLine) with CRLF, as RFC 4180 has it. LF is one byte
 * that never occurs inside a multi-byte UTF-8 character, so chunks can be rewritten independently.
 */
function crlfLines(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, Buffer.from(chunk.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'));
    },
  });
}

/** UTF-8 in, CP932 out, chunk by chunk; what CP932 cannot hold becomes 〓 and is noted at the end of the file. */
function cp932Transcoder(announced: string[]): Transform {
  const decoder = new StringDecoder('utf8');
  const seen = new Set<string>();
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      // COPY's LF line ends become CRLF, like the header's and the note's.
      const { bytes, substituted } = encodeCp932WithReport(decoder.write(chunk).replace(/\n/g, '\r\n'));
      substituted.forEach((c) => seen.add(c));
      callback(null, Buffer.from(bytes));
    },
    flush(callback) {
      const rest = encodeCp932WithReport(decoder.end().replace(/\n/g, '\r\n'));
      rest.substituted.forEach((c) => seen.add(c));
      const all = [...new Set([...announced, ...seen])].filter((c) => seen.has(c));
      const chunks = [Buffer.from(rest.bytes)];
      if (all.length > 0) {
        const codes = all.map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase()).join(' ');
        const note = toCsvLine([`注記: Shift_JIS で表せない文字（${codes}）を 〓 に置き換えました。`]);
        chunks.push(Buffer.from(encodeCp932WithReport(note).bytes));
      }
      callback(null, Buffer.concat(chunks));
    },
  });
}
