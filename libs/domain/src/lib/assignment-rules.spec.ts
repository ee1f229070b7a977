import {
  type AssignmentRule,
  DEFAULT_RULES,
  type DesiredEnrollment,
  type DueRule,
  type PersonFacts,
  TIERED_COURSES,
  dueDateFor,
  evaluateRules,
} from './assignment-rules';

function person(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    employmentType: '正規職員',
    hiredOn: '2010-04-01',
    promotedOn: '2010-04-01',
    positionLevel: 1,
    leftOn: null,
    ...overrides,
  };
}

function enrollment(
  courseCode: string,
  fiscalYear: number,
  triggerDate: string,
  dueDate: string,
): DesiredEnrollment {
  return { courseCode, fiscalYear, triggerDate, dueDate };
}

const workplace = (fy: number, triggerDate = `${fy}-04-01`) =>
  enrollment('WORKPLACE-DX', fy, triggerDate, `${fy + 1}-03-31`);

describe('evaluateRules with DEFAULT_RULES', () => {
  it.each<[string, Partial<PersonFacts>, number, DesiredEnrollment[]]>([
    // 31 March / 1 April boundaries
    [
      'hired 2026-03-31 is a FY2025 hire',
      { hiredOn: '2026-03-31', promotedOn: '2026-03-31' },
      2025,
      [enrollment('KAISO-NEWHIRE', 2025, '2026-03-31', '2026-06-29'), workplace(2025, '2026-03-31')],
    ],
    [
      'hired 2026-03-31 is not a FY2026 hire',
      { hiredOn: '2026-03-31', promotedOn: '2026-03-31' },
      2026,
      [workplace(2026)],
    ],
    [
      'hired 2026-04-01 is a FY2026 hire',
      { hiredOn: '2026-04-01', promotedOn: '2026-04-01' },
      2026,
      [enrollment('KAISO-NEWHIRE', 2026, '2026-04-01', '2026-06-30'), workplace(2026)],
    ],
    [
      'hired 2026-04-01 is not on the FY2025 staff',
      { hiredOn: '2026-04-01', promotedOn: '2026-04-01' },
      2025,
      [],
    ],
    // mid-year hire
    [
      'hired 2026-10-01',
      { hiredOn: '2026-10-01', promotedOn: '2026-10-01' },
      2026,
      [enrollment('KAISO-NEWHIRE', 2026, '2026-10-01', '2026-12-30'), workplace(2026, '2026-10-01')],
    ],
    // employment types
    [
      '会計年度任用職員 hired in the year: no KAISO-NEWHIRE, WORKPLACE-DX only',
      { employmentType: '会計年度任用職員', hiredOn: '2026-04-01', promotedOn: '2026-04-01' },
      2026,
      [workplace(2026)],
    ],
    [
      '再任用職員 hired in the year: no KAISO-NEWHIRE, WORKPLACE-DX only',
      { employmentType: '再任用職員', hiredOn: '2026-04-01', promotedOn: '2026-04-01' },
      2026,
      [workplace(2026)],
    ],
    [
      '再任用職員 in a level-5 post reached in the year gets KAISO-LEADER',
      { employmentType: '再任用職員', hiredOn: '2026-04-01', promotedOn: '2026-04-01', positionLevel: 5 },
      2026,
      [enrollment('KAISO-LEADER', 2026, '2026-04-01', '2026-05-31'), workplace(2026)],
    ],
    // promotions
    [
      '新任所属長 on 1 April',
      { promotedOn: '2026-04-01', positionLevel: 5 },
      2026,
      [enrollment('KAISO-LEADER', 2026, '2026-04-01', '2026-05-31'), workplace(2026)],
    ],
    [
      'promotion dated in the coming April does not count in the current year',
      { promotedOn: '2027-04-01', positionLevel: 5 },
      2026,
      [workplace(2026)],
    ],
    [
      'promotion dated in the coming April counts in that year',
      { promotedOn: '2027-04-01', positionLevel: 5 },
      2027,
      [enrollment('KAISO-LEADER', 2027, '2027-04-01', '2027-05-31'), workplace(2027)],
    ],
    [
      'promoted on 31 March belongs to the ending year',
      { promotedOn: '2027-03-31', positionLevel: 5 },
      2026,
      [enrollment('KAISO-LEADER', 2026, '2027-03-31', '2027-05-30'), workplace(2026)],
    ],
    [
      '新任主査 (level 2)',
      { promotedOn: '2026-04-01', positionLevel: 2 },
      2026,
      [enrollment('KAISO-CHIEF-CLERK', 2026, '2026-04-01', '2026-05-31'), workplace(2026)],
    ],
    [
      '新任係長 (level 3)',
      { promotedOn: '2026-07-01', positionLevel: 3 },
      2026,
      [enrollment('KAISO-SUBSECTION', 2026, '2026-07-01', '2026-08-30'), workplace(2026)],
    ],
    [
      '新任課長補佐 (level 4)',
      { promotedOn: '2026-04-01', positionLevel: 4 },
      2026,
      [enrollment('KAISO-DEPUTY', 2026, '2026-04-01', '2026-05-31'), workplace(2026)],
    ],
    [
      '新任次長 (level 6) has no tiered course',
      { promotedOn: '2026-04-01', positionLevel: 6 },
      2026,
      [workplace(2026)],
    ],
    [
      'level 5 reached in an earlier year',
      { promotedOn: '2025-04-01', positionLevel: 5 },
      2026,
      [workplace(2026)],
    ],
    // leavers
    ['left the day before the year began', { leftOn: '2026-03-31' }, 2026, []],
    ['left on the first day of the year', { leftOn: '2026-04-01' }, 2026, [workplace(2026)]],
    ['left in the middle of the year', { leftOn: '2026-09-30' }, 2026, [workplace(2026)]],
    [
      'left before the promotion took effect',
      { promotedOn: '2026-10-01', positionLevel: 5, leftOn: '2026-09-30' },
      2026,
      [workplace(2026)],
    ],
    [
      'left on the promotion day still gets the course',
      { promotedOn: '2026-10-01', positionLevel: 5, leftOn: '2026-10-01' },
      2026,
      [enrollment('KAISO-LEADER', 2026, '2026-10-01', '2026-11-30'), workplace(2026)],
    ],
    ['hired after the year ended', { hiredOn: '2027-04-01', promotedOn: '2027-04-01' }, 2026, []],
    // promoters
    [
      'designated promoter for the year',
      { promoterDesignations: [{ fiscalYear: 2026, designatedOn: '2026-04-01' }] },
      2026,
      [workplace(2026), enrollment('PROMOTER-BASIC', 2026, '2026-04-01', '2026-05-31')],
    ],
    [
      'designated in March for the coming year: due 60 days after the designation',
      { promoterDesignations: [{ fiscalYear: 2026, designatedOn: '2026-03-20' }] },
      2026,
      [workplace(2026), enrollment('PROMOTER-BASIC', 2026, '2026-03-20', '2026-05-19')],
    ],
    [
      'designated promoter for another year',
      { promoterDesignations: [{ fiscalYear: 2025, designatedOn: '2025-04-01' }] },
      2026,
      [workplace(2026)],
    ],
    [
      'designated after leaving',
      { leftOn: '2026-06-30', promoterDesignations: [{ fiscalYear: 2026, designatedOn: '2026-07-01' }] },
      2026,
      [workplace(2026)],
    ],
    // specialist cohorts
    [
      'cohort with its own due date',
      { cohorts: [{ code: 'SP2026', fiscalYear: 2026, joinedOn: '2026-05-15', dueDate: '2027-01-31' }] },
      2026,
      [workplace(2026), enrollment('SPECIALIST-BASIC', 2026, '2026-05-15', '2027-01-31')],
    ],
    [
      'cohort without a due date: the fiscal year end',
      { cohorts: [{ code: 'SP2026', fiscalYear: 2026, joinedOn: '2026-05-15', dueDate: null }] },
      2026,
      [workplace(2026), enrollment('SPECIALIST-BASIC', 2026, '2026-05-15', '2027-03-31')],
    ],
    [
      'cohort of another year',
      { cohorts: [{ code: 'SP2025', fiscalYear: 2025, joinedOn: '2025-05-15', dueDate: '2026-01-31' }] },
      2026,
      [workplace(2026)],
    ],
    [
      'two cohorts in one year: one enrollment, the earliest due date',
      {
        cohorts: [
          { code: 'SP2026-B', fiscalYear: 2026, joinedOn: '2026-04-10', dueDate: '2027-02-28' },
          { code: 'SP2026-A', fiscalYear: 2026, joinedOn: '2026-09-01', dueDate: '2026-12-25' },
        ],
      },
      2026,
      [workplace(2026), enrollment('SPECIALIST-BASIC', 2026, '2026-09-01', '2026-12-25')],
    ],
    // leap years
    [
      'hired 2027-12-01: 90 days later is 2028-02-29',
      { hiredOn: '2027-12-01', promotedOn: '2027-12-01' },
      2027,
      [enrollment('KAISO-NEWHIRE', 2027, '2027-12-01', '2028-02-29'), workplace(2027, '2027-12-01')],
    ],
    [
      'promoted 2028-02-29: 60 days later is 2028-04-29',
      { promotedOn: '2028-02-29', positionLevel: 5 },
      2027,
      [enrollment('KAISO-LEADER', 2027, '2028-02-29', '2028-04-29'), workplace(2027)],
    ],
  ])('%s', (_name, facts, fy, expected) => {
    expect(evaluateRules(DEFAULT_RULES, person(facts), fy)).toEqual(expected);
  });
});

