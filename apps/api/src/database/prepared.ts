import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement of a hot path (one run per request), sent as a named prepared statement. The pg driver parses it
 * once per pooled connection and then only binds and executes it, so PostgreSQL plans it once (after five runs it
 * settles on a generic plan) instead of on every request, and TypeORM's query building and logging are skipped.
 * The name must be unique in the whole app and always carry the same text.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** Runs a prepared statement on any connection of the pool (not inside a transaction: use the manager there). */
export async function runPrepared<T>(
  dataSource: DataSource,
  statement: PreparedStatement,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<T & object>({ name: statement.name, text: statement.text, values });
  return result.rows;
}
