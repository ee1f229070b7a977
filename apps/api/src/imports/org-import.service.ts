import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  ClosingUnit,
  ImportResultWithChanges,
  ImportWarning,
  MassCloseProblemExtension,
  OrgClosingSummary,
  OrgImportCounts,
  OrgUnitKind,
} from '@dx/contract';
import { ORG_UNIT_KINDS } from '@dx/contract';
import { fiscalYearOf, todayInTokyo, toHalfWidthDigits } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { rebuildStaleReportYears } from '../reports/report-cache';
import { runTenantImport } from './import-run';
import { CurrentVersion, EffectiveDatedTable, OrgChartRepository } from './org-chart.repository';
import { firstOccurrence, readImportTable, RowErrors } from './import-errors';
import { ChangeCollector, MAX_LISTED_CHANGES } from './import-changes';
import { SessionCache } from '../users/session-cache';

export const ORG_COLUMNS = ['所属コード', '所属名', '上位所属コード', '区分'] as const;

/** Which kind of unit may hang under which. */
const ALLOWED_PARENT: Record<OrgUnitKind, OrgUnitKind[]> = { 部局: [], 所属: ['部局'], 班: ['所属', '部局'] };

interface FileUnit {
  row: number;
  code: string;
  name: string;
  kind: OrgUnitKind;
  parentCode: string | null;
  path: string;
}

export interface ImportRequest {
  bytes: Uint8Array;
  effectiveDate: string;
  dryRun: boolean;
  actor: AuthUser;
  ip?: string;
}

export interface OrgImportRequest extends ImportRequest {
  /** Go ahead although more than MASS_CLOSE_THRESHOLD of the open units would close. */
  allowMassClose?: boolean;
}

/** Share of open units a chart may close before it is taken for a partial file sent by mistake (as for rosters). */
export const MASS_CLOSE_THRESHOLD = 0.1;

const CODE_PATTERN = /^[0-9A-Za-z-]{1,20}$/;

@Injectable()
export class OrgImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
    private readonly orgChart: OrgChartRepository,
  ) {}

  async run(request: OrgImportRequest): Promise<ImportResultWithChanges<OrgImportCounts>> {
    const tenantId = request.actor.tenantId;
    let closing: OrgClosingSummary | undefined;
    const read = () => {
      const table = readImportTable(request.bytes, ORG_COLUMNS);
      return { table, units: parseOrgRows(table.rows) };
    };
    const { table, collector, counts } = await runTenantImport(
      this.dataSource,
      tenantId,
      read,
      async (manager, { table, units }) => {
        const collector = new ChangeCollector(table.encoding);
        await refuseIfLaterChanges(
          this.orgChart,
          manager,
          'org_unit_version',
          tenantId,
          request.effectiveDate,
        );
        const current = await this.orgChart.findVersionsOn(manager, tenantId, request.effectiveDate);
        const plan = planOrgChanges(units, current);
        const placed = await this.orgChart.countPlacedStaff(
          manager,
          tenantId,
          request.effectiveDate,
          plan.closed.map((v) => v.unitId),
        );
        closing = plan.closed.length > 0 ? summariseClosing(plan.closed, current, placed) : undefined;
        if (closing && !request.allowMassClose && plan.closed.length > current.size * MASS_CLOSE_THRESHOLD) {
          const problem = new Problem(
            422,
            'mass-close',
            '廃止される所属が多すぎます',
            `このファイルを反映すると、基準日に存在する${current.size}所属のうち${closing.closingUnits}所属（${closing.percent}%）が廃止され、` +
              `そこに配置されている${closing.placedStaff}人が廃止された所属に残ります。組織図の一部だけを送っていないか確認してください。` +
              `意図どおりなら allowMassClose=true を指定してください。`,
          );
          const extension: MassCloseProblemExtension = { closing };
          Object.assign(problem.getResponse() as object, extension);
          throw problem;
        }
        describeOrgChanges(collector, plan, current, placed);
        if (!request.dryRun) {
          await applyOrgPlan(this.orgChart, manager, tenantId, request.effectiveDate, plan, current);
          await rebuildStaleReportYears(manager, tenantId, [
            fiscalYearOf(request.effectiveDate),
            fiscalYearOf(todayInTokyo()),
          ]);
          await this.audit.record(
            {
              tenantId,
              actor: request.actor,
              action: 'import.org_units',
              detail: { counts: plan.counts, effectiveDate: request.effectiveDate, rows: table.rows.length },
              ip: request.ip,
            },
            manager,
          );
        }
        return { table, collector, counts: plan.counts };
      },
    );
    // Renamed or moved units change the units logged-in managers manage: users are resolved again.
    if (!request.dryRun) this.sessions.clear();
    const extra: ImportWarning[] = [];
    if (closing && closing.placedStaff > 0) {
      extra.push({
        code: 'closing-units-staffed',
        count: closing.placedStaff,
        message:
          `廃止される${closing.closingUnits}所属に、基準日時点で${closing.placedStaff}人が配置されたままです。` +
          'この人たちは職員名簿で新しい所属に異動させるまで、廃止された所属に残ります。',
      });
    }
    return {
      dryRun: request.dryRun,
      counts,
      errors: [],
      effectiveDate: request.effectiveDate,
      encoding: table.encoding,
      rows: table.rows.length,
      ...collector.result(extra),
      closing,
    };
  }
}

