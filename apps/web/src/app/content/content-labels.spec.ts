import {
  describeRule,
  draftBlockers,
  fromTokyoLocal,
  questionErrors,
  toTokyoLocal,
  versionLabel,
} from './content-labels';

describe('catalogue editor words and checks', () => {
  it('names versions, with 0 as not yet published', () => {
    expect(versionLabel(0)).toBe('未公開');
    expect(versionLabel(3)).toBe('第3版');
  });

  it('describes a rule in one line', () => {
    expect(
      describeRule({
        trigger: { kind: 'reached_level_in_fiscal_year', level: 5 },
        due: { kind: 'days_after_trigger', days: 60 },
        employmentTypes: ['正規職員'],
        active: true,
      }),
    ).toBe('その年度に職位レベル5に昇任した職員（正規職員）、期限：きっかけの日から60日後');
    expect(
      describeRule({
        trigger: { kind: 'all_active' },
        due: { kind: 'fixed_date', month: 3, day: 31 },
        employmentTypes: [],
        active: false,
      }),
    ).toBe('在職する全職員（毎年度）、期限：3月31日（年度内）【無効】');
  });

  it('checks a question as the API does', () => {
    const ok = {
      kind: 'single' as const,
      text: '問',
      explanation: '',
      choices: [
        { text: 'A', correct: true },
        { text: 'B', correct: false },
      ],
    };
    expect(questionErrors(ok)).toEqual([]);
    expect(
      questionErrors({
        ...ok,
        choices: [
          { text: 'A', correct: true },
          { text: 'B', correct: true },
        ],
      }),
    ).toEqual([{ field: 'choices', message: '1つ選ぶ形式の問題では、正解は1つだけにしてください。' }]);
    expect(
      questionErrors({
        ...ok,
        kind: 'multiple',
        choices: [
          { text: 'A', correct: true },
          { text: 'B', correct: true },
        ],
      }),
    ).toEqual([]);
    expect(
      questionErrors({ ...ok, text: ' ', choices: [{ text: '', correct: false }] }).map((e) => e.field),
    ).toEqual(['text', 'choices.0.text', 'choices', 'choices']);
  });

  it('lists what keeps a draft from being published', () => {
    expect(draftBlockers([])).toEqual(['下書きにモジュールがありません。']);
    expect(
      draftBlockers([
        { id: 1, position: 1, kind: 'quiz', title: '確認テスト', required: true, content: {}, questions: [] },
      ]),
    ).toEqual(['確認テスト「確認テスト」に問題がありません。']);
  });

  it('converts live session times between Japan time inputs and stored ISO date-times', () => {
    expect(toTokyoLocal('2026-06-01T13:30:00+09:00')).toBe('2026-06-01T13:30');
    expect(toTokyoLocal('2026-06-01T04:30:00Z')).toBe('2026-06-01T13:30');
    expect(fromTokyoLocal('2026-06-01T13:30')).toBe('2026-06-01T13:30:00+09:00');
    expect(fromTokyoLocal('')).toBe('');
  });
});
