// Pure rules of the exports (Excel-safe cells, CSV lines); the Shift_JIS (CP932) encoding is in @dx/codecs.

/** Excel recognises a UTF-8 CSV only when it starts with a BOM; without it Japanese text is garbled. */
export const UTF8_BOM = '\uFEFF';

/**
 * What a spreadsheet may take as the start of a formula: = + - @, tab and CR, and their full-width forms (＝ ＋ －
 * ＠), which Japanese Excel's input conversion turns into the half-width ones. One pattern, shared with the SQL that
 * writes the exports (`FORMULA_START_PATTERN` in a `~` match).
 */
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
export const FORMULA_START_PATTERN = '^[-=+@\t\r＝＋－＠]';
const NEEDS_QUOTING = /[",\r\n]/;

/**
 * Spreadsheet programs run a cell that begins with = + - @ (or tab / CR, which they skip before
 * such a character) as a formula, so a name like "=HYPERLINK(...)" in exported data could run
 * in the HR officer's Excel (CSV / formula injection, OWASP). A leading apostrophe makes Excel
 * show the text as is. Negative numbers such as '-5' are prefixed too and therefore arrive as
 * text; exports carry dates, codes and names, so this is accepted for safety.
 */
export function neutralizeSpreadsheetCell(value: string): string {
  return FORMULA_TRIGGERS.some((trigger) => value.startsWith(trigger)) ? `'${value}` : value;
}

function quoteCsvField(field: string): string {
  return NEEDS_QUOTING.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One RFC 4180 record, CRLF-terminated as Excel expects. */
export function toCsvLine(fields: string[]): string {
  return `${fields.map(quoteCsvField).join(',')}\r\n`;
}
