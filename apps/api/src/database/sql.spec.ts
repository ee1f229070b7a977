import { literal, sql } from './sql';

describe('sql, the tagged template for statements', () => {
  it('turns every value into a numbered parameter, through nested fragments, and shares equal scalars', () => {
    const tenantId = 7;
    const inScope = sql`p.tenant_id = ${tenantId} AND p.path LIKE ${'%/030000/%'}`;
    const statement = sql`SELECT * FROM report_person p WHERE ${inScope} AND p.fiscal_year = ${2026}
      AND EXISTS (SELECT 1 FROM staff s WHERE s.tenant_id = ${tenantId} AND s.employee_no = ANY(${['1', '2']}))`;
    expect(statement.toQuery()).toEqual({
      text: `SELECT * FROM report_person p WHERE p.tenant_id = $1 AND p.path LIKE $2 AND p.fiscal_year = $3
      AND EXISTS (SELECT 1 FROM staff s WHERE s.tenant_id = $1 AND s.employee_no = ANY($4))`,
      values: [7, '%/030000/%', 2026, ['1', '2']],
    });
  });

  it('keeps a number and the same digits as text apart, and never shares a NULL', () => {
    const { text, values } = sql`${1} ${'1'} ${null} ${null}`.toQuery();
    expect(text).toBe('$1 $2 $3 $4');
    expect(values).toEqual([1, '1', null, null]);
  });

  it('joins fragments with a separator, and an empty list is no text', () => {
    const conditions = [sql`a = ${1}`, sql`b = ${'x'}`];
    expect(sql`WHERE ${sql.join(conditions, ' AND ')}`.toQuery()).toEqual({
      text: 'WHERE a = $1 AND b = $2',
      values: [1, 'x'],
    });
    expect(sql`x${sql.join([], ', ')}y`.toQuery().text).toBe('xy');
  });

  it('writes literals for COPY, quotes doubled, so a name cannot end the string', () => {
    const name = "O'Brien'); DROP TABLE staff; --";
    expect(sql`SELECT ${name}, ${12}, ${true}, ${null}`.toLiteralSql()).toBe(
      `SELECT 'O''Brien''); DROP TABLE staff; --', 12, TRUE, NULL`,
    );
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal('a\0b')).toThrow();
    expect(() => literal({})).toThrow();
  });

  it('refuses to be pasted into a plain string, which would lose its values', () => {
    const fragment = sql`a = ${1}`;
    expect(() => `WHERE ${fragment}`).toThrow(/sql`…`/);
  });
});
