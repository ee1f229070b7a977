import { asSystem } from '../database/tenant-context';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CertificateVerification } from '@dx/contract';
import type { CertificateContent } from '../certificates/certificate-pdf';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { LearningService } from './learning.service';

@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly learning: LearningService,
  ) {}

  async contentFor(
    user: AuthUser,
    courseCode: string,
    fiscalYear: number,
    origin: string,
  ): Promise<CertificateContent> {
    const [tenant] = await this.dataSource.query(
      `SELECT coalesce(issuer_line, name) AS issuer FROM tenant WHERE id = $1`,
      [user.tenantId],
    );
    const { serial, enrollment } = await this.learning.issueCertificate(user, courseCode, fiscalYear);
    const [staff] = await this.dataSource.query(`SELECT name, employee_no FROM staff WHERE id = $1`, [
      enrollment.staff_id,
    ]);
    return {
      serial,
      recipientName: staff.name,
      employeeNo: staff.employee_no,
      courseTitle: enrollment.course_title,
      trackName: enrollment.track_name,
      completedOn: enrollment.completed_on!,
      issuerName: tenant.issuer,
      verifyUrl: `${origin}/verify/${serial}`,
    };
  }

  /** Public: anyone holding a certificate's serial may check it is genuine. Shows no more than the paper. */
  async verify(serial: string): Promise<CertificateVerification> {
    // A public check by serial, before anyone knows the tenant: serials are unique across tenants.
    const [row] = await asSystem(() =>
      this.dataSource.query(
        `SELECT c.serial, s.name, co.title, e.completed_on, coalesce(t.issuer_line, t.name) AS issuer
         FROM certificate c JOIN enrollment e ON e.id = c.enrollment_id JOIN staff s ON s.id = e.staff_id
         JOIN course co ON co.id = e.course_id JOIN tenant t ON t.id = c.tenant_id
        WHERE c.serial = $1 AND e.completed_on IS NOT NULL`,
        [serial],
      ),
    );
    if (!row) throw Problem.notFound('この証書番号の修了証は見つかりません。');
    return {
      serial: row.serial,
      valid: true,
      recipientName: row.name,
      courseTitle: row.title,
      completedOn: row.completed_on,
      issuerName: row.issuer,
    };
  }
}
