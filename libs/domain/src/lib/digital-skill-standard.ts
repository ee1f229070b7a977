/**
 * デジタルスキル標準 (DSS, 経済産業省・IPA; DX推進スキル標準 v1.1 or later, DXリテラシー標準 as revised in 2023): the
 * taxonomy courses are mapped to. Codes are stable keys stored in the database (`course_skill.code`); labels are the
 * standard's Japanese names. Three families:
 * - `lit.*`   DXリテラシー標準: the four areas Why / What / How / マインド・スタンス and their sub-items;
 * - `role.*`  DX推進スキル標準: the five 人材類型;
 * - `skill.*` DX推進スキル標準: the five categories of the 共通スキルリスト and their sub-categories (the 49 items
 *             below them are not listed here; see the README's 「スキルマップ」).
 * A course may map to an area/category itself or to any item below it; an item counts for the area it belongs to.
 */

export interface DssItem {
  code: string;
  label: string;
}

export interface DssGroup extends DssItem {
  items: readonly DssItem[];
}

/** DXリテラシー標準: the four areas, in the standard's order. */
export const DX_LITERACY_AREAS: readonly DssGroup[] = [
  {
    code: 'lit.why',
    label: 'Why（DXの背景）',
    items: [
      { code: 'lit.why.society', label: '社会の変化' },
      { code: 'lit.why.customer', label: '顧客価値の変化' },
      { code: 'lit.why.competition', label: '競争環境の変化' },
    ],
  },
  {
    code: 'lit.what',
    label: 'What（DXで活用されるデータ・技術）',
    items: [
      { code: 'lit.what.data', label: 'データ' },
      { code: 'lit.what.technology', label: 'デジタル技術' },
    ],
  },
  {
    code: 'lit.how',
    label: 'How（データ・技術の利活用）',
    items: [
      { code: 'lit.how.usage', label: '活用事例・利用方法' },
      { code: 'lit.how.caution', label: '留意点' },
    ],
  },
  { code: 'lit.mind', label: 'マインド・スタンス', items: [] },
];

/** DX推進スキル標準: the five 人材類型. */
export const DX_PROMOTION_ROLES: readonly DssItem[] = [
  { code: 'role.business_architect', label: 'ビジネスアーキテクト' },
  { code: 'role.designer', label: 'デザイナー' },
  { code: 'role.data_scientist', label: 'データサイエンティスト' },
  { code: 'role.software_engineer', label: 'ソフトウェアエンジニア' },
  { code: 'role.cyber_security', label: 'サイバーセキュリティ' },
];

/** DX推進スキル標準: the 共通スキルリスト's five categories and their sub-categories. */
export const DX_PROMOTION_SKILLS: readonly DssGroup[] = [
  {
    code: 'skill.business',
    label: 'ビジネス変革',
    items: [
      { code: 'skill.business.strategy', label: '戦略・マネジメント・システム' },
      { code: 'skill.business.model', label: 'ビジネスモデル・プロセス' },
      { code: 'skill.business.design', label: 'デザイン' },
    ],
  },
  {
    code: 'skill.data',
    label: 'データ活用',
    items: [
      { code: 'skill.data.strategy', label: 'データ・AIの戦略的活用' },
      { code: 'skill.data.ai', label: 'AI・データサイエンス' },
      { code: 'skill.data.engineering', label: 'データエンジニアリング' },
    ],
  },
  {
    code: 'skill.tech',
    label: 'テクノロジー',
    items: [
      { code: 'skill.tech.software', label: 'ソフトウェア開発' },
      { code: 'skill.tech.digital', label: 'デジタルテクノロジー' },
    ],
  },
  {
    code: 'skill.security',
    label: 'セキュリティ',
    items: [
      { code: 'skill.security.management', label: 'セキュリティマネジメント' },
      { code: 'skill.security.technology', label: 'セキュリティ技術' },
    ],
  },
  {
    code: 'skill.personal',
    label: 'パーソナルスキル',
    items: [
      { code: 'skill.personal.human', label: 'ヒューマンスキル' },
      { code: 'skill.personal.conceptual', label: 'コンセプチュアルスキル' },
    ],
  },
];

export const DSS_LITERACY_NAME = 'DXリテラシー標準';
export const DSS_PROMOTION_NAME = 'DX推進スキル標準';

/** Every code in the taxonomy's order, with the label people read (standard, area or category, item). */
const ENTRIES: readonly { code: string; label: string; fullLabel: string }[] = [
  ...DX_LITERACY_AREAS.flatMap((area) => [
    { code: area.code, label: area.label, fullLabel: `${DSS_LITERACY_NAME} ${area.label}` },
    ...area.items.map((item) => ({
      code: item.code,
      label: item.label,
      fullLabel: `${DSS_LITERACY_NAME} ${area.label}：${item.label}`,
    })),
  ]),
  ...DX_PROMOTION_ROLES.map((role) => ({
    code: role.code,
    label: role.label,
    fullLabel: `${DSS_PROMOTION_NAME} 人材類型：${role.label}`,
  })),
  ...DX_PROMOTION_SKILLS.flatMap((category) => [
    { code: category.code, label: category.label, fullLabel: `${DSS_PROMOTION_NAME} ${category.label}` },
    ...category.items.map((item) => ({
      code: item.code,
      label: item.label,
      fullLabel: `${DSS_PROMOTION_NAME} ${category.label}：${item.label}`,
    })),
  ]),
];

const ORDER = new Map(ENTRIES.map((entry, index) => [entry.code, index]));
const BY_CODE = new Map(ENTRIES.map((entry) => [entry.code, entry]));

/** Every valid code, in the taxonomy's order. */
export const DSS_CODES: readonly string[] = ENTRIES.map((entry) => entry.code);

export function isDssCode(code: string): boolean {
  return BY_CODE.has(code);
}

/** The codes of the list that are not in the taxonomy (in the order given, each once). */
export function unknownDssCodes(codes: readonly string[]): string[] {
  return [...new Set(codes.filter((code) => !isDssCode(code)))];
}

/** 「DXリテラシー標準 Why（DXの背景）：社会の変化」; an unknown code is shown as it is. */
export function dssLabel(code: string): string {
  return BY_CODE.get(code)?.fullLabel ?? code;
}

/** The item's own short label (「社会の変化」, 「データサイエンティスト」). */
export function dssShortLabel(code: string): string {
  return BY_CODE.get(code)?.label ?? code;
}

/** The codes without duplicates, in the taxonomy's order (unknown codes last, as given). */
export function sortDssCodes(codes: readonly string[]): string[] {
  const unique = [...new Set(codes)];
  const rank = (code: string) => ORDER.get(code) ?? Number.MAX_SAFE_INTEGER;
  return unique.sort((a, b) => rank(a) - rank(b));
}

/** The DXリテラシー標準 area a code counts for (`lit.why.society` → `lit.why`), null for any other code. */
export function literacyAreaOf(code: string): string | null {
  const area = DX_LITERACY_AREAS.find((a) => code === a.code || a.items.some((i) => i.code === code));
  return area?.code ?? null;
}

/** The role codes of DX推進スキル標準 (`role.*`) among the codes. */
export function isDssRoleCode(code: string): boolean {
  return DX_PROMOTION_ROLES.some((role) => role.code === code);
}
