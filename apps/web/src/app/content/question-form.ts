// One question's typed form, and the rules its choices follow (a radio group has one correct answer).
import { FormArray, FormControl, FormGroup } from '@angular/forms';
import type { QuestionInput, QuestionKind, QuestionView } from '@dx/contract';

export const MAX_CHOICES = 20;

export interface ChoiceControls {
  text: FormControl<string>;
  correct: FormControl<boolean>;
}

export interface QuestionControls {
  kind: FormControl<QuestionKind>;
  text: FormControl<string>;
  choices: FormArray<FormGroup<ChoiceControls>>;
  explanation: FormControl<string>;
}

/** The question being added (id null) or edited. */
export interface QuestionForm {
  id: number | null;
  group: FormGroup<QuestionControls>;
}

function choice(text: string, correct: boolean): FormGroup<ChoiceControls> {
  return new FormGroup({
    text: new FormControl(text, { nonNullable: true }),
    correct: new FormControl(correct, { nonNullable: true }),
  });
}

/**
 * A new question (「1つ選ぶ」 with two empty choices, the first marked correct) or the form of an existing one.
 * Switching to 「1つ選ぶ」 keeps only the first correct answer, since a radio group cannot show more.
 */
export function questionForm(question?: QuestionView): QuestionForm {
  const choices = question
    ? question.choices.map((c) => choice(c.text, c.correct))
    : [choice('', true), choice('', false)];
  const group = new FormGroup({
    kind: new FormControl<QuestionKind>(question?.kind ?? 'single', { nonNullable: true }),
    text: new FormControl(question?.text ?? '', { nonNullable: true }),
    choices: new FormArray(choices),
    explanation: new FormControl(question?.explanation ?? '', { nonNullable: true }),
  });
  group.controls.kind.valueChanges.subscribe((kind) => {
    if (kind !== 'single') return;
    const first = group.controls.choices.controls.findIndex((c) => c.controls.correct.value);
    group.controls.choices.controls.forEach((c, i) => c.controls.correct.setValue(i === first));
  });
  return { id: question?.id ?? null, group };
}

/** Marking a choice correct in 「1つ選ぶ」 unmarks the others. */
export function markCorrect(group: FormGroup<QuestionControls>, index: number, correct: boolean): void {
  const single = group.controls.kind.value === 'single';
  group.controls.choices.controls.forEach((c, i) => {
    if (i === index) c.controls.correct.setValue(correct);
    else if (single && correct) c.controls.correct.setValue(false);
  });
}

export function addChoice(group: FormGroup<QuestionControls>): void {
  group.controls.choices.push(choice('', false));
}

export function removeChoice(group: FormGroup<QuestionControls>, index: number): void {
  group.controls.choices.removeAt(index);
}

/** The question as the API takes it: texts trimmed. */
export function questionInputOf(group: FormGroup<QuestionControls>): QuestionInput {
  const v = group.getRawValue();
  return {
    kind: v.kind,
    text: v.text.trim(),
    choices: v.choices.map((c) => ({ text: c.text.trim(), correct: c.correct })),
    explanation: v.explanation.trim(),
  };
}
