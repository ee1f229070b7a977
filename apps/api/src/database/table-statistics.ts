import type { DataSource, EntityManager } from 'typeorm';
import { asSystem } from './tenant-context';

/** How many rows the current transaction wrote to a table, beside the table's size at its last ANALYZE. */
export interface TableWrites {
  table: string;
  written: number;
  reltuples: number;
}

/** The current transaction's own row counts per table (triggers' writes included), for tables it changed. */
export function findTransactionWrites(manager: EntityManager): Promise<TableWrites[]> {
  return manager.query(
    `SELECT s.relname AS "table", (s.n_tup_ins + s.n_tup_upd + s.n_tup_del)::float8 AS written, c.reltuples::float8 AS reltuples
       FROM pg_stat_xact_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema() AND s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0`,
  );
}

function analyzeStatement(tables: string[]): string {
  return `ANALYZE ${tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(', ')}`;
}

/** Fresh planner statistics for the tables, as their owner (ANALYZE skips a table the tenant role does not own). */
export async function analyzeTables(dataSource: DataSource, tables: string[]): Promise<void> {
  await asSystem(() => dataSource.query(analyzeStatement(tables)));
}

/**
 * The same inside the current transaction (its own uncommitted rows are sampled too): the owner's role for this
 * statement only, then the transaction's role again (a tenant's work runs as TENANT_ROLE, which owns no table).
 */
export async function analyzeTablesWithin(manager: EntityManager, tables: string[]): Promise<void> {
  const [{ role }]: { role: string }[] = await manager.query(`SELECT current_setting('role') AS role`);
  await manager.query(`SELECT set_config('role', 'none', true)`);
  try {
    await manager.query(analyzeStatement(tables));
  } finally {
    await manager.query(`SELECT set_config('role', $1, true)`, [role]);
  }
}
