import {
  DEFAULT_QUIZ_ANSWER_REVEAL,
  type GradedQuestion,
  QuizAnswerError,
  quizAnswerRevealOf,
  quizFeedback,
  revealsCorrectChoices,
  type QuizAnswer,
  type QuizQuestionKey,
  drawQuestions,
  gradeQuiz,
  seededRandom,
  shuffled,
  validateAnswers,
} from './quiz';

const keys: QuizQuestionKey[] = [
  { id: 1, kind: 'single', correctChoiceIds: [11] },
  { id: 2, kind: 'multiple', correctChoiceIds: [21, 23] },
  { id: 3, kind: 'single', correctChoiceIds: [32] },
  { id: 4, kind: 'multiple', correctChoiceIds: [41] },
];

describe('gradeQuiz', () => {
  it.each<[string, QuizAnswer[], boolean[]]>([
    [
      'all correct',
      [
        { questionId: 1, choiceIds: [11] },
        { questionId: 2, choiceIds: [23, 21] },
        { questionId: 3, choiceIds: [32] },
        { questionId: 4, choiceIds: [41] },
      ],
      [true, true, true, true],
    ],
    ['nothing answered', [], [false, false, false, false]],
    ['empty choice list is unanswered', [{ questionId: 4, choiceIds: [] }], [false, false, false, false]],
    [
      'multiple: a subset of the correct set is wrong',
      [{ questionId: 2, choiceIds: [21] }],
      [false, false, false, false],
    ],
    [
      'multiple: a superset of the correct set is wrong',
      [{ questionId: 2, choiceIds: [21, 22, 23] }],
      [false, false, false, false],
    ],
    [
      'multiple: a repeated choice counts once',
      [{ questionId: 2, choiceIds: [21, 23, 21] }],
      [false, true, false, false],
    ],
    [
      'single answered with two choices is wrong',
      [{ questionId: 1, choiceIds: [11, 12] }],
      [false, false, false, false],
    ],
    [
      'single answered with the right choice twice is wrong',
      [{ questionId: 1, choiceIds: [11, 11] }],
      [false, false, false, false],
    ],
    ['single answered wrongly', [{ questionId: 3, choiceIds: [31] }], [false, false, false, false]],
    [
      'the first of two answers to one question counts',
      [
        { questionId: 3, choiceIds: [32] },
        { questionId: 3, choiceIds: [31] },
      ],
      [false, false, true, false],
    ],
    [
      'answers to other questions are ignored',
      [{ questionId: 99, choiceIds: [11] }],
      [false, false, false, false],
    ],
  ])('%s', (_name, answers, correct) => {
    const grade = gradeQuiz(keys, answers, 80);
    expect(grade.perQuestion).toEqual(keys.map((k, i) => ({ questionId: k.id, correct: correct[i] })));
    expect(grade.correctCount).toBe(correct.filter(Boolean).length);
    expect(grade.total).toBe(4);
  });

  it.each<[number, number, number, boolean]>([
    // correct of 3, pass mark → score, passed
    [3, 100, 100, true],
    [2, 67, 67, true], // 66.67 rounds to the 67 shown, which meets 67
    [2, 70, 67, false],
    [1, 33, 33, true],
    [0, 0, 0, true],
    [0, 1, 0, false],
  ])('%i of 3 correct with pass mark %i → score %i, passed %s', (correctCount, passMark, score, passed) => {
    const three = keys
      .slice(0, 3)
      .map((k) => ({ ...k, kind: 'single' as const, correctChoiceIds: [k.id * 10] }));
    const answers = three.map((k, i) => ({
      questionId: k.id,
      choiceIds: [i < correctCount ? k.id * 10 : -1],
    }));
    const grade = gradeQuiz(three, answers, passMark);
    expect(grade).toMatchObject({ correctCount, total: 3, score, passed });
  });

  it('an attempt without questions scores 0 and is not passed', () => {
    expect(gradeQuiz([], [], 0)).toEqual({
      correctCount: 0,
      total: 0,
      score: 0,
      passed: false,
      perQuestion: [],
    });
  });

  it.each([-1, 101, Number.NaN])('rejects pass mark %d', (passMark) => {
    expect(() => gradeQuiz(keys, [], passMark)).toThrow(RangeError);
  });
});

