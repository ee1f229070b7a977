// Words and small pure helpers of the catalogue editor (研修管理), kept out of the components so they can be tested.
import type {
  DueKind,
  DueRuleInput,
  FieldError,
  ModuleAdminView,
  ModuleKindName,
  QuestionInput,
  RuleInput,
  TriggerKind,
} from '@dx/contract';

/** The same words the learner sees for each kind of module (マイ研修). */
export const MODULE_KIND_LABELS: Record<ModuleKindName, string> = {
  lesson: '教材',
  quiz: '確認テスト',
  external: '外部講座',
  live: '集合研修・Web会議',
  assignment: '課題',
  package: 'eラーニング教材（SCORM・cmi5）',
};

export const MODULE_KINDS: readonly ModuleKindName[] = [
  'lesson',
  'quiz',
  'external',
  'live',
  'assignment',
  'package',
];

export const TRIGGER_LABELS: Record<TriggerKind, string> = {
  hired_in_fiscal_year: 'その年度に採用された職員',
  reached_level_in_fiscal_year: 'その年度に指定の職位レベルに昇任した職員',
  all_active: '在職する全職員（毎年度）',
  designated_promoter: 'その年度のデジタル活用推進員',
  cohort_member: 'その年度のDX推進スペシャリスト養成の受講者',
  position_levels: '指定の職位レベルにある職員',
};

export const TRIGGER_KINDS = Object.keys(TRIGGER_LABELS) as TriggerKind[];

export const DUE_LABELS: Record<DueKind, string> = {
  days_after_trigger: 'きっかけの日から一定日数後',
  fixed_date: '年度内の決まった日',
  cohort_due: '養成期の期限（なければ年度末）',
};

export const DUE_KINDS = Object.keys(DUE_LABELS) as DueKind[];

/** 「第2版」, or 「未公開」 for version 0. */
export function versionLabel(version: number): string {
  return version > 0 ? `第${version}版` : '未公開';
}

/** The due date of a rule in words: 「きっかけの日から90日後」「3月31日」. */
export function describeDue(due: DueRuleInput): string {
  switch (due.kind) {
    case 'days_after_trigger':
      return `きっかけの日から${due.days ?? '?'}日後`;
    case 'fixed_date':
      return `${due.month ?? '?'}月${due.day ?? '?'}日（年度内）`;
    case 'cohort_due':
      return DUE_LABELS.cohort_due;
  }
}

/** One line that says who a rule assigns and by when. */
export function describeRule(rule: RuleInput): string {
  const t = rule.trigger;
  let who = TRIGGER_LABELS[t.kind];
  if (t.kind === 'reached_level_in_fiscal_year') who = `その年度に職位レベル${t.level ?? '?'}に昇任した職員`;
  if (t.kind === 'position_levels') who = `職位レベル${(t.levels ?? []).join('・') || '?'}の職員`;
  if (t.kind === 'cohort_member' && t.cohortCode) who = `養成期「${t.cohortCode}」の受講者`;
  const types = rule.employmentTypes.length > 0 ? `（${rule.employmentTypes.join('・')}）` : '';
  return `${who}${types}、期限：${describeDue(rule.due)}${rule.active ? '' : '【無効】'}`;
}

/** Problem errors grouped by field ('content.passMark' → messages). */
export function errorsByField(errors: readonly FieldError[] | undefined): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const error of errors ?? []) {
    const field = error.field ?? '';
    byField.set(field, [...(byField.get(field) ?? []), error.message]);
  }
  return byField;
}

/** The checks the API makes on a question, made before sending so the form can say what is wrong at once. */
export function questionErrors(question: QuestionInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!question.text.trim()) errors.push({ field: 'text', message: '問題文を入力してください。' });
  question.choices.forEach((choice, i) => {
    if (!choice.text.trim())
      errors.push({ field: `choices.${i}.text`, message: `選択肢${i + 1}の文を入力してください。` });
  });
  const correct = question.choices.filter((c) => c.correct).length;
  if (question.choices.length < 2)
    errors.push({ field: 'choices', message: '選択肢は2つ以上にしてください。' });
  if (correct === 0) errors.push({ field: 'choices', message: '正解の選択肢を1つ以上選んでください。' });
  if (question.kind === 'single' && correct > 1) {
    errors.push({ field: 'choices', message: '1つ選ぶ形式の問題では、正解は1つだけにしてください。' });
  }
  return errors;
}

/** What keeps a draft from being published, as the API will say it (shown before asking to confirm). */
export function draftBlockers(modules: readonly ModuleAdminView[]): string[] {
  if (modules.length === 0) return ['下書きにモジュールがありません。'];
  return modules
    .filter((m) => m.kind === 'quiz' && (m.questions?.length ?? 0) === 0)
    .map((m) => `確認テスト「${m.title}」に問題がありません。`);
}

/** 'YYYY-MM-DDTHH:mm' (an <input type="datetime-local"> in Japan time) from a stored ISO date-time. */
export function toTokyoLocal(iso: string | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  return new Date(time + 9 * 60 * 60 * 1000).toISOString().slice(0, 16);
}

/** The stored form of an <input type="datetime-local"> value, in Japan time: '2026-06-01T13:30:00+09:00'. */
export function fromTokyoLocal(local: string): string {
  return local ? `${local.slice(0, 16)}:00+09:00` : '';
}

export const MEGABYTE = 1024 * 1024;
