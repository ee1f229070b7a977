// Server-side quiz grading: the answer key never leaves the server, and the grade is computed here.
import { QUIZ_ANSWER_REVEALS, type QuizAnswerReveal, type QuizResult } from '@dx/contract';

export interface QuizQuestionKey {
  id: number;
  kind: 'single' | 'multiple';
  correctChoiceIds: number[];
}

export interface QuizAnswer {
  questionId: number;
  choiceIds: number[];
}

export interface QuizGrade {
  correctCount: number;
  total: number;
  /** 0..100, rounded to an integer. */
  score: number;
  passed: boolean;
  perQuestion: { questionId: number; correct: boolean }[];
}

function isCorrect(key: QuizQuestionKey, answer: QuizAnswer | undefined): boolean {
  if (!answer || answer.choiceIds.length === 0) return false;
  if (key.kind === 'single' && answer.choiceIds.length !== 1) return false;
  const chosen = new Set(answer.choiceIds);
  const correct = new Set(key.correctChoiceIds);
  return chosen.size === correct.size && [...chosen].every((id) => correct.has(id));
}

/**
 * Grades an attempt. A question is correct only when the chosen set of choices equals the correct
 * set exactly; an unanswered question is wrong, and so is a single-choice question answered with
 * more than one choice. `passed` compares the rounded score (the one shown) with `passMark`; an
 * attempt with no question is never passed. Answers to questions outside `keys` are ignored
 * (`validateAnswers` rejects them first); of two answers to one question the first counts.
 */
export function gradeQuiz(
  keys: readonly QuizQuestionKey[],
  answers: readonly QuizAnswer[],
  passMark: number,
): QuizGrade {
  if (!Number.isFinite(passMark) || passMark < 0 || passMark > 100) {
    throw new RangeError(`合格点は0から100の範囲で指定してください：${passMark}`);
  }
  const answerByQuestion = new Map<number, QuizAnswer>();
  for (const answer of answers) {
    if (!answerByQuestion.has(answer.questionId)) answerByQuestion.set(answer.questionId, answer);
  }
  const perQuestion = keys.map((key) => ({
    questionId: key.id,
    correct: isCorrect(key, answerByQuestion.get(key.id)),
  }));
  const correctCount = perQuestion.filter((q) => q.correct).length;
  const total = keys.length;
  const score = total === 0 ? 0 : Math.round((correctCount * 100) / total);
  return { correctCount, total, score, passed: total > 0 && score >= passMark, perQuestion };
}

/** A shuffled copy (Fisher–Yates) using `random`, which returns numbers in [0, 1). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    // Math.min guards against a generator that returns exactly 1.
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/** `count` distinct items of the bank in random order; all of them, shuffled, when count is null or ≥ the bank. */
export function drawQuestions<T>(bank: readonly T[], count: number | null, random: () => number): T[] {
  if (count !== null && (!Number.isInteger(count) || count < 0)) {
    throw new RangeError(`出題数は0以上の整数で指定してください：${count}`);
  }
  const all = shuffled(bank, random);
  return count === null || count >= all.length ? all : all.slice(0, count);
}

/** Deterministic generator of numbers in [0, 1) (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An answer sheet that does not fit the attempt; the message is meant for the learner (Japanese). */
export class QuizAnswerError extends Error {
  constructor(
    message: string,
    readonly questionId: number,
    readonly choiceId?: number,
  ) {
    super(message);
    this.name = 'QuizAnswerError';
  }
}

/**
 * Checks an answer sheet against the attempt's questions; throws QuizAnswerError for an answer to a
 * question not in the attempt, a choice that does not belong to its question, or a second answer
 * to the same question. `validChoices` maps each question id to the ids of its choices.
 */
export function validateAnswers(
  keys: readonly QuizQuestionKey[],
  validChoices: ReadonlyMap<number, readonly number[]>,
  answers: readonly QuizAnswer[],
): void {
  const questionIds = new Set(keys.map((k) => k.id));
  const answered = new Set<number>();
  for (const { questionId, choiceIds } of answers) {
    if (!questionIds.has(questionId)) {
      throw new QuizAnswerError(`設問（ID: ${questionId}）はこの受験の設問ではありません。`, questionId);
    }
    if (answered.has(questionId)) {
      throw new QuizAnswerError(`設問（ID: ${questionId}）への回答が重複しています。`, questionId);
    }
    answered.add(questionId);
    const choices = validChoices.get(questionId) ?? [];
    const stranger = choiceIds.find((id) => !choices.includes(id));
    if (stranger !== undefined) {
      throw new QuizAnswerError(
        `選択肢（ID: ${stranger}）は設問（ID: ${questionId}）の選択肢ではありません。`,
        questionId,
        stranger,
      );
    }
  }
}

/** The safe default: the correct choices only once they can no longer help a next attempt. */
export const DEFAULT_QUIZ_ANSWER_REVEAL: QuizAnswerReveal = 'after_pass_or_last_attempt';

/** A quiz's stored setting, or the safe default when it is absent or not one of the known values. */
export function quizAnswerRevealOf(value: unknown): QuizAnswerReveal {
  return (QUIZ_ANSWER_REVEALS as readonly unknown[]).includes(value)
    ? (value as QuizAnswerReveal)
    : DEFAULT_QUIZ_ANSWER_REVEAL;
}

/**
 * Whether a graded attempt shows the correct choices: always after a pass or when no attempt is left; after a failed
 * attempt with attempts left only when the quiz says so ('after_each_attempt').
 */
export function revealsCorrectChoices(
  reveal: QuizAnswerReveal,
  outcome: { passed: boolean; attemptsLeft: number },
): boolean {
  if (outcome.passed || outcome.attemptsLeft <= 0) return true;
  return reveal === 'after_each_attempt';
}

/** One graded question with everything the server knows. */
export interface GradedQuestion {
  id: number;
  text: string;
  explanation: string;
  correct: boolean;
  choices: { id: number; text: string; correct: boolean; chosen: boolean }[];
}

/**
 * What the learner is sent of a graded attempt: whether each question was right, its explanation and the learner's
 * own choices, always; which choices were correct only when `showCorrectChoices` (the `correct` key is left out, not
 * set to false, so nothing in the response hints at it).
 */
export function quizFeedback(
  questions: readonly GradedQuestion[],
  showCorrectChoices: boolean,
): QuizResult['questions'] {
  return questions.map((q) => ({
    id: q.id,
    text: q.text,
    correct: q.correct,
    explanation: q.explanation,
    choices: q.choices.map((c) =>
      showCorrectChoices
        ? { id: c.id, text: c.text, correct: c.correct, chosen: c.chosen }
        : { id: c.id, text: c.text, chosen: c.chosen },
    ),
  }));
}