describe('validateAnswers', () => {
  const choices = new Map<number, number[]>([
    [1, [11, 12]],
    [2, [21, 22, 23]],
    [3, [31, 32]],
    [4, [41, 42]],
  ]);

  it('accepts a well-formed partial answer sheet', () => {
    expect(() =>
      validateAnswers(keys, choices, [
        { questionId: 2, choiceIds: [21, 22] },
        { questionId: 1, choiceIds: [] },
      ]),
    ).not.toThrow();
  });

  it.each<[string, QuizAnswer[], RegExp, number, number | undefined]>([
    [
      'a question not in the attempt',
      [{ questionId: 9, choiceIds: [11] }],
      /設問（ID: 9）はこの受験の設問ではありません/,
      9,
      undefined,
    ],
    [
      'the same question twice',
      [
        { questionId: 1, choiceIds: [11] },
        { questionId: 1, choiceIds: [12] },
      ],
      /設問（ID: 1）への回答が重複しています/,
      1,
      undefined,
    ],
    [
      'a choice of another question',
      [{ questionId: 1, choiceIds: [11, 21] }],
      /選択肢（ID: 21）は設問（ID: 1）の選択肢ではありません/,
      1,
      21,
    ],
  ])('rejects %s', (_name, answers, message, questionId, choiceId) => {
    let error: unknown;
    try {
      validateAnswers(keys, choices, answers);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuizAnswerError);
    expect(error).toBeInstanceOf(Error);
    const quizError = error as QuizAnswerError;
    expect(quizError.name).toBe('QuizAnswerError');
    expect(quizError.message).toMatch(message);
    expect(quizError.questionId).toBe(questionId);
    expect(quizError.choiceId).toBe(choiceId);
  });

  it('rejects a choice of a question whose choices are unknown', () => {
    expect(() => validateAnswers(keys, new Map(), [{ questionId: 1, choiceIds: [11] }])).toThrow(
      QuizAnswerError,
    );
  });
});

describe('seededRandom', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const seqA = Array.from({ length: 1000 }, a);
    const seqB = Array.from({ length: 1000 }, b);
    expect(seqA).toEqual(seqB);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(seqA).size).toBeGreaterThan(990);
  });

  it('gives different sequences for different seeds', () => {
    const a = seededRandom(1);
    const b = seededRandom(2);
    expect(Array.from({ length: 5 }, a)).not.toEqual(Array.from({ length: 5 }, b));
  });

  it('matches the reference mulberry32 output', () => {
    // mulberry32(0) first outputs, from the reference implementation
    const r = seededRandom(0);
    expect(Math.floor(r() * 2 ** 32)).toBe(1144304738);
  });
});

describe('shuffled', () => {
  const items = Array.from({ length: 20 }, (_, i) => i);

  it('returns a permutation and leaves the input untouched', () => {
    const input = [...items];
    const result = shuffled(input, seededRandom(7));
    expect(input).toEqual(items);
    expect([...result].sort((x, y) => x - y)).toEqual(items);
    expect(result).not.toEqual(items);
  });

  it('is deterministic with a seeded generator', () => {
    expect(shuffled(items, seededRandom(7))).toEqual(shuffled(items, seededRandom(7)));
    expect(shuffled(items, seededRandom(7))).not.toEqual(shuffled(items, seededRandom(8)));
  });

  it('copes with a generator returning 0 or (wrongly) 1', () => {
    expect(shuffled([1, 2, 3], () => 0)).toEqual([2, 3, 1]);
    expect(shuffled([1, 2, 3], () => 1)).toEqual([1, 2, 3]);
    expect(shuffled([], () => 0.5)).toEqual([]);
  });
});

