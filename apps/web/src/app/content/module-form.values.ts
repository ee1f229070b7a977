// The module form's values: read from a module of each kind, and turned back into the content the API expects.
import type { ModuleAdminView, ModuleContent, ModuleKindName, QuizAnswerReveal } from '@dx/contract';
import { MEGABYTE, fromTokyoLocal, toTokyoLocal } from './content-labels';

export const MAX_MARKDOWN = 20_000;

/** The form's values, all as the inputs hold them (text), per field name. */
export type Values = Record<string, string | boolean>;

export function initialValues(kind: ModuleKindName, module: ModuleAdminView | null): Values {
  const c = module?.content ?? {};
  const s = (key: string, fallback = ''): string =>
    c[key] === undefined || c[key] === null ? fallback : String(c[key]);
  const common = { title: module?.title ?? '', required: module?.required ?? true };
  switch (kind) {
    case 'lesson':
      return { ...common, markdown: s('markdown'), videoUrl: s('videoUrl') };
    case 'quiz':
      return {
        ...common,
        passMark: s('passMark', '80'),
        attemptLimit: s('attemptLimit', '3'),
        drawCount: s('drawCount'),
        revealCorrectAnswers: s('revealCorrectAnswers', 'after_pass_or_last_attempt'),
      };
    case 'external':
      return {
        ...common,
        provider: s('provider', 'udemy_business'),
        url: s('url'),
        courseId: s('courseId'),
        note: s('note'),
      };
    case 'live':
      return {
        ...common,
        format: s('format', '集合研修'),
        startsAt: toTokyoLocal(c['startsAt'] as string | undefined),
        endsAt: toTokyoLocal(c['endsAt'] as string | undefined),
        place: s('place'),
        meetingUrl: s('meetingUrl'),
        capacity: s('capacity', '30'),
      };
    case 'assignment':
      return {
        ...common,
        instructions: s('instructions'),
        allowFile: c['allowFile'] === undefined ? true : c['allowFile'] === true,
        allowedExtensions: Array.isArray(c['allowedExtensions'])
          ? (c['allowedExtensions'] as string[]).join(', ')
          : 'pdf, docx, xlsx',
        maxFileMb:
          c['maxFileBytes'] === undefined
            ? '10'
            : String(Math.round(((c['maxFileBytes'] as number) / MEGABYTE) * 10) / 10),
      };
    case 'package':
      return { ...common, packageId: s('packageId') };
  }
}

/** A number as typed; empty becomes null so the API names the field instead of us guessing. */
function num(value: string | boolean): number | null {
  const text = String(value).trim();
  return text === '' ? null : Number(text);
}

function optional(value: string | boolean): string | undefined {
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

export function contentOf(kind: ModuleKindName, v: Values): ModuleContent {
  switch (kind) {
    case 'lesson':
      return { markdown: String(v['markdown']), videoUrl: optional(v['videoUrl']) };
    case 'quiz':
      return {
        passMark: num(v['passMark']) as number,
        attemptLimit: num(v['attemptLimit']) as number,
        drawCount: num(v['drawCount']),
        revealCorrectAnswers: v['revealCorrectAnswers'] as QuizAnswerReveal,
      };
    case 'external':
      return {
        provider: v['provider'] as 'udemy_business' | 'other',
        url: String(v['url']).trim(),
        courseId: optional(v['courseId']),
        note: optional(v['note']),
      };
    case 'live':
      return {
        format: v['format'] as '集合研修' | 'Web会議',
        startsAt: fromTokyoLocal(String(v['startsAt'])),
        endsAt: fromTokyoLocal(String(v['endsAt'])),
        place: optional(v['place']),
        meetingUrl: optional(v['meetingUrl']),
        capacity: num(v['capacity']) as number,
      };
    case 'assignment': {
      const mb = num(v['maxFileMb']);
      return {
        instructions: String(v['instructions']),
        allowFile: v['allowFile'] === true,
        allowedExtensions: String(v['allowedExtensions'])
          .split(/[,、\s]+/)
          .map((e) => e.trim())
          .filter((e) => e !== ''),
        maxFileBytes: mb === null ? (null as unknown as number) : Math.round(mb * MEGABYTE),
      };
    }
    case 'package':
      return { packageId: num(v['packageId']) as number };
  }
}

/** The choices of 正答の表示, the safe one first (it is the default). */
export const QUIZ_REVEAL_OPTIONS: { value: QuizAnswerReveal; label: string }[] = [
  { value: 'after_pass_or_last_attempt', label: '合格した後、または最後の受験の後に表示する（推奨）' },
  { value: 'after_each_attempt', label: '毎回の受験の後に表示する' },
];

/** Which input shows the API's error for a field (the file size is typed in MB, stored in bytes). */
export const FIELD_OF_ERROR: Record<string, string> = { 'content.maxFileBytes': 'maxFileMb' };
