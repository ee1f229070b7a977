// One question as its form holds it, and the edits the form makes to it (pure: each returns the next form).
import type { QuestionKind, QuestionView } from '@dx/contract';

export const MAX_CHOICES = 20;

export interface QuestionForm {
  /** null: a new question. */
  id: number | null;
  kind: QuestionKind;
  text: string;
  choices: { text: string; correct: boolean }[];
  explanation: string;
}

/** A new question: 「1つ選ぶ」 with two empty choices, the first marked correct. */
export function emptyQuestionForm(): QuestionForm {
  return {
    id: null,
    kind: 'single',
    text: '',
    choices: [
      { text: '', correct: true },
      { text: '', correct: false },
    ],
    explanation: '',
  };
}

export function questionFormOf(q: QuestionView): QuestionForm {
  return {
    id: q.id,
    kind: q.kind,
    text: q.text,
    choices: q.choices.map((c) => ({ text: c.text, correct: c.correct })),
    explanation: q.explanation,
  };
}

/** Switching to 「1つ選ぶ」 keeps only the first correct answer (a radio group cannot show more). */
export function withKind(f: QuestionForm, kind: QuestionKind): QuestionForm {
  if (kind === 'multiple') return { ...f, kind };
  const first = f.choices.findIndex((c) => c.correct);
  return { ...f, kind, choices: f.choices.map((c, i) => ({ ...c, correct: i === first })) };
}

export function withChoiceText(f: QuestionForm, index: number, text: string): QuestionForm {
  return { ...f, choices: f.choices.map((c, i) => (i === index ? { ...c, text } : c)) };
}

/** Marking a choice correct in 「1つ選ぶ」 unmarks the others. */
export function withCorrect(f: QuestionForm, index: number, correct: boolean): QuestionForm {
  const choices = f.choices.map((c, i) => {
    if (i === index) return { ...c, correct };
    return f.kind === 'single' && correct ? { ...c, correct: false } : c;
  });
  return { ...f, choices };
}

export function withChoiceAdded(f: QuestionForm): QuestionForm {
  return { ...f, choices: [...f.choices, { text: '', correct: false }] };
}

export function withChoiceRemoved(f: QuestionForm, index: number): QuestionForm {
  return { ...f, choices: f.choices.filter((_, i) => i !== index) };
}
