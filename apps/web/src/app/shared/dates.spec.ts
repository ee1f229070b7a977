import {
  currentFiscalYearLabel,
  fiscalYearOf,
  formatFiscalYear,
  formatJapaneseDate,
  todayInTokyo,
} from './dates';

describe('date helpers', () => {
  it('takes today in Asia/Tokyo, not in the browser’s time zone', () => {
    expect(todayInTokyo(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
    expect(todayInTokyo(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });

  it('starts the fiscal year on 1 April', () => {
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
  });

  it('writes the fiscal year as 令和N年度 with the Western year, 元 for the first year', () => {
    expect(formatFiscalYear(2025)).toBe('令和7年度（2025年度）');
    expect(formatFiscalYear(2019)).toBe('令和元年度（2019年度）');
    expect(currentFiscalYearLabel(new Date('2026-03-31T15:00:00Z'))).toBe('令和8年度（2026年度）');
  });

  it('shows dates in Japanese', () => {
    expect(formatJapaneseDate('2026-04-01')).toBe('2026年4月1日');
    expect(formatJapaneseDate(null)).toBe('');
  });
});
