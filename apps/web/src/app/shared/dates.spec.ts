import {
  currentFiscalYear,
  currentFiscalYearLabel,
  formatFiscalYear,
  formatJapaneseDate,
  formatJapaneseDateTime,
  formatJapanesePeriod,
  formatWarekiDate,
  parseFiscalYear,
  recentFiscalYears,
} from './dates';

describe('date helpers', () => {
  it('takes the current fiscal year in Asia/Tokyo, not in the browser’s time zone', () => {
    expect(currentFiscalYear(new Date('2026-03-31T14:59:59Z'))).toBe(2025);
    expect(currentFiscalYear(new Date('2026-03-31T15:00:00Z'))).toBe(2026);
  });

  it('writes the fiscal year as 令和N年度 with the Western year, 元 for the first year', () => {
    expect(formatFiscalYear(2025)).toBe('令和7年度（2025年度）');
    expect(formatFiscalYear(2019)).toBe('令和元年度（2019年度）');
    expect(currentFiscalYearLabel(new Date('2026-03-31T15:00:00Z'))).toBe('令和8年度（2026年度）');
  });

  it('writes a fiscal year before 令和 in its own era, as the API does', () => {
    expect(formatFiscalYear(2018)).toBe('平成30年度（2018年度）');
  });

  it('shows dates in Japanese', () => {
    expect(formatJapaneseDate('2026-04-01')).toBe('2026年4月1日');
    expect(formatJapaneseDate(null)).toBe('');
  });
});

describe('date helpers for the learner’s pages', () => {
  it('shows a date-time as its day in Asia/Tokyo', () => {
    expect(formatJapaneseDate('2026-03-31T15:30:00Z')).toBe('2026年4月1日');
  });

  it('lists the current fiscal year and the four before it', () => {
    expect(recentFiscalYears(5, new Date('2026-03-31T15:00:00Z'))).toEqual([2026, 2025, 2024, 2023, 2022]);
    expect(recentFiscalYears(5, new Date('2026-03-31T14:00:00Z'))).toEqual([2025, 2024, 2023, 2022, 2021]);
  });

  it('reads a fiscal year from a query parameter', () => {
    expect(parseFiscalYear('2026')).toBe(2026);
    expect(parseFiscalYear('abc')).toBeNull();
    expect(parseFiscalYear(undefined)).toBeNull();
    expect(parseFiscalYear('2026.5')).toBeNull();
  });

  it('writes 和暦 dates, with 元年 and the change of era on 1 May 2019', () => {
    expect(formatWarekiDate('2026-04-01')).toBe('令和8年4月1日');
    expect(formatWarekiDate('2019-05-01')).toBe('令和元年5月1日');
    expect(formatWarekiDate('2019-04-30')).toBe('平成31年4月30日');
    expect(formatWarekiDate('1989-01-08')).toBe('平成元年1月8日');
  });

  it('writes 昭和 dates too (a staff member’s birth or hire date), as the API does', () => {
    expect(formatWarekiDate('1989-01-07')).toBe('昭和64年1月7日');
    expect(formatWarekiDate('1985-04-01')).toBe('昭和60年4月1日');
    expect(formatWarekiDate('2026-03-31T15:30:00Z')).toBe('令和8年4月1日');
  });

  it('shows empty values as nothing and anything unreadable as it came', () => {
    expect(formatWarekiDate(undefined)).toBe('');
    expect(formatWarekiDate('不明')).toBe('不明');
    expect(formatJapaneseDate('2026-02-30')).toBe('2026-02-30');
  });

  it('shows date-times and periods in Asia/Tokyo with the weekday', () => {
    expect(formatJapaneseDateTime('2026-05-12T04:30:00Z')).toBe('2026年5月12日（火）13:30');
    expect(formatJapanesePeriod('2026-05-12T13:30:00+09:00', '2026-05-12T16:00:00+09:00')).toBe(
      '2026年5月12日（火）13:30〜16:00',
    );
    expect(formatJapanesePeriod('2026-05-12T13:30:00+09:00', '2026-05-13T12:00:00+09:00')).toBe(
      '2026年5月12日（火）13:30〜2026年5月13日（水）12:00',
    );
  });
});
