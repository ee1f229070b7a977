import type { EmploymentType } from '@dx/contract';
import { EMPLOYMENT_TYPES } from '@dx/contract';
import {
  compareDates,
  normalizeEmployeeNo,
  normalizeKana,
  normalizeName,
  parseDateInput,
  toHalfWidthDigits,
} from '@dx/domain';
import { firstOccurrence, RowErrors } from './import-errors';

export const STAFF_COLUMNS = [
  '職員番号',
  '氏名',
  '氏名カナ',
  'メールアドレス',
  '所属コード',
  '職位',
  '雇用区分',
  '採用日',
  '昇任日',
  '発令日',
] as const;

export interface StaffRow {
  row: number;
  employeeNo: string;
  name: string;
  nameKana: string;
  email: string | null;
  unitCode: string;
  positionName: string;
  employmentType: EmploymentType;
  hiredOn: string;
  promotedOn: string;
  assignedOn: string;
}

export interface RosterReference {
  effectiveDate: string;
  /** Units open on the effective date. */
  unitCodes: ReadonlySet<string>;
  positionNames: ReadonlySet<string>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What reading the file quietly fixed, to be told in the preview. */
export interface RosterReadingNotes {
  /** Date cells written otherwise than YYYY-MM-DD (2026/4/1, full-width digits), read as YYYY-MM-DD. */
  normalizedDates: number;
}

/** Checks every row of a roster file against the rules and the tenant's org chart and positions. */
export function parseStaffRows(
  rows: { line: number; values: Record<string, string> }[],
  ref: RosterReference,
  notes: RosterReadingNotes = { normalizedDates: 0 },
): StaffRow[] {
  const errors = new RowErrors();
  const seen = new Map<string, number>();
  const parsed: StaffRow[] = [];
  for (const { line, values } of rows) {
    const errorCount = errors.items.length;
    const fail = (column: string, message: string) => errors.add(line, column, message);

    const employeeNo = normalizeEmployeeNo(values['職員番号']);
    if (!values['職員番号']) fail('職員番号', '職員番号が空です。');
    else if (!employeeNo) fail('職員番号', `職員番号「${values['職員番号']}」は数字で指定してください。`);
    else firstOccurrence(seen, employeeNo, line, '職員番号', errors);

    const name = normalizeName(values['氏名']);
    if (!name) fail('氏名', '氏名が空です。');
    else if ([...name].length > 100) fail('氏名', '氏名は100文字以内にしてください。');
    const nameKana = normalizeKana(values['氏名カナ']);
    if ([...nameKana].length > 100) fail('氏名カナ', '氏名カナは100文字以内にしてください。');

    const email = values['メールアドレス'] || null;
    if (email && (!EMAIL.test(email) || email.length > 254))
      fail('メールアドレス', `メールアドレス「${email}」の形式が正しくありません。`);

    const unitCode = toHalfWidthDigits(values['所属コード']);
    if (!unitCode) fail('所属コード', '所属コードが空です。');
    else if (!ref.unitCodes.has(unitCode))
      fail('所属コード', `所属コード「${unitCode}」は基準日（${ref.effectiveDate}）の組織にありません。`);

    const positionName = values['職位'];
    if (!positionName) fail('職位', '職位が空です。');
    else if (!ref.positionNames.has(positionName))
      fail('職位', `職位「${positionName}」は登録されていません。`);

    const employmentType = values['雇用区分'] as EmploymentType;
    if (!EMPLOYMENT_TYPES.includes(employmentType)) {
      fail(
        '雇用区分',
        `雇用区分「${values['雇用区分']}」は ${EMPLOYMENT_TYPES.join('・')} のいずれかにしてください。`,
      );
    }

    const hiredOn = readDate(values, '採用日', true, fail, notes);
    if (hiredOn && compareDates(hiredOn, ref.effectiveDate) > 0) {
      fail('採用日', `採用日（${hiredOn}）が基準日（${ref.effectiveDate}）より後です。`);
    }
    const promotedOn = readDate(values, '昇任日', false, fail, notes) ?? hiredOn;
    const assignedOn = readDate(values, '発令日', false, fail, notes) ?? hiredOn;

    if (errors.items.length === errorCount && employeeNo && hiredOn && promotedOn && assignedOn) {
      parsed.push({
        row: line,
        employeeNo,
        name,
        nameKana,
        email,
        unitCode,
        positionName,
        employmentType,
        hiredOn,
        promotedOn,
        assignedOn,
      });
    }
  }
  errors.throwIfAny();
  return parsed;
}

function readDate(
  values: Record<string, string>,
  column: string,
  required: boolean,
  fail: (column: string, message: string) => void,
  notes: RosterReadingNotes,
): string | null {
  const raw = values[column];
  if (!raw) {
    if (required) fail(column, `${column}が空です。`);
    return null;
  }
  // 2026/4/1 and full-width ２０２６／０４／０１ are what HR systems and Excel write: read on purpose, shown as YYYY-MM-DD.
  const date = parseDateInput(raw);
  if (!date)
    fail(
      column,
      `${column}「${raw}」は日付として読めません（YYYY-MM-DD または 2026/4/1 の形で、実在する日付を指定してください）。`,
    );
  else if (date !== raw) notes.normalizedDates++;
  return date;
}
