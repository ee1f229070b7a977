/**
 * デジタルスキル標準 (DSS, 経済産業省・IPA; DX推進スキル標準 v1.1 or later, DXリテラシー標準 as revised in 2023): the
 * taxonomy courses are mapped to. Codes are stable keys stored in the database (`course_skill.code`); labels are the
 * standard's Japanese names. Three families:
 * - `lit.*`   DXリテラシー標準: the four areas Why / What / How / マインド・スタンス and their sub-items;
 * - `role.*`  DX推進スキル標準: the five 人材類型;
 * - `skill.*` DX推進スキル標準: the 共通スキルリスト's five categories, their twelve sub-categories and the 49 skill
 *             items below those.
 * A course may map to an area/category itself or to any item below it; an item counts for the area it belongs to.
 */

export interface DssItem {
  code: string;
  label: string;
  /** The skill items of a 共通スキルリスト sub-category. */
  items?: readonly DssItem[];
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
  {
    code: 'lit.mind',
    label: 'マインド・スタンス',
    items: [
      { code: 'lit.mind.change', label: '変化への適応' },
      { code: 'lit.mind.collaboration', label: 'コラボレーション' },
      { code: 'lit.mind.empathy', label: '顧客・ユーザーへの共感' },
      { code: 'lit.mind.unconventional', label: '常識にとらわれない発想' },
      { code: 'lit.mind.iterative', label: '反復的なアプローチ' },
      { code: 'lit.mind.flexible', label: '柔軟な意思決定' },
      { code: 'lit.mind.facts', label: '事実に基づく判断' },
    ],
  },
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
      {
        code: 'skill.business.strategy',
        label: '戦略・マネジメント・システム',
        items: [
          { code: 'skill.business.strategy.business_strategy', label: 'ビジネス戦略策定・実行' },
          { code: 'skill.business.strategy.product_management', label: 'プロダクトマネジメント' },
          { code: 'skill.business.strategy.change_management', label: '変革マネジメント' },
          { code: 'skill.business.strategy.systems_engineering', label: 'システムズエンジニアリング' },
          {
            code: 'skill.business.strategy.enterprise_architecture',
            label: 'エンタープライズアーキテクチャ',
          },
          { code: 'skill.business.strategy.project_management', label: 'プロジェクトマネジメント' },
        ],
      },
      {
        code: 'skill.business.model',
        label: 'ビジネスモデル・プロセス',
        items: [
          { code: 'skill.business.model.research', label: 'ビジネス調査' },
          { code: 'skill.business.model.model_design', label: 'ビジネスモデル設計' },
          { code: 'skill.business.model.analysis', label: 'ビジネスアナリシス' },
          { code: 'skill.business.model.validation', label: '検証（ビジネス視点）' },
          { code: 'skill.business.model.marketing', label: 'マーケティング' },
          { code: 'skill.business.model.branding', label: 'ブランディング' },
        ],
      },
      {
        code: 'skill.business.design',
        label: 'デザイン',
        items: [
          { code: 'skill.business.design.user_understanding', label: '顧客・ユーザー理解' },
          { code: 'skill.business.design.value_definition', label: '価値発見・定義' },
          { code: 'skill.business.design.design', label: '設計' },
          { code: 'skill.business.design.validation', label: '検証（顧客・ユーザー視点）' },
          { code: 'skill.business.design.other', label: 'その他デザイン技術' },
        ],
      },
    ],
  },
  {
    code: 'skill.data',
    label: 'データ活用',
    items: [
      {
        code: 'skill.data.strategy',
        label: 'データ・AIの戦略的活用',
        items: [
          { code: 'skill.data.strategy.understanding', label: 'データ理解・活用' },
          { code: 'skill.data.strategy.strategy', label: 'データ・AI活用戦略' },
          { code: 'skill.data.strategy.operations', label: 'データ・AI活用業務の設計・事業実装・評価' },
        ],
      },
      {
        code: 'skill.data.ai',
        label: 'AI・データサイエンス',
        items: [
          { code: 'skill.data.ai.statistics', label: '数理統計・多変量解析・データ可視化' },
          { code: 'skill.data.ai.machine_learning', label: '機械学習・深層学習' },
        ],
      },
      {
        code: 'skill.data.engineering',
        label: 'データエンジニアリング',
        items: [
          { code: 'skill.data.engineering.platform_design', label: 'データ活用基盤設計' },
          { code: 'skill.data.engineering.platform_operation', label: 'データ活用基盤実装・運用' },
        ],
      },
    ],
  },
  {
    code: 'skill.tech',
    label: 'テクノロジー',
    items: [
      {
        code: 'skill.tech.software',
        label: 'ソフトウェア開発',
        items: [
          { code: 'skill.tech.software.computer_science', label: 'コンピュータサイエンス' },
          { code: 'skill.tech.software.team_development', label: 'チーム開発' },
          { code: 'skill.tech.software.design_methods', label: 'ソフトウェア設計手法' },
          { code: 'skill.tech.software.process', label: 'ソフトウェア開発プロセス' },
          { code: 'skill.tech.software.web_basics', label: 'Webアプリケーション基本技術' },
          { code: 'skill.tech.software.frontend', label: 'フロントエンドシステム開発' },
          { code: 'skill.tech.software.backend', label: 'バックエンドシステム開発' },
          { code: 'skill.tech.software.cloud', label: 'クラウドインフラ活用' },
          { code: 'skill.tech.software.sre', label: 'SREプロセス' },
          { code: 'skill.tech.software.services', label: 'サービス活用' },
        ],
      },
      {
        code: 'skill.tech.digital',
        label: 'デジタルテクノロジー',
        items: [
          { code: 'skill.tech.digital.physical_computing', label: 'フィジカルコンピューティング' },
          { code: 'skill.tech.digital.emerging', label: 'その他先端技術' },
          { code: 'skill.tech.digital.trends', label: 'テクノロジートレンド' },
        ],
      },
    ],
  },
  {
    code: 'skill.security',
    label: 'セキュリティ',
    items: [
      {
        code: 'skill.security.management',
        label: 'セキュリティマネジメント',
        items: [
          { code: 'skill.security.management.organisation', label: 'セキュリティ体制構築・運営' },
          { code: 'skill.security.management.management', label: 'セキュリティマネジメント' },
          { code: 'skill.security.management.incident_response', label: 'インシデント対応と事業継続' },
          { code: 'skill.security.management.privacy', label: 'プライバシー保護' },
        ],
      },
      {
        code: 'skill.security.technology',
        label: 'セキュリティ技術',
        items: [
          { code: 'skill.security.technology.secure_development', label: 'セキュア設計・開発・構築' },
          { code: 'skill.security.technology.operations', label: 'セキュリティ運用・保守・監視' },
        ],
      },
    ],
  },
  {
    code: 'skill.personal',
    label: 'パーソナルスキル',
    items: [
      {
        code: 'skill.personal.human',
        label: 'ヒューマンスキル',
        items: [
          { code: 'skill.personal.human.leadership', label: 'リーダーシップ' },
          { code: 'skill.personal.human.collaboration', label: 'コラボレーション' },
        ],
      },
      {
        code: 'skill.personal.conceptual',
        label: 'コンセプチュアルスキル',
        items: [
          { code: 'skill.personal.conceptual.goal_setting', label: 'ゴール設定' },
          { code: 'skill.personal.conceptual.problem_solving', label: '創造的な問題解決' },
          { code: 'skill.personal.conceptual.critical_thinking', label: '批判的思考' },
          { code: 'skill.personal.conceptual.adaptability', label: '適応力' },
        ],
      },
    ],
  },
];

export const DSS_LITERACY_NAME = 'DXリテラシー標準';
export const DSS_PROMOTION_NAME = 'DX推進スキル標準';

/** Every code in the taxonomy's order, with the label people read (standard, area or category, item). */
interface Entry {
  code: string;
  label: string;
  fullLabel: string;
}

/** An item and everything below it, each child's full label its parent's plus 「：」 and its own. */
function entriesOf(item: DssItem, fullLabel: string): Entry[] {
  return [
    { code: item.code, label: item.label, fullLabel },
    ...(item.items ?? []).flatMap((child) => entriesOf(child, `${fullLabel}：${child.label}`)),
  ];
}

const ENTRIES: readonly Entry[] = [
  ...DX_LITERACY_AREAS.flatMap((area) => entriesOf(area, `${DSS_LITERACY_NAME} ${area.label}`)),
  ...DX_PROMOTION_ROLES.flatMap((role) => entriesOf(role, `${DSS_PROMOTION_NAME} 人材類型：${role.label}`)),
  ...DX_PROMOTION_SKILLS.flatMap((category) =>
    entriesOf(category, `${DSS_PROMOTION_NAME} ${category.label}`),
  ),
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
