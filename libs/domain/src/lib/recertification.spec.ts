import type { CourseRecurrence } from '@dx/contract';
import {
  type CourseHistoryEntry,
  recertificationStatus,
  recurrenceProblem,
  renewalFor,
  renewalTerms,
  validityEnd,
} from './recertification';

const ANNUAL: CourseRecurrence = { kind: 'every_fiscal_year' };
const EVERY_3: CourseRecurrence = { kind: 'every_n_years', years: 3 };
const VALID_3_FROM_JAN: CourseRecurrence = {
  kind: 'valid_for_years',
  years: 3,
  window: { kind: 'date_before_expiry', month: 1, day: 1 },
};
const VALID_2_6_MONTHS: CourseRecurrence = {
  kind: 'valid_for_years',
  years: 2,
  window: { kind: 'months_before_expiry', months: 6 },
};
const NONE: CourseRecurrence = { kind: 'none' };

const done = (fiscalYear: number, completedOn: string): CourseHistoryEntry => ({
  fiscalYear,
  completedOn,
  exempt: false,
});
const open = (fiscalYear: number): CourseHistoryEntry => ({ fiscalYear, completedOn: null, exempt: false });
const exempt = (fiscalYear: number): CourseHistoryEntry => ({ fiscalYear, completedOn: null, exempt: true });
const staff = { hiredOn: '2010-04-01', leftOn: null };

describe('renewalTerms: validity end, window and the renewal year', () => {
  it.each<[string, CourseRecurrence, number, string, string, number, string, string]>([
    // recurrence, assignment year, completed on → valid until, renewal FY, window opens, due
    [
      'annual, completed on 31 March',
      ANNUAL,
      2025,
      '2026-03-31',
      '2026-03-31',
      2026,
      '2026-04-01',
      '2027-03-31',
    ],
    [
      'annual, completed on 1 April',
      ANNUAL,
      2026,
      '2026-04-01',
      '2027-03-31',
      2027,
      '2027-04-01',
      '2028-03-31',
    ],
    [
      'annual, FY2025 assignment completed late on 1 April',
      ANNUAL,
      2025,
      '2026-04-01',
      '2026-03-31',
      2026,
      '2026-04-01',
      '2027-03-31',
    ],
    ['every 3 years', EVERY_3, 2024, '2024-06-10', '2027-03-31', 2027, '2027-04-01', '2028-03-31'],
    [
      'valid 3 years, completed on 31 March',
      VALID_3_FROM_JAN,
      2023,
      '2024-03-31',
      '2027-03-30',
      2026,
      '2027-01-01',
      '2027-03-30',
    ],
    [
      'valid 3 years, completed on 1 April',
      VALID_3_FROM_JAN,
      2024,
      '2024-04-01',
      '2027-03-31',
      2026,
      '2027-01-01',
      '2027-03-31',
    ],
    [
      'valid 3 years, window crossing 1 April (opens in FY2026, due in FY2027)',
      VALID_3_FROM_JAN,
      2024,
      '2024-07-01',
      '2027-06-30',
      2026,
      '2027-01-01',
      '2027-06-30',
    ],
    [
      'valid 3 years, expiry on 1 January: the window opens the 1 January before',
      VALID_3_FROM_JAN,
      2023,
      '2024-01-02',
      '2027-01-01',
      2025,
      '2026-01-01',
      '2027-01-01',
    ],
    [
      'valid 2 years from 29 February: ends on 28 February',
      VALID_2_6_MONTHS,
      2023,
      '2024-02-29',
      '2026-02-28',
      2025,
      '2025-08-29',
      '2026-02-28',
    ],
    [
      "valid 2 years, 6-month window opening on 31 March: the renewal is FY2025's, due in FY2026",
      VALID_2_6_MONTHS,
      2024,
      '2024-10-01',
      '2026-09-30',
      2025,
      '2026-03-31',
      '2026-09-30',
    ],
  ])('%s', (_name, recurrence, fiscalYear, completedOn, validUntil, renewalYear, windowOpens, dueDate) => {
    expect(renewalTerms(recurrence, { fiscalYear, completedOn })).toEqual({
      validUntil,
      fiscalYear: renewalYear,
      windowOpens,
      dueDate,
    });
    expect(validityEnd(recurrence, { fiscalYear, completedOn })).toBe(validUntil);
  });

  it('a course that does not recur has no end', () => {
    expect(renewalTerms(NONE, { fiscalYear: 2025, completedOn: '2025-05-01' })).toBeNull();
    expect(validityEnd(NONE, { fiscalYear: 2025, completedOn: '2025-05-01' })).toBeNull();
  });
});

