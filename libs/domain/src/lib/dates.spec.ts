import {
  addDays,
  compareDates,
  daysBetween,
  daysInMonth,
  isIsoDate,
  isLeapYear,
  maxDate,
  minDate,
  parseDateInput,
  toCalendarDate,
  todayInTokyo,
  toTokyoDateTime,
} from './dates';

describe('isIsoDate', () => {
  it.each([
    ['2026-04-01', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-4-1', false],
    ['2026/04/01', false],
    ['2026-04-01T00:00:00Z', false],
    [' 2026-04-01', false],
    ['２０２６-04-01', false],
    ['', false],
  ])('%j → %s', (input, expected) => {
    expect(isIsoDate(input)).toBe(expected);
  });
});

describe('isLeapYear / daysInMonth', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [2100, false],
  ])('%i leap: %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });
});

describe('toCalendarDate', () => {
  it('splits a valid date into numbers', () => {
    expect(toCalendarDate('2026-04-01')).toEqual({ year: 2026, month: 4, day: 1 });
  });

  it('refuses an impossible date with a Japanese message', () => {
    expect(() => toCalendarDate('2025-02-29')).toThrow('日付の形式が正しくありません');
  });
});

describe('parseDateInput', () => {
  it.each([
    ['2026-04-01', '2026-04-01'],
    ['2026/04/01', '2026-04-01'],
    ['2026/4/1', '2026-04-01'],
    ['2026-4-1', '2026-04-01'],
    ['２０２６／４／１', '2026-04-01'],
    ['２０２６／０４／０１', '2026-04-01'],
    ['2026／4／1', '2026-04-01'],
    ['２０２６/１２/３１', '2026-12-31'],
    ['２０２６／２／３０', null],
    ['2026/4/1/', null],
    ['２０２６－０４－０１', '2026-04-01'],
    ['  2024/2/29 ', '2024-02-29'],
    ['2025/2/29', null],
    ['2026/04-01', null],
    ['2026/13/1', null],
    ['26/4/1', null],
    ['令和8年4月1日', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(parseDateInput(input)).toBe(expected);
  });
});

describe('todayInTokyo', () => {
  it.each([
    ['2026-03-31T14:59:59.999Z', '2026-03-31'],
    ['2026-03-31T15:00:00.000Z', '2026-04-01'],
    ['2026-04-01T00:00:00.000Z', '2026-04-01'],
    ['2026-12-31T15:00:00.000Z', '2027-01-01'],
    ['2024-02-28T15:00:00.000Z', '2024-02-29'],
  ])('at %s UTC it is %s in Tokyo', (utc, expected) => {
    expect(todayInTokyo(new Date(utc))).toBe(expected);
  });

  it('defaults to the current time', () => {
    jest.useFakeTimers({ now: new Date('2026-03-31T15:00:00Z') });
    try {
      expect(todayInTokyo()).toBe('2026-04-01');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-03-31', 1, '2026-04-01'],
    ['2026-04-01', -1, '2026-03-31'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-04-01', 90, '2026-06-30'],
    ['2026-04-01', 0, '2026-04-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-01', 366, '2025-01-01'],
    ['0001-01-01', 1, '0001-01-02'],
    ['0050-12-31', 1, '0051-01-01'],
  ])('%s plus %i days → %s', (start, days, expected) => {
    expect(addDays(start, days)).toBe(expected);
  });

  it('refuses a non-integer number of days', () => {
    expect(() => addDays('2026-04-01', 1.5)).toThrow(RangeError);
  });

  it('refuses an invalid date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-04-01', '2026-06-30', 90],
    ['2026-04-01', '2026-04-01', 0],
    ['2024-03-01', '2024-02-28', -2],
  ])('%s → %s is %i days', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('compareDates / minDate / maxDate', () => {
  it.each([
    ['2026-03-31', '2026-04-01', -1],
    ['2026-04-01', '2026-03-31', 1],
    ['2026-04-01', '2026-04-01', 0],
    ['2025-12-31', '2026-01-01', -1],
  ])('compareDates(%s, %s) = %i', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  it('sorts dates chronologically', () => {
    expect(['2026-04-01', '2025-12-31', '2026-01-15'].sort(compareDates)).toEqual([
      '2025-12-31',
      '2026-01-15',
      '2026-04-01',
    ]);
  });

  it('finds the earliest and latest date', () => {
    expect(minDate('2026-04-01', '2025-04-01', '2026-03-31')).toBe('2025-04-01');
    expect(maxDate('2026-04-01', '2025-04-01', '2026-03-31')).toBe('2026-04-01');
  });

  it('returns the only date', () => {
    expect(minDate('2026-04-01')).toBe('2026-04-01');
    expect(maxDate('2026-04-01')).toBe('2026-04-01');
  });

  it('returns undefined for no dates', () => {
    const none: string[] = [];
    expect(minDate(...none)).toBeUndefined();
    expect(maxDate(...none)).toBeUndefined();
  });
});

describe('toTokyoDateTime', () => {
  it.each([
    ['2026-03-31T14:59:00Z', { date: '2026-03-31', hour: 23, minute: 59, weekday: 2 }],
    ['2026-03-31T15:00:00Z', { date: '2026-04-01', hour: 0, minute: 0, weekday: 3 }],
    ['2026-05-12T04:30:00Z', { date: '2026-05-12', hour: 13, minute: 30, weekday: 2 }],
    ['2026-05-12T13:30:00+09:00', { date: '2026-05-12', hour: 13, minute: 30, weekday: 2 }],
  ])('%s is %j in Tokyo', (instant, expected) => {
    expect(toTokyoDateTime(new Date(instant))).toEqual(expected);
  });
});
