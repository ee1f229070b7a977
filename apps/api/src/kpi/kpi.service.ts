import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FieldError, KpiDashboard, KpiTarget } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { ReportsService } from '../reports/reports.service';
import { UnmatchedQueueService } from '../integrations/unmatched-queue.service';
import { KpiRepository } from './kpi.repository';

/** The KPIs of the DX talent plan, with the label and unit HR sees next to each target. */
export const KPI_DEFINITIONS = [
  { key: 'tiered_completion_rate', label: '階層別研修の修了率', unit: '%' },
  { key: 'workplace_completion_rate', label: '職場内DX研修の修了率', unit: '%' },
  { key: 'promoter_coverage_rate', label: 'デジタル活用推進員を配置した所属の割合', unit: '%' },
  { key: 'certified_specialists', label: 'DX推進スペシャリスト認定者数（累計）', unit: '人' },
] as const;
export type KpiKey = (typeof KPI_DEFINITIONS)[number]['key'];

/**
 * A rate (a KPI in %) lies between 0 and 100: 120 % of the sections cannot have a promoter. The DTO bounds every value
 * at 1,000,000 (counts of people); this is the rule that depends on the key.
 */
export function rateErrors(
  targets: readonly { key: string; baseline: number | null; target: number | null }[],
): FieldError[] {
  const errors: FieldError[] = [];
  targets.forEach((t, i) => {
    const definition = KPI_DEFINITIONS.find((d) => d.key === t.key);
    if (definition?.unit !== '%') return;
    for (const [field, name] of [
      ['baseline', '現状値'],
      ['target', '目標値'],
    ] as const) {
      const value = t[field];
      if (value !== null && (value < 0 || value > 100)) {
        errors.push({
          field: `targets[${i}].${field}`,
          message: `「${definition.label}」の${name}は0〜100%の範囲で入力してください。`,
        });
      }
    }
  });
  return errors;
}

const percent = (numerator: number, denominator: number) =>
  denominator > 0 ? Math.round((numerator / denominator) * 1000) / 10 : 0;

@Injectable()
export class KpiService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: KpiRepository,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly unmatched: UnmatchedQueueService,
  ) {}

  async dashboard(user: AuthUser, fiscalYear: number): Promise<KpiDashboard> {
    const scope = await this.reports.currentScope(user, fiscalYear);
    const tiered = await this.reports.completion(user, fiscalYear, 'department', undefined, 'KAISO');
    const workplace = await this.reports.completion(user, fiscalYear, 'track', undefined, 'WORKPLACE-DX');
    const tenantId = user.tenantId;
    const monthly = await this.repository.findWorkplaceMonthly(tenantId, fiscalYear, scope.today);
    const coverage = await this.repository.findPromoterCoverage(tenantId, fiscalYear, scope);
    const specialists = await this.repository.findSpecialistCounts(tenantId, fiscalYear, scope.reportDate);
    const current: Record<KpiKey, number> = {
      tiered_completion_rate: Math.round(tiered.totals.completionRate * 1000) / 10,
      workplace_completion_rate: Math.round(workplace.totals.completionRate * 1000) / 10,
      promoter_coverage_rate: percent(coverage.with_promoter, coverage.sections),
      certified_specialists: specialists.certified,
    };
    return {
      fiscalYear,
      asOf: scope.reportDate,
      tieredByDepartment: tiered.rows.map((r) => ({
        code: r.key,
        name: r.label,
        assigned: r.assigned,
        completed: r.completed,
        exempt: r.exempt,
        rate: r.completionRate,
      })),
      workplaceMonthly: monthly.map((m) => ({
        month: m.month,
        cumulativeCompleted: m.cumulative,
        assigned: m.assigned,
        rate: m.assigned > 0 ? Math.round((m.cumulative / m.assigned) * 10000) / 10000 : 0,
      })),
      promoterCoverage: {
        sections: coverage.sections,
        sectionsWithPromoter: coverage.with_promoter,
        rate:
          coverage.sections > 0
            ? Math.round((coverage.with_promoter / coverage.sections) * 10000) / 10000
            : 0,
      },
      specialists: { certified: specialists.certified, inProgramme: specialists.in_programme },
      targets: await this.targets(user.tenantId, fiscalYear, current),
      unmatchedOutside: await this.unmatched.pendingCount(user.tenantId),
    };
  }

  private async targets(
    tenantId: number,
    fiscalYear: number,
    current: Record<KpiKey, number>,
  ): Promise<KpiTarget[]> {
    const rows = await this.repository.findTargets(tenantId, fiscalYear);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return KPI_DEFINITIONS.map((d) => ({
      key: d.key,
      label: d.label,
      unit: d.unit,
      current: current[d.key],
      baseline: byKey.get(d.key)?.baseline != null ? Number(byKey.get(d.key)!.baseline) : null,
      target: byKey.get(d.key)?.target != null ? Number(byKey.get(d.key)!.target) : null,
    }));
  }

  async saveTargets(
    user: AuthUser,
    fiscalYear: number,
    targets: { key: string; baseline: number | null; target: number | null }[],
  ): Promise<KpiDashboard> {
    const errors = rateErrors(targets);
    if (errors.length > 0) throw Problem.validation(errors, errors[0].message);
    await this.dataSource.transaction(async (manager) => {
      await this.repository.upsertTargets(manager, user.tenantId, fiscalYear, targets);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'kpi.targets_saved',
          target: String(fiscalYear),
          detail: { targets },
        },
        manager,
      );
    });
    return this.dashboard(user, fiscalYear);
  }
}
