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

/** 'YYYY-MM-DD' → 'YYYY年M月D日'; anything else is returned unchanged, empty values as ''. */
export function formatJapaneseDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = ISO_DATE.exec(isoDate.slice(0, 10));
  if (!match) return isoDate;
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`;
}
