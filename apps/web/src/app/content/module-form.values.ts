// The module form's typed controls: filled from a module of each kind, and turned back into the content the API expects.
import { FormControl, FormGroup } from '@angular/forms';
import type { ModuleAdminView, ModuleContent, ModuleKindName, QuizAnswerReveal } from '@dx/contract';
import { MEGABYTE, fromTokyoLocal, toTokyoLocal } from './content-labels';

export const MAX_MARKDOWN = 20_000;

type Text = FormControl<string>;
/** A number input: null while empty, so the API names the field instead of us guessing a value. */
type NumberInput = FormControl<number | null>;

export interface BasicControls {
  title: Text;
  required: FormControl<boolean>;
}
export interface LessonControls {
  markdown: Text;
  videoUrl: Text;
}
export interface QuizControls {
  passMark: NumberInput;
  attemptLimit: NumberInput;
  drawCount: NumberInput;
  revealCorrectAnswers: FormControl<QuizAnswerReveal>;
}
export interface ExternalControls {
  provider: FormControl<'udemy_business' | 'other'>;
  url: Text;
  courseId: Text;
  note: Text;
}
export interface LiveControls {
  format: FormControl<'集合研修' | 'Web会議'>;
  /** Tokyo local date-times as the datetime-local inputs hold them. */
  startsAt: Text;
  endsAt: Text;
  place: Text;
  meetingUrl: Text;
  capacity: NumberInput;
}
export interface AssignmentControls {
  instructions: Text;
  allowFile: FormControl<boolean>;
  /** Extensions as typed: separated by commas, 「、」 or spaces. */
  allowedExtensions: Text;
  maxFileMb: NumberInput;
}
export interface PackageControls {
  packageId: NumberInput;
}

/** The settings of each kind (only the module's own kind is sent). */
export interface ContentGroups {
  lesson: FormGroup<LessonControls>;
  quiz: FormGroup<QuizControls>;
  external: FormGroup<ExternalControls>;
  live: FormGroup<LiveControls>;
  assignment: FormGroup<AssignmentControls>;
  package: FormGroup<PackageControls>;
}

export interface ModuleForm {
  basic: FormGroup<BasicControls>;
  content: ContentGroups;
}

const text = (value: string) => new FormControl(value, { nonNullable: true });
const number = (value: number | null) => new FormControl<number | null>(value);
const choice = <T>(value: T) => new FormControl<T>(value, { nonNullable: true });

/** The form for a new module of the kind (module null) or for editing one. */
export function moduleForm(kind: ModuleKindName, module: ModuleAdminView | null): ModuleForm {
  const c = module && module.kind === kind ? module.content : {};
  const s = (key: string, fallback = ''): string =>
    c[key] === undefined || c[key] === null ? fallback : String(c[key]);
  const n = (key: string, fallback: number | null = null): number | null =>
    typeof c[key] === 'number' ? (c[key] as number) : fallback;
  const maxFileBytes = c['maxFileBytes'];
  return {
    basic: new FormGroup({
      title: text(module?.title ?? ''),
      required: choice(module?.required ?? true),
    }),
    content: {
      lesson: new FormGroup({ markdown: text(s('markdown')), videoUrl: text(s('videoUrl')) }),
      quiz: new FormGroup({
        passMark: number(n('passMark', 80)),
        attemptLimit: number(n('attemptLimit', 3)),
        drawCount: number(n('drawCount')),
        revealCorrectAnswers: choice(
          s('revealCorrectAnswers', 'after_pass_or_last_attempt') as QuizAnswerReveal,
        ),
      }),
      external: new FormGroup({
        provider: choice(s('provider', 'udemy_business') as 'udemy_business' | 'other'),
        url: text(s('url')),
        courseId: text(s('courseId')),
        note: text(s('note')),
      }),
      live: new FormGroup({
        format: choice(s('format', '集合研修') as '集合研修' | 'Web会議'),
        startsAt: text(toTokyoLocal(c['startsAt'] as string | undefined)),
        endsAt: text(toTokyoLocal(c['endsAt'] as string | undefined)),
        place: text(s('place')),
        meetingUrl: text(s('meetingUrl')),
        capacity: number(n('capacity', 30)),
      }),
      assignment: new FormGroup({
        instructions: text(s('instructions')),
        allowFile: choice(c['allowFile'] === undefined ? true : c['allowFile'] === true),
        allowedExtensions: text(
          Array.isArray(c['allowedExtensions'])
            ? (c['allowedExtensions'] as string[]).join(', ')
            : 'pdf, docx, xlsx',
        ),
        maxFileMb: number(
          typeof maxFileBytes === 'number' ? Math.round((maxFileBytes / MEGABYTE) * 10) / 10 : 10,
        ),
      }),
      package: new FormGroup({ packageId: number(n('packageId')) }),
    },
  };
}

/** The input names the form shows for a kind: an API error about any other field is listed under the problem. */
export function inputNames(form: ModuleForm, kind: ModuleKindName): string[] {
  return [...Object.keys(form.basic.controls), ...Object.keys(form.content[kind].controls)];
}

function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function contentOf(kind: ModuleKindName, groups: ContentGroups): ModuleContent {
  switch (kind) {
    case 'lesson': {
      const v = groups.lesson.getRawValue();
      return { markdown: v.markdown, videoUrl: optional(v.videoUrl) };
    }
    case 'quiz': {
      const v = groups.quiz.getRawValue();
      return {
        passMark: v.passMark as number,
        attemptLimit: v.attemptLimit as number,
        drawCount: v.drawCount,
        revealCorrectAnswers: v.revealCorrectAnswers,
      };
    }
    case 'external': {
      const v = groups.external.getRawValue();
      return {
        provider: v.provider,
        url: v.url.trim(),
        courseId: optional(v.courseId),
        note: optional(v.note),
      };
    }
    case 'live': {
      const v = groups.live.getRawValue();
      return {
        format: v.format,
        startsAt: fromTokyoLocal(v.startsAt),
        endsAt: fromTokyoLocal(v.endsAt),
        place: optional(v.place),
        meetingUrl: optional(v.meetingUrl),
        capacity: v.capacity as number,
      };
    }
    case 'assignment': {
      const v = groups.assignment.getRawValue();
      return {
        instructions: v.instructions,
        allowFile: v.allowFile,
        allowedExtensions: v.allowedExtensions
          .split(/[,、\s]+/)
          .map((e) => e.trim())
          .filter((e) => e !== ''),
        maxFileBytes: v.maxFileMb === null ? (null as unknown as number) : Math.round(v.maxFileMb * MEGABYTE),
      };
    }
    case 'package':
      return { packageId: groups.package.getRawValue().packageId as number };
  }
}

/** The choices of 正答の表示, the safe one first (it is the default). */
export const QUIZ_REVEAL_OPTIONS: { value: QuizAnswerReveal; label: string }[] = [
  { value: 'after_pass_or_last_attempt', label: '合格した後、または最後の受験の後に表示する（推奨）' },
  { value: 'after_each_attempt', label: '毎回の受験の後に表示する' },
];

/** Which input shows the API's error for a field (the file size is typed in MB, stored in bytes). */
export const FIELD_OF_ERROR: Record<string, string> = { 'content.maxFileBytes': 'maxFileMb' };
