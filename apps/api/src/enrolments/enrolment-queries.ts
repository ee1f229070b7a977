import type { EntityManager } from 'typeorm';
import type { EnrollmentSummary } from '@dx/contract';
import { courseProgress, deriveStatus, sortEnrollments, todayInTokyo } from '@dx/domain';
import type { PreparedStatement } from '../database/prepared';

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
}

/**
 * The modules of the enrolment's course version that are required, and this enrolment's progress on them: joined
 * and counted once (grouped by the enrolment) instead of two subqueries run for every row.
 */
const PROGRESS_JOINS = `
    LEFT JOIN course_module m ON m.course_id = e.course_id AND m.version = e.course_version AND m.required
    LEFT JOIN module_progress p ON p.enrollment_id = e.id AND p.module_id = m.id`;
const PROGRESS_COUNTS = `count(m.id)::int AS required_modules, count(p.module_id)::int AS completed_modules`;

const ENROLLMENT_SELECT = `
  SELECT e.id, e.staff_id, e.course_id, e.course_version, c.code AS course_code, c.title AS course_title,
         c.description AS course_description, c.estimated_minutes, t.code AS track_code,
         t.name AS track_name, e.fiscal_year, e.due_date, e.completed_on, e.exempt_reason, ${PROGRESS_COUNTS}
    FROM enrollment e
    JOIN course c ON c.id = e.course_id
    JOIN track t ON t.id = c.track_id${PROGRESS_JOINS}`;

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
>;

const SUMMARY_COLUMNS = `c.code AS course_code, c.title AS course_title, t.code AS track_code, t.name AS track_name,
         c.estimated_minutes, e.fiscal_year, e.due_date, e.completed_on, e.exempt_reason, ${PROGRESS_COUNTS}`;

/** A person's assignments in a fiscal year ($1 staff id, $2 fiscal year), the columns of a summary. */
const ENROLLMENTS_OF_STAFF = `
  SELECT ${SUMMARY_COLUMNS}
    FROM enrollment e
    JOIN course c ON c.id = e.course_id
    JOIN track t ON t.id = c.track_id${PROGRESS_JOINS}
   WHERE e.staff_id = $1 AND e.fiscal_year = $2
   GROUP BY e.id, c.id, t.id`;

/**
 * The same for several people at once ($1 staff ids, $2 their fiscal years, pairwise), with `staff_id` to tell
 * them apart: the learner's home page reads it on every visit (see `EnrolmentListReader`), so it is a named prepared
 * statement (planned once per pooled connection) reading the enrolments through the index on (staff_id, …).
 */
export const ENROLLMENTS_OF_STAFF_BATCH: PreparedStatement = {
  name: 'enrollments_of_staff_batch',
  text: `
  SELECT e.staff_id, ${SUMMARY_COLUMNS}
    FROM unnest($1::int[], $2::int[]) AS k(staff_id, fiscal_year)
    JOIN enrollment e ON e.staff_id = k.staff_id AND e.fiscal_year = k.fiscal_year
    JOIN course c ON c.id = e.course_id
    JOIN track t ON t.id = c.track_id${PROGRESS_JOINS}
   GROUP BY e.id, c.id, t.id`,
};

/** A person's assignments in a fiscal year, in the given transaction (outside one, use `EnrolmentListReader`). */
export async function findEnrollmentsOfStaff(
  manager: EntityManager,
  staffId: number,
  fiscalYear: number,
): Promise<SummaryRow[]> {
  return manager.query(ENROLLMENTS_OF_STAFF, [staffId, fiscalYear]);
}

export async function findEnrollmentOfStaffByCourse(
  manager: EntityManager,
  staffId: number,
  courseCode: string,
  fiscalYear: number,
): Promise<EnrollmentRow | null> {
  const [row] = await manager.query(
    `${ENROLLMENT_SELECT} WHERE e.staff_id = $1 AND c.code = $2 AND e.fiscal_year = $3 GROUP BY e.id, c.id, t.id`,
    [staffId, courseCode, fiscalYear],
  );
  return row ?? null;
}

export function toSummary(row: SummaryRow, today = todayInTokyo()): EnrollmentSummary {
  const progress = row.completed_on ? 1 : courseProgress(row.required_modules, row.completed_modules);
  return {
    courseCode: row.course_code,
    courseTitle: row.course_title,
    trackCode: row.track_code,
    fiscalYear: row.fiscal_year,
    status: deriveStatus(
      { completedOn: row.completed_on, exempt: row.exempt_reason !== null, dueDate: row.due_date, progress },
      today,
    ),
    dueDate: row.due_date,
    completedAt: row.completed_on,
    progress,
    trackName: row.track_name,
    estimatedMinutes: row.estimated_minutes,
    exemptReason: row.exempt_reason,
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
  enrollmentId: number,
  source: string,
): Promise<boolean> {
  await manager.query(`SELECT id FROM enrollment WHERE id = $1 FOR NO KEY UPDATE`, [enrollmentId]);
  const [, updated] = await manager.query(
    `UPDATE enrollment e SET completed_at = now(), completed_on = (now() AT TIME ZONE 'Asia/Tokyo')::date,
            completion_source = $2
      WHERE e.id = $1 AND e.completed_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM course_module m
           WHERE m.course_id = e.course_id AND m.version = e.course_version AND m.required
             AND NOT EXISTS (SELECT 1 FROM module_progress p WHERE p.enrollment_id = e.id AND p.module_id = m.id))`,
    [enrollmentId, source],
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
  enrollmentIds: number[],
  moduleId: number,
  source: string,
): Promise<void> {
  if (enrollmentIds.length === 0) return;
  await manager.query(`SELECT id FROM enrollment WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, [
    enrollmentIds,
  ]);
  await manager.query(
    `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source)
     SELECT tenant_id, id, $2, $3 FROM enrollment WHERE id = ANY($1)
     ON CONFLICT (enrollment_id, module_id) DO NOTHING`,
    [enrollmentIds, moduleId, source],
  );
  await manager.query(
    `UPDATE enrollment e SET completed_at = now(), completed_on = (now() AT TIME ZONE 'Asia/Tokyo')::date,
            completion_source = $2
      WHERE e.id = ANY($1) AND e.completed_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM course_module m
           WHERE m.course_id = e.course_id AND m.version = e.course_version AND m.required
             AND NOT EXISTS (SELECT 1 FROM module_progress p WHERE p.enrollment_id = e.id AND p.module_id = m.id))`,
    [enrollmentIds, source],
  );
}
