import { toHalfWidthDigits } from './normalize';

/** A calendar date in Asia/Tokyo written as 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_INPUT_PATTERN = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const MILLISECONDS_PER_DAY = 86_400_000;
// Japan has not observed daylight saving time since 1951, so a fixed offset is exact and
// avoids depending on the time-zone data of the browser or server.
const TOKYO_UTC_OFFSET_MILLISECONDS = 9 * 60 * 60 * 1000;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  const lengths = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[month - 1];
}

function isRealCalendarDate({ year, month, day }: CalendarDate): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Splits an IsoDate into numbers; throws on anything that is not a real calendar date. */
export function toCalendarDate(d: IsoDate): CalendarDate {
  const match = ISO_DATE_PATTERN.exec(d);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  if (!date || !isRealCalendarDate(date)) {
    throw new RangeError(`日付の形式が正しくありません（YYYY-MM-DD）：${d}`);
  }
  return date;
}

export function isIsoDate(s: string): boolean {
  const match = ISO_DATE_PATTERN.exec(s);
  return (
    match !== null &&
    isRealCalendarDate({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) })
  );
}

function toHalfWidthDateCharacters(s: string): string {
  return toHalfWidthDigits(s).replace(/／/g, '/').replace(/－/g, '-');
}

/**
 * Reads a date typed by a person or exported by a Japanese HR system: 'YYYY-MM-DD', 'YYYY/MM/DD'
 * or 'YYYY/M/D', possibly in full-width characters. Returns null when it is not a real date.
 */
export function parseDateInput(s: string): IsoDate | null {
  const match = DATE_INPUT_PATTERN.exec(toHalfWidthDateCharacters(s.trim()));
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[3]), day: Number(match[4]) };
  return isRealCalendarDate(date) ? formatIsoDate(date) : null;
}

export function todayInTokyo(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + TOKYO_UTC_OFFSET_MILLISECONDS).toISOString().slice(0, 10);
}

/** An instant as read on a clock in Asia/Tokyo. */
export interface TokyoDateTime {
  date: IsoDate;
  hour: number;
  minute: number;
  /** 0 for Sunday to 6 for Saturday. */
  weekday: number;
}

/** The Tokyo day, time and weekday of an instant, whatever the time zone of the browser or server. */
export function toTokyoDateTime(instant: Date): TokyoDateTime {
  const shifted = new Date(instant.getTime() + TOKYO_UTC_OFFSET_MILLISECONDS);
  return {
    date: shifted.toISOString().slice(0, 10),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

// Date.UTC treats years 0–99 as 1900–1999; shifting by whole days through the epoch keeps the
// arithmetic exact for every date an IsoDate can hold without that special case leaking in.
function toEpochDay(d: IsoDate): number {
  const { year, month, day } = toCalendarDate(d);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / MILLISECONDS_PER_DAY);
}

function fromEpochDay(epochDay: number): IsoDate {
  const utc = new Date(epochDay * MILLISECONDS_PER_DAY);
  return formatIsoDate({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() });
}

export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) {
    throw new RangeError(`日数は整数で指定してください：${n}`);
  }
  return fromEpochDay(toEpochDay(d) + n);
}

/** Number of days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

// Zero-padded ISO dates sort as plain strings, so no parsing is needed to order them.
export function compareDates(a: IsoDate, b: IsoDate): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate;
export function minDate(...dates: IsoDate[]): IsoDate | undefined;
export function minDate(...dates: IsoDate[]): IsoDate | undefined {
  return dates.reduce<IsoDate | undefined>((min, d) => (min === undefined || d < min ? d : min), undefined);
}

export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate;
export function maxDate(...dates: IsoDate[]): IsoDate | undefined;
export function maxDate(...dates: IsoDate[]): IsoDate | undefined {
  return dates.reduce<IsoDate | undefined>((max, d) => (max === undefined || d > max ? d : max), undefined);
}
