import { fileNameFromDisposition, formatMegabytes, substitutedCharacters } from './downloads';
import { completionTable, exportFileName, formatRate, groupOption, reportDateFor } from './stats-labels';

describe('stats helpers', () => {
  it('shows completionRate (0..1) as a percentage with one decimal', () => {
    expect(formatRate(0.8234)).toBe('82.3%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(Number.NaN)).toBe('―');
  });

  it('reports the current year on today and a past year on its 31 March', () => {
    expect(reportDateFor(2026, '2026-06-01')).toBe('2026-06-01');
    expect(reportDateFor(2024, '2026-06-01')).toBe('2025-03-31');
  });

  it('takes the file name from filename* first, then filename, then the fallback', () => {
    const japanese = encodeURIComponent('受講状況.xlsx');
    expect(fileNameFromDisposition(`attachment; filename="x.xlsx"; filename*=UTF-8''${japanese}`, 'f')).toBe(
      '受講状況.xlsx',
    );
    expect(fileNameFromDisposition('attachment; filename="plain.csv"', 'f')).toBe('plain.csv');
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8''..%2F..%2Fetc.csv`, 'f')).toBe(
      '.._.._etc.csv',
    );
    expect(fileNameFromDisposition(null, 'completion-2026.csv')).toBe('completion-2026.csv');
  });

  it('decodes the substituted characters and formats sizes', () => {
    expect(substitutedCharacters(encodeURIComponent('𠮷﨑'))).toBe('𠮷﨑');
    expect(substitutedCharacters(null)).toBeNull();
    expect(formatMegabytes(1536 * 1024)).toBe('1.5 MB');
  });

  it('names an export as the server does, with its encoding', () => {
    expect(exportFileName(2026, '_UTF-8.csv')).toBe('受講状況_令和8年度_UTF-8.csv');
    expect(exportFileName(2019, '_Shift_JIS.csv')).toBe('受講状況_令和元年度_Shift_JIS.csv');
    expect(exportFileName(2026, '.xlsx')).toBe('受講状況_令和8年度.xlsx');
    // As the server names it: a year before 令和 in its own era.
    expect(exportFileName(2018, '.xlsx')).toBe('受講状況_平成30年度.xlsx');
  });

  it('lays a report out as a table: the group as row header, the counts, the rate, the totals in the footer', () => {
    const counts = {
      assigned: 5,
      completed: 1,
      inProgress: 1,
      notStarted: 1,
      overdue: 1,
      renewalOverdue: 1,
      exempt: 0,
    };
    const table = completionTable(
      {
        fiscalYear: 2026,
        asOf: '2026-05-01',
        rows: [{ key: '300', label: '', ...counts, completionRate: 0.25 }],
        totals: { key: '', label: '', ...counts, completionRate: 0.25 },
      },
      groupOption('position'),
    );
    expect(table.caption).toBe('受講統計（職位別、令和8年度（2026年度））');
    expect(table.columns.map((c) => c.label)).toEqual([
      '職位',
      '割当',
      '修了',
      '受講中',
      '未着手',
      '期限超過',
      '更新期限切れ',
      '免除',
      '修了率',
    ]);
    expect(table.rows).toEqual([{ key: '300', label: '300', ...counts, rate: '25.0%' }]);
    expect(table.footer).toEqual({ label: '合計', ...counts, rate: '25.0%' });
  });
});
