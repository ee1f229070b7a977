import type { FieldError } from '@dx/contract';
import { readCsvTable } from '@dx/codecs';
import { CsvFormatError, CsvTable, describeIssue, type ReadCsvOptions } from '@dx/domain';
import { Problem } from '../common/problem';

/**
 * Rows whose every error is listed; past them each bad row gets its first error only. A 200 KB file of 100,000 rows
 * with one letter each had eight errors a row: a 43 MB answer and half a gigabyte of memory, for a list nobody reads.
 */
export const FULLY_LISTED_ERROR_ROWS = 1_000;

/** Collects per-row errors while a file is checked; the import fails as a whole if any was found. */
export class RowErrors {
  readonly items: FieldError[] = [];
  private readonly rows = new Set<number>();
  private shortened = false;

  add(row: number, column: string, message: string): void {
    if (this.rows.has(row)) {
      if (this.rows.size > FULLY_LISTED_ERROR_ROWS) {
        this.shortened = true;
        return;
      }
    } else {
      this.rows.add(row);
    }
    this.items.push({ row, column, field: column, message });
  }

  throwIfAny(): void {
    if (this.items.length === 0) return;
    const shortened = this.shortened
      ? `誤りのある行が${FULLY_LISTED_ERROR_ROWS.toLocaleString('en-US')}行を超えたため、それより後の行は最初の誤りだけを示します。`
      : '';
    throw Problem.validation(
      [...this.items].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
      `${this.rows.size}行に誤りがあるため、取り込みませんでした（何も変更していません）。${shortened}`,
    );
  }
}

/** Format problems spelled out in the detail; the rest are in `errors` (a file can have one on every row). */
const ISSUES_IN_DETAIL = 3;

export function readImportTable(
  bytes: Uint8Array,
  columns: readonly string[],
  options: ReadCsvOptions = {},
): CsvTable {
  try {
    return readCsvTable(bytes, columns, options);
  } catch (error) {
    if (error instanceof CsvFormatError) {
      const told = error.errors.slice(0, ISSUES_IN_DETAIL).map(describeIssue).join('\n');
      const more = error.errors.length - ISSUES_IN_DETAIL;
      throw Problem.validation(
        error.errors.map((e) => ({ ...e, field: e.column })),
        `CSVファイルを読み取れません: ${told}${more > 0 ? `\nほか${more}件` : ''}`,
      );
    }
    throw error;
  }
}

/**
 * Marks a repeated key as an error on each repeat (not on its first line) and tells whether the row is the
 * first occurrence.
 */
export function firstOccurrence(
  seen: Map<string, number>,
  key: string,
  row: number,
  column: string,
  errors: RowErrors,
): boolean {
  const first = seen.get(key);
  if (first !== undefined) {
    errors.add(row, column, `「${key}」は${first}行目と重複しています。`);
    return false;
  }
  seen.set(key, row);
  return true;
}
