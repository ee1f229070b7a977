import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rebuildStaleReportYears } from '../reports/report-cache';
import { type OutsideActivity, todayInTokyo, udemyModuleKeys } from '@dx/domain';
import {
  type OutsideInputRow,
  OutsideActivityRepository,
  type OutsideModuleKey,
} from './outside-activity.repository';

export interface ApplyOutsideOptions {
  /** Count only: everything is done inside a savepoint that is rolled back. */
  dryRun: boolean;
  /**
   * Also apply the tenant's pending unmatched rows that now match (the roster has the e-mail now, a module now names
   * the course). Default: true (not in a dry run). Each call then carries the whole pending queue along (75,000
   * pending rows cost a few seconds): a caller on a hot path (the LRS, a statement batch at a time) passes false and
   * calls `rematchPending` now and then instead (a job, or the nightly sync does it anyway).
   */
  rematchPending?: boolean;
  /**
   * From this many rows on (default: never), the report figures of the years the apply writes are marked stale
   * before its big statements and rebuilt once at its end, in the same transaction, instead of counted by the
   * report triggers.
   */
  deferFiguresFrom?: number;
}

export interface OutsideApplyCounts {
  /** Rows that completed at least one module (of one fiscal year's assignment). */
  completed: number;
  /** Rows of a known person and course that changed nothing (already completed, or not completed on Udemy). */
  unchanged: number;
  /** Rows of an unknown person or course, a person who had left, no assignment that year, or a dismissed row. */
  skipped: number;
}

export interface OutsideApplyResult extends OutsideApplyCounts {
  /** Pending unmatched rows (of earlier calls) that matched and were applied by this call. */
  rematched: number;
}

/**
 * From this many rows on, the report figures are rebuilt once after the apply instead of counted by the triggers.
 * Off by default: on the bench's 300,000-row sync the rebuild (5–10 s) cost about what the counting saved (see README
 * "Udemy Business Reporting API"), and it holds the year's figures FOR UPDATE until the commit.
 */
const DEFERRED_FIGURES_ROWS = Number.POSITIVE_INFINITY;

/** Up to this many rows, new rows of unknown people are handled by one statement before the full apply. */
const SMALL_INPUT = 1000;

type InputRow = OutsideInputRow;

/**
 * Applies outside completions (Udemy Business CSV rows, Reporting API results, xAPI statements) to a tenant's
 * assignments, set-based, inside the caller's transaction:
 * - the person: the 職員番号 named by externalId, else the e-mail (case-insensitive), else HR's resolution;
 * - the modules: external Udemy Business modules whose content.courseId or content.url names the course (any version:
 *   the module of the assignment's own version is the one completed), else the module HR resolved it to;
 * - the assignment: the person's enrolment in the course for the fiscal year of the completion day (and of a later
 *   completion in a later fiscal year). No enrolment is created: a completion of a course the person is not assigned
 *   that year waits (reason `not_assigned`, not in HR's queue) and applies when the assignment appears;
 * - the module is recorded done on that day; a module already done is left as it is (no date moves, nothing is ever
 *   un-completed); the enrolment completes when all its required modules are done, on the day of the last one.
 * Unmatched rows are kept once each in outside_unmatched. Statements: a fixed number whatever the number of rows.
 */
@Injectable()
export class OutsideActivityService {
  // A default, so the bench can make one without Nest: the repository keeps no state.
  constructor(private readonly repository: OutsideActivityRepository = new OutsideActivityRepository()) {}

  async applyOutsideActivities(
    manager: EntityManager,
    tenantId: number,
    rows: OutsideActivity[],
    options: ApplyOutsideOptions,
  ): Promise<OutsideApplyResult> {
    const defer = options.deferFiguresFrom ?? DEFERRED_FIGURES_ROWS;
    if (!options.dryRun) return this.apply(manager, tenantId, rows, options.rematchPending ?? true, defer);
    await this.repository.beginDryRun(manager);
    try {
      return await this.apply(manager, tenantId, rows, false, defer, true);
    } finally {
      await this.repository.rollBackDryRun(manager);
    }
  }

  /**
   * Re-examines the tenant's pending unmatched rows only (after a roster import, a catalogue change or HR's resolve);
   * `ids`: only these. Returns how many applied.
   */
  async rematchPending(manager: EntityManager, tenantId: number, ids?: number[]): Promise<number> {
    const rows = await this.repository.findPendingRows(manager, tenantId, ids);
    if (rows.length === 0) return 0;
    return (await this.apply(manager, tenantId, rows, false)).rematched;
  }