describe('renewalFor: what the engine assigns in a fiscal year', () => {
  it.each<[string, CourseRecurrence, CourseHistoryEntry[], number, ReturnType<typeof renewalFor>]>([
    ['never completed: nothing (the rules make the first assignment)', ANNUAL, [open(2025)], 2026, null],
    ['not recurring: nothing', NONE, [done(2020, '2020-05-01')], 2026, null],
    [
      'annual, completed on 31 March: renewed in the next FY from 1 April',
      ANNUAL,
      [done(2025, '2026-03-31')],
      2026,
      {
        fiscalYear: 2026,
        triggerDate: '2026-04-01',
        dueDate: '2027-03-31',
        renews: { fiscalYear: 2025, completedOn: '2026-03-31' },
      },
    ],
    [
      'annual, completed on 1 April of FY2026: not yet due in FY2026',
      ANNUAL,
      [done(2026, '2026-04-01')],
      2026,
      null,
    ],
    [
      'valid 3 years, window crossing 1 April: assigned in the FY the window opens, due in the next',
      VALID_3_FROM_JAN,
      [done(2024, '2024-07-01')],
      2026,
      {
        fiscalYear: 2026,
        triggerDate: '2027-01-01',
        dueDate: '2027-06-30',
        renews: { fiscalYear: 2024, completedOn: '2024-07-01' },
      },
    ],
    [
      'valid 3 years: not in the FY before the window',
      VALID_3_FROM_JAN,
      [done(2024, '2024-07-01')],
      2025,
      null,
    ],
    [
      'already assigned in the renewal year: nothing more',
      ANNUAL,
      [done(2025, '2025-06-01'), open(2026)],
      2026,
      null,
    ],
    [
      'renewal overdue and still open: not assigned again the year after',
      ANNUAL,
      [done(2024, '2024-06-01'), open(2025)],
      2026,
      null,
    ],
    [
      'exempt renewal year: postponed to the next FY, computed from the last real completion',
      EVERY_3,
      [done(2022, '2022-05-01'), exempt(2025)],
      2026,
      {
        fiscalYear: 2026,
        triggerDate: '2026-04-01',
        dueDate: '2027-03-31',
        renews: { fiscalYear: 2022, completedOn: '2022-05-01' },
      },
    ],
    [
      'exempt renewal year: nothing in the exempt year itself',
      EVERY_3,
      [done(2022, '2022-05-01'), exempt(2025)],
      2025,
      null,
    ],
    [
      'two exempt years in a row: postponed twice',
      ANNUAL,
      [done(2023, '2023-05-01'), exempt(2024), exempt(2025)],
      2026,
      {
        fiscalYear: 2026,
        triggerDate: '2026-04-01',
        dueDate: '2027-03-31',
        renews: { fiscalYear: 2023, completedOn: '2023-05-01' },
      },
    ],
  ])('%s', (_name, recurrence, history, fiscalYear, expected) => {
    expect(renewalFor(recurrence, history, staff, fiscalYear)).toEqual(expected);
  });

  describe('a person who left and returned', () => {
    // Completed in FY2022 (valid until 2025-06-30), left in March 2025 with the renewal unfinished, back on 1 October 2026.
    const history = [done(2022, '2022-07-01'), { ...open(2024), ended: true }];
    const returned = { hiredOn: '2026-10-01', leftOn: null };

    it('the renewal missed while away is due in the year of return, from the day back, by its 31 March', () => {
      expect(renewalFor(VALID_3_FROM_JAN, history, returned, 2026)).toEqual({
        fiscalYear: 2026,
        triggerDate: '2026-10-01',
        dueDate: '2027-03-31',
        renews: { fiscalYear: 2022, completedOn: '2022-07-01' },
      });
    });

    it('nothing while away', () => {
      expect(renewalFor(VALID_3_FROM_JAN, history, { hiredOn: '2027-04-01', leftOn: null }, 2026)).toBeNull();
      expect(
        renewalFor(ANNUAL, [done(2024, '2024-05-01')], { hiredOn: '2010-04-01', leftOn: '2025-03-31' }, 2025),
      ).toBeNull();
    });

    it('a due date still ahead on return stands', () => {
      // Valid until 2027-06-30 (window from 2027-01-01, FY2026); away in FY2026, back on 1 May 2027.
      expect(
        renewalFor(
          VALID_3_FROM_JAN,
          [done(2024, '2024-07-01')],
          { hiredOn: '2027-05-01', leftOn: null },
          2027,
        ),
      ).toEqual({
        fiscalYear: 2027,
        triggerDate: '2027-05-01',
        dueDate: '2027-06-30',
        renews: { fiscalYear: 2024, completedOn: '2024-07-01' },
      });
    });

    it('someone leaving before the window opens gets nothing', () => {
      expect(
        renewalFor(
          VALID_3_FROM_JAN,
          [done(2024, '2024-07-01')],
          { hiredOn: '2010-04-01', leftOn: '2026-12-31' },
          2026,
        ),
      ).toBeNull();
    });
  });
});