describe('evaluateRules with custom rules', () => {
  const newhire90: AssignmentRule = {
    id: 1,
    courseCode: 'X',
    trigger: { kind: 'hired_in_fiscal_year' },
    due: { kind: 'days_after_trigger', days: 90 },
  };
  const newhireJune: AssignmentRule = {
    id: 2,
    courseCode: 'X',
    trigger: { kind: 'hired_in_fiscal_year' },
    due: { kind: 'fixed_date', month: 6, day: 30 },
  };
  const hiredApril = person({ hiredOn: '2026-04-01', promotedOn: '2026-04-01' });

  it('keeps one enrollment per course: the earliest due date, with its rule id', () => {
    const hired = person({ hiredOn: '2026-04-15', promotedOn: '2026-04-15' });
    // +90 days → 2026-07-14; the fixed date 30 June is earlier
    expect(evaluateRules([newhire90, newhireJune], hired, 2026)).toEqual([
      { courseCode: 'X', fiscalYear: 2026, triggerDate: '2026-04-15', dueDate: '2026-06-30', ruleId: 2 },
    ]);
    expect(evaluateRules([newhireJune, newhire90], hired, 2026)).toEqual([
      { courseCode: 'X', fiscalYear: 2026, triggerDate: '2026-04-15', dueDate: '2026-06-30', ruleId: 2 },
    ]);
  });

  it('keeps the first rule when two give the same due date', () => {
    const same: AssignmentRule = { ...newhire90, id: 3 };
    expect(evaluateRules([newhire90, same], hiredApril, 2026)).toEqual([
      { courseCode: 'X', fiscalYear: 2026, triggerDate: '2026-04-01', dueDate: '2026-06-30', ruleId: 1 },
    ]);
  });

  it('omits ruleId when the rule has no id', () => {
    const [result] = evaluateRules([{ ...newhire90, id: undefined }], hiredApril, 2026);
    expect(result).toEqual({
      courseCode: 'X',
      fiscalYear: 2026,
      triggerDate: '2026-04-01',
      dueDate: '2026-06-30',
    });
    expect('ruleId' in result).toBe(false);
  });

  it.each<[string, Partial<AssignmentRule>, number]>([
    ['active: false assigns nothing', { active: false }, 0],
    ['active: true assigns', { active: true }, 1],
    ['employment type not listed assigns nothing', { employmentTypes: ['会計年度任用職員'] }, 0],
    ['employment type listed assigns', { employmentTypes: ['会計年度任用職員', '正規職員'] }, 1],
    ['empty employment type list means all', { employmentTypes: [] }, 1],
  ])('%s', (_name, overrides, count) => {
    expect(evaluateRules([{ ...newhire90, ...overrides }], hiredApril, 2026)).toHaveLength(count);
  });

  it('an inactive duplicate does not replace the active rule', () => {
    expect(
      evaluateRules([newhire90, { ...newhireJune, active: false }], person({ hiredOn: '2026-04-15' }), 2026),
    ).toEqual([
      { courseCode: 'X', fiscalYear: 2026, triggerDate: '2026-04-15', dueDate: '2026-07-14', ruleId: 1 },
    ]);
  });

  describe('position_levels', () => {
    const rule: AssignmentRule = {
      courseCode: 'MGMT',
      trigger: { kind: 'position_levels', levels: [5, 6, 7] },
      due: { kind: 'days_after_trigger', days: 30 },
    };
    it.each<[string, Partial<PersonFacts>, DesiredEnrollment[]]>([
      [
        'held since an earlier year: from the year start',
        { promotedOn: '2020-04-01', positionLevel: 6 },
        [enrollment('MGMT', 2026, '2026-04-01', '2026-05-01')],
      ],
      [
        'reached during the year: from 昇任日',
        { promotedOn: '2026-08-01', positionLevel: 5 },
        [enrollment('MGMT', 2026, '2026-08-01', '2026-08-31')],
      ],
      ['level not listed', { promotedOn: '2020-04-01', positionLevel: 4 }, []],
      ['reached only after the year', { promotedOn: '2027-04-01', positionLevel: 5 }, []],
    ])('%s', (_name, facts, expected) => {
      expect(evaluateRules([rule], person(facts), 2026)).toEqual(expected);
    });
  });

  describe('cohort_member with a cohort code', () => {
    const rule: AssignmentRule = {
      courseCode: 'SPECIALIST-ADV',
      trigger: { kind: 'cohort_member', cohortCode: 'ADV' },
      due: { kind: 'cohort_due' },
    };
    it.each<[string, string, DesiredEnrollment[]]>([
      ['member of that cohort', 'ADV', [enrollment('SPECIALIST-ADV', 2026, '2026-06-01', '2026-12-01')]],
      ['member of another cohort', 'BASIC', []],
    ])('%s', (_name, code, expected) => {
      const facts = person({
        cohorts: [{ code, fiscalYear: 2026, joinedOn: '2026-06-01', dueDate: '2026-12-01' }],
      });
      expect(evaluateRules([rule], facts, 2026)).toEqual(expected);
    });
  });

  it('cohort_due on a rule that is not about a cohort falls back to the fiscal year end', () => {
    const rule: AssignmentRule = {
      courseCode: 'Y',
      trigger: { kind: 'all_active' },
      due: { kind: 'cohort_due' },
    };
    expect(evaluateRules([rule], person(), 2026)).toEqual([
      enrollment('Y', 2026, '2026-04-01', '2027-03-31'),
    ]);
  });
});