/** A unit's path as names from the 部局 down, from the chart open on the date. */
function namePath(path: string, current: Map<string, CurrentVersion>): string {
  return path
    .split('/')
    .filter((code) => code !== '')
    .map((code) => current.get(code)?.name ?? code)
    .join(' / ');
}

function summariseClosing(
  closed: CurrentVersion[],
  current: Map<string, CurrentVersion>,
  placed: Map<number, number>,
): OrgClosingSummary {
  const units: ClosingUnit[] = [...closed]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((v) => ({
      code: v.code,
      name: v.name,
      kind: v.kind,
      path: namePath(v.path, current),
      placedStaff: placed.get(v.unitId) ?? 0,
    }));
  return {
    openUnits: current.size,
    closingUnits: closed.length,
    percent: current.size === 0 ? 0 : Math.round((closed.length / current.size) * 100),
    placedStaff: units.reduce((sum, u) => sum + u.placedStaff, 0),
    units: units.slice(0, MAX_LISTED_CHANGES),
    unitsTruncated: units.length > MAX_LISTED_CHANGES,
  };
}

function describeOrgChanges(
  collector: ChangeCollector,
  plan: OrgPlan,
  current: Map<string, CurrentVersion>,
  placed: Map<number, number>,
): void {
  const parentLabel = (code: string | null, names: Map<string, string>) =>
    code === null ? null : `${names.get(code) ?? code}（${code}）`;
  const currentNames = new Map([...current.values()].map((v) => [v.code, v.name]));
  const fileNames = new Map(plan.units.map((u) => [u.code, u.name]));
  for (const unit of plan.units) {
    const existing = current.get(unit.code);
    const kind = !existing ? 'created' : plan.updated.has(unit.code) ? 'updated' : null;
    if (!kind) continue;
    collector.add({ kind, key: unit.code, name: unit.name, row: unit.row }, [
      collector.field('name', existing?.name ?? null, unit.name),
      collector.field('kind', existing?.kind ?? null, unit.kind),
      collector.field(
        'parent',
        parentLabel(existing?.parentCode ?? null, currentNames),
        parentLabel(unit.parentCode, fileNames),
      ),
    ]);
  }
  for (const v of plan.closed) {
    collector.add({ kind: 'closed', key: v.code, name: v.name, placedStaff: placed.get(v.unitId) ?? 0 }, [
      collector.field('path', namePath(v.path, current), null),
    ]);
  }
}

