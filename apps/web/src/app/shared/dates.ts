// Small date helpers for the web app. Dates travel as 'YYYY-MM-DD' strings in Asia/Tokyo.
// (The lead may later replace these with the equivalents in @dx/domain.)

/** Japan has not observed daylight saving time since 1951, so a fixed +09:00 offset is exact. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in Asia/Tokyo as 'YYYY-MM-DD', whatever the time zone of the browser. */
export function todayInTokyo(now: Date = new Date()): string {
  return new Date(now.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The fiscal year (年度) a date belongs to: 1 April – 31 March, named after the year it starts in. */
export function fiscalYearOf(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`日付の形式が正しくありません（YYYY-MM-DD）：${isoDate}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month >= 4 ? year : year - 1;
}

/** 令和N年度（YYYY年度）; the first year of an era is written 元. */
export function formatFiscalYear(fiscalYear: number): string {
  const reiwa = fiscalYear - 2018;
  const era = reiwa === 1 ? '元' : String(reiwa);
  return reiwa >= 1 ? `令和${era}年度（${fiscalYear}年度）` : `${fiscalYear}年度`;
}

/** The current fiscal year in Asia/Tokyo, formatted for display. */
export function currentFiscalYearLabel(now: Date = new Date()): string {
  return formatFiscalYear(fiscalYearOf(todayInTokyo(now)));
}

/**
 * 'YYYY-MM-DD' → 'YYYY年M月D日'. A date-time with a time zone ('2026-04-01T20:00:00Z') is shown as
 * its day in Asia/Tokyo. Anything else is returned unchanged, empty values as ''.
 */
export function formatJapaneseDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = ISO_DATE.exec(tokyoDay(isoDate) ?? isoDate.slice(0, 10));
  if (!match) return isoDate;
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`;
}

/** The day in Asia/Tokyo of a date-time string with a time part; null for anything else. */
function tokyoDay(value: string): string | null {
  if (value.length <= 10) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : todayInTokyo(new Date(time));
}

/** The fiscal years a person may look back on: the current one first, then the `count - 1` before it. */
export function recentFiscalYears(count = 5, now: Date = new Date()): number[] {
  const current = fiscalYearOf(todayInTokyo(now));
  return Array.from({ length: count }, (_, i) => current - i);
}

/** The current fiscal year in Asia/Tokyo. */
export function currentFiscalYear(now: Date = new Date()): number {
  return fiscalYearOf(todayInTokyo(now));
}

/** A fiscal year from a query parameter ('2026'), or null when it is not a plausible year. */
export function parseFiscalYear(value: string | number | null | undefined): number | null {
  const year = typeof value === 'number' ? value : Number(value ?? NaN);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null;
}

/** Eras for dates since 8 January 1989; earlier dates are written in the Western calendar only. */
const ERAS = [
  { name: '令和', start: '2019-05-01', firstYear: 2019 },
  { name: '平成', start: '1989-01-08', firstYear: 1989 },
] as const;

/** 'YYYY-MM-DD' → '令和N年M月D日' (元年 for the first year); dates before 平成 as 'YYYY年M月D日'. */
export function formatWarekiDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const day = tokyoDay(isoDate) ?? isoDate.slice(0, 10);
  const match = ISO_DATE.exec(day);
  if (!match) return isoDate;
  const era = ERAS.find((e) => day >= e.start);
  if (!era) return formatJapaneseDate(day);
  const year = Number(match[1]) - era.firstYear + 1;
  return `${era.name}${year === 1 ? '元' : year}年${Number(match[2])}月${Number(match[3])}日`;
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

function tokyoParts(value: string): { date: string; weekday: string; time: string } | null {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  const shifted = new Date(time + TOKYO_OFFSET_MS);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return {
    date: formatJapaneseDate(shifted.toISOString().slice(0, 10)),
    weekday: WEEKDAYS[shifted.getUTCDay()],
    time: `${hh}:${mm}`,
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
