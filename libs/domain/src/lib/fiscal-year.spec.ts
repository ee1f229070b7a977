import {
  reportDateFor,
  fiscalYearEnd,
  fiscalYearOf,
  fiscalYearStart,
  formatFiscalYear,
  formatJapaneseDate,
  formatWesternDate,
  reiwaYear,
} from './fiscal-year';

describe('fiscalYearOf', () => {
  it.each([
    ['2026-03-31', 2025],
    ['2026-04-01', 2026],
    ['2026-12-31', 2026],
    ['2027-01-01', 2026],
    ['2027-03-31', 2026],
    ['2024-02-29', 2023],
  ])('%s belongs to FY%i', (date, expected) => {
    expect(fiscalYearOf(date)).toBe(expected);
  });

  it('refuses an invalid date', () => {
    expect(() => fiscalYearOf('2026-04-31')).toThrow(RangeError);
  });
});

describe('fiscalYearStart / fiscalYearEnd', () => {
  it.each([
    [2026, '2026-04-01', '2027-03-31'],
    [2019, '2019-04-01', '2020-03-31'],
  ])('FY%i runs %s to %s', (fy, start, end) => {
    expect(fiscalYearStart(fy)).toBe(start);
    expect(fiscalYearEnd(fy)).toBe(end);
    expect(fiscalYearOf(start)).toBe(fy);
    expect(fiscalYearOf(end)).toBe(fy);
  });
});

describe('reiwaYear', () => {
  it.each([
    [2019, 1],
    [2026, 8],
    [2018, 0],
  ])('FY%i is Reiwa %i', (fy, expected) => {
    expect(reiwaYear(fy)).toBe(expected);
  });
});

describe('formatFiscalYear', () => {
  it.each([
    [2026, '令和8年度'],
    [2020, '令和2年度'],
    [2019, '令和元年度'],
    [2018, '平成30年度'],
    [1989, '平成元年度'],
    [1988, '昭和63年度'],
    [1927, '昭和2年度'],
    [1926, '1926年度'],
  ])('FY%i → %s', (fy, expected) => {
    expect(formatFiscalYear(fy)).toBe(expected);
  });

  it.each([
    [2026, '令和8年度（2026年度）'],
    [2019, '令和元年度（2019年度）'],
    [2018, '平成30年度（2018年度）'],
  ])('FY%i with the Western year → %s', (fy, expected) => {
    expect(formatFiscalYear(fy, { withWestern: true })).toBe(expected);
  });

  it('omits the Western year when not asked for', () => {
    expect(formatFiscalYear(2026, { withWestern: false })).toBe('令和8年度');
  });
});

describe('formatJapaneseDate', () => {
  it.each([
    ['2026-04-01', '令和8年4月1日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['2020-01-01', '令和2年1月1日'],
    ['1989-01-08', '平成元年1月8日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1985-04-01', '昭和60年4月1日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1926-12-24', '1926年12月24日'],
  ])('%s → %s', (date, expected) => {
    expect(formatJapaneseDate(date)).toBe(expected);
  });
});

describe('formatWesternDate', () => {
  it.each([
    ['2026-04-01', '2026年4月1日'],
    ['2026-12-31', '2026年12月31日'],
  ])('%s → %s', (date, expected) => {
    expect(formatWesternDate(date)).toBe(expected);
  });

  it('refuses an invalid date', () => {
    expect(() => formatWesternDate('2026/04/01')).toThrow(RangeError);
  });
});

describe('reportDateFor', () => {
  it.each([
    [2025, '2026-12-03', '2026-03-31', 'a past year: its last day'],
    [2026, '2026-12-03', '2026-12-03', 'the running year: today'],
    [2026, '2027-03-31', '2027-03-31', 'the running year on its last day'],
    [2027, '2026-12-03', '2027-04-01', 'a year to come: its first day'],
    [2026, '2027-04-01', '2027-03-31', 'the year just over, on 1 April'],
  ])('FY%i on %s is reported as of %s (%s)', (fiscalYear, today, expected) => {
    expect(reportDateFor(fiscalYear, today)).toBe(expected);
  });
});
