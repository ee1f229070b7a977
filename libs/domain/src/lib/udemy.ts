// Udemy Business records (a user-course-activity CSV row or a Reporting API result, which share field names) and
// what they say about completions. Pure, so the API's import, the Reporting API sync, the LRS and the web read the
// same rules.
import { type IsoDate, isIsoDate, parseDateInput, todayInTokyo } from './dates';
import { fiscalYearOf } from './fiscal-year';
import { normalizeEmployeeNo } from './normalize';

export type OutsideSource = 'csv' | 'api' | 'xapi';

/** One outside record of a person's activity on a course, whatever channel it came through. */
export interface OutsideActivity {
  source: OutsideSource;
  /** user_email, or an xAPI actor's mbox without `mailto:`. */
  email: string | null;
  /** user_external_id, or an xAPI account's name: a 職員番号 when it is one of the tenant's. */
  externalId: string | null;
  /** course_id, or for xAPI the activity id (a Udemy course URL). */
  udemyCourseId: string | null;
  courseTitle: string | null;
  /** The Tokyo day the course was (first) completed; null: not completed (nothing to apply). */
  completedOn: IsoDate | null;
  /** A later completion (course_completion_date) in a later fiscal year than completedOn. */
  laterCompletedOn?: IsoDate | null;
  /** When the record reached us (ISO instant); default: now. */
  receivedAt?: string;
}

/** The canonical field keys (header names with case, spaces, underscores and hyphens removed). */
export const UDEMY_FIELDS = {
  email: 'useremail',
  externalId: 'userexternalid',
  courseId: 'courseid',
  courseTitle: 'coursetitle',
  ratio: 'completionratio',
  completionDate: 'coursecompletiondate',
  firstCompletionDate: 'coursefirstcompletiondate',
  lastAccessedDate: 'courselastaccesseddate',
} as const;

export const UDEMY_FIELD_KEYS: readonly string[] = Object.values(UDEMY_FIELDS);

/** The header names a file must have (as the contract spells them, for messages). */
export const UDEMY_REQUIRED_HEADERS = [
  { key: UDEMY_FIELDS.email, name: 'user_email' },
  { key: UDEMY_FIELDS.courseId, name: 'course_id' },
] as const;

const HEADER_ALIASES: Record<string, string> = {
  email: UDEMY_FIELDS.email,
  emailaddress: UDEMY_FIELDS.email,
};

/** A header name (or an API field name) as a canonical key: `User Email`, `user_email`, `USEREMAIL` → `useremail`. */
export function udemyHeaderKey(name: string): string {
  const key = name
    .replace(/\ufeff/g, '')
    .toLowerCase()
    .replace(/[\s_\-\u3000]/g, '');
  return HEADER_ALIASES[key] ?? key;
}

const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The Tokyo day of a Udemy date: `YYYY-MM-DD` (or `YYYY/M/D`) is that day; a timestamp is an instant, in UTC when it
 * names no offset (the Reporting API and the export write UTC), and its day is read in Asia/Tokyo. Null: unreadable.
 */
