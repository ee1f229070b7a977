// Node-only byte codecs (iconv-lite): reading uploaded CSV files and writing Shift_JIS exports. The browser-safe
// rules they apply (CSV records, header checks, spreadsheet-safe cells) are in @dx/domain.
export * from './lib/csv-bytes';
export * from './lib/cp932';
