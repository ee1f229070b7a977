/**
 * SQL written as a tagged template: every `${value}` becomes a bind parameter, numbered when the statement is
 * rendered, so fragments compose without anyone counting `$n`. A nested fragment (`${sql`…`}`) is spliced in with its
 * own values; trusted SQL text (a column expression, a sort direction chosen from a list) goes in with `sql.raw`.
 * Values become literals only for COPY, which takes no parameters (`toLiteralSql`).
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** A fragment pasted into a plain string would lose its values: refuse loudly instead. */
  toString(): string {
    throw new Error('An Sql fragment must be interpolated into sql`…`, not into a plain string.');
  }

  /**
   * The statement with `$1…$n` and its values, for `manager.query(text, values)`. Equal values share a parameter
   * (as hand-numbered statements reused `$1` for the tenant): PostgreSQL deduces a parameter's type from its first
   * use, so a value that appears once in a WHERE and again in an INSERT's SELECT list keeps the column's type.
   */
  toQuery(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const numbers = new Map<string, number>();
    const text = this.render((value) => {
      // Only scalars are shared: a NULL or an array may stand for different types at different places.
      const key = ['string', 'number', 'boolean'].includes(typeof value)
        ? `${typeof value}:${String(value)}`
        : null;
      const shared = key === null ? undefined : numbers.get(key);
      if (shared !== undefined) return `$${shared}`;
      const number = values.push(value);
      if (key !== null) numbers.set(key, number);
      return `$${number}`;
    });
    return { text, values };
  }

  /** The statement with every value written as a literal: for COPY … TO STDOUT only. */
  toLiteralSql(): string {
    return this.render(literal);
  }

  private render(placeholder: (value: unknown) => string): string {
    let text = this.strings[0];
    this.values.forEach((value, i) => {
      text += (value instanceof Sql ? value.render(placeholder) : placeholder(value)) + this.strings[i + 1];
    });
    return text;
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** Trusted SQL text, never a value from a request. */
sql.raw = (text: string): Sql => new Sql([text], []);

/** Fragments joined by a separator (`sql.join(conditions, ' AND ')`); an empty list is empty text. */
sql.join = (fragments: readonly Sql[], separator: string): Sql =>
  fragments.length === 0
    ? sql.raw('')
    : new Sql(['', ...fragments.slice(1).map(() => separator), ''], fragments);

/** Runs a fragment on anything with pg's `query(text, values)` (an EntityManager, a DataSource, a pg Client). */
export function run<T = Record<string, unknown>>(
  runner: { query(text: string, values: unknown[]): Promise<unknown> },
  statement: Sql,
): Promise<T[]> {
  const { text, values } = statement.toQuery();
  return runner.query(text, values) as Promise<T[]>;
}

/** A value as a PostgreSQL literal (standard_conforming_strings, PostgreSQL's default since 9.1). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') {
    if (value.includes('\0')) throw new Error('a NUL character cannot be a PostgreSQL literal');
    return `'${value.replace(/'/g, "''")}'`;
  }
  throw new Error(`no literal for a ${typeof value}`);
}

/** A search text taken literally by LIKE: % and _ typed by a user are not wildcards. */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}