  private async apply(
    manager: EntityManager,
    tenantId: number,
    activities: (OutsideActivity | InputRow)[],
    rematch: boolean,
    deferFrom = DEFERRED_FIGURES_ROWS,
    dryRun = false,
  ): Promise<OutsideApplyResult> {
    let rows: InputRow[] = activities.map((a) => ({
      ...a,
      pendingId: 'pendingId' in a ? a.pendingId : null,
    }));
    if (rematch) rows.push(...(await this.repository.findPendingRows(manager, tenantId)));
    const known =
      rows.length <= SMALL_INPUT ? await this.keepUnknownPeople(manager, tenantId, rows) : new Set<number>();
    const kept = known.size;
    if (kept > 0) rows = rows.filter((_, i) => !known.has(i));
    if (rows.length === 0) return { completed: 0, unchanged: 0, skipped: kept, rematched: 0 };
    await this.repository.loadRows(manager, rows);
    await this.repository.matchPeople(manager, tenantId, todayInTokyo());
    await this.loadModules(manager, tenantId);
    // (row, day, enrolment, module): what each row completes, in the fiscal year of each of its days.
    await this.repository.findHits(manager, tenantId);
    // For a large apply (`deferFiguresFrom`), the kept report figures of the fiscal years it writes are marked stale
    // first, so the report triggers of its two big statements skip their counting (what imports do), and rebuilt
    // once at the end in the same transaction. Only years whose figures were built are marked (the others are built
    // by their first reader anyway).
    const deferred =
      rows.length >= deferFrom ? await this.repository.markFiguresStale(manager, tenantId) : [];
    // Why a row applies nothing: no person, or the person had left before the day (already set); no module names
    // the course; no assignment of the course in that fiscal year. A row without a completion and with a known
    // person and course is simply unchanged.
    await this.repository.findRowOutcomes(manager);
    await this.repository.lockHitEnrollments(manager, tenantId);
    // The enrolments first, then the progress: the courses whose required modules are all done once the new ones
    // are (on the day of the last), and started_at, which module_progress's trigger would otherwise set in a second
    // pass over the same enrolments (each pass also runs the report counting triggers).
    await this.repository.completeHitEnrollments(manager, tenantId);
    const completedRows = await this.repository.insertHitProgress(manager, tenantId);
    if (deferred.length > 0 && !dryRun) await rebuildStaleReportYears(manager, tenantId, deferred);
    const { matched, skipped } = await this.repository.countRowOutcomes(manager);
    const rematched = await this.keepUnmatched(manager, tenantId);
    await this.repository.dropTempTables(manager);
    return {
      completed: completedRows,
      unchanged: matched - completedRows,
      skipped: skipped + kept,
      rematched,
    };
  }

  /**
   * The short way for a few rows (an LRS batch): a new row of a person the roster has neither by 職員番号 nor by
   * e-mail, whose key has no unmatched record or one HR did not resolve to a person, is what the full apply would
   * make of it in one statement without the temporary tables: `unknown_person` kept once by its key, or its pending
   * record's reason set to `unknown_person`; a dismissed or applied record stays as it is. Returns the indexes of
   * the rows it handled.
   */
  private async keepUnknownPeople(
    manager: EntityManager,
    tenantId: number,
    rows: InputRow[],
  ): Promise<Set<number>> {
    const fresh = rows.flatMap((r, i) => (r.pendingId === null ? [{ r, i }] : []));
    if (fresh.length === 0) return new Set();
    return this.repository.keepUnknownPeople(manager, tenantId, fresh);
  }

  /** The tenant's external modules that name a Udemy course (by id or URL), and every external module by its id. */
  private async loadModules(manager: EntityManager, tenantId: number): Promise<void> {
    const modules = await this.repository.findExternalModules(manager, tenantId);
    const keys: OutsideModuleKey[] = [];
    for (const m of modules) {
      const base = { moduleId: m.id, courseId: m.course_id, version: m.version };
      keys.push({ ...base, key: `module:${m.id}` });
      if (m.content?.['provider'] === 'udemy_business') {
        for (const key of udemyModuleKeys(m.content)) keys.push({ ...base, key });
      }
    }
    await this.repository.loadModuleKeys(manager, keys);
  }

  /**
   * Keeps what did not apply: a new unmatched record once (by its key; a concurrent call inserting the same one
   * does nothing); a pending record whose reason changed gets the new one; a pending record that applied now is
   * marked applied. Records without a completion are not kept (they would complete nothing). Returns how many
   * pending records applied.
   */
  private async keepUnmatched(manager: EntityManager, tenantId: number): Promise<number> {
    await this.repository.insertNewUnmatched(manager, tenantId);
    await this.repository.updatePendingReasons(manager, tenantId);
    return this.repository.markPendingApplied(manager, tenantId);
  }
}