export function udemyDateToTokyoDay(value: string): IsoDate | null {
  const text = value.trim();
  const day = parseDateInput(text);
  if (day) return day;
  const match = ISO_INSTANT.exec(text);
  if (!match || !isIsoDate(match[1])) return null;
  const zone = match[5]
    ? match[5].toUpperCase() === 'Z'
      ? 'Z'
      : match[5].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
    : 'Z';
  const instant = new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4] ?? '00'}${zone}`);
  if (Number.isNaN(instant.getTime())) return null;
  return todayInTokyo(instant);
}

/** completion_ratio as a number 0–100 (`87.5`, `87,5`, `87.5%`); null when empty; NaN when unreadable. */
export function parseCompletionRatio(value: string): number | null {
  const text = value.trim().replace(/%$/, '').replace(',', '.');
  if (text === '') return null;
  if (!/^\d+(\.\d+)?$/.test(text)) return Number.NaN;
  const ratio = Number(text);
  return ratio >= 0 && ratio <= 100 ? ratio : Number.NaN;
}

export interface UdemyRecordIssue {
  /** The canonical field key (see UDEMY_FIELDS). */
  field: string;
  message: string;
}

export type UdemyRecordResult =
  { activity: OutsideActivity; issues: [] } | { activity: null; issues: UdemyRecordIssue[] };

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : String(value).trim();
}

const FIELD_KEYS: ReadonlySet<string> = new Set(UDEMY_FIELD_KEYS);
/** The keys of the names seen (a sync reads 300,000 records with the same dozen names); a few hundred at most. */
const HEADER_KEYS = new Map<string, string>();

function headerKey(name: string): string {
  let key = HEADER_KEYS.get(name);
  if (key === undefined) {
    key = udemyHeaderKey(name);
    if (HEADER_KEYS.size < 500) HEADER_KEYS.set(name, key);
  }
  return key;
}

/** Canonical keys for a record whose keys are header names or API field names. */
export function canonicalUdemyRecord(record: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    const key = headerKey(name);
    if (FIELD_KEYS.has(key) && !(key in out && out[key] !== '')) out[key] = text(value);
  }
  return out;
}

let lastReceived: { at: string; day: IsoDate } = { at: '', day: '' as IsoDate };

/** The Tokyo day of a receipt time (a whole sync shares one). */
function receivedDay(receivedAt: string): IsoDate {
  if (lastReceived.at !== receivedAt)
    lastReceived = { at: receivedAt, day: todayInTokyo(new Date(receivedAt)) };
  return lastReceived.day;
}

/**
 * A Udemy record as an OutsideActivity. It is completed when completion_ratio is 100 or a completion date is given;
 * the day is course_first_completion_date if given, else course_completion_date, else (ratio 100 without any date)
 * the last access, else the day it was received. A course_completion_date in a later fiscal year than the first
 * completion is kept as `laterCompletedOn` (completing that year's assignment too).
 */
export function udemyRecordToActivity(
  record: Record<string, unknown>,
  source: OutsideSource,
  receivedAt: string = new Date().toISOString(),
): UdemyRecordResult {
  const values = canonicalUdemyRecord(record);
  const issues: UdemyRecordIssue[] = [];
  const email = values[UDEMY_FIELDS.email] ?? '';
  const courseId = values[UDEMY_FIELDS.courseId] ?? '';
  const externalId = values[UDEMY_FIELDS.externalId] ?? '';
  if (email === '' && externalId === '')
    issues.push({ field: UDEMY_FIELDS.email, message: 'user_email が空です。' });
  else if (email !== '' && !/^[^\s@]+@[^\s@]+$/.test(email))
    issues.push({
      field: UDEMY_FIELDS.email,
      message: `user_email「${email}」はメールアドレスとして読めません。`,
    });
  if (courseId === '') issues.push({ field: UDEMY_FIELDS.courseId, message: 'course_id が空です。' });
  const ratioText = values[UDEMY_FIELDS.ratio] ?? '';
  const ratio = parseCompletionRatio(ratioText);
  if (Number.isNaN(ratio))
    issues.push({
      field: UDEMY_FIELDS.ratio,
      message: `completion_ratio「${ratioText}」は 0～100 の数値として読めません。`,
    });
  const day = (key: string, label: string): IsoDate | null => {
    const raw = values[key] ?? '';
    if (raw === '') return null;
    const read = udemyDateToTokyoDay(raw);
    if (!read)
      issues.push({ field: key, message: `${label}「${raw}」は日付として読めません（YYYY-MM-DD）。` });
    return read;
  };
  const completion = day(UDEMY_FIELDS.completionDate, 'course_completion_date');
  const first = day(UDEMY_FIELDS.firstCompletionDate, 'course_first_completion_date');
  const lastAccess = day(UDEMY_FIELDS.lastAccessedDate, 'course_last_accessed_date');
  if (issues.length > 0) return { activity: null, issues };
  const received = receivedDay(receivedAt);
  const completedOn = first ?? completion ?? (ratio === 100 ? (lastAccess ?? received) : null);
  const laterCompletedOn =
    completedOn && completion && fiscalYearOf(completion) > fiscalYearOf(completedOn) ? completion : null;
  return {
    activity: {
      source,
      email: email === '' ? null : email,
      externalId: externalId === '' ? null : externalId,
      udemyCourseId: courseId,
      courseTitle: values[UDEMY_FIELDS.courseTitle] || null,
      completedOn,
      laterCompletedOn,
      receivedAt,
    },
    issues: [],
  };
}

/**
 * What a course reference names, as a key to compare: a Udemy course id (`id:4523678`) or a course URL without its
 * scheme, query, fragment and trailing slash, the host in lower case (`url:pref.udemy.com/course/dx-basics`).
 */
export function udemyCourseKey(reference: string): string | null {
  const ref = reference.trim();
  if (ref === '') return null;
  const url = /^(?:https?:\/\/)?([^/?#\s]+\.[^/?#\s]+)(\/[^?#]*)?(?:[?#].*)?$/i.exec(ref);
  if (url && (/^https?:\/\//i.test(ref) || (url[2] ?? '') !== '')) {
    const path = (url[2] ?? '').replace(/\/+$/, '');
    return `url:${url[1].toLowerCase()}${path}`;
  }
  return `id:${ref}`;
}

/** The keys an external module's content answers to (its Udemy course id and its URL). */
export function udemyModuleKeys(content: { courseId?: unknown; url?: unknown }): string[] {
  const keys = new Set<string>();
  for (const value of [content.courseId, content.url]) {
    if (typeof value === 'string' || typeof value === 'number') {
      const key = udemyCourseKey(String(value));
      if (key) keys.add(key);
    }
  }
  return [...keys];
}

/** An externalId as a 職員番号 candidate (half-width digits), or null when it cannot be one. */
export function externalIdAsEmployeeNo(externalId: string | null): string | null {
  return externalId ? normalizeEmployeeNo(externalId) : null;
}

/** The key under which an unmatched record is kept once (the same record sent again does not pile up). */
export function outsideActivityKey(a: OutsideActivity): string {
  return [
    (a.email ?? '').toLowerCase(),
    a.externalId ?? '',
    udemyCourseKey(a.udemyCourseId ?? '') ?? '',
    a.completedOn ?? '',
  ].join('|');
}

/** Why an outside record waits in HR's queue 連携の未照合, as HR reads it. */
export const UNMATCHED_REASON_LABELS: Record<string, string> = {
  unknown_person: '職員が見つからない（メールアドレス・職員番号が名簿にない）',
  unknown_course: '講座が見つからない（この講座を指定した教材がない）',
  left: '退職後の修了',
};

/** Where an outside record came from. */
export const OUTSIDE_SOURCE_LABELS: Record<OutsideSource, string> = {
  csv: 'Udemy CSV取込',
  api: 'Udemy Reporting API',
  xapi: 'xAPI',
};
