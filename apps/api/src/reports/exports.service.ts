import { Injectable } from '@nestjs/common';
import { PassThrough, Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { encodeCp932WithReport } from '@dx/codecs';
import { formatFiscalYear, toCsvLine, UTF8_BOM } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import type { ReportScope } from '../access/access.service';
import { ExportsRepository } from './exports.repository';
import { ReportsService } from './reports.service';
import { streamXlsx } from './xlsx-export';

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
    const xlsx = streamXlsx(query, {
      columns: EXPORT_COLUMNS,
      textColumns: TEXT_COLUMNS,
      sheetTitle: formatFiscalYear(request.fiscalYear),
      release,
    });
    return { stream: xlsx.stream, fileName, substituted: [], rows: xlsx.rowsWritten };
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
