// The shapes the team's service and repository share.
import type { PeopleSort } from '@dx/contract';

export interface MatrixFilter {
  fiscalYear: number;
  orgUnitCode?: string;
  trackCode?: string;
  courseCode?: string;
  status?: string;
  position?: string;
  q?: string;
  sort?: PeopleSort;
  page: number;
  pageSize: number;
}

/** What both ways of reading the matrix give: its people as JSON bytes, and the rows of its totals. */
export interface MatrixParts {
  people: Buffer;
  total: number;
  /** The name and kind of the unit asked for (null for none, or a code without a version). */
  unit: { name: string; kind: string } | null;
  columns: {
    course_code: string;
    title: string;
    track_code: string;
    assigned: number;
    completed: number;
    overdue: number;
    exempt: number;
  }[];
  children: {
    code: string;
    name: string | null;
    kind: string | null;
    assigned: number;
    completed: number;
    overdue: number;
  }[];
}
