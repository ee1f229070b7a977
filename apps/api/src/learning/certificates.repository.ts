import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A certificate as the public check shows it. */
export interface CertificateCheckRow {
  serial: string;
  name: string;
  title: string;
  completed_on: string;
  issuer: string;
  valid_until: string | null;
  superseded: boolean;
}

/** The SQL of 修了証: what the paper names (the tenant, the person) and the public check by serial. */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Who the certificate names as its issuer: the tenant's issuer line (HR sets it), else its name; and the tenant's
   * logo printed beside it, if it has one.
   */
  async findIssuer(tenantId: number): Promise<{ issuer: string; logo: Buffer | null }> {
    const [tenant] = await this.dataSource.query(
      `SELECT coalesce(issuer_line, name) AS issuer, logo FROM tenant WHERE id = $1`,
      [tenantId],
    );
    return { issuer: tenant.issuer, logo: tenant.logo ?? null };
  }

  async findStaffName(tenantId: number, staffId: number): Promise<{ name: string; employee_no: string }> {
    const [staff] = await this.dataSource.query(
      `SELECT name, employee_no FROM staff WHERE tenant_id = $1 AND id = $2`,
      [tenantId, staffId],
    );
    return staff;
  }

  /** 有効期限 as the enrolment's certificate states it (null: no end). */
  async findValidUntil(tenantId: number, enrollmentId: number): Promise<string | null> {
    const [certificate] = await this.dataSource.query(
      `SELECT valid_until FROM certificate WHERE tenant_id = $1 AND enrollment_id = $2`,
      [tenantId, enrollmentId],
    );
    return certificate?.valid_until ?? null;
  }

  /** A completed course's certificate by its serial, in any tenant (serials are unique across tenants). */
  async findCompletedBySerial(serial: string): Promise<CertificateCheckRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT c.serial, s.name, co.title, e.completed_on, coalesce(t.issuer_line, t.name) AS issuer, c.valid_until,
              c.superseded_by_id IS NOT NULL AS superseded
       FROM certificate c JOIN enrollment e ON e.tenant_id = c.tenant_id AND e.id = c.enrollment_id
       JOIN staff s ON s.tenant_id = e.tenant_id AND s.id = e.staff_id
       JOIN course co ON co.tenant_id = e.tenant_id AND co.id = e.course_id JOIN tenant t ON t.id = c.tenant_id
      WHERE c.serial = $1 AND e.completed_on IS NOT NULL`,
      [serial],
    );
    return row;
  }
}
