// One assignment rule as a typed form, read from and turned back into the API's rule.
import { FormControl, FormGroup } from '@angular/forms';
import type {
  DueKind,
  DueRuleInput,
  EmploymentType,
  RuleInput,
  RuleTriggerInput,
  RuleView,
  TriggerKind,
} from '@dx/contract';

/** A number input: null while empty. */
type NumberInput = FormControl<number | null>;

export interface RuleControls {
  triggerKind: FormControl<TriggerKind>;
  level: NumberInput;
  /** Levels as typed: separated by commas, 「、」 or spaces. */
  levels: FormControl<string>;
  cohortCode: FormControl<string>;
  employmentTypes: FormControl<EmploymentType[]>;
  dueKind: FormControl<DueKind>;
  days: NumberInput;
  month: NumberInput;
  day: NumberInput;
  active: FormControl<boolean>;
}

/** One rule of the list: its form, a stable key for the list (rules not yet saved have no id) and its id. */
export interface RuleRow {
  key: number;
  id?: number;
  group: FormGroup<RuleControls>;
}

let nextKey = 1;

const value = <T>(initial: T) => new FormControl<T>(initial, { nonNullable: true });
const number = (initial: number | null | undefined) => new FormControl<number | null>(initial ?? null);

function rowOf(id: number | undefined, controls: RuleControls): RuleRow {
  return { key: nextKey++, ...(id !== undefined ? { id } : {}), group: new FormGroup(controls) };
}

export function toRow(rule: RuleView): RuleRow {
  // Read as the form's flat shape: the fields the kind lacks are simply absent.
  const trigger: RuleTriggerInput = rule.trigger;
  const due: DueRuleInput = rule.due;
  return rowOf(rule.id, {
    triggerKind: value(trigger.kind),
    level: number(trigger.level),
    levels: value((trigger.levels ?? []).join(', ')),
    cohortCode: value(trigger.cohortCode ?? ''),
    employmentTypes: value([...rule.employmentTypes]),
    dueKind: value(due.kind),
    days: number(due.days),
    month: number(due.month),
    day: number(due.day),
    active: value(rule.active),
  });
}

export function newRow(active: boolean): RuleRow {
  return rowOf(undefined, {
    triggerKind: value<TriggerKind>('all_active'),
    level: number(null),
    levels: value(''),
    cohortCode: value(''),
    employmentTypes: value<EmploymentType[]>([]),
    dueKind: value<DueKind>('fixed_date'),
    days: number(90),
    month: number(3),
    day: number(31),
    active: value(active),
  });
}

/** An empty number is sent as such (JSON null), so the API names the field that needs one. */
const typed = (n: number | null): number => (n === null ? Number.NaN : n);

/** The rule the API expects; only the fields of the chosen kinds are sent. */
export function toRuleInput(row: RuleRow): RuleInput {
  const v = row.group.getRawValue();
  const trigger: RuleInput['trigger'] = { kind: v.triggerKind };
  if (v.triggerKind === 'reached_level_in_fiscal_year') trigger.level = typed(v.level);
  if (v.triggerKind === 'position_levels') {
    trigger.levels = v.levels
      .split(/[,、\s]+/)
      .filter((x) => x !== '')
      .map(Number);
  }
  if (v.triggerKind === 'cohort_member' && v.cohortCode.trim()) trigger.cohortCode = v.cohortCode.trim();
  const due: RuleInput['due'] = { kind: v.dueKind };
  if (v.dueKind === 'days_after_trigger') due.days = typed(v.days);
  if (v.dueKind === 'fixed_date') {
    due.month = typed(v.month);
    due.day = typed(v.day);
  }
  return {
    ...(row.id !== undefined ? { id: row.id } : {}),
    trigger,
    due,
    employmentTypes: v.employmentTypes,
    active: v.active,
  };
}
