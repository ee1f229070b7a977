import ExcelJS from 'exceljs';
import { EventEmitter, once } from 'node:events';
import { PassThrough } from 'node:stream';
import { FORMULA_START_PATTERN } from '@dx/domain';

const FORMULA_START = new RegExp(FORMULA_START_PATTERN);
/** One sheet holds 1,048,576 rows: the header and 1,048,575 rows; the rest continues on the next sheet. */
export const ROWS_PER_SHEET = 1_048_575;

export interface XlsxExportOptions {
  columns: readonly string[];
  /** The indexes of the columns that hold text (formula-looking values there also get the Text format). */
  textColumns: readonly number[];
  sheetTitle: string;
  /** Called once the rows are read to their end, or when the download stopped or failed. */
  release: () => void;
}

/**
 * The rows as an XLSX workbook, streamed: written while they are read, never held whole. Returns the stream and how
 * many data rows have been written so far.
 */
export function streamXlsx(
  rows: AsyncIterable<string[]>,
  options: XlsxExportOptions,
): { stream: PassThrough; rowsWritten: () => number } {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  const addSheet = (name: string) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = options.columns.map((header) => ({
      header,
      width: header === '研修名' || header === '所属名' ? 28 : 14,
    }));
    sheet.getRow(1).font = { bold: true };
    return sheet;
  };
  let sheet = addSheet(options.sheetTitle);
  let rowsInSheet = 0;
  let sheetCount = 1;
  let rowsWritten = 0;
  (async () => {
    try {
      for await (const row of rows) {
        if (rowsInSheet === ROWS_PER_SHEET) {
          sheet.commit();
          sheet = addSheet(`${options.sheetTitle} (${++sheetCount})`);
          rowsInSheet = 0;
        }
        const added = sheet.addRow(row);
        // Values are written as text cells, never formulas; one that looks like a formula also gets the Text
        // format, so editing it in Excel (F2, Enter) keeps it text. No apostrophe shows, unlike in the CSV.
        for (const column of options.textColumns) {
          if (FORMULA_START.test(row[column])) added.getCell(column + 1).numFmt = '@';
        }
        added.commit();
        rowsInSheet++;
        rowsWritten++;
        // The workbook writer never pushes back: wait while the download is behind (a slow client) and while the
        // sheet's XML waits for deflate, so that neither makes the server hold the file in memory.
        if (rowsInSheet % 500 === 0) {
          if (output.writableNeedDrain) await Promise.race([once(output, 'drain'), once(output, 'close')]);
          const sheetXml = sheetBacklog(sheet);
          if (sheetXml && behind(sheetXml))
            await Promise.race([once(sheetXml, 'drain'), once(output, 'close')]);
        }
        if (output.destroyed) throw new Error('export aborted');
      }
      sheet.commit();
      await workbook.commit();
      options.release();
    } catch (error) {
      options.release();
      output.destroy(error as Error);
    }
  })();
  return { stream: output, rowsWritten: () => rowsWritten };
}

/** A writable stream of Node's or of readable-stream 2 (which archiver, under ExcelJS, still uses). */
type PendingXml = EventEmitter & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };

/**
 * The sheet's XML on its way into the zip's deflate. ExcelJS writes every row into it without waiting (its StreamBuf
 * ignores the answer of write), so while deflate is behind, the XML of every row written since piles up: a
 * 400,000-row sheet held ~250 MB of it at once and the process's RSS grew by 420 MB (ExcelJS alone); waiting for it
 * to drain every 500 rows keeps it under 40 MB (RSS +95 MB), and is faster. Not in ExcelJS's typed API: undefined if
 * a later version keeps it elsewhere (then only the download is waited for; xlsx-export.spec.ts fails first).
 */
export function sheetBacklog(sheet: ExcelJS.Worksheet): PendingXml | undefined {
  const pipe = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0];
  return pipe instanceof EventEmitter ? (pipe as PendingXml) : undefined;
}

function behind(stream: PendingXml): boolean {
  return stream.writableNeedDrain ?? stream._writableState?.needDrain ?? false;
}
