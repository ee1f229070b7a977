import {
  outsideActivityKey,
  parseCompletionRatio,
  udemyCourseKey,
  udemyDateToTokyoDay,
  udemyHeaderKey,
  udemyModuleKeys,
  udemyRecordToActivity,
} from './udemy';

describe('Udemy Business records', () => {
  it('matches header names ignoring case, spaces and underscores (and Email for user_email)', () => {
    expect(
      ['user_email', 'User Email', 'USER_EMAIL', 'Email', '\ufeffuser email'].map(udemyHeaderKey),
    ).toEqual(Array(5).fill('useremail'));
    expect(udemyHeaderKey('Course First Completion Date')).toBe('coursefirstcompletiondate');
  });

  it('reads a day, or an instant (UTC without offset) as its Tokyo day', () => {
    expect(udemyDateToTokyoDay('2026-05-10')).toBe('2026-05-10');
    expect(udemyDateToTokyoDay('2026/5/1')).toBe('2026-05-01');
    expect(udemyDateToTokyoDay('2026-05-10T15:30:00Z')).toBe('2026-05-11');
    expect(udemyDateToTokyoDay('2026-05-10 15:30:00')).toBe('2026-05-11');
    expect(udemyDateToTokyoDay('2026-05-10T15:30:00+09:00')).toBe('2026-05-10');
    expect(udemyDateToTokyoDay('2026-13-45')).toBeNull();
    expect(udemyDateToTokyoDay('yesterday')).toBeNull();
  });

  it('reads ratios 0–100 with decimals', () => {
    expect(parseCompletionRatio('87.5')).toBe(87.5);
    expect(parseCompletionRatio('100.0')).toBe(100);
    expect(parseCompletionRatio('')).toBeNull();
    expect(parseCompletionRatio('100.5')).toBeNaN();
    expect(parseCompletionRatio('abc')).toBeNaN();
  });

  it('completes on the first completion date, keeps a later one of another fiscal year, and ratio 100 alone', () => {
    const both = udemyRecordToActivity(
      {
        'User Email': 'A@EXAMPLE.JP',
        'Course ID': '1',
        'Completion Ratio': '100',
        'Course First Completion Date': '2025-09-30',
        'Course Completion Date': '2026-06-03',
      },
      'csv',
    );
    expect(both.activity).toMatchObject({
      email: 'A@EXAMPLE.JP',
      completedOn: '2025-09-30',
      laterCompletedOn: '2026-06-03',
    });
    const sameYear = udemyRecordToActivity(
      {
        user_email: 'a@x.jp',
        course_id: '1',
        course_first_completion_date: '2026-04-02',
        course_completion_date: '2026-06-03',
      },
      'api',
    );
    expect(sameYear.activity).toMatchObject({ completedOn: '2026-04-02', laterCompletedOn: null });
    const ratioOnly = udemyRecordToActivity(
      {
        user_email: 'a@x.jp',
        course_id: '1',
        completion_ratio: 100,
        course_last_accessed_date: '2026-07-01T00:00:00Z',
      },
      'api',
    );
    expect(ratioOnly.activity?.completedOn).toBe('2026-07-01');
    const open = udemyRecordToActivity(
      { user_email: 'a@x.jp', course_id: '1', completion_ratio: '33.33' },
      'csv',
    );
    expect(open.activity?.completedOn).toBeNull();
    expect(udemyRecordToActivity({ course_id: '1' }, 'csv').issues.map((i) => i.field)).toEqual([
      'useremail',
    ]);
  });

  it('compares course ids and URLs (host case, scheme, query, trailing slash ignored)', () => {
    expect(udemyCourseKey('4523678')).toBe('id:4523678');
    expect(udemyCourseKey('https://PREF.udemy.com/course/dx-basics/?x=1')).toBe(
      'url:pref.udemy.com/course/dx-basics',
    );
    expect(udemyCourseKey('http://pref.udemy.com/course/dx-basics')).toBe(
      'url:pref.udemy.com/course/dx-basics',
    );
    expect(udemyModuleKeys({ courseId: '4523678', url: 'https://pref.udemy.com/course/dx-basics/' })).toEqual(
      ['id:4523678', 'url:pref.udemy.com/course/dx-basics'],
    );
    const a = {
      source: 'csv' as const,
      email: 'A@X.JP',
      externalId: null,
      udemyCourseId: '1',
      courseTitle: null,
      completedOn: '2026-05-01',
    };
    expect(outsideActivityKey(a)).toBe(outsideActivityKey({ ...a, email: 'a@x.jp', source: 'api' }));
  });
});
