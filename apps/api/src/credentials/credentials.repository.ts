import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The programme's track: its courses, assigned to a cohort's members in the cohort's fiscal year, must be done. */
export const SPECIALIST_TRACK = 'DX-SPECIALIST';
/** The last stage of the programme's training; 認定 is the stage after it. */
export const FINAL_STAGE = '実践';
export const CERTIFIED_STAGE = '認定';

export interface IssuerRow {
  validity_years: number;
  public_jwk: Record<string, string> | null;
  private_key_sealed: string | null;
}

export interface EligibleMember {
  cohort_id: number;
  cohort_code: string;
  staff_id: number;
  employee_no: string;
  certified_on: string;
}

export interface CertificationRow {
  id: number;
  staff_id: number;
  employee_no: string;
  name: string;
  unit_name: string | null;
  cohort_code: string;
  certified_on: string;
  valid_until: string;
  credential_uuid: string;
  subject_uuid: string;
  status_index: number;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface TenantRow {
  id: number;
  code: string;
  name: string;
  issuer_line: string | null;
}

/** The SQL of DX推進スペシャリスト certifications and of the tenant as their issuer. */
@Injectable()
export class CredentialsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An enabled tenant by code (public URLs name the tenant); run as system, before the tenant is known. */
  async findTenantByCode(code: string): Promise<TenantRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT id, code, name, issuer_line FROM tenant WHERE code = $1 AND disabled_at IS NULL AND NOT is_platform`,
      [code],
    );
    return row;
  }

  async findTenant(manager: EntityManager, tenantId: number): Promise<TenantRow> {
    const [row] = await manager.query(`SELECT id, code, name, issuer_line FROM tenant WHERE id = $1`, [
      tenantId,
    ]);
    return row;
  }

  /** The tenant's issuer row, created with the defaults on first need. */
  async ensureIssuer(manager: EntityManager, tenantId: number): Promise<IssuerRow> {
    await manager.query(
      `INSERT INTO credential_issuer (tenant_id) VALUES ($1) ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantId],
    );
    const [row] = await manager.query(
      `SELECT validity_years, public_jwk, private_key_sealed FROM credential_issuer WHERE tenant_id = $1`,
      [tenantId],
    );
    return row;
  }

  /** The issuer row locked for this transaction: grants and key generation of one tenant run one at a time. */
  async lockIssuer(manager: EntityManager, tenantId: number): Promise<IssuerRow> {
    await this.ensureIssuer(manager, tenantId);
    const [row] = await manager.query(
      `SELECT validity_years, public_jwk, private_key_sealed FROM credential_issuer WHERE tenant_id = $1 FOR UPDATE`,
      [tenantId],
    );
    return row;
  }

  async storeKey(
    manager: EntityManager,
    tenantId: number,
    publicJwk: Record<string, string>,
    privateKeySealed: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE credential_issuer SET public_jwk = $2, private_key_sealed = $3, key_created_at = now() WHERE tenant_id = $1`,
      [tenantId, JSON.stringify(publicJwk), privateKeySealed],
    );
  }

  async setValidityYears(manager: EntityManager, tenantId: number, years: number): Promise<void> {
    await manager.query(`UPDATE credential_issuer SET validity_years = $2 WHERE tenant_id = $1`, [
      tenantId,
      years,
    ]);
  }

  /**
   * Cohort members who have completed the programme and hold no certification for that cohort yet (a revoked one
   * counts: revoking is not undone by the next check). Completed means: HR recorded them at stage 認定, or they are
   * at the last stage (実践) and every course of the specialist track assigned to them in the cohort's year is
   * completed, with each 課題 (assignment module) of it passed by an evaluator. The day of certification: the one HR
   * recorded, else the day the last of those courses was completed.
   */
  findCompletedMembers(
    manager: EntityManager,
    tenantId: number,
    staffIds?: number[],
  ): Promise<EligibleMember[]> {
    return manager.query(
      `WITH programme AS (
         SELECT m.cohort_id, m.staff_id, bool_and(e.completed_on IS NOT NULL) AS all_done, max(e.completed_on) AS last_done,
                bool_and(NOT EXISTS (
                  SELECT 1 FROM course_module am
                   WHERE am.tenant_id = e.tenant_id AND am.course_id = e.course_id AND am.version = e.course_version
                     AND am.kind = 'assignment'
                     AND NOT EXISTS (SELECT 1 FROM assignment_submission sub
                                      WHERE sub.tenant_id = e.tenant_id AND sub.enrollment_id = e.id AND sub.module_id = am.id
                                        AND sub.status = 'passed'))
                ) AS all_passed
           FROM cohort_member m
           JOIN specialist_cohort c ON c.tenant_id = m.tenant_id AND c.id = m.cohort_id
           JOIN enrollment e ON e.tenant_id = m.tenant_id AND e.staff_id = m.staff_id AND e.fiscal_year = c.fiscal_year
           JOIN course co ON co.tenant_id = e.tenant_id AND co.id = e.course_id
           JOIN track t ON t.tenant_id = co.tenant_id AND t.id = co.track_id AND t.code = $2
          WHERE m.tenant_id = $1 AND m.stage = $3
          GROUP BY m.cohort_id, m.staff_id)
       SELECT m.cohort_id, c.code AS cohort_code, m.staff_id, s.employee_no,
              coalesce(m.certified_on, p.last_done, (now() AT TIME ZONE 'Asia/Tokyo')::date)::text AS certified_on
         FROM cohort_member m
         JOIN specialist_cohort c ON c.tenant_id = m.tenant_id AND c.id = m.cohort_id
         JOIN staff s ON s.tenant_id = m.tenant_id AND s.id = m.staff_id
         LEFT JOIN programme p ON p.cohort_id = m.cohort_id AND p.staff_id = m.staff_id
        WHERE m.tenant_id = $1 AND ($5::bigint[] IS NULL OR m.staff_id = ANY($5::bigint[]))
          AND (m.stage = $4 OR (m.stage = $3 AND p.all_done AND p.all_passed))
          AND NOT EXISTS (SELECT 1 FROM specialist_certification x
                           WHERE x.tenant_id = m.tenant_id AND x.cohort_id = m.cohort_id AND x.staff_id = m.staff_id)
        ORDER BY m.cohort_id, s.employee_no`,
      [tenantId, SPECIALIST_TRACK, FINAL_STAGE, CERTIFIED_STAGE, staffIds ?? null],
    );
  }

  /** The next free bit of the tenant's status list (the issuer row is locked by the caller). */
  async takeStatusIndex(manager: EntityManager, tenantId: number): Promise<number> {
    // An UPDATE … RETURNING answers [rows, affected count] through TypeORM.
    const [[row]] = await manager.query(
      `UPDATE credential_issuer SET next_status_index = next_status_index + 1 WHERE tenant_id = $1
       RETURNING next_status_index - 1 AS index`,
      [tenantId],
    );
    return row.index;
  }

  /** Records a certification and moves the member to 認定 (what the cohort page and the KPI count read). */
  async insertCertification(
    manager: EntityManager,
    tenantId: number,
    member: EligibleMember,
    validUntil: string,
    statusIndex: number,
  ): Promise<number | undefined> {
    const [row] = await manager.query(
      `INSERT INTO specialist_certification
              (tenant_id, staff_id, cohort_id, certified_on, valid_until, credential_uuid, subject_uuid, status_index)
       VALUES ($1, $2, $3, $4, $5, gen_random_uuid(), gen_random_uuid(), $6)
       ON CONFLICT ON CONSTRAINT uq_specialist_certification_member DO NOTHING RETURNING id`,
      [tenantId, member.staff_id, member.cohort_id, member.certified_on, validUntil, statusIndex],
    );
    if (!row) return undefined;
    await manager.query(
      `UPDATE cohort_member SET stage = $4, certified_on = $5 WHERE tenant_id = $1 AND cohort_id = $2 AND staff_id = $3`,
      [tenantId, member.cohort_id, member.staff_id, CERTIFIED_STAGE, member.certified_on],
    );
    return row.id;
  }

  private certificationSelect(where: string): string {
    return `SELECT sc.id, sc.staff_id, s.employee_no, s.name, unit.name AS unit_name, c.code AS cohort_code,
                   sc.certified_on::text AS certified_on, sc.valid_until::text AS valid_until, sc.credential_uuid,
                   sc.subject_uuid, sc.status_index, sc.revoked_at, sc.revoked_reason
              FROM specialist_certification sc
              JOIN staff s ON s.tenant_id = sc.tenant_id AND s.id = sc.staff_id
              JOIN specialist_cohort c ON c.tenant_id = sc.tenant_id AND c.id = sc.cohort_id
              LEFT JOIN LATERAL (
                SELECT v.name FROM staff_assignment a
                  JOIN org_unit_version v ON v.tenant_id = a.tenant_id AND v.unit_id = a.unit_id AND v.valid_from <= $2::date
                       AND (v.valid_to IS NULL OR v.valid_to > $2::date)
                 WHERE a.tenant_id = s.tenant_id AND a.staff_id = s.id AND a.valid_from <= $2::date AND (a.valid_to IS NULL OR a.valid_to > $2::date)
                 ORDER BY a.valid_from DESC LIMIT 1) unit ON true
             WHERE sc.tenant_id = $1 ${where}`;
  }

  /** The tenant's certifications, the latest first, with each person's 所属 on `today`. */
  findCertifications(tenantId: number, today: string): Promise<CertificationRow[]> {
    return this.dataSource.query(
      `${this.certificationSelect('')} ORDER BY sc.certified_on DESC, s.employee_no, sc.id`,
      [tenantId, today],
    );
  }

  /** One person's own certifications. */
  findCertificationsOfStaff(tenantId: number, staffId: number, today: string): Promise<CertificationRow[]> {
    return this.dataSource.query(
      `${this.certificationSelect('AND sc.staff_id = $3')} ORDER BY sc.certified_on DESC, sc.id`,
      [tenantId, today, staffId],
    );
  }

  async findCertification(
    manager: EntityManager,
    tenantId: number,
    id: number,
    today: string,
  ): Promise<CertificationRow | undefined> {
    const [row] = await manager.query(`${this.certificationSelect('AND sc.id = $3')}`, [tenantId, today, id]);
    return row;
  }

  /** Revokes a certification (once); false when it was already revoked. The member leaves the 認定 stage. */
  async revoke(
    manager: EntityManager,
    tenantId: number,
    id: number,
    reason: string,
    userId: number,
  ): Promise<boolean> {
    const [[row]] = await manager.query(
      `UPDATE specialist_certification SET revoked_at = now(), revoked_reason = $3, revoked_by = $4
        WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING cohort_id, staff_id`,
      [tenantId, id, reason, userId],
    );
    if (!row) return false;
    await manager.query(
      `UPDATE cohort_member SET stage = $4, certified_on = NULL WHERE tenant_id = $1 AND cohort_id = $2 AND staff_id = $3`,
      [tenantId, row.cohort_id, row.staff_id, FINAL_STAGE],
    );
    return true;
  }

  /** The status list bits of every revoked certification of the tenant. */
  async findRevokedIndices(tenantId: number): Promise<number[]> {
    const rows: { status_index: number }[] = await this.dataSource.query(
      `SELECT status_index FROM specialist_certification WHERE tenant_id = $1 AND revoked_at IS NOT NULL`,
      [tenantId],
    );
    return rows.map((r) => r.status_index);
  }

  async findStaffOfEnrollment(
    manager: EntityManager,
    tenantId: number,
    enrollmentId: number,
  ): Promise<number | undefined> {
    const [row] = await manager.query(`SELECT staff_id FROM enrollment WHERE id = $1 AND tenant_id = $2`, [
      enrollmentId,
      tenantId,
    ]);
    return row?.staff_id;
  }
}
