// Reading CSV text: RFC 4180 records and an upload's table by header name. Pure, so it runs anywhere; turning the
// uploaded bytes into text (UTF-8, BOM or Shift_JIS) needs iconv-lite and is in @dx/codecs (readCsvTable).

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

/**
 * What one uploaded file may hold. A file is read whole into memory (20 MB at most), so these bound what reading it
 * builds beside the text: a file of blank lines, commas or one endless cell costs no more than a real roster.
 */
export interface CsvLimits {
  /** Data rows, blank lines not counted. A prefecture's roster is about 30,000. */
  maxRows: number;
  /** Named columns of the header; empty ones past them (Excel writes its used range) are only counted. */
  maxColumns: number;
  /** Characters of one cell (names, codes and e-mail addresses are far shorter). */
  maxFieldLength: number;
}

export const CSV_LIMITS: Readonly<CsvLimits> = { maxRows: 100_000, maxColumns: 1_000, maxFieldLength: 1_000 };

export interface ReadCsvOptions {
  /** Columns read when the file has them; any other column is ignored and not kept. */
  optional?: readonly string[];
  limits?: Partial<CsvLimits>;
  /** Header names as compared and as the rows' keys (e.g. ignoring case and spaces); default: as written. */
  headerKey?: (name: string) => string;
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** 0-based index of the field the problem is in, when known. */
    readonly field?: number,
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

export function describeIssue(issue: CsvFormatIssue): string {
  return issue.row === undefined ? issue.message : `${issue.row}行目：${issue.message}`;
}

const UNQUOTED_FIELD = /[^,\r\n"]*/y;
const LF = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;
/** charCodeAt past the end of the text is NaN (compared so rather than with Number.isNaN, a call in a hot loop). */
const isPastEnd = (c: number) => c !== c;
const count = (n: number) => n.toLocaleString('en-US');
const MESSAGES = {
  empty: 'ファイルが空です',
  unterminatedQuote: '閉じられていない引用符があります',
  quoteInUnquotedField: '引用符で囲まれていない項目の途中に引用符（"）があります',
  textAfterClosingQuote: '引用符で囲まれた項目の後に区切り文字（,）以外の文字があります',
  fieldTooLong: (max: number) => `項目が長すぎます（1項目${count(max)}文字まで）`,
  quotedFieldTooLong: (max: number) =>
    `引用符で囲まれた項目が長すぎます（1項目${count(max)}文字まで）。閉じる引用符（"）が抜けていないか確認してください`,
  tooManyColumns: (max: number, found: number) =>
    `見出し行の列が多すぎます（${count(found)}列。${count(max)}列まで）`,
  tooManyRows: (max: number) =>
    `データ行が多すぎます。1つのファイルで取り込めるのは${count(max)}行までです（空行は数えません）`,
  missingColumn: (column: string) => `必須の列「${column}」がありません`,
  duplicatedColumn: (column: string) => `列「${column}」が重複しています`,
  tooManyFields: (headerCount: number, fieldCount: number) =>
    `項目の数が見出し行より多くなっています（見出し ${count(headerCount)} 列、この行 ${count(fieldCount)} 項目）`,
} as const;

/** Line breaks (CRLF, CR or LF) in text[from, to), counted without building anything. */
export function countLineBreaks(text: string, from = 0, to = text.length): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR) {
      breaks++;
      if (i + 1 < to && text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return breaks;
}

interface Cursor {
  readonly text: string;
  readonly maxFieldLength: number;
  position: number;
  line: number;
}

function readUnquotedField(cursor: Cursor, field: number): string {
  UNQUOTED_FIELD.lastIndex = cursor.position;
  const value = UNQUOTED_FIELD.exec(cursor.text)?.[0] ?? '';
  if (value.length > cursor.maxFieldLength) {
    throw new CsvSyntaxError(MESSAGES.fieldTooLong(cursor.maxFieldLength), cursor.line, field);
  }
  cursor.position += value.length;
  if (cursor.text.charCodeAt(cursor.position) === QUOTE) {
    throw new CsvSyntaxError(MESSAGES.quoteInUnquotedField, cursor.line, field);
  }
  return value;
}

function readQuotedField(cursor: Cursor, field: number): string {
  const { text } = cursor;
  const startLine = cursor.line;
  let value = '';
  let position = cursor.position + 1;
  for (;;) {
    const quote = text.indexOf('"', position);
    if (quote < 0) throw new CsvSyntaxError(MESSAGES.unterminatedQuote, startLine, field);
    // Checked before anything is copied: a stray quote would otherwise swallow the rest of the file.
    if (value.length + quote - position > cursor.maxFieldLength) {
      throw new CsvSyntaxError(MESSAGES.quotedFieldTooLong(cursor.maxFieldLength), startLine, field);
    }
    value += text.slice(position, quote);
    cursor.line += countLineBreaks(text, position, quote);
    if (text.charCodeAt(quote + 1) !== QUOTE) {
      cursor.position = quote + 1;
      return value;
    }
    value += '"';
    position = quote + 2;
  }
}

function isEndOfField(cursor: Cursor): boolean {
  const next = cursor.text.charCodeAt(cursor.position);
  return isPastEnd(next) || next === COMMA || next === CR || next === LF;
}

function readField(cursor: Cursor, field: number): string {
  if (cursor.text.charCodeAt(cursor.position) !== QUOTE) return readUnquotedField(cursor, field);
  const value = readQuotedField(cursor, field);
  if (!isEndOfField(cursor)) throw new CsvSyntaxError(MESSAGES.textAfterClosingQuote, cursor.line, field);
  return value;
}

function skipLineBreak(cursor: Cursor): void {
  if (cursor.position >= cursor.text.length) return;
  cursor.position += cursor.text.startsWith('\r\n', cursor.position) ? 2 : 1;
  cursor.line += 1;
}

interface ReadRecord extends CsvRecord {
  /** Fields in the record, also those beyond the ones kept. */
  count: number;
  /** Whether a field beyond the ones kept held anything but spaces. */
  skippedContent: boolean;
}

/**
 * One record, keeping at most `keep` fields (the rest are only counted, so that a line of a million commas costs a
 * counter, not an array).
 */
function readRecord(cursor: Cursor, keep = Infinity): ReadRecord {
  const line = cursor.line;
  const fields = [readField(cursor, 0)];
  let fieldCount = 1;
  let skippedContent = false;
  const { text } = cursor;
  while (text.charCodeAt(cursor.position) === COMMA) {
    cursor.position += 1;
    if (fieldCount < keep) {
      fields.push(readField(cursor, fieldCount));
    } else if (text.charCodeAt(cursor.position) === QUOTE) {
      if (readField(cursor, fieldCount).trim() !== '') skippedContent = true;
    } else {
      // Unquoted fields past the kept ones: only looked at up to the next delimiter.
      let c = text.charCodeAt(cursor.position);
      while (!isPastEnd(c) && c !== COMMA && c !== CR && c !== LF) {
        if (c === QUOTE) throw new CsvSyntaxError(MESSAGES.quoteInUnquotedField, cursor.line, fieldCount);
        if (!isBlankCharacter(c)) skippedContent = true;
        c = text.charCodeAt(++cursor.position);
      }
    }
    fieldCount++;
  }
  skipLineBreak(cursor);
  return { line, fields, count: fieldCount, skippedContent };
}

function isEmptyLine(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0] === '';
}

/** RFC 4180 records, each with the physical line it starts on. Throws CsvSyntaxError. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const cursor: Cursor = { text, maxFieldLength: Infinity, position: 0, line: 1 };
  const records: CsvRecord[] = [];
  while (cursor.position < text.length) {
    const { line, fields } = readRecord(cursor);
    records.push({ line, fields });
  }
  while (records.length > 0 && isEmptyLine(records[records.length - 1])) {
    records.pop();
  }
  return records;
}

export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((record) => record.fields);
}

function isBlankRecord(record: CsvRecord & { skippedContent?: boolean }): boolean {
  return !record.skippedContent && record.fields.every((field) => field.trim() === '');
}

/** Characters a blank line may hold besides its line break: commas and the spaces that trim() removes. */
function isBlankCharacter(c: number): boolean {
  return c === COMMA || c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xfeff || c === 0xa0;
}

/**
 * Moves past the line at the cursor if it holds nothing but commas and spaces, without building its fields: files
 * exported with a fixed number of lines may end in thousands of them.
 */
function skipBlankLine(cursor: Cursor): boolean {
  const { text } = cursor;
  let position = cursor.position;
  let c = text.charCodeAt(position);
  while (isBlankCharacter(c)) c = text.charCodeAt(++position);
  if (!(isPastEnd(c) || c === CR || c === LF)) return false;
  cursor.position = position;
  skipLineBreak(cursor);
  return true;
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

function syntaxIssue(error: CsvSyntaxError, header?: readonly string[]): CsvFormatIssue {
  const column = header && error.field !== undefined ? header[error.field] : undefined;
  return column
    ? { row: error.line, column, message: error.message }
    : { row: error.line, message: error.message };
}

interface Header {
  /** The names of the first columns, at most the limit; any past them are empty. */
  names: string[];
  /** Fields of the header record, the empty ones past the names included. */
  width: number;
}

/** The first record, which is the header; a file of blank lines only is empty. */
function readHeader(cursor: Cursor, limits: CsvLimits): Header {
  if (cursor.text.length === 0) throw new CsvFormatError([{ message: MESSAGES.empty }]);
  const record = readRecord(cursor, limits.maxColumns);
  if (record.skippedContent) {
    throw new CsvFormatError([
      { row: record.line, message: MESSAGES.tooManyColumns(limits.maxColumns, record.count) },
    ]);
  }
  const header = { names: record.fields.map(normalizeHeaderName), width: record.count };
  if (!isBlankRecord(record)) return header;
  while (cursor.position < cursor.text.length) {
    if (skipBlankLine(cursor)) continue;
    if (!isBlankRecord(readRecord(cursor, limits.maxColumns))) return header;
  }
  throw new CsvFormatError([{ message: MESSAGES.empty }]);
}

/**
 * Reads the decoded text of an uploaded CSV into rows keyed by header name (the required and optional columns only).
 * Every problem that can be found is reported at once, so that HR can fix the file in one go. Reading goes record by
 * record over the text, so what it holds beside the text is the rows it keeps; blank lines cost nothing and a file
 * beyond the limits is refused as soon as it is seen to be. (`readCsvTable` in @dx/codecs decodes the bytes first.)
 */
export function readCsvText(
  { text, encoding }: DecodedCsv,
  required: readonly string[],
  options: ReadCsvOptions = {},
): CsvTable {
  const limits: CsvLimits = { ...CSV_LIMITS, ...options.limits };
  const cursor: Cursor = { text, maxFieldLength: limits.maxFieldLength, position: 0, line: 1 };
  let header: string[] | undefined;
  try {
    const { names, width } = readHeader(cursor, limits);
    header = options.headerKey ? names.map((name) => (name === '' ? '' : options.headerKey!(name))) : names;
    const headerIssues = findHeaderIssues(header, required);
    if (headerIssues.length > 0) throw new CsvFormatError(headerIssues);

    const wanted = new Set([...required, ...(options.optional ?? [])]);
    const kept = header.flatMap((column, index) =>
      column !== '' && wanted.has(column) ? [{ column, index }] : [],
    );
    const rows: CsvRow[] = [];
    const rowIssues: CsvFormatIssue[] = [];
    let dataRows = 0;
    while (cursor.position < text.length) {
      if (skipBlankLine(cursor)) continue;
      const record = readRecord(cursor, header.length);
      if (isBlankRecord(record)) continue;
      if (++dataRows > limits.maxRows) {
        throw new CsvFormatError([{ row: record.line, message: MESSAGES.tooManyRows(limits.maxRows) }]);
      }
      if (record.count > width) {
        // The file is refused: the rows read so far are no longer needed.
        rows.length = 0;
        rowIssues.push({ row: record.line, message: MESSAGES.tooManyFields(width, record.count) });
        continue;
      }
      if (rowIssues.length > 0) continue;
      const values: Record<string, string> = {};
      for (const { column, index } of kept) values[column] = (record.fields[index] ?? '').trim();
      rows.push({ line: record.line, values });
    }
    if (rowIssues.length > 0) throw new CsvFormatError(rowIssues);
    return { encoding, header, rows };
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new CsvFormatError([syntaxIssue(error, header)]);
    throw error;
  }
}
