// Enrolment rows as the contract shows them (toSummary), and the completion statements shared by every way a module
// gets done. The reads are in EnrolmentReadsRepository (enrolment-reads.repository.ts).
import type { EntityManager } from 'typeorm';
import type { CourseRecurrence, EnrollmentRecertification, EnrollmentSummary } from '@dx/contract';
import {
  compareDates,
  courseProgress,
  deriveStatus,
  sortEnrollments,
  todayInTokyo,
  validityEnd,
} from '@dx/domain';

export interface EnrollmentRow {
  id: number;
  staff_id: number;
  course_id: number;
  course_version: number;
  course_code: string;
  course_title: string;
  course_description: string;
  estimated_minutes: number;
  track_code: string;
  track_name: string;
  fiscal_year: number;
  due_date: string;
  completed_on: string | null;
  exempt_reason: string | null;
  required_modules: number;
  completed_modules: number;
  /** Recertification (更新): the course's recurrence, the first day of a renewal's window, the completion renewed. */
  recurrence: CourseRecurrence;
  trigger_date: string;
  renews_fiscal_year: number | null;
  renews_completed_on: string | null;
}

/** What a summary needs of one enrolment (what `toSummary` reads). */
export type SummaryRow = Pick<
  EnrollmentRow,
  | 'course_code'
  | 'course_title'
  | 'track_code'
  | 'track_name'
  | 'estimated_minutes'
  | 'fiscal_year'
  | 'due_date'
  | 'completed_on'
  | 'exempt_reason'
  | 'required_modules'
  | 'completed_modules'
  | 'recurrence'
  | 'trigger_date'
  | 'renews_fiscal_year'
  | 'renews_completed_on'
>;

/**
 * 有効期限 and 更新期間中 of an assignment of a recurring course: a completion's own validity end; for a renewal still
 * open, the validity end of the completion it renews, and whether its window (from its trigger date to its due date)
 * is open today. Null for a course that does not recur and for an open assignment that renews nothing.
 */
export function recertificationOf(row: SummaryRow, today: string): EnrollmentRecertification | null {
  if (row.recurrence.kind === 'none') return null;
  const renewal = row.renews_completed_on !== null;
  if (row.completed_on !== null) {
    return {
      validUntil: validityEnd(row.recurrence, { fiscalYear: row.fiscal_year, completedOn: row.completed_on }),
      renewal,
      renewalOpen: false,
    };
  }
  if (!renewal) return null;
  return {
    validUntil: validityEnd(row.recurrence, {
      fiscalYear: row.renews_fiscal_year!,
      completedOn: row.renews_completed_on!,
    }),
    renewal,
    renewalOpen:
      row.exempt_reason === null &&
      compareDates(row.trigger_date, today) <= 0 &&
      compareDates(today, row.due_date) <= 0,
  };
}

export function toSummary(row: SummaryRow, today = todayInTokyo()): EnrollmentSummary {
  const progress = row.completed_on ? 1 : courseProgress(row.required_modules, row.completed_modules);
  return {
    courseCode: row.course_code,
    courseTitle: row.course_title,
    trackCode: row.track_code,
    fiscalYear: row.fiscal_year,
    status: deriveStatus(
      {
        completedOn: row.completed_on,
        exempt: row.exempt_reason !== null,
        dueDate: row.due_date,
        progress,
        renewal: row.renews_completed_on !== null,
      },
      today,
    ),
    dueDate: row.due_date,
    completedAt: row.completed_on,
    progress,
    trackName: row.track_name,
    estimatedMinutes: row.estimated_minutes,
    exemptReason: row.exempt_reason,
    recertification: recertificationOf(row, today),
  };
}

export function sortForLearner(items: EnrollmentSummary[]): EnrollmentSummary[] {
  return sortEnrollments(items);
}

/**
 * Marks the enrolment completed once every required module of its version is done. Conditional on not being
 * completed yet, so concurrent or repeated calls record one completion.
 *
 * The enrolment row is locked first: two transactions recording two different last modules at once would
 * otherwise each miss the other's uncommitted module_progress row and neither would complete the course. With the
 * lock, the second one's check runs after the first has committed and sees both modules. NO KEY UPDATE (what the
 * UPDATE below takes anyway) does not conflict with the KEY SHARE lock that inserting module_progress (its
 * foreign key) already holds in the other transaction, so the two cannot deadlock.
 */
export async function completeIfAllRequiredDone(
  manager: EntityManager,
  tenantId: number,
  enrollmentId: number,
  source: string,
): Promise<boolean> {
  // By (tenant_id, id): on Citus that routes both statements to the tenant's shard (a row lock cannot span shards).
  await manager.query(`SELECT id FROM enrollment WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
    tenantId,
    enrollmentId,
  ]);
  const [, updated] = await manager.query(
    `UPDATE enrollment e SET completed_at = now(), completed_on = (now() AT TIME ZONE 'Asia/Tokyo')::date,
            completion_source = $3
      WHERE e.tenant_id = $1 AND e.id = $2 AND e.completed_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM course_module m
           WHERE m.tenant_id = e.tenant_id AND m.course_id = e.course_id AND m.version = e.course_version
             AND m.required
             AND NOT EXISTS (SELECT 1 FROM module_progress p
                              WHERE p.tenant_id = e.tenant_id AND p.enrollment_id = e.id AND p.module_id = m.id))`,
    [tenantId, enrollmentId, source],
  );
  return updated > 0;
}

/**
 * One module done for many enrolments at once (attendance of a session), and the courses completed whose last
 * required module it was: three statements whatever the number of people. The rows are locked in id order first,
 * as completeIfAllRequiredDone does for one, so two such calls cannot deadlock and none misses a completion.
 */
export async function recordModuleDoneForMany(
  manager: EntityManager,
  tenantId: number,
  enrollmentIds: number[],
  moduleId: number,
  source: string,
): Promise<void> {
  if (enrollmentIds.length === 0) return;
  await manager.query(
    `SELECT id FROM enrollment WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR NO KEY UPDATE`,
    [tenantId, enrollmentIds],
  );
  await manager.query(
    `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source)
     SELECT tenant_id, id, $3, $4 FROM enrollment WHERE tenant_id = $1 AND id = ANY($2::bigint[])
     ON CONFLICT ON CONSTRAINT uq_module_progress DO NOTHING`,
    [tenantId, enrollmentIds, moduleId, source],
  );
  await manager.query(
    `UPDATE enrollment e SET completed_at = now(), completed_on = (now() AT TIME ZONE 'Asia/Tokyo')::date,
            completion_source = $3
      WHERE e.tenant_id = $1 AND e.id = ANY($2::bigint[]) AND e.completed_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM course_module m
           WHERE m.tenant_id = e.tenant_id AND m.course_id = e.course_id AND m.version = e.course_version
             AND m.required
             AND NOT EXISTS (SELECT 1 FROM module_progress p
                              WHERE p.tenant_id = e.tenant_id AND p.enrollment_id = e.id AND p.module_id = m.id))`,
    [tenantId, enrollmentIds, source],
  );
}