describe('dueDateFor', () => {
  it.each<[string, DueRule, string, number, string | null | undefined, string]>([
    [
      'days after trigger',
      { kind: 'days_after_trigger', days: 90 },
      '2026-10-01',
      2026,
      undefined,
      '2026-12-30',
    ],
    [
      'days after trigger across a leap day',
      { kind: 'days_after_trigger', days: 1 },
      '2028-02-28',
      2027,
      undefined,
      '2028-02-29',
    ],
    ['zero days', { kind: 'days_after_trigger', days: 0 }, '2026-05-01', 2026, undefined, '2026-05-01'],
    [
      "fixed 3/31 is the FY's 31 March",
      { kind: 'fixed_date', month: 3, day: 31 },
      '2026-10-01',
      2026,
      undefined,
      '2027-03-31',
    ],
    [
      "fixed 6/30 is the FY's 30 June",
      { kind: 'fixed_date', month: 6, day: 30 },
      '2026-04-01',
      2026,
      undefined,
      '2026-06-30',
    ],
    [
      "fixed 4/1 is the FY's first day",
      { kind: 'fixed_date', month: 4, day: 1 },
      '2026-04-01',
      2026,
      undefined,
      '2026-04-01',
    ],
    ['fixed 12/31', { kind: 'fixed_date', month: 12, day: 31 }, '2026-04-01', 2026, undefined, '2026-12-31'],
    [
      'fixed 1/15 is in the next calendar year',
      { kind: 'fixed_date', month: 1, day: 15 },
      '2026-04-01',
      2026,
      undefined,
      '2027-01-15',
    ],
    [
      'fixed 2/29 in a leap year',
      { kind: 'fixed_date', month: 2, day: 29 },
      '2027-04-01',
      2027,
      undefined,
      '2028-02-29',
    ],
    [
      'fixed 2/29 in a common year falls on 2/28',
      { kind: 'fixed_date', month: 2, day: 29 },
      '2026-04-01',
      2026,
      undefined,
      '2027-02-28',
    ],
    ['cohort due', { kind: 'cohort_due' }, '2026-05-01', 2026, '2026-11-30', '2026-11-30'],
    ['cohort without due date', { kind: 'cohort_due' }, '2026-05-01', 2026, null, '2027-03-31'],
    ['cohort due not given', { kind: 'cohort_due' }, '2026-05-01', 2026, undefined, '2027-03-31'],
  ])('%s', (_name, due, trigger, fy, cohortDue, expected) => {
    expect(dueDateFor(due, trigger, fy, cohortDue)).toBe(expected);
  });

  it.each<[string, DueRule]>([
    ['month 13', { kind: 'fixed_date', month: 13, day: 1 }],
    ['month 0', { kind: 'fixed_date', month: 0, day: 1 }],
    ['30 February', { kind: 'fixed_date', month: 2, day: 30 }],
    ['31 April', { kind: 'fixed_date', month: 4, day: 31 }],
    ['day 0', { kind: 'fixed_date', month: 5, day: 0 }],
    ['fractional days', { kind: 'days_after_trigger', days: 1.5 }],
  ])('rejects %s', (_name, due) => {
    expect(() => dueDateFor(due, '2026-04-01', 2026)).toThrow(RangeError);
  });
});

