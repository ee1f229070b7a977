// Small helpers for the HR forms. (@dx/domain has the same rules, but its barrel also pulls the Node-only
// CSV encoders into the browser bundle, so the two one-liners the forms need live here.)

import { currentFiscalYear, recentFiscalYears } from '../shared/dates';

const EMPLOYEE_NO = /^[0-9]{1,20}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 職員番号 as typed, full-width digits (１２３) made half-width; null when it is not digits only. */
export function normalizeEmployeeNo(raw: string): string | null {
  const value = raw.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return EMPLOYEE_NO.test(value) ? value : null;
}

/** True for a complete 'YYYY-MM-DD' (what <input type="date"> gives once a whole date is entered). */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value);
}

/** The fiscal years HR works on: next year (to prepare April), this year, and the four before. */
export function hrFiscalYears(now: Date = new Date()): number[] {
  return [currentFiscalYear(now) + 1, ...recentFiscalYears(5, now)];
}

/** The last day of a fiscal year (31 March), the usual due date of that year's training. */
export function fiscalYearEnd(fiscalYear: number): string {
  return `${fiscalYear + 1}-03-31`;
}

/** A sensible default day inside a fiscal year: today when it falls in it, otherwise 1 April. */
export function defaultDayIn(fiscalYear: number, today: string): string {
  return today >= `${fiscalYear}-04-01` && today <= fiscalYearEnd(fiscalYear) ? today : `${fiscalYear}-04-01`;
}
