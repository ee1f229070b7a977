// The team matrix's view as its URL says it: filters, drill-down, order and page survive reload, Back and bookmarks.
import type { ParamMap } from '@angular/router';
import type { EnrollmentStatusName, PeopleSort } from '@dx/contract';
import { currentFiscalYear, parseFiscalYear } from '../shared/dates';
import { STATUS_OPTIONS } from './team-labels';

/** The view's query parameters (the API's names). */
export type ViewParam =
  'fiscalYear' | 'orgUnitCode' | 'trackCode' | 'courseCode' | 'status' | 'position' | 'q' | 'sort' | 'page';

/** A change of the view: the parameters that change ('' leaves the URL) and whether it replaces the history entry. */
export interface ViewChange {
  readonly changes: Partial<Record<ViewParam, string | number>>;
  readonly replaceUrl?: boolean;
}

export interface TeamView {
  readonly fiscalYear: number;
  readonly orgUnitCode: string;
  readonly trackCode: string;
  readonly courseCode: string;
  readonly status: EnrollmentStatusName | '';
  readonly position: string;
  /** The name search actually sent. */
  readonly q: string;
  readonly sort: PeopleSort | '';
  readonly page: number;
}

const STATUS_VALUES = new Set<string>(STATUS_OPTIONS.map((o) => o.value));

/** The view of a URL's query parameters; anything unreadable falls back to the default (this year, page 1, …). */
export function readView(params: ParamMap, years: readonly number[]): TeamView {
  const param = (name: ViewParam) => params.get(name)?.trim() ?? '';
  const year = parseFiscalYear(param('fiscalYear'));
  const status = param('status');
  const sort = param('sort');
  const page = Number(param('page'));
  return {
    fiscalYear: year !== null && years.includes(year) ? year : currentFiscalYear(),
    orgUnitCode: param('orgUnitCode'),
    trackCode: param('trackCode'),
    courseCode: param('courseCode'),
    status: (STATUS_VALUES.has(status) ? status : '') as EnrollmentStatusName | '',
    position: param('position'),
    q: param('q'),
    sort: (sort === 'unit' || sort === '-unit' ? sort : '') as PeopleSort | '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}
