import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { createTestApp, TestApp } from './support/test-app';
import { createSuiteDatabase } from './support/test-database';

/** What the schema builder would still change to make the database match the entities. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

/** Tables, columns, indexes, constraints and triggers of the public schema, to compare two states of it. */
async function schemaFingerprint(dataSource: DataSource): Promise<string[]> {
  const rows: { item: string }[] = await dataSource.query(
    `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
            coalesce(column_default, '') || ' ' || coalesce(collation_name, '') AS item
       FROM information_schema.columns WHERE table_schema = 'public'
     UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
     UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || pg_get_triggerdef(oid)
       FROM pg_trigger WHERE NOT tgisinternal
     ORDER BY 1`,
  );
  return rows.map((r) => r.item);
}

async function userTables(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('database migrations', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t?.close());

  it('agree with the entities: the schema builder has nothing left to change', async () => {
    const pending = await pendingSchemaChanges(t.db);
    // Shown in full when it fails, so the missing migration can be written from it.
    expect(pending.join(';\n')).toBe('');
  });

  it('can be reverted all the way down and applied again', async () => {
    const database = await createSuiteDatabase();
    const dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
    try {
      const executed = async () =>
        (await dataSource.query(`SELECT name FROM migrations ORDER BY id`)).map(
          (r: { name: string }) => r.name,
        );
      expect(await executed()).toEqual(MIGRATIONS.map((m) => new m().name));
      const migrated = await schemaFingerprint(dataSource);

      for (let i = MIGRATIONS.length; i > 0; i--) {
        await dataSource.undoLastMigration({ transaction: 'all' });
        expect(await executed()).toHaveLength(i - 1);
      }
      // Nothing of the schema is left but TypeORM's own bookkeeping.
      expect(await userTables(dataSource)).toEqual(['migrations']);
      const functions = await dataSource.query(
        `SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
      );
      expect(functions).toEqual([]);

      const applied = await dataSource.runMigrations({ transaction: 'all' });
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
      // The same schema as before, down to each index and trigger.
      expect(await schemaFingerprint(dataSource)).toEqual(migrated);
      // Every entity's table, and nothing else.
      expect(await userTables(dataSource)).toEqual(
        [...dataSource.entityMetadatas.map((m) => m.tableName), 'migrations'].sort(),
      );
      // The append-only audit log is back too.
      await dataSource.query(`INSERT INTO audit_log (action) VALUES ('test.after-remigration')`);
      await expect(dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