describe('recertificationStatus: the state on a day', () => {
  it.each<[string, CourseRecurrence, CourseHistoryEntry[], string, string, string | null]>([
    ['never completed', ANNUAL, [open(2026)], '2026-05-01', 'never_completed', null],
    [
      'not recurring, completed: valid without end',
      NONE,
      [done(2020, '2020-05-01')],
      '2030-01-01',
      'valid',
      null,
    ],
    [
      'valid 3 years, before the window',
      VALID_3_FROM_JAN,
      [done(2024, '2024-07-01')],
      '2026-12-31',
      'valid',
      '2027-06-30',
    ],
    [
      'valid 3 years, window opened on 1 January',
      VALID_3_FROM_JAN,
      [done(2024, '2024-07-01')],
      '2027-01-01',
      'renewal_window',
      '2027-06-30',
    ],
    [
      'valid 3 years, window across 1 April',
      VALID_3_FROM_JAN,
      [done(2024, '2024-07-01')],
      '2027-04-01',
      'renewal_window',
      '2027-06-30',
    ],
    [
      'valid 3 years, last valid day',
      VALID_3_FROM_JAN,
      [done(2024, '2024-07-01')],
      '2027-06-30',
      'renewal_window',
      '2027-06-30',
    ],
    [
      'valid 3 years, the day after expiry',
      VALID_3_FROM_JAN,
      [done(2024, '2024-07-01')],
      '2027-07-01',
      'renewal_overdue',
      '2027-06-30',
    ],
    [
      'annual, completed on 31 March, on 31 March',
      ANNUAL,
      [done(2025, '2026-03-31')],
      '2026-03-31',
      'valid',
      '2026-03-31',
    ],
    [
      'annual, completed on 31 March, on 1 April',
      ANNUAL,
      [done(2025, '2026-03-31')],
      '2026-04-01',
      'renewal_window',
      '2026-03-31',
    ],
    [
      'annual, a year later',
      ANNUAL,
      [done(2025, '2026-03-31')],
      '2027-04-01',
      'renewal_overdue',
      '2026-03-31',
    ],
    [
      'annual, renewed: valid from the new completion',
      ANNUAL,
      [done(2025, '2025-06-01'), done(2026, '2026-06-01')],
      '2026-06-01',
      'valid',
      '2027-03-31',
    ],
    [
      'a completion after the day does not count yet',
      ANNUAL,
      [done(2025, '2025-06-01'), done(2026, '2026-06-01')],
      '2026-05-31',
      'renewal_window',
      '2026-03-31',
    ],
    [
      'exempt renewal year: 免除 within it',
      EVERY_3,
      [done(2022, '2022-05-01'), exempt(2025)],
      '2025-10-01',
      'exempt',
      '2025-03-31',
    ],
    [
      'exempt renewal year: renewal window the year after',
      EVERY_3,
      [done(2022, '2022-05-01'), exempt(2025)],
      '2026-04-01',
      'renewal_window',
      '2025-03-31',
    ],
    [
      'exempt renewal year: overdue after the postponed due date',
      EVERY_3,
      [done(2022, '2022-05-01'), exempt(2025)],
      '2027-04-01',
      'renewal_overdue',
      '2025-03-31',
    ],
  ])('%s', (_name, recurrence, history, on, state, validUntil) => {
    const status = recertificationStatus(recurrence, history, on);
    expect(status.state).toBe(state);
    expect(status.validUntil).toBe(validUntil);
  });
});

describe('recurrenceProblem', () => {
  it.each<[CourseRecurrence, string | null]>([
    [{ kind: 'none' }, null],
    [{ kind: 'every_fiscal_year' }, null],
    [{ kind: 'every_n_years', years: 3 }, null],
    [{ kind: 'every_n_years', years: 0 }, '更新の年数は1〜10の整数で指定してください。'],
    [VALID_3_FROM_JAN, null],
    [
      { kind: 'valid_for_years', years: 1, window: { kind: 'months_before_expiry', months: 13 } },
      '更新期間の月数は1〜12の整数で指定してください。',
    ],
    [
      { kind: 'valid_for_years', years: 1, window: { kind: 'date_before_expiry', month: 2, day: 30 } },
      '更新期間の開始日（月・日）が正しくありません。',
    ],
  ])('%j → %s', (recurrence, problem) => {
    expect(recurrenceProblem(recurrence)).toBe(problem);
  });
});
