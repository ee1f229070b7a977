import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EnrollmentSummary } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { EnrolmentListReader } from './enrolment-list-reader';
import { findEnrollmentsOfStaff, sortForLearner, toSummary } from './enrolment-queries';

@Injectable()
export class EnrolmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly lists: EnrolmentListReader,
  ) {}

  async mine(user: AuthUser, fiscalYear: number): Promise<EnrollmentSummary[]> {
    if (user.staffId === null) return [];
    return this.summaries(user.staffId, fiscalYear);
  }

  /** Another person's assignments: their managers (subtree today) and HR only; 404 for anyone else. */
  async ofStaff(user: AuthUser, employeeNo: string, fiscalYear: number): Promise<EnrollmentSummary[]> {
    const staffId = await this.access.requireStaff(user, employeeNo, todayInTokyo());
    return this.summaries(staffId, fiscalYear);
  }

  private async summaries(staffId: number, fiscalYear: number): Promise<EnrollmentSummary[]> {
    const rows = await this.lists.read(staffId, fiscalYear);
    const today = todayInTokyo();
    return sortForLearner(rows.map((row) => toSummary(row, today)));
  }

  async setExemption(
    user: AuthUser,
    employeeNo: string,
    courseCode: string,
    fiscalYear: number,
    reason: string | null,
  ): Promise<EnrollmentSummary> {
    const staffId = await this.access.requireStaff(user, employeeNo, todayInTokyo());
    return this.dataSource.transaction(async (manager) => {
      const updated = await manager.query(
        `UPDATE enrollment e SET exempt_reason = $4, exempted_at = CASE WHEN $4::text IS NULL THEN NULL ELSE now() END,
                exempted_by = CASE WHEN $4::text IS NULL THEN NULL ELSE $5::int END
           FROM course c
          WHERE c.id = e.course_id AND e.staff_id = $1 AND c.code = $2 AND e.fiscal_year = $3
          RETURNING e.id`,
        [staffId, courseCode, fiscalYear, reason, user.userId],
      );
      if (updated[0].length === 0) {
        throw Problem.notFound(
          `職員番号「${employeeNo}」には${fiscalYear}年度の研修「${courseCode}」の割当がありません。`,
        );
      }
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: reason === null ? 'exemption.lifted' : 'exemption.granted',
          target: `${employeeNo}/${courseCode}/${fiscalYear}`,
          subjectEmployeeNo: employeeNo,
          detail: reason === null ? null : { reason },
        },
        manager,
      );
      const rows = await findEnrollmentsOfStaff(manager, staffId, fiscalYear);
      return toSummary(rows.find((r) => r.course_code === courseCode)!);
    });
  }

  /** HR assigns a course by hand (source 'manual'); the rules never remove it. */
  async assignByHand(
    user: AuthUser,
    employeeNo: string,
    courseCode: string,
    fiscalYear: number,
    dueDate: string,
  ): Promise<EnrollmentSummary> {
    const staffId = await this.access.requireStaff(user, employeeNo, todayInTokyo());
    return this.dataSource.transaction(async (manager) => {
      const [course] = await manager.query(
        `SELECT id, published_version FROM course WHERE tenant_id = $1 AND code = $2`,
        [user.tenantId, courseCode],
      );
      if (!course)
        throw Problem.validation([
          { field: 'courseCode', message: `研修コード「${courseCode}」はありません。` },
        ]);
      if (course.published_version < 1) {
        throw Problem.validation([
          {
            field: 'courseCode',
            message: `研修「${courseCode}」はまだ公開されていないため割り当てられません。`,
          },
        ]);
      }
      const inserted = await manager.query(
        `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, trigger_date, due_date)
         VALUES ($1, $2, $3, $4, $5, 'manual', (now() AT TIME ZONE 'Asia/Tokyo')::date, $6)
         ON CONFLICT (staff_id, course_id, fiscal_year) DO NOTHING RETURNING id`,
        [user.tenantId, staffId, course.id, fiscalYear, course.published_version, dueDate],
      );
      if (inserted.length === 0) {
        throw new Problem(
          409,
          'already-assigned',
          '割当済みです',
          `この職員には${fiscalYear}年度の「${courseCode}」が既に割り当てられています。`,
        );
      }
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'enrollment.assigned',
          target: `${employeeNo}/${courseCode}/${fiscalYear}`,
          subjectEmployeeNo: employeeNo,
        },
        manager,
      );
      const rows = await findEnrollmentsOfStaff(manager, staffId, fiscalYear);
      return toSummary(rows.find((r) => r.course_code === courseCode)!);
    });
  }
}
