import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, Observable, throwError } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { Problem } from '../common/problem';
import {
  analyzeTables,
  analyzeTablesWithin,
  findTransactionWrites,
  type TableWrites,
} from '../database/table-statistics';
import { lockTenantImports, tryClaimTenantImport } from '../database/tenant-locks';

/** A roster import with its rebuild takes a few seconds; a client that waits this long will usually get in. */
export const IMPORT_RETRY_AFTER_SECONDS = 10;

/** An import of the tenant is already being read or applied (here or on another API instance). */
export class ImportRunningProblem extends Problem {
  readonly retryAfterSeconds = IMPORT_RETRY_AFTER_SECONDS;

  constructor() {
    super(
      409,
      'import-running',
      '別の取り込みを処理中です',
      `この団体では別のファイルの取り込みを処理中のため、このファイルは受け付けませんでした（何も変更していません）。` +
        `${IMPORT_RETRY_AFTER_SECONDS}秒ほど待ってから、もう一度送ってください。`,
    );
  }
}

/**
 * An import that wrote at least this many rows refreshes the planner's statistics at once: autovacuum may be off or
 * late (a fresh demo searched the matrix by name for 28–58 s until it ran), and a roster changes thousands at once.
 */
export const LARGE_IMPORT_ROWS = 1_000;

/**
 * Of a large import, the tables it changed as autovacuum would judge them (autovacuum_analyze_threshold 50 plus
 * autovacuum_analyze_scale_factor 0.1 of the rows at the last ANALYZE, none if never analysed): a re-import that adds
 * a few thousand assignments to a million does not pay for sampling them again, nor does the one audit row.
 */
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;

const logger = new Logger('Imports');

/**
 * One import of a tenant, all in one transaction: claims the tenant's import slot without waiting (a second import
 * is refused with ImportRunningProblem instead of queueing with its file in memory), reads the file, then takes the
 * tenant's import lock (waiting for a rebuild of the figures that is reading, as before) and applies it. After the
 * commit, the tables a large import changed are analysed.
 */
export async function runTenantImport<R, T>(
  dataSource: DataSource,
  tenantId: number,
  read: () => R,
  apply: (manager: EntityManager, file: R) => Promise<T>,
): Promise<T> {
  let writes: TableWrites[] = [];
  const result = await dataSource.transaction(async (manager) => {
    if (!(await tryClaimTenantImport(manager, tenantId))) throw new ImportRunningProblem();
    const file = read();
    await lockTenantImports(manager, tenantId);
    const applied = await apply(manager, file);
    // This transaction's own row counts, triggers and the rebuild of the figures included.
    writes = await findTransactionWrites(manager);
    return applied;
  });
  // The answer does not wait for the statistics (0.2–0.6 s on a 30,000-person roster); the next page a person opens does
  // not come that soon.
  const analysing = analyzeChangedTables(dataSource, writes).finally(() => analyses.delete(analysing));
  analyses.add(analysing);
  return result;
}

const analyses = new Set<Promise<void>>();

/** The tables a large import changed enough that their planner statistics are stale (see ANALYZE_THRESHOLD). */
function tablesWorthAnalysing(writes: TableWrites[]): string[] {
  const written = writes.reduce((sum, w) => sum + w.written, 0);
  if (written < LARGE_IMPORT_ROWS) return [];
  return writes
    .filter((w) => w.written >= ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * Math.max(w.reltuples, 0))
    .map((w) => w.table);
}

/**
 * Inside an import's transaction, before the rebuild of the figures reads what it wrote: fresh statistics of the
 * tables it grew (ANALYZE samples the transaction's own rows). Without them a tenant's first roster is planned as the
 * empty tables the last ANALYZE saw: the rebuild of each year's figures took 36 s for 29,000 new people (nested loops
 * over what the planner took for no rows) instead of 4 s.
 */
export async function refreshStatisticsWithinImport(manager: EntityManager): Promise<void> {
  const tables = tablesWorthAnalysing(await findTransactionWrites(manager));
  if (tables.length === 0) return;
  const started = performance.now();
  await analyzeTablesWithin(manager, tables);
  logger.log(`ANALYZE ${tables.join(', ')} within an import: ${Math.round(performance.now() - started)} ms`);
}

/** Resolves when the statistics of every import answered so far are refreshed (before the database is closed). */
export async function importStatisticsSettled(): Promise<void> {
  await Promise.all([...analyses]);
}

/**
 * ANALYZE after the commit, so that the lock it takes is never held while the import waits for another. The import
 * stands whatever happens here.
 */
async function analyzeChangedTables(dataSource: DataSource, writes: TableWrites[]): Promise<void> {
  const written = writes.reduce((sum, w) => sum + w.written, 0);
  const tables = tablesWorthAnalysing(writes);
  if (tables.length === 0) return;
  const started = performance.now();
  try {
    await analyzeTables(dataSource, tables);
    logger.log(
      `ANALYZE ${tables.join(', ')} after an import that wrote ${written} rows: ${Math.round(performance.now() - started)} ms`,
    );
  } catch (error) {
    logger.warn(`ANALYZE after an import failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Tells the client of a refused import when to try again (Retry-After), as the problem's detail says. */
@Injectable()
export class ImportRunningRetryAfter implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof ImportRunningProblem) {
          void context
            .switchToHttp()
            .getResponse<FastifyReply>()
            .header('retry-after', String(error.retryAfterSeconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
