import * as iconv from 'iconv-lite';
import {
  countLineBreaks,
  CsvFormatError,
  type CsvTable,
  type DecodedCsv,
  type ReadCsvOptions,
  readCsvText,
} from '@dx/domain';

const UTF8_BOM_BYTES = [0xef, 0xbb, 0xbf];
const REPLACEMENT_CHARACTER = '\ufffd';
const MESSAGES = {
  binary: 'CSVファイルではありません（バイナリデータが含まれています）',
  undecodable:
    '読み取れない文字があります。UTF-8 または Shift_JIS（CP932）で保存したCSVファイルを指定してください',
} as const;

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
    const row = countLineBreaks(cp932, 0, undecodable) + 1;
    throw new CsvFormatError([{ row, message: MESSAGES.undecodable }]);
  }
  return { text: cp932, encoding: 'shift_jis' };
}

/**
 * Reads an uploaded CSV file into rows keyed by header name: decodes its bytes (refusing binary content, such as a
 * UTF-16 file full of NUL bytes), then reads the text with `readCsvText` of @dx/domain. An empty file is refused there.
 */
export function readCsvTable(
  bytes: Uint8Array,
  required: readonly string[],
  options: ReadCsvOptions = {},
): CsvTable {
  if (bytes.includes(0)) throw new CsvFormatError([{ message: MESSAGES.binary }]);
  return readCsvText(decodeCsvBytes(bytes), required, options);
}
