import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CohortView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { CredentialsService } from '../credentials/credentials.service';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';
import { CohortsRepository } from './cohorts.repository';
import { findStaffIdByEmployeeNo } from './promoters.repository';

/** The DX推進スペシャリスト cohorts: membership assigns the programme's courses in the same transaction. */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CohortsRepository,
    private readonly engine: EnrolmentEngine,
    private readonly audit: AuditService,
    private readonly credentials: CredentialsService,
  ) {}

  async list(user: AuthUser): Promise<CohortView[]> {
    const rows = await this.repository.findWithMembers(user.tenantId);
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      fiscalYear: r.fiscal_year,
      dueDate: r.due_date,
      members: r.members,
    }));
  }

  async create(
    user: AuthUser,
    cohort: { code: string; name: string; fiscalYear: number; dueDate: string | null },
  ): Promise<void> {
    const created = await this.repository.insertCohort(user.tenantId, cohort);
    if (!created)
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
      const cohort = await this.repository.findByCode(manager, user.tenantId, code);
      if (!cohort) throw Problem.notFound(`コホート「${code}」はありません。`);
      const staffId = await findStaffIdByEmployeeNo(manager, user.tenantId, employeeNo);
      if (staffId === undefined) throw Problem.notFound(`職員番号「${employeeNo}」の職員は見つかりません。`);
      await this.repository.upsertMember(manager, user.tenantId, cohort.id, staffId, {
        stage,
        joinedOn,
        certifiedOn,
      });
      await this.engine.apply(manager, user.tenantId, [cohort.fiscal_year], [staffId], { redate: true });
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
      // Reaching 認定 (or 実践 with the programme's courses done) certifies the person, in this transaction.
      await this.credentials.certifyCompleted(manager, user.tenantId, [staffId], user);
    });
  }
}
