import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

// A DATE is a calendar day in Asia/Tokyo; pg would turn it into a JS Date at local midnight and shift it.
types.setTypeParser(types.builtins.DATE, (value) => value);
// COUNT(*) and SUM() are bigint; every count here fits a JS number.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    migrationsTransactionMode: 'all',
    // JIT compilation costs ~1 s on the report statements and never pays back on these short queries. Idle
    // connections are kept for 5 minutes (pg's default is 10 s): a new one costs a connection and cold catalog
    // caches, 10–30 ms on the first report statements, which a manager clicking through the matrix would pay.
    extra: { max: 20, idleTimeoutMillis: 300_000, options: '-c timezone=Asia/Tokyo -c jit=off' },
  };
}

export async function runMigrations(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
}
