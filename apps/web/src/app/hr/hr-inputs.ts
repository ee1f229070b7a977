// Small helpers for the HR forms; the rules themselves (職員番号, dates, fiscal years) are those of @dx/domain.
import { fiscalYearEnd, fiscalYearStart } from '@dx/domain';
import { currentFiscalYear, recentFiscalYears } from '../shared/dates';

/** The fiscal years HR works on: next year (to prepare April), this year, and the four before. */
export function hrFiscalYears(now: Date = new Date()): number[] {
  return [currentFiscalYear(now) + 1, ...recentFiscalYears(5, now)];
}

/** A sensible default day inside a fiscal year: today when it falls in it, otherwise 1 April. */
export function defaultDayIn(fiscalYear: number, today: string): string {
  const start = fiscalYearStart(fiscalYear);
  return today >= start && today <= fiscalYearEnd(fiscalYear) ? today : start;
}
