import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { encodeCp932WithReport } from '@dx/codecs';
import { FORMULA_START_PATTERN, formatFiscalYear, toCsvLine, UTF8_BOM } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import type { ReportScope } from '../access/access.service';
import { ExportsRepository } from './exports.repository';
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

const FORMULA_START = new RegExp(FORMULA_START_PATTERN);
/** The columns of the export that hold text (not the fiscal year, the dates or the status label). */
const TEXT_COLUMNS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

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
    private readonly reports: ReportsService,
    private readonly repository: ExportsRepository,
  ) {}

  async csv(user: AuthUser, request: ExportRequest, encoding: 'utf-8' | 'shift_jis'): Promise<ExportStream> {
    const scope = await this.reports.currentScope(user, request.fiscalYear, request.orgUnitCode);
    // The name says the encoding: the two CSV files of one year are told apart in the downloads folder.
    const fileName = `受講状況_${formatFiscalYear(request.fiscalYear)}_${encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS'}.csv`;
    const substituted =
      encoding === 'shift_jis' ? await this.unencodableCharacters(user, request, scope) : [];
    const { copy, release } = await this.repository.copyExportRows(user.tenantId, request, scope);
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
    const { rows: query, release } = await this.repository.streamExportRows(user.tenantId, request, scope);
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
        for await (const row of query) {
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
   * The characters of the exported names and titles that CP932 cannot hold, known before the first byte is sent so
   * that they can travel in a response header. Only the texts of the exported rows count.
   */
  private async unencodableCharacters(
    user: AuthUser,
    request: ExportRequest,
    scope: ReportScope,
  ): Promise<string[]> {
    return encodeCp932WithReport(await this.repository.findExportedTexts(user.tenantId, request, scope))
      .substituted;
  }
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