describe('drawQuestions', () => {
  const bank = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'];

  it.each<[number | null, number]>([
    [null, 8],
    [8, 8],
    [20, 8],
    [3, 3],
    [1, 1],
    [0, 0],
  ])('count %p draws %i distinct questions of the bank', (count, expected) => {
    const drawn = drawQuestions(bank, count, seededRandom(123));
    expect(drawn).toHaveLength(expected);
    expect(new Set(drawn).size).toBe(expected);
    expect(drawn.every((q) => bank.includes(q))).toBe(true);
  });

  it('is deterministic with the same seed', () => {
    expect(drawQuestions(bank, 5, seededRandom(2026))).toEqual(drawQuestions(bank, 5, seededRandom(2026)));
  });

  it('draws differently with another seed', () => {
    const draws = new Set(
      [1, 2, 3, 4, 5].map((seed) => drawQuestions(bank, 4, seededRandom(seed)).join(',')),
    );
    expect(draws.size).toBeGreaterThan(1);
  });

  it('shuffles the whole bank when all questions are drawn', () => {
    const all = drawQuestions(bank, null, seededRandom(9));
    expect([...all].sort()).toEqual(bank);
    expect(all).toEqual(shuffled(bank, seededRandom(9)));
  });

  it.each([-1, 2.5])('rejects count %p', (count) => {
    expect(() => drawQuestions(bank, count, seededRandom(1))).toThrow(RangeError);
  });
});

describe('what a graded attempt reveals', () => {
  it.each([
    // reveal, passed, attemptsLeft, shows the correct choices
    ['after_pass_or_last_attempt', false, 2, false],
    ['after_pass_or_last_attempt', false, 1, false],
    ['after_pass_or_last_attempt', false, 0, true],
    ['after_pass_or_last_attempt', true, 0, true],
    ['after_pass_or_last_attempt', true, 2, true],
    ['after_each_attempt', false, 2, true],
    ['after_each_attempt', false, 0, true],
    ['after_each_attempt', true, 0, true],
  ] as const)('%s, passed %s, %i left → correct choices shown: %s', (reveal, passed, attemptsLeft, shown) => {
    expect(revealsCorrectChoices(reveal, { passed, attemptsLeft })).toBe(shown);
  });

  it('a quiz without the setting, or with an unknown value, keeps the correct choices back until the end', () => {
    expect(DEFAULT_QUIZ_ANSWER_REVEAL).toBe('after_pass_or_last_attempt');
    for (const stored of [undefined, null, '', 'always', 3]) {
      expect(quizAnswerRevealOf(stored)).toBe('after_pass_or_last_attempt');
    }
    expect(quizAnswerRevealOf('after_each_attempt')).toBe('after_each_attempt');
  });

  const graded: GradedQuestion[] = [
    {
      id: 1,
      text: '問い1',
      explanation: '解説1',
      correct: false,
      choices: [
        { id: 11, text: 'A', correct: true, chosen: false },
        { id: 12, text: 'B', correct: false, chosen: true },
      ],
    },
    {
      id: 2,
      text: '問い2',
      explanation: '解説2',
      correct: true,
      choices: [{ id: 21, text: 'C', correct: true, chosen: true }],
    },
  ];

  it('without the correct choices: which questions were wrong, the explanations and the own choices, and no `correct` key on any choice', () => {
    const feedback = quizFeedback(graded, false);
    expect(feedback.map((q) => [q.id, q.correct, q.explanation])).toEqual([
      [1, false, '解説1'],
      [2, true, '解説2'],
    ]);
    expect(feedback[0].choices).toEqual([
      { id: 11, text: 'A', chosen: false },
      { id: 12, text: 'B', chosen: true },
    ]);
    for (const q of feedback) for (const c of q.choices) expect('correct' in c).toBe(false);
  });

  it('with the correct choices: each choice says whether it was correct', () => {
    expect(quizFeedback(graded, true)[0].choices).toEqual([
      { id: 11, text: 'A', correct: true, chosen: false },
      { id: 12, text: 'B', correct: false, chosen: true },
    ]);
  });
});
