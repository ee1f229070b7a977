// Additions to the import answers beyond the contract: what each changed person or unit looks like before and
// after, warnings, and (org chart) the units that would close with the people still placed in them.
import type { ImportResult } from './types';

/** The kinds of change an import reports, as its counts name them. */
export type ImportChangeKind = 'created' | 'updated' | 'transferred' | 'promoted' | 'left' | 'closed';

/** A field of a person or unit as the import compares it (labels are the web app's). */
export type ImportChangeField =
  | 'name'
  | 'nameKana'
  | 'email'
  | 'unit'
  | 'position'
  | 'employmentType'
  | 'hiredOn'
  | 'promotedOn'
  | 'assignedOn'
  | 'leftOn'
  | 'kind'
  | 'parent'
  | 'path';

/** A half-open range [start, end) of UTF-16 positions, as String.prototype.slice takes it. */
export type ImportTextRange = readonly [number, number];

export interface ImportFieldChange {
  field: ImportChangeField;
  /** Dates as YYYY-MM-DD, a unit as 「name（code）」; null when there was (or will be) none. */
  before: string | null;
  after: string | null;
  /** Where the characters differ, for highlighting: `removed` in before, `added` in after. */
  removed?: ImportTextRange[];
  added?: ImportTextRange[];
  /** Characters of the old value that the file's encoding (Shift_JIS) cannot hold and that the new value lacks. */
  lost?: string[];
}

export type ImportWarningCode = 'encoding-loss' | 'closing-units-staffed' | 'dates-normalized';

export interface ImportWarning {
  code: ImportWarningCode;
  /** Japanese, for people. */
  message: string;
  /** How many people, units or cells it concerns. */
  count: number;
}

export interface ImportChange {
  kind: ImportChangeKind;
  /** 職員番号 or 所属コード. */
  key: string;
  /** The name after the change (before it, for people who leave and units that close). */
  name: string;
  /** The line of the file (absent for people who leave and units that close: they are not in it). */
  row?: number;
  fields: ImportFieldChange[];
  warnings?: ImportWarningCode[];
  /** Units that close: the people still placed in the unit on the effective date. */
  placedStaff?: number;
}

export interface ClosingUnit {
  code: string;
  name: string;
  kind: string;
  /** Names from the 部局 down, joined by ' / '. */
  path: string;
  /** People placed in this very unit on the effective date. */
  placedStaff: number;
}

/** An org file that closes units: which, with the people still placed in them (also carried by the 422 problem). */
export interface OrgClosingSummary {
  /** Units open on the effective date before the import. */
  openUnits: number;
  closingUnits: number;
  /** Share of the open units that would close, in percent (rounded). */
  percent: number;
  placedStaff: number;
  units: ClosingUnit[];
  unitsTruncated: boolean;
}

export interface ImportChangeList {
  changes: ImportChange[];
  /** The list stops at a few thousand entries; the counts are always exact. */
  changesTruncated: boolean;
  warnings: ImportWarning[];
  closing?: OrgClosingSummary;
}

/** What the org-unit and staff imports answer (dry run and real run). */
export type ImportResultWithChanges<C> = ImportResult<C> & Partial<ImportChangeList>;

/** The refusal of a roster that would mark too many people as left (problem `mass-leave`), beyond type/title/detail. */
export interface MassLeaveProblemExtension {
  activeStaff: number;
  leaving: number;
  percent: number;
}

/** The refusal of an org chart that would close too many units (problem `mass-close`). */
export interface MassCloseProblemExtension {
  closing: OrgClosingSummary;
}
