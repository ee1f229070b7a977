import {
  DSS_CODES,
  DX_LITERACY_AREAS,
  DX_PROMOTION_ROLES,
  DX_PROMOTION_SKILLS,
  dssLabel,
  dssShortLabel,
  isDssCode,
  isDssRoleCode,
  literacyAreaOf,
  sortDssCodes,
  unknownDssCodes,
} from './digital-skill-standard';

describe('デジタルスキル標準 taxonomy', () => {
  it('has the four DXリテラシー標準 areas, the five roles and the five skill categories, in order', () => {
    expect(DX_LITERACY_AREAS.map((a) => a.code)).toEqual(['lit.why', 'lit.what', 'lit.how', 'lit.mind']);
    expect(DX_LITERACY_AREAS.map((a) => a.label)).toEqual([
      'Why（DXの背景）',
      'What（DXで活用されるデータ・技術）',
      'How（データ・技術の利活用）',
      'マインド・スタンス',
    ]);
    expect(DX_LITERACY_AREAS[0].items.map((i) => i.label)).toEqual([
      '社会の変化',
      '顧客価値の変化',
      '競争環境の変化',
    ]);
    expect(DX_PROMOTION_ROLES.map((r) => r.label)).toEqual([
      'ビジネスアーキテクト',
      'デザイナー',
      'データサイエンティスト',
      'ソフトウェアエンジニア',
      'サイバーセキュリティ',
    ]);
    expect(DX_PROMOTION_SKILLS.map((c) => c.label)).toEqual([
      'ビジネス変革',
      'データ活用',
      'テクノロジー',
      'セキュリティ',
      'パーソナルスキル',
    ]);
  });

  it('has unique codes, each shaped family.group[.item], and Japanese labels', () => {
    expect(new Set(DSS_CODES).size).toBe(DSS_CODES.length);
    for (const code of DSS_CODES) {
      expect(code).toMatch(/^(lit|role|skill)\.[a-z_]+(\.[a-z_]+){0,2}$/);
      expect(dssLabel(code)).toMatch(/^DX(リテラシー|推進スキル)標準 /);
      expect(dssShortLabel(code)).not.toBe(code);
    }
    expect(isDssCode('skill.data.ai')).toBe(true);
    expect(dssLabel('skill.data.ai')).toBe('DX推進スキル標準 データ活用：AI・データサイエンス');
    expect(dssLabel('role.data_scientist')).toBe('DX推進スキル標準 人材類型：データサイエンティスト');
    expect(dssLabel('lit.why.society')).toBe('DXリテラシー標準 Why（DXの背景）：社会の変化');
    expect(dssLabel('skill.data.ai.machine_learning')).toBe(
      'DX推進スキル標準 データ活用：AI・データサイエンス：機械学習・深層学習',
    );
  });

  it('lists the 共通スキルリスト as the standard has it: 5 categories, 12 sub-categories, 49 skill items', () => {
    const subCategories = DX_PROMOTION_SKILLS.flatMap((c) => c.items);
    const skillItems = subCategories.flatMap((s) => s.items ?? []);
    expect(subCategories).toHaveLength(12);
    expect(skillItems).toHaveLength(49);
    expect(DX_LITERACY_AREAS.find((a) => a.code === 'lit.mind')?.items).toHaveLength(7);
    expect(literacyAreaOf('lit.mind.facts')).toBe('lit.mind');
  });

  it('names the codes that are not in the taxonomy, each once', () => {
    expect(unknownDssCodes(['lit.why', 'lit.who', 'role.ceo', 'lit.who'])).toEqual(['lit.who', 'role.ceo']);
    expect(unknownDssCodes([...DSS_CODES])).toEqual([]);
    expect(dssLabel('lit.who')).toBe('lit.who');
  });

  it('counts an item for its DXリテラシー area, and nothing else for any area', () => {
    expect(literacyAreaOf('lit.why.customer')).toBe('lit.why');
    expect(literacyAreaOf('lit.how')).toBe('lit.how');
    expect(literacyAreaOf('lit.mind')).toBe('lit.mind');
    expect(literacyAreaOf('role.designer')).toBeNull();
    expect(literacyAreaOf('skill.security')).toBeNull();
    expect(isDssRoleCode('role.designer')).toBe(true);
    expect(isDssRoleCode('skill.data')).toBe(false);
  });

  it('sorts codes in the standard order without duplicates, unknown ones last', () => {
    expect(sortDssCodes(['role.designer', 'x', 'lit.mind', 'lit.why', 'role.designer'])).toEqual([
      'lit.why',
      'lit.mind',
      'role.designer',
      'x',
    ]);
  });
});
