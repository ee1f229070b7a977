import * as iconv from 'iconv-lite';

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';

export interface DecodedCsv {
  text: string;
  encoding: DetectedEncoding;
}

/** A problem found in an uploaded file; `row` is the 1-based physical line, the header being line 1. */
export interface CsvFormatIssue {
  row?: number;
  column?: string;
  message: string;
}

export interface CsvRow {
  /** 1-based physical line on which the record starts. */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  encoding: DetectedEncoding;
  header: string[];
  rows: CsvRow[];
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export class CsvFormatError extends Error {
  constructor(readonly errors: CsvFormatIssue[]) {
    super(errors.map(describeIssue).join('\n'));
    this.name = 'CsvFormatError';
  }
}

function describeIssue(issue: CsvFormatIssue): string {
  return issue.row === undefined ? issue.message : `${issue.row}行目：${issue.message}`;
}

const UTF8_BOM_BYTES = [0xef, 0xbb, 0xbf];
const REPLACEMENT_CHARACTER = '\ufffd';
const UNQUOTED_FIELD = /[^,\r\n"]*/y;
const LINE_BREAK = /\r\n|\r|\n/g;
const MESSAGES = {
  empty: 'ファイルが空です',
  binary: 'CSVファイルではありません（バイナリデータが含まれています）',
  undecodable:
    '読み取れない文字があります。UTF-8 または Shift_JIS（CP932）で保存したCSVファイルを指定してください',
  unterminatedQuote: '閉じられていない引用符があります',
  quoteInUnquotedField: '引用符で囲まれていない項目の途中に引用符（"）があります',
  textAfterClosingQuote: '引用符で囲まれた項目の後に区切り文字（,）以外の文字があります',
  missingColumn: (column: string) => `必須の列「${column}」がありません`,
  duplicatedColumn: (column: string) => `列「${column}」が重複しています`,
  tooManyFields: (headerCount: number, fieldCount: number) =>
    `項目の数が見出し行より多くなっています（見出し ${headerCount} 列、この行 ${fieldCount} 項目）`,
} as const;

function countLineBreaks(s: string): number {
  return s.match(LINE_BREAK)?.length ?? 0;
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM_BYTES.every((b, i) => bytes[i] === b);
}

function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Japanese HR systems export either UTF-8 (often with a BOM, as Excel writes it) or Shift_JIS.
 * Shift_JIS text is almost never valid UTF-8, so a strict UTF-8 decode is a reliable test; CP932
 * (Microsoft's Shift_JIS) is used rather than plain Shift_JIS because it holds the NEC and IBM
 * extension characters such as 髙 and 﨑 that appear in names.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  const utf8 = decodeStrictUtf8(bytes);
  const withBom = hasUtf8Bom(bytes);
  if (utf8 !== null) {
    // TextDecoder already dropped the BOM.
    return { text: utf8, encoding: withBom ? 'utf-8-bom' : 'utf-8' };
  }
  if (withBom) throw new CsvFormatError([{ message: MESSAGES.undecodable }]);
  const cp932 = iconv.decode(bytes, 'cp932');
  // A replacement character means the bytes were neither encoding: importing them would
  // silently corrupt names, so the file is refused, pointing at the first line affected.
  const undecodable = cp932.indexOf(REPLACEMENT_CHARACTER);
  if (undecodable >= 0) {
    const row = countLineBreaks(cp932.slice(0, undecodable)) + 1;
    throw new CsvFormatError([{ row, message: MESSAGES.undecodable }]);
  }
  return { text: cp932, encoding: 'shift_jis' };
}

interface Cursor {
  readonly text: string;
  position: number;
  line: number;
}

function readUnquotedField(cursor: Cursor): string {
  UNQUOTED_FIELD.lastIndex = cursor.position;
  const value = UNQUOTED_FIELD.exec(cursor.text)?.[0] ?? '';
  cursor.position += value.length;
  if (cursor.text[cursor.position] === '"') {
    throw new CsvSyntaxError(MESSAGES.quoteInUnquotedField, cursor.line);
  }
  return value;
}

function readQuotedField(cursor: Cursor): string {
  const startLine = cursor.line;
  const parts: string[] = [];
  let position = cursor.position + 1;
  for (;;) {
    const quote = cursor.text.indexOf('"', position);
    if (quote < 0) throw new CsvSyntaxError(MESSAGES.unterminatedQuote, startLine);
    const part = cursor.text.slice(position, quote);
    parts.push(part);
    cursor.line += countLineBreaks(part);
    if (cursor.text[quote + 1] !== '"') {
      cursor.position = quote + 1;
      return parts.join('');
    }
    parts.push('"');
    position = quote + 2;
  }
}

function isEndOfField(cursor: Cursor): boolean {
  const next = cursor.text[cursor.position];
  return next === undefined || next === ',' || next === '\r' || next === '\n';
}

function readField(cursor: Cursor): string {
  if (cursor.text[cursor.position] !== '"') return readUnquotedField(cursor);
  const value = readQuotedField(cursor);
  if (!isEndOfField(cursor)) throw new CsvSyntaxError(MESSAGES.textAfterClosingQuote, cursor.line);
  return value;
}

function skipLineBreak(cursor: Cursor): void {
  if (cursor.position >= cursor.text.length) return;
  cursor.position += cursor.text.startsWith('\r\n', cursor.position) ? 2 : 1;
  cursor.line += 1;
}

function readRecord(cursor: Cursor): CsvRecord {
  const line = cursor.line;
  const fields = [readField(cursor)];
  while (cursor.text[cursor.position] === ',') {
    cursor.position += 1;
    fields.push(readField(cursor));
  }
  skipLineBreak(cursor);
  return { line, fields };
}

function isEmptyLine(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0] === '';
}

/** RFC 4180 records, each with the physical line it starts on. Throws CsvSyntaxError. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const cursor: Cursor = { text, position: 0, line: 1 };
  const records: CsvRecord[] = [];
  while (cursor.position < text.length) {
    records.push(readRecord(cursor));
  }
  while (records.length > 0 && isEmptyLine(records[records.length - 1])) {
    records.pop();
  }
  return records;
}

export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((record) => record.fields);
}

function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((field) => field.trim() === '');
}

function normalizeHeaderName(name: string): string {
  return name.replace(/\ufeff/g, '').trim();
}

function findHeaderIssues(header: readonly string[], required: readonly string[]): CsvFormatIssue[] {
  const seen = new Set<string>();
  const issues: CsvFormatIssue[] = [];
  for (const column of header) {
    if (column !== '' && seen.has(column)) {
      issues.push({ row: 1, column, message: MESSAGES.duplicatedColumn(column) });
    }
    seen.add(column);
  }
  for (const column of required) {
    if (!seen.has(column)) issues.push({ row: 1, column, message: MESSAGES.missingColumn(column) });
  }
  return issues;
}

function toRow(record: CsvRecord, header: readonly string[]): CsvRow {
  const values: Record<string, string> = {};
  header.forEach((column, index) => {
    if (column !== '') values[column] = (record.fields[index] ?? '').trim();
  });
  return { line: record.line, values };
}

function parseRecordsOrThrow(text: string): CsvRecord[] {
  try {
    return parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new CsvFormatError([{ row: error.line, message: error.message }]);
    }
    throw error;
  }
}

function decodeTextOrThrow(bytes: Uint8Array): DecodedCsv {
  if (bytes.length === 0) throw new CsvFormatError([{ message: MESSAGES.empty }]);
  if (bytes.includes(0)) throw new CsvFormatError([{ message: MESSAGES.binary }]);
  return decodeCsvBytes(bytes);
}

/**
 * Reads an uploaded CSV into rows keyed by header name. Every problem that can be found is
 * reported at once, so that HR can fix the file in one go.
 */
export function readCsvTable(bytes: Uint8Array, required: readonly string[]): CsvTable {
  const { text, encoding } = decodeTextOrThrow(bytes);
  const records = parseRecordsOrThrow(text);
  if (records.every(isBlankRecord)) throw new CsvFormatError([{ message: MESSAGES.empty }]);

  const [headerRecord, ...dataRecords] = records;
  const header = headerRecord.fields.map(normalizeHeaderName);
  const headerIssues = findHeaderIssues(header, required);
  if (headerIssues.length > 0) throw new CsvFormatError(headerIssues);

  const filled = dataRecords.filter((record) => !isBlankRecord(record));
  const rowIssues = filled
    .filter((record) => record.fields.length > header.length)
    .map((record) => ({
      row: record.line,
      message: MESSAGES.tooManyFields(header.length, record.fields.length),
    }));
  if (rowIssues.length > 0) throw new CsvFormatError(rowIssues);

  return { encoding, header, rows: filled.map((record) => toRow(record, header)) };
}
