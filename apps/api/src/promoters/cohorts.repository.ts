import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CohortMember } from '@dx/contract';

export interface CohortRow {
  code: string;
  name: string;
  fiscal_year: number;
  due_date: string | null;
  members: CohortMember[];
}

/** The SQL of the DX推進スペシャリスト cohorts and their members. */
@Injectable()
export class CohortsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tenant's cohorts with their members (by 職員番号), the latest fiscal year first. */
  findWithMembers(tenantId: number): Promise<CohortRow[]> {
    return this.dataSource.query(
      `SELECT c.code, c.name, c.fiscal_year, c.due_date,
              coalesce(json_agg(json_build_object('employeeNo', s.employee_no, 'name', s.name, 'stage', m.stage,
                       'joinedOn', m.joined_on, 'certifiedOn', m.certified_on) ORDER BY s.employee_no)
                       FILTER (WHERE m.id IS NOT NULL), '[]') AS members
         FROM specialist_cohort c LEFT JOIN cohort_member m ON m.tenant_id = c.tenant_id AND m.cohort_id = c.id
         LEFT JOIN staff s ON s.tenant_id = m.tenant_id AND s.id = m.staff_id
        WHERE c.tenant_id = $1 GROUP BY c.tenant_id, c.id ORDER BY c.fiscal_year DESC, c.code`,
      [tenantId],
    );
  }

  /** Creates a cohort; false when the tenant already has one with the code. */
  async insertCohort(
    tenantId: number,
    cohort: { code: string; name: string; fiscalYear: number; dueDate: string | null },
  ): Promise<boolean> {
    const inserted = await this.dataSource.query(
      `INSERT INTO specialist_cohort (tenant_id, code, name, fiscal_year, due_date) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
      [tenantId, cohort.code, cohort.name, cohort.fiscalYear, cohort.dueDate],
    );
    return inserted.length > 0;
  }

  async findByCode(
    manager: EntityManager,
    tenantId: number,
    code: string,
  ): Promise<{ id: number; fiscal_year: number } | undefined> {
    const [cohort] = await manager.query(
      `SELECT id, fiscal_year FROM specialist_cohort WHERE tenant_id = $1 AND code = $2`,
      [tenantId, code],
    );
    return cohort;
  }

  /** Adds a member, or changes the stage and dates of one. */
  async upsertMember(
    manager: EntityManager,
    tenantId: number,
    cohortId: number,
    staffId: number,
    member: { stage: string; joinedOn: string; certifiedOn: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO cohort_member (tenant_id, cohort_id, staff_id, stage, joined_on, certified_on) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT uq_cohort_member DO UPDATE SET stage = EXCLUDED.stage, joined_on = EXCLUDED.joined_on,
                                                       certified_on = EXCLUDED.certified_on`,
      [tenantId, cohortId, staffId, member.stage, member.joinedOn, member.certifiedOn],
    );
  }
}
