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
import { EnrolmentsRepository } from './enrolments.repository';
import { sortForLearner, toSummary } from './enrolment-queries';
import { EnrolmentReadsRepository } from './enrolment-reads.repository';

@Injectable()
export class EnrolmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EnrolmentsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly lists: EnrolmentListReader,
    private readonly reads: EnrolmentReadsRepository,
  ) {}

  async mine(user: AuthUser, fiscalYear: number): Promise<EnrollmentSummary[]> {
    if (user.staffId === null) return [];
    return this.summaries(user.tenantId, user.staffId, fiscalYear);
  }

  /** Another person's assignments: their managers (subtree today) and HR only; 404 for anyone else. */
  async ofStaff(user: AuthUser, employeeNo: string, fiscalYear: number): Promise<EnrollmentSummary[]> {
    const staffId = await this.access.requireStaff(user, employeeNo, todayInTokyo());
    return this.summaries(user.tenantId, staffId, fiscalYear);
  }

  private async summaries(
    tenantId: number,
    staffId: number,
    fiscalYear: number,
  ): Promise<EnrollmentSummary[]> {
    const rows = await this.lists.read(tenantId, staffId, fiscalYear);
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
      const updated = await this.repository.setExemption(
        manager,
        user.tenantId,
        staffId,
        courseCode,
        fiscalYear,
        reason,
        user.userId,
      );
      if (!updated) {
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
      const rows = await this.reads.findAssignmentsOfPersonInYear(
        manager,
        user.tenantId,
        staffId,
        fiscalYear,
      );
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
      const course = await this.repository.findCourse(manager, user.tenantId, courseCode);
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
      const inserted = await this.repository.insertManualAssignment(
        manager,
        user.tenantId,
        staffId,
        course,
        fiscalYear,
        dueDate,
      );
      if (!inserted) {
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
      const rows = await this.reads.findAssignmentsOfPersonInYear(
        manager,
        user.tenantId,
        staffId,
        fiscalYear,
      );
      return toSummary(rows.find((r) => r.course_code === courseCode)!);
    });
  }
}