export function parseOrgRows(rows: { line: number; values: Record<string, string> }[]): FileUnit[] {
  const errors = new RowErrors();
  const seen = new Map<string, number>();
  const units: Omit<FileUnit, 'path'>[] = [];
  for (const { line, values } of rows) {
    const code = toHalfWidthDigits(values['所属コード']);
    const parentCode = toHalfWidthDigits(values['上位所属コード']) || null;
    const name = values['所属名'].replace(/[\s\u3000]+/g, ' ');
    const kind = values['区分'] as OrgUnitKind;
    const errorCount = errors.items.length;
    if (!code) errors.add(line, '所属コード', '所属コードが空です。');
    else if (!CODE_PATTERN.test(code))
      errors.add(line, '所属コード', `所属コード「${code}」は英数字20文字以内で指定してください。`);
    else firstOccurrence(seen, code, line, '所属コード', errors);
    if (!name) errors.add(line, '所属名', '所属名が空です。');
    else if (name.length > 100) errors.add(line, '所属名', '所属名は100文字以内にしてください。');
    if (!ORG_UNIT_KINDS.includes(kind)) {
      errors.add(line, '区分', `区分「${values['区分']}」は 部局・所属・班 のいずれかにしてください。`);
    } else if (kind === '部局' && parentCode) {
      errors.add(line, '上位所属コード', '部局の上位所属コードは空にしてください。');
    } else if (kind !== '部局' && !parentCode) {
      errors.add(line, '上位所属コード', `${kind}には上位所属コードが必要です。`);
    }
    const ok = errors.items.length === errorCount;
    if (ok) units.push({ row: line, code, name, kind, parentCode });
  }
  const byCode = new Map(units.map((u) => [u.code, u]));
  for (const unit of units) {
    if (!unit.parentCode) continue;
    const parent = byCode.get(unit.parentCode);
    if (!parent) {
      if (!seen.has(unit.parentCode))
        errors.add(
          unit.row,
          '上位所属コード',
          `上位所属コード「${unit.parentCode}」がファイルにありません。`,
        );
    } else if (!ALLOWED_PARENT[unit.kind].includes(parent.kind)) {
      errors.add(
        unit.row,
        '上位所属コード',
        `${unit.kind}は${parent.kind}（${parent.code}）の下に置けません。`,
      );
    }
  }
  errors.throwIfAny();
  // Kinds only nest downwards, so the parent chain is at most three long and has no cycles.
  const pathOf = (unit: Omit<FileUnit, 'path'>): string =>
    unit.parentCode ? pathOf(byCode.get(unit.parentCode)!) + unit.code + '/' : '/' + unit.code + '/';
  return units.map((u) => ({ ...u, path: pathOf(u) }));
}

/**
 * Imports move forward in time: one dated before data already applied would rewrite history out of order.
 * `table` is one of the effective-dated tables (org_unit_version, staff_assignment).
 */
export async function refuseIfLaterChanges(
  orgChart: OrgChartRepository,
  manager: EntityManager,
  table: EffectiveDatedTable,
  tenantId: number,
  effectiveDate: string,
): Promise<void> {
  const latest = await orgChart.findLatestChangeAfter(manager, table, tenantId, effectiveDate);
  if (latest) {
    const what = table === 'org_unit_version' ? '組織データ' : '職員データ';
    throw new Problem(
      422,
      'effective-date-before-latest',
      '基準日が古すぎます',
      `${latest} 付けの${what}が既に反映されています。基準日はそれ以降の日付にしてください。`,
    );
  }
}

interface OrgPlan {
  counts: OrgImportCounts;
  units: FileUnit[];
  /** Codes of the units whose own name, kind or parent changes. */
  updated: Set<string>;
  /** Units needing a new version (created, changed, or moved with an ancestor). */
  newVersions: FileUnit[];
  closed: CurrentVersion[];
}

export function planOrgChanges(units: FileUnit[], current: Map<string, CurrentVersion>): OrgPlan {
  const counts: OrgImportCounts = { created: 0, updated: 0, closed: 0, unchanged: 0 };
  const newVersions: FileUnit[] = [];
  const updated = new Set<string>();
  for (const unit of units) {
    const existing = current.get(unit.code);
    if (!existing) {
      counts.created++;
      newVersions.push(unit);
      continue;
    }
    const ownChange =
      existing.name !== unit.name || existing.kind !== unit.kind || existing.parentCode !== unit.parentCode;
    if (ownChange) {
      counts.updated++;
      updated.add(unit.code);
    } else counts.unchanged++;
    if (ownChange || existing.path !== unit.path) newVersions.push(unit);
  }
  const inFile = new Set(units.map((u) => u.code));
  const closed = [...current.values()].filter((v) => !inFile.has(v.code));
  counts.closed = closed.length;
  return { counts, units, updated, newVersions, closed };
}

async function applyOrgPlan(
  orgChart: OrgChartRepository,
  manager: EntityManager,
  tenantId: number,
  effectiveDate: string,
  plan: OrgPlan,
  current: Map<string, CurrentVersion>,
): Promise<void> {
  const ending = [
    ...plan.closed,
    ...plan.newVersions.map((u) => current.get(u.code)).filter((v) => v !== undefined),
  ];
  // A version that began on the effective date itself is replaced, not closed after zero days.
  await orgChart.deleteVersions(
    manager,
    tenantId,
    ending.filter((v) => v.validFrom === effectiveDate).map((v) => v.versionId),
  );
  await orgChart.closeVersions(
    manager,
    tenantId,
    ending.filter((v) => v.validFrom !== effectiveDate).map((v) => v.versionId),
    effectiveDate,
  );
  await orgChart.insertVersions(manager, tenantId, effectiveDate, plan.newVersions);
}
