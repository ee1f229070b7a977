import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
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

/** Runs a prepared statement on the connection of the caller's transaction (`manager` from `transaction()`). */
export async function runPreparedIn<T>(
  manager: EntityManager,
  statement: PreparedStatement,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner as (QueryRunner & { connect(): Promise<PoolClient> }) | undefined;
  if (!runner?.isTransactionActive) throw new Error(`${statement.name} runs inside the caller’s transaction`);
  const client = (await runner.connect()) as PoolClient;
  const result = await client.query<T & object>({ name: statement.name, text: statement.text, values });
  return result.rows;
}
