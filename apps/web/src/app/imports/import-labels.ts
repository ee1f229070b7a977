import type { ImportChangeField, ImportChangeKind } from '@dx/contract';
import type { ImportKind } from './imports.api';

export interface CountLabel {
  key: string;
  label: string;
}

/** The counts each import reports, in display order, with their Japanese labels. */
export const COUNT_LABELS: Record<ImportKind, readonly CountLabel[]> = {
  'org-units': [
    { key: 'created', label: '新規' },
    { key: 'updated', label: '変更' },
    { key: 'closed', label: '廃止' },
    { key: 'unchanged', label: '変更なし' },
  ],
  staff: [
    { key: 'created', label: '新規' },
    { key: 'updated', label: '変更' },
    { key: 'transferred', label: '異動' },
    { key: 'promoted', label: '昇任' },
    { key: 'left', label: '退職' },
    { key: 'unchanged', label: '変更なし' },
  ],
  completions: [
    { key: 'completed', label: '修了' },
    { key: 'unchanged', label: '変更なし' },
  ],
  promoters: [
    { key: 'designated', label: '指定' },
    { key: 'unchanged', label: '変更なし' },
    { key: 'removed', label: '解除' },
  ],
  'udemy-business': [
    { key: 'completed', label: '修了' },
    { key: 'unchanged', label: '変更なし' },
    { key: 'skipped', label: '未照合' },
  ],
};

/** The kinds of import, in the order the page offers them. */
export const IMPORT_KINDS: readonly ImportKind[] = [
  'org-units',
  'staff',
  'completions',
  'promoters',
  'udemy-business',
];

export const KIND_LABELS: Record<ImportKind, string> = {
  'org-units': '組織図（所属）',
  staff: '職員名簿',
  completions: '修了実績',
  promoters: '推進員名簿',
  'udemy-business': 'Udemy Business 受講状況',
};

/** The columns the CSV of each kind must have, as the header row names them. */
export const EXPECTED_COLUMNS: Record<ImportKind, string> = {
  'org-units': '所属コード,所属名,上位所属コード,区分',
  staff: '職員番号,氏名,氏名カナ,メールアドレス,所属コード,職位,雇用区分,採用日,昇任日,発令日',
  completions: '職員番号,研修コード,修了日',
  promoters: '職員番号,指定日',
  'udemy-business':
    'user_email（User Email）,course_id（Course ID）ほか completion_ratio, course_first_completion_date, course_completion_date, user_external_id',
};

/** What a person should know about a kind before importing it (shown under the file field). */
export const KIND_NOTES: Partial<Record<ImportKind, string>> = {
  completions:
    '外部の研修などの修了を記録します。修了日の年度の割当が修了になり、割当がない人には割当を作って修了にします。',
  promoters: '選んだ年度の推進員名簿の全体として取り込みます。名簿にない人は、その年度の指定が解除されます。',
  'udemy-business':
    'Udemy Business の受講状況（User Course Activity）のCSVです。修了した講座を指定している教材が、修了日の年度の割当で完了になります。職員や講座が見つからない行は「連携の未照合」に残ります。',
};

/** The kinds of change a preview lists, as the counts name them. */
export const CHANGE_KIND_LABELS: Record<ImportChangeKind, string> = {
  created: '新規',
  updated: '変更',
  transferred: '異動',
  promoted: '昇任',
  left: '退職',
  closed: '廃止',
};

export const CHANGE_FIELD_LABELS: Record<ImportChangeField, string> = {
  name: '名前',
  nameKana: '氏名カナ',
  email: 'メールアドレス',
  unit: '所属',
  position: '職位',
  employmentType: '雇用区分',
  hiredOn: '採用日',
  promotedOn: '昇任日',
  assignedOn: '発令日',
  leftOn: '最終在職日',
  kind: '区分',
  parent: '上位所属',
  path: '位置',
};

/** The character encodings the API detects, as people call them. */
export const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（BOM付き）',
  shift_jis: 'Shift_JIS',
};
