import { type IsoDate, toCalendarDate } from './dates';

const FISCAL_YEAR_FIRST_MONTH = 4;
const REIWA_FIRST_FISCAL_YEAR = 2019;

interface JapaneseEra {
  name: string;
  /** First day of the era; dates from this day on belong to it. */
  firstDate: IsoDate;
  /**
   * First fiscal year named after the era. By government convention FY2019 is 令和元年度 although
   * Reiwa began on 1 May, so this is the calendar year the era began in, not the era of 1 April.
   * Showa began on 25 December 1926, so FY1926 was still 大正15年度.
   */
  firstFiscalYear: number;
  /** Western year of the era's first year (元年). */
  firstWesternYear: number;
}

// Newest first. Dates before Showa fall back to the Western form: no staff record reaches back so far.
const JAPANESE_ERAS: readonly JapaneseEra[] = [
  { name: '令和', firstDate: '2019-05-01', firstFiscalYear: 2019, firstWesternYear: 2019 },
  { name: '平成', firstDate: '1989-01-08', firstFiscalYear: 1989, firstWesternYear: 1989 },
  { name: '昭和', firstDate: '1926-12-25', firstFiscalYear: 1927, firstWesternYear: 1926 },
];

export function fiscalYearOf(d: IsoDate): number {
  const { year, month } = toCalendarDate(d);
  return month >= FISCAL_YEAR_FIRST_MONTH ? year : year - 1;
}

export function fiscalYearStart(fy: number): IsoDate {
  return `${fy}-04-01`;
}

export function fiscalYearEnd(fy: number): IsoDate {
  return `${fy + 1}-03-31`;
}

/** Reiwa year of a fiscal year; zero or negative for fiscal years before 令和元年度 (FY2019). */
export function reiwaYear(fy: number): number {
  return fy - (REIWA_FIRST_FISCAL_YEAR - 1);
}

function formatEraYear(era: JapaneseEra, westernYear: number): string {
  const eraYear = westernYear - era.firstWesternYear + 1;
  return `${era.name}${eraYear === 1 ? '元' : eraYear}年`;
}

/** '令和8年度', or '令和8年度（2026年度）' with the Western year. */
export function formatFiscalYear(fy: number, opts: { withWestern?: boolean } = {}): string {
  const western = `${fy}年度`;
  const era = JAPANESE_ERAS.find((e) => fy >= e.firstFiscalYear);
  if (!era) return western;
  const japanese = `${formatEraYear(era, fy)}度`;
  return opts.withWestern ? `${japanese}（${western}）` : japanese;
}

/** '令和8年4月1日'; the era is the one in force on that very day. */
export function formatJapaneseDate(d: IsoDate): string {
  const { year, month, day } = toCalendarDate(d);
  const era = JAPANESE_ERAS.find((e) => d >= e.firstDate);
  if (!era) return formatWesternDate(d);
  return `${formatEraYear(era, year)}${month}月${day}日`;
}

export function formatWesternDate(d: IsoDate): string {
  const { year, month, day } = toCalendarDate(d);
  return `${year}年${month}月${day}日`;
}

/**
 * The day a fiscal year's figures are reported as of: its last day once it is over, its first day before it begins,
 * today while it runs.
 */
export function reportDateFor(fiscalYear: number, today: IsoDate): IsoDate {
  const current = fiscalYearOf(today);
  if (fiscalYear < current) return fiscalYearEnd(fiscalYear);
  if (fiscalYear > current) return fiscalYearStart(fiscalYear);
  return today;
}
