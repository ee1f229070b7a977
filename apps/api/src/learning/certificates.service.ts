import { asSystem } from '../database/tenant-context';
import { Injectable, Logger } from '@nestjs/common';
import type { CertificateVerification } from '@dx/contract';
import type { CertificateContent } from '../certificates/certificate-pdf';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { inspectLogo } from '../tenants/logo-image';
import { CertificatesRepository } from './certificates.repository';
import { LearningService } from './learning.service';

@Injectable()
export class CertificatesService {
  private readonly logger = new Logger('Certificates');

  constructor(
    private readonly repository: CertificatesRepository,
    private readonly learning: LearningService,
  ) {}

  async contentFor(
    user: AuthUser,
    courseCode: string,
    fiscalYear: number,
    origin: string,
  ): Promise<CertificateContent> {
    const issuer = await this.repository.findIssuer(user.tenantId);
    const { serial, enrollment } = await this.learning.issueCertificate(user, courseCode, fiscalYear);
    const staff = await this.repository.findStaffName(user.tenantId, enrollment.staff_id);
    return {
      serial,
      recipientName: staff.name,
      employeeNo: staff.employee_no,
      courseTitle: enrollment.course_title,
      trackName: enrollment.track_name,
      completedOn: enrollment.completed_on!,
      validUntil: await this.repository.findValidUntil(user.tenantId, enrollment.id),
      issuerName: issuer.issuer,
      issuerLogo: this.printableLogo(user.tenantId, issuer.logo),
      verifyUrl: `${origin}/verify/${serial}`,
    };
  }

  /**
   * The tenant's logo if it can be printed. One stored before uploads were checked this closely, and failing the
   * check now, is left out (the certificate is printed without it) rather than breaking every certificate.
   */
  private printableLogo(tenantId: number, logo: Buffer | null): Buffer | null {
    if (!logo) return null;
    const inspected = inspectLogo(logo);
    if (inspected.ok) return logo;
    this.logger.warn(`tenant ${tenantId}: the stored logo is not printed (${inspected.message})`);
    return null;
  }

  /** Public: anyone holding a certificate's serial may check it is genuine. Shows no more than the paper. */
  async verify(serial: string): Promise<CertificateVerification> {
    // A public check by serial, before anyone knows the tenant: serials are unique across tenants.
    const row = await asSystem(() => this.repository.findCompletedBySerial(serial));
    if (!row) throw Problem.notFound('この証書番号の修了証は見つかりません。');
    return {
      serial: row.serial,
      valid: true,
      recipientName: row.name,
      courseTitle: row.title,
      completedOn: row.completed_on,
      issuerName: row.issuer,
      validUntil: row.valid_until,
      superseded: row.superseded,
    };
  }
}
