import { asSystem } from '../database/tenant-context';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import { awaitTenantImports } from '../database/tenant-locks';
import { ReportCacheRepository } from './report-cache.repository';

/** Holds no state: the free functions below (called inside imports' transactions) and ReportCache share it. */
const figures = new ReportCacheRepository();

/**
 * Recomputes one year's kept figures from the raw tables, as of `today`, in the caller's transaction. Locks, in this
 * order (the same everywhere, so they cannot deadlock): the tenant's imports, shared (a running import is waited
 * for, so its data is read whole or not at all), then the year's row FOR UPDATE (writers' triggers share-lock it,
 * so no change is lost between the snapshot read here and the commit). The stale marks seen at the start are the
 * ones this rebuild answers; marks committed later stay.
 */
export async function rebuildReportYear(
  manager: EntityManager,
  tenantId: number,
  fiscalYear: number,
  today: string,
): Promise<void> {
  await awaitTenantImports(manager, tenantId);
  if (!(await figures.lockYear(manager, tenantId, fiscalYear))) return;
  const marks = await figures.findStaleMarks(manager, tenantId, fiscalYear);
  await figures.rebuildFigures(manager, tenantId, fiscalYear, today);
  await figures.markBuilt(manager, tenantId, fiscalYear, today, marks);
}

/**
 * Rebuilds, in the caller's transaction, those of the given years that are out of date and already have a cache
 * (an import refreshes what readers use; a year nobody has read yet is built on its first read).
 */
export async function rebuildStaleReportYears(
  manager: EntityManager,
  tenantId: number,
  years: number[],
): Promise<void> {
  const today = todayInTokyo();
  for (const fiscalYear of await figures.findOutOfDateYears(manager, tenantId, years, today))
    await rebuildReportYear(manager, tenantId, fiscalYear, today);
}

/**
 * A year other than the current one places people on a fixed day (its last day, or its first for a coming year), so
 * when nothing marked it stale only its states can have moved since it was built: an open assignment falling due.
 * Without one, the figures are as good for today and only their day is moved on.
 */
async function onlyTheDayMoved(
  manager: EntityManager,
  tenantId: number,
  fiscalYear: number,
  today: string,
): Promise<boolean> {
  if (fiscalYear === fiscalYearOf(today)) return false;
  return figures.moveDayIfUnchanged(manager, tenantId, fiscalYear, today);
}

/** Keeps the report cache current for readers: built on first use, rebuilt when stale or when the Tokyo day turns. */
@Injectable()
export class ReportCache {
  private readonly logger = new Logger(ReportCache.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes the year's figures current for today (rebuilding them if not) and returns the day they are as of. */
  async ensureCurrent(tenantId: number, fiscalYear: number): Promise<string> {
    const today = todayInTokyo();
    const outOfDate = await figures.isOutOfDate(this.dataSource, tenantId, fiscalYear, today);
    if (outOfDate === false) return today;
    if (outOfDate === undefined) {
      // A year nobody was assigned in has nothing to keep (and any year can be asked for).
      if (!(await figures.hasAssignments(this.dataSource, tenantId, fiscalYear))) return today;
      // Committed on its own, before the rebuild locks it; a writer that created it first is waited for here.
      await figures.ensureYear(this.dataSource, tenantId, fiscalYear);
    }
    const started = performance.now();
    const rebuilt = await this.dataSource.transaction(async (manager) => {
      await awaitTenantImports(manager, tenantId);
      await figures.lockYear(manager, tenantId, fiscalYear);
      // Another reader may have rebuilt it while this one waited for the lock.
      if (!(await figures.isOutOfDate(manager, tenantId, fiscalYear, today))) return false;
      if (await onlyTheDayMoved(manager, tenantId, fiscalYear, today)) return false;
      await rebuildReportYear(manager, tenantId, fiscalYear, today);
      return true;
    });
    if (rebuilt) {
      // Fresh statistics for the planner (the tables were just emptied and filled); outside the transaction, so the
      // table lock ANALYZE takes is never held while waiting for another lock.
      // As the tables' owner: ANALYZE skips a table the tenant role does not own.
      await asSystem(() => figures.analyzeFigures(this.dataSource));
      this.logger.log(
        `Report figures of tenant ${tenantId}, FY${fiscalYear} rebuilt in ${Math.round(performance.now() - started)} ms`,
      );
    }
    return today;
  }

  /** Rebuilds what is out of date among the years already cached (after the day turns, before anyone asks). */
  async refreshAll(): Promise<void> {
    const today = todayInTokyo();
    const years = await figures.findAllOutOfDateYears(this.dataSource, fiscalYearOf(today), today);
    for (const y of years) await this.ensureCurrent(y.tenant_id, y.fiscal_year);
  }
}
