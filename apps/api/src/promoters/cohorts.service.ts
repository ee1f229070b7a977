import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CohortMember, CohortView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';

/** The DX推進スペシャリスト cohorts: membership assigns the programme's courses in the same transaction. */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: EnrolmentEngine,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser): Promise<CohortView[]> {
    const rows = await this.dataSource.query(
      `SELECT c.code, c.name, c.fiscal_year, c.due_date,
              coalesce(json_agg(json_build_object('employeeNo', s.employee_no, 'name', s.name, 'stage', m.stage,
                       'joinedOn', m.joined_on, 'certifiedOn', m.certified_on) ORDER BY s.employee_no)
                       FILTER (WHERE m.id IS NOT NULL), '[]') AS members
         FROM specialist_cohort c LEFT JOIN cohort_member m ON m.cohort_id = c.id LEFT JOIN staff s ON s.id = m.staff_id
        WHERE c.tenant_id = $1 GROUP BY c.id ORDER BY c.fiscal_year DESC, c.code`,
      [user.tenantId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      code: r.code as string,
      name: r.name as string,
      fiscalYear: r.fiscal_year as number,
      dueDate: r.due_date as string | null,
      members: r.members as CohortMember[],
    }));
  }

  async create(
    user: AuthUser,
    cohort: { code: string; name: string; fiscalYear: number; dueDate: string | null },
  ): Promise<void> {
    const inserted = await this.dataSource.query(
      `INSERT INTO specialist_cohort (tenant_id, code, name, fiscal_year, due_date) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
      [user.tenantId, cohort.code, cohort.name, cohort.fiscalYear, cohort.dueDate],
    );
    if (inserted.length === 0)
      throw new Problem(
        409,
        'duplicate-cohort',
        '既に存在します',
        `コホート「${cohort.code}」は既にあります。`,
      );
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'cohort.created',
      target: cohort.code,
    });
  }

  async setMember(
    user: AuthUser,
    code: string,
    employeeNo: string,
    stage: string,
    joinedOn: string,
    certifiedOn: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [cohort] = await manager.query(
        `SELECT id, fiscal_year FROM specialist_cohort WHERE tenant_id = $1 AND code = $2`,
        [user.tenantId, code],
      );
      if (!cohort) throw Problem.notFound(`コホート「${code}」はありません。`);
      const [staff] = await manager.query(`SELECT id FROM staff WHERE tenant_id = $1 AND employee_no = $2`, [
        user.tenantId,
        employeeNo,
      ]);
      if (!staff) throw Problem.notFound(`職員番号「${employeeNo}」の職員は見つかりません。`);
      await manager.query(
        `INSERT INTO cohort_member (tenant_id, cohort_id, staff_id, stage, joined_on, certified_on) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (cohort_id, staff_id) DO UPDATE SET stage = EXCLUDED.stage, joined_on = EXCLUDED.joined_on,
                                                         certified_on = EXCLUDED.certified_on`,
        [user.tenantId, cohort.id, staff.id, stage, joinedOn, certifiedOn],
      );
      await this.engine.apply(manager, user.tenantId, [cohort.fiscal_year], [staff.id], { redate: true });
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'cohort.member_set',
          target: `${code}/${employeeNo}`,
          detail: { stage },
        },
        manager,
      );
    });
  }
}
