import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type PreparedStatement, runPrepared } from '../database/prepared';
import type { EnrollmentRow, SummaryRow } from './enrolment-queries';

/**
 * The modules of the enrolment's course version that are required, and this enrolment's progress on them: joined
 * and counted once (grouped by the enrolment) instead of two subqueries run for every row. Also the completion a
 * renewal renews (alias r), for its 有効期限.
 */
const PROGRESS_JOINS = `
    LEFT JOIN course_module m ON m.tenant_id = e.tenant_id AND m.course_id = e.course_id
         AND m.version = e.course_version AND m.required
    LEFT JOIN module_progress p ON p.tenant_id = e.tenant_id AND p.enrollment_id = e.id AND p.module_id = m.id
    LEFT JOIN enrollment r ON r.tenant_id = e.tenant_id AND r.id = e.renews_enrollment_id`;
/**
 * The grouping of a summary: every joined row's whole key, (tenant_id, id) as the keys are on Citus, so the selected
 * columns depend on it there too.
 */
const SUMMARY_GROUP_BY = `GROUP BY e.tenant_id, e.id, c.tenant_id, c.id, t.tenant_id, t.id, r.tenant_id, r.id`;
const PROGRESS_COUNTS = `count(m.id)::int AS required_modules, count(p.module_id)::int AS completed_modules`;
/** What a summary shows of recertification (更新): the course's recurrence and the completion renewed. */
const RENEWAL_COLUMNS = `c.recurrence, e.trigger_date, r.fiscal_year AS renews_fiscal_year, r.completed_on AS renews_completed_on`;

const ENROLLMENT_SELECT = `
  SELECT e.id, e.staff_id, e.course_id, e.course_version, c.code AS course_code, c.title AS course_title,
         c.description AS course_description, c.estimated_minutes, t.code AS track_code,
         t.name AS track_name, e.fiscal_year, e.due_date, e.completed_on, e.exempt_reason, ${PROGRESS_COUNTS},
         ${RENEWAL_COLUMNS}
    FROM enrollment e
    JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
    JOIN track t ON t.tenant_id = e.tenant_id AND t.id = c.track_id${PROGRESS_JOINS}`;

const SUMMARY_COLUMNS = `c.code AS course_code, c.title AS course_title, t.code AS track_code, t.name AS track_name,
         c.estimated_minutes, e.fiscal_year, e.due_date, e.completed_on, e.exempt_reason, ${PROGRESS_COUNTS},
         ${RENEWAL_COLUMNS}`;

/** A person's assignments in a fiscal year ($1 tenant, $2 staff id, $3 fiscal year), the columns of a summary. */
const ENROLLMENTS_OF_STAFF = `
  SELECT ${SUMMARY_COLUMNS}
    FROM enrollment e
    JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
    JOIN track t ON t.tenant_id = e.tenant_id AND t.id = c.track_id${PROGRESS_JOINS}
   WHERE e.tenant_id = $1 AND e.staff_id = $2 AND e.fiscal_year = $3
   ${SUMMARY_GROUP_BY}`;

/**
 * The same for several people of one tenant at once ($1 tenant, $2 staff ids, $3 their fiscal years, pairwise), with
 * `staff_id` to tell them apart: the learner's home page reads it on every visit (see `EnrolmentListReader`), so it
 * is a named prepared statement (planned once per pooled connection) reading the enrolments through the index on
 * (staff_id, …). One tenant per statement: on Citus it goes to that tenant's shard alone.
 */
const ENROLLMENTS_OF_STAFF_BATCH: PreparedStatement = {
  name: 'enrollments_of_staff_batch',
  text: `
  SELECT e.staff_id, ${SUMMARY_COLUMNS}
    FROM unnest($2::bigint[], $3::int[]) AS k(staff_id, fiscal_year)
    JOIN enrollment e ON e.staff_id = k.staff_id AND e.fiscal_year = k.fiscal_year
    JOIN course c ON c.tenant_id = e.tenant_id AND c.id = e.course_id
    JOIN track t ON t.tenant_id = e.tenant_id AND t.id = c.track_id${PROGRESS_JOINS}
   WHERE e.tenant_id = $1
   ${SUMMARY_GROUP_BY}`,
};

/** The SQL of reading people's assignments as summaries (マイ研修, a course page, HR's look at one person). */
@Injectable()
export class EnrolmentReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A person's assignments in a fiscal year, in the given transaction (outside one, use `EnrolmentListReader`). */
  findAssignmentsOfPersonInYear(
    manager: EntityManager,
    tenantId: number,
    staffId: number,
    fiscalYear: number,
  ): Promise<SummaryRow[]> {
    return manager.query(ENROLLMENTS_OF_STAFF, [tenantId, staffId, fiscalYear]);
  }

  /**
   * Several people's assignments, each in their fiscal year (pairwise), in one prepared statement on the pool; all
   * of one tenant.
   */
  findAssignmentsOfPeopleInYears(
    tenantId: number,
    staffIds: number[],
    fiscalYears: number[],
  ): Promise<(SummaryRow & { staff_id: number })[]> {
    return runPrepared<SummaryRow & { staff_id: number }>(this.dataSource, ENROLLMENTS_OF_STAFF_BATCH, [
      tenantId,
      staffIds,
      fiscalYears,
    ]);
  }

  /** A person's assignment of a course in a fiscal year, with what its course page needs. */
  async findAssignmentOfPersonByCourse(
    manager: EntityManager,
    staffId: number,
    courseCode: string,
    fiscalYear: number,
  ): Promise<EnrollmentRow | null> {
    const [row] = await manager.query(
      `${ENROLLMENT_SELECT} WHERE e.staff_id = $1 AND c.code = $2 AND e.fiscal_year = $3 ${SUMMARY_GROUP_BY}`,
      [staffId, courseCode, fiscalYear],
    );
    return row ?? null;
  }
}
