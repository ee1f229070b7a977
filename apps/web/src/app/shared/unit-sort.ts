/** The 所属 column's order in the lists that offer it (the team matrix, the staff list): by unit, reversed, or none. */
export type UnitSort = '' | 'unit' | '-unit';

/** The aria-sort value of the 所属 column. */
export function sortLabel(sort: UnitSort): 'ascending' | 'descending' | 'none' {
  return sort === 'unit' ? 'ascending' : sort === '-unit' ? 'descending' : 'none';
}

/** The next order when the 所属 header is pressed: by unit, then reversed, then back to overdue first. */
export function nextSort(sort: UnitSort): UnitSort {
  return sort === '' ? 'unit' : sort === 'unit' ? '-unit' : '';
}
