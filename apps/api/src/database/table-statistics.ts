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

/** Fresh planner statistics for the tables, as their owner (ANALYZE skips a table the tenant role does not own). */
export async function analyzeTables(dataSource: DataSource, tables: string[]): Promise<void> {
  const quoted = tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(', ');
  await asSystem(() => dataSource.query(`ANALYZE ${quoted}`));
}
