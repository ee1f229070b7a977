// One assignment rule as the rules form holds it (numbers as typed), read from and turned back into the API's rule.
import type {
  DueKind,
  DueRuleInput,
  EmploymentType,
  RuleInput,
  RuleTriggerInput,
  RuleView,
  TriggerKind,
} from '@dx/contract';

/** One rule as the form holds it: numbers as typed. */
export interface RuleRow {
  /** Stable key for the list (rules not yet saved have no id). */
  key: number;
  id?: number;
  triggerKind: TriggerKind;
  level: string;
  levels: string;
  cohortCode: string;
  employmentTypes: EmploymentType[];
  dueKind: DueKind;
  days: string;
  month: string;
  day: string;
  active: boolean;
}

let nextKey = 1;

export function toRow(rule: RuleView): RuleRow {
  // Read as the form's flat shape: the fields the kind lacks are simply absent.
  const trigger: RuleTriggerInput = rule.trigger;
  const due: DueRuleInput = rule.due;
  return {
    key: nextKey++,
    id: rule.id,
    triggerKind: trigger.kind,
    level: trigger.level?.toString() ?? '',
    levels: (trigger.levels ?? []).join(', '),
    cohortCode: trigger.cohortCode ?? '',
    employmentTypes: [...rule.employmentTypes],
    dueKind: due.kind,
    days: due.days?.toString() ?? '',
    month: due.month?.toString() ?? '',
    day: due.day?.toString() ?? '',
    active: rule.active,
  };
}

export function newRow(): RuleRow {
  return {
    key: nextKey++,
    triggerKind: 'all_active',
    level: '',
    levels: '',
    cohortCode: '',
    employmentTypes: [],
    dueKind: 'fixed_date',
    days: '90',
    month: '3',
    day: '31',
    active: true,
  };
}

const int = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** The rule the API expects; only the fields of the chosen kinds are sent. */
export function toRuleInput(row: RuleRow): RuleInput {
  const trigger: RuleInput['trigger'] = { kind: row.triggerKind };
  if (row.triggerKind === 'reached_level_in_fiscal_year') trigger.level = int(row.level);
  if (row.triggerKind === 'position_levels') {
    trigger.levels = row.levels
      .split(/[,、\s]+/)
      .filter((x) => x !== '')
      .map(Number);
  }
  if (row.triggerKind === 'cohort_member' && row.cohortCode.trim())
    trigger.cohortCode = row.cohortCode.trim();
  const due: RuleInput['due'] = { kind: row.dueKind };
  if (row.dueKind === 'days_after_trigger') due.days = int(row.days);
  if (row.dueKind === 'fixed_date') {
    due.month = int(row.month);
    due.day = int(row.day);
  }
  return {
    ...(row.id !== undefined ? { id: row.id } : {}),
    trigger,
    due,
    employmentTypes: row.employmentTypes,
    active: row.active,
  };
}
