import { abbreviateTitle, reminderMessage, sumTotals, unitPath } from './team-labels';

describe('team helpers', () => {
  it('abbreviates long course titles (by character, surrogate pairs kept whole)', () => {
    expect(abbreviateTitle('職場内DX研修')).toBe('職場内DX研修');
    expect(abbreviateTitle('新規採用職員研修（デジタル基礎）')).toBe('新規採用職員研修（…');
    expect(abbreviateTitle('𠮷𠮷𠮷𠮷', 3)).toBe('𠮷𠮷…');
  });

  it('words the reminder result', () => {
    expect(reminderMessage({ sent: 3, skipped: 0, withoutEmail: [] })).toBe('3人に送信しました。');
    expect(reminderMessage({ sent: 3, skipped: 1, withoutEmail: ['0001'] })).toBe(
      '3人に送信しました（本日送信済みの1件は除外）。メールアドレスが登録されていない1人には送信できませんでした（職員番号：0001）。',
    );
  });

  it('finds the path from the top of the visible org down to a unit', () => {
    const units = [
      { code: '1', parentCode: null },
      { code: '2', parentCode: '1' },
      { code: '3', parentCode: '2' },
      { code: '9', parentCode: '8' },
    ];
    expect(unitPath(units, '3').map((u) => u.code)).toEqual(['1', '2', '3']);
    expect(unitPath(units, '9').map((u) => u.code)).toEqual(['9']);
    expect(unitPath(units, 'x')).toEqual([]);
    expect(
      unitPath(
        [
          { code: 'a', parentCode: 'b' },
          { code: 'b', parentCode: 'a' },
        ],
        'a',
      ).length,
    ).toBe(2);
  });

  it('adds the column totals', () => {
    expect(
      sumTotals({
        courses: [
          { code: 'A', title: '', trackCode: '' },
          { code: 'B', title: '', trackCode: '' },
        ],
        columnTotals: {
          A: { assigned: 2, completed: 1, overdue: 1, exempt: 0 },
          B: { assigned: 3, completed: 3, overdue: 0, exempt: 1 },
        },
      }),
    ).toEqual({ assigned: 5, completed: 4, overdue: 1, exempt: 1 });
  });
});
