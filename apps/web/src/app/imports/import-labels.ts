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
};

export const KIND_LABELS: Record<ImportKind, string> = {
  'org-units': '組織図（所属）',
  staff: '職員名簿',
};

/** The columns the CSV of each kind must have, as the header row names them. */
export const EXPECTED_COLUMNS: Record<ImportKind, string> = {
  'org-units': '所属コード,所属名,上位所属コード,区分',
  staff: '職員番号,氏名,氏名カナ,メールアドレス,所属コード,職位,雇用区分,採用日,昇任日,発令日',
};
