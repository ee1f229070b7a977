import { reminderMessage, skipReasonLabel, skippedPersonLabel, sumTotals, unitPath } from './team-labels';

describe('team helpers', () => {
  it('words the reminder result and why people were skipped, in Japanese', () => {
    expect(reminderMessage({ sent: 3, skippedPeople: [] })).toBe('3人に送信しました。');
    expect(
      reminderMessage({
        sent: 1,
        skippedPeople: [
          { employeeNo: '0001', name: '伊勢 花子', reason: 'no_email' },
          { employeeNo: '0002', name: null, reason: 'nothing_due' },
        ],
      }),
    ).toBe('1人に送信しました。2人には送信していません（理由は下の一覧）。');
    expect(skipReasonLabel('nothing_due')).toBe('期限超過・期限間近の未修了の研修がありません');
    expect(skipReasonLabel('already_reminded')).toContain('本日すでに督促メールを送っています');
    expect(skipReasonLabel('no_email')).toBe('メールアドレスが登録されていません');
    expect(skipReasonLabel('send_failed')).toContain('メールを送信できませんでした');
    expect(skippedPersonLabel({ employeeNo: '0001', name: '伊勢 花子', reason: 'no_email' })).toBe(
      '伊勢 花子（0001）',
    );
    expect(skippedPersonLabel({ employeeNo: '0002', name: null, reason: 'nothing_due' }, '志摩 一郎')).toBe(
      '志摩 一郎（0002）',
    );
    expect(skippedPersonLabel({ employeeNo: '0003', name: null, reason: 'nothing_due' })).toBe(
      '職員番号 0003',
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