describe('DEFAULT_RULES and TIERED_COURSES', () => {
  it('holds the contract catalogue plus the intermediate tiered courses, one rule each', () => {
    expect(DEFAULT_RULES.map((r) => r.courseCode).sort()).toEqual(
      [
        'KAISO-CHIEF-CLERK',
        'KAISO-DEPUTY',
        'KAISO-LEADER',
        'KAISO-NEWHIRE',
        'KAISO-SUBSECTION',
        'PROMOTER-BASIC',
        'SPECIALIST-BASIC',
        'WORKPLACE-DX',
      ].sort(),
    );
  });

  it.each<[string, Omit<AssignmentRule, 'courseCode'>]>([
    [
      'KAISO-NEWHIRE',
      {
        trigger: { kind: 'hired_in_fiscal_year' },
        due: { kind: 'days_after_trigger', days: 90 },
        employmentTypes: ['正規職員'],
      },
    ],
    [
      'KAISO-CHIEF-CLERK',
      {
        trigger: { kind: 'reached_level_in_fiscal_year', level: 2 },
        due: { kind: 'days_after_trigger', days: 60 },
      },
    ],
    [
      'KAISO-SUBSECTION',
      {
        trigger: { kind: 'reached_level_in_fiscal_year', level: 3 },
        due: { kind: 'days_after_trigger', days: 60 },
      },
    ],
    [
      'KAISO-DEPUTY',
      {
        trigger: { kind: 'reached_level_in_fiscal_year', level: 4 },
        due: { kind: 'days_after_trigger', days: 60 },
      },
    ],
    [
      'KAISO-LEADER',
      {
        trigger: { kind: 'reached_level_in_fiscal_year', level: 5 },
        due: { kind: 'days_after_trigger', days: 60 },
      },
    ],
    ['WORKPLACE-DX', { trigger: { kind: 'all_active' }, due: { kind: 'fixed_date', month: 3, day: 31 } }],
    [
      'PROMOTER-BASIC',
      { trigger: { kind: 'designated_promoter' }, due: { kind: 'days_after_trigger', days: 60 } },
    ],
    ['SPECIALIST-BASIC', { trigger: { kind: 'cohort_member' }, due: { kind: 'cohort_due' } }],
  ])('%s', (courseCode, rest) => {
    expect(DEFAULT_RULES.find((r) => r.courseCode === courseCode)).toEqual({ courseCode, ...rest });
  });

  it('is frozen so that no caller changes the defaults for everyone', () => {
    expect(Object.isFrozen(DEFAULT_RULES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RULES[0].trigger)).toBe(true);
    expect(() => DEFAULT_RULES.push(DEFAULT_RULES[0])).toThrow(TypeError);
  });

  it('lists the tiered courses with their titles and levels', () => {
    expect(TIERED_COURSES).toEqual([
      { code: 'KAISO-NEWHIRE', title: '新規採用職員研修（DX基礎）', level: 1 },
      { code: 'KAISO-CHIEF-CLERK', title: '新任主査研修（DX実践）', level: 2 },
      { code: 'KAISO-SUBSECTION', title: '新任係長研修（DXマネジメント）', level: 3 },
      { code: 'KAISO-DEPUTY', title: '新任課長補佐研修（DX推進）', level: 4 },
      { code: 'KAISO-LEADER', title: '新任所属長研修（DXリーダーシップ）', level: 5 },
    ]);
  });
});
