// The typed form of the fields every version of a course shares, and the body the API takes from it.
import { FormControl, FormGroup } from '@angular/forms';
import type { CourseFields } from './content.api';

export interface CourseFieldControls {
  title: FormControl<string>;
  trackCode: FormControl<string>;
  description: FormControl<string>;
  /** null while the number input is empty: sent as such, so the API names the field. */
  estimatedMinutes: FormControl<number | null>;
  /** デジタルスキル標準 codes, ticked in the picker. */
  dssCodes: FormControl<string[]>;
}

export function courseFieldsForm(fields: Omit<CourseFields, 'recurrence'>): FormGroup<CourseFieldControls> {
  const text = (value: string) => new FormControl(value, { nonNullable: true });
  return new FormGroup({
    title: text(fields.title),
    trackCode: text(fields.trackCode),
    description: text(fields.description),
    estimatedMinutes: new FormControl<number | null>(fields.estimatedMinutes),
    dssCodes: new FormControl<string[]>([...fields.dssCodes], { nonNullable: true }),
  });
}

/** The fields as the API takes them: the title trimmed. */
export function courseFieldsOf(group: FormGroup<CourseFieldControls>): CourseFields {
  const v = group.getRawValue();
  return {
    trackCode: v.trackCode,
    title: v.title.trim(),
    description: v.description,
    estimatedMinutes: v.estimatedMinutes ?? Number.NaN,
    dssCodes: v.dssCodes,
  };
}
