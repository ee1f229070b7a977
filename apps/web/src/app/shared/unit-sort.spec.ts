import { nextSort, sortLabel } from './unit-sort';

describe('the 所属 order of a list', () => {
  it('cycles the 所属 order: by unit, reversed, back to overdue first', () => {
    expect(nextSort('')).toBe('unit');
    expect(nextSort('unit')).toBe('-unit');
    expect(nextSort('-unit')).toBe('');
    expect([sortLabel(''), sortLabel('unit'), sortLabel('-unit')]).toEqual([
      'none',
      'ascending',
      'descending',
    ]);
  });
});
