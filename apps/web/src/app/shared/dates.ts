// How the web app shows dates. The rules (Tokyo today, fiscal year, 和暦 with its eras) are those of @dx/domain;
// what is here is display only: empty and unreadable values, date-times shown as their Tokyo day, weekdays.
import {
  fiscalYearOf,
  formatFiscalYear as formatFiscalYearOf,
  formatJapaneseDate as formatEraDate,
  formatWesternDate,
  isIsoDate,
  todayInTokyo,
  toTokyoDateTime,
} from '@dx/domain';

/** 令和N年度（YYYY年度）, as every fiscal-year picker and heading shows it. */
export function formatFiscalYear(fiscalYear: number): string {
  return formatFiscalYearOf(fiscalYear, { withWestern: true });
}

/** The current fiscal year in Asia/Tokyo. */
export function currentFiscalYear(now: Date = new Date()): number {
  return fiscalYearOf(todayInTokyo(now));
}

/** The current fiscal year in Asia/Tokyo, formatted for display. */
export function currentFiscalYearLabel(now: Date = new Date()): string {
  return formatFiscalYear(currentFiscalYear(now));
}

/** The fiscal years a person may look back on: the current one first, then the `count - 1` before it. */
export function recentFiscalYears(count = 5, now: Date = new Date()): number[] {
  const current = currentFiscalYear(now);
  return Array.from({ length: count }, (_, i) => current - i);
}

/** A fiscal year from a query parameter ('2026'), or null when it is not a plausible year. */
export function parseFiscalYear(value: string | number | null | undefined): number | null {
  const year = typeof value === 'number' ? value : Number(value ?? NaN);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null;
}

/** The day a value names: a date-time with a time part ('2026-04-01T20:00:00Z') is its day in Asia/Tokyo. */
function dayOf(value: string): string {
  if (value.length > 10) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return todayInTokyo(new Date(time));
  }
  return value.slice(0, 10);
}

/** Shows a day with `format` when it is one; '' for empty values, anything unreadable unchanged. */
function showDay(value: string | null | undefined, format: (day: string) => string): string {
  if (!value) return '';
  const day = dayOf(value);
  return isIsoDate(day) ? format(day) : value;
}

/** 'YYYY-MM-DD' (or a date-time, shown as its day in Asia/Tokyo) → 'YYYY年M月D日'. */
export function formatJapaneseDate(isoDate: string | null | undefined): string {
  return showDay(isoDate, formatWesternDate);
}

/** 'YYYY-MM-DD' → '令和N年M月D日' (元年 for the first year, 平成 and 昭和 before), as @dx/domain writes it. */
export function formatWarekiDate(isoDate: string | null | undefined): string {
  return showDay(isoDate, formatEraDate);
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

function tokyoParts(value: string): { date: string; weekday: string; time: string } | null {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  const tokyo = toTokyoDateTime(new Date(time));
  return {
    date: formatWesternDate(tokyo.date),
    weekday: WEEKDAYS[tokyo.weekday],
    time: `${String(tokyo.hour).padStart(2, '0')}:${String(tokyo.minute).padStart(2, '0')}`,
  };
}

/** A date-time as 'YYYY年M月D日（曜）HH:MM' in Asia/Tokyo; '' when empty, unchanged when unreadable. */
export function formatJapaneseDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const parts = tokyoParts(value);
  return parts ? `${parts.date}（${parts.weekday}）${parts.time}` : value;
}

/** A period in Asia/Tokyo: '2026年5月12日（火）13:30〜16:00', or both ends in full across days. */
export function formatJapanesePeriod(start: string, end: string | null | undefined): string {
  const from = tokyoParts(start);
  const to = end ? tokyoParts(end) : null;
  if (!from) return start;
  const head = `${from.date}（${from.weekday}）${from.time}`;
  if (!to) return head;
  return from.date === to.date ? `${head}〜${to.time}` : `${head}〜${to.date}（${to.weekday}）${to.time}`;
}
