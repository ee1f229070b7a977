import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  ImportResultWithChanges,
  ImportWarning,
  MassLeaveProblemExtension,
  StaffImportCounts,
} from '@dx/contract';
import { addDays, compareDates, fiscalYearOf, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';
import { Problem } from '../common/problem';
import { rebuildStaleReportYears } from '../reports/report-cache';
import { readImportTable } from './import-errors';
import { ChangeCollector } from './import-changes';
import { refreshStatisticsWithinImport, runTenantImport } from './import-run';
import { ImportRequest, refuseIfLaterChanges } from './org-import.service';
import { parseStaffRows, RosterReadingNotes, STAFF_COLUMNS, StaffRow } from './staff-rows';
import { SessionCache } from '../users/session-cache';
import { OrgChartRepository } from './org-chart.repository';
import { CurrentPerson, RosterRepository } from './roster.repository';

/** Share of active staff a roster may mark as left before it is taken for a partial file sent by mistake. */
export const MASS_LEAVE_THRESHOLD = 0.1;

export interface StaffImportRequest extends ImportRequest {
  allowMassLeave: boolean;
}

type Outcome = keyof StaffImportCounts;

interface PersonChange {
  row: StaffRow;
  current: CurrentPerson | undefined;
  outcome: Outcome;
  unitId: number;
  positionId: number;
  newAssignment: boolean;
  /** Where the new assignment starts: the 発令日 when it falls inside the current one, else the effective date. */
  assignmentFrom: string;
}

@Injectable()
export class StaffImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly engine: EnrolmentEngine,
    private readonly sessions: SessionCache,
    private readonly roster: RosterRepository,
    private readonly orgChart: OrgChartRepository,
  ) {}

  async run(request: StaffImportRequest): Promise<ImportResultWithChanges<StaffImportCounts>> {
    const tenantId = request.actor.tenantId;
    const date = request.effectiveDate;
    let assigned = 0;
    const notes: RosterReadingNotes = { normalizedDates: 0 };
    const read = () => readImportTable(request.bytes, STAFF_COLUMNS);
    const { table, collector, counts } = await runTenantImport(
      this.dataSource,
      tenantId,
      read,
      async (manager, table) => {
        const collector = new ChangeCollector(table.encoding);
        await refuseIfLaterChanges(this.orgChart, manager, 'staff_assignment', tenantId, date);
        const units = await this.roster.findUnitIdsByCode(manager, tenantId, date);
        const positions = await this.roster.findPositionsByName(manager, tenantId);
        const rows = parseStaffRows(
          table.rows,
          {
            effectiveDate: date,
            unitCodes: new Set(units.keys()),
            positionNames: new Set(positions.keys()),
          },
          notes,
        );
        const people = await this.roster.findPeople(manager, tenantId, date);
        const changes = planStaffChanges(rows, people, units, positions, date);
        const leaving = [...people.values()].filter((p) => isActive(p, date) && !changes.has(p.employeeNo));
        const active = [...people.values()].filter((p) => isActive(p, date)).length;
        if (!request.allowMassLeave && active > 0 && leaving.length > active * MASS_LEAVE_THRESHOLD) {
          const percent = Math.round((leaving.length / active) * 100);
          const problem = new Problem(
            422,
            'mass-leave',
            '退職者が多すぎます',
            `このファイルを反映すると在職者${active}人のうち${leaving.length}人（${percent}%）が退職扱いになります。` +
              `名簿の一部だけを送っていないか確認してください。意図どおりなら allowMassLeave=true を指定してください。`,
          );
          // The numbers on their own, so that the web page can word the same warning for its checkbox.
          const extension: MassLeaveProblemExtension = {
            activeStaff: active,
            leaving: leaving.length,
            percent,
          };
          Object.assign(problem.getResponse() as object, extension);
          throw problem;
        }
        describeStaffChanges(
          collector,
          changes.values(),
          leaving,
          new Map(
            (await this.roster.findUnitNames(manager, tenantId, date)).map((u) => [
              u.id,
              unitLabel(u.name, u.code),
            ]),
          ),
          positions,
          date,
        );
        const counts = countOutcomes(changes.values(), leaving.length);
        if (!request.dryRun) {
          await applyStaffChanges(this.roster, manager, tenantId, date, [...changes.values()], leaving);
          // New hires, promotions and leavers change who must take what: assigned in this same transaction.
          const enrolments = await this.engine.apply(manager, tenantId, EnrolmentEngine.yearsFor(date));
          assigned = enrolments.assigned;
          await refreshStatisticsWithinImport(manager);
          // The figures managers and HR read next are rebuilt with the roster, not by the first of them to look.
          await rebuildStaleReportYears(manager, tenantId, [
            ...EnrolmentEngine.yearsFor(date),
            fiscalYearOf(todayInTokyo()),
          ]);
          await this.audit.record(
            {
              tenantId,
              actor: request.actor,
              action: 'import.staff',
              detail: { counts, effectiveDate: date, rows: rows.length, assigned },
              ip: request.ip,
            },
            manager,
          );
        }
        return { table, collector, counts };
      },
    );
    // Leavers, moves, promotions and renamed units change who the logged-in users are: resolved again.
    if (!request.dryRun) this.sessions.clear();
    const extra: ImportWarning[] = [];
    if (notes.normalizedDates > 0) {
      extra.push({
        code: 'dates-normalized',
        count: notes.normalizedDates,
        message: `${notes.normalizedDates}件の日付（2026/4/1 や全角数字の形）を YYYY-MM-DD の形に直して読み取りました。変更内容の日付を確認してください。`,
      });
    }
    return {
      dryRun: request.dryRun,
      counts,
      errors: [],
      effectiveDate: date,
      encoding: table.encoding,
      rows: table.rows.length,
      assignedEnrollments: assigned,
      ...collector.result(extra),
    };
  }
}

/** Each person who changes, with the fields before → after; unchanged people are only counted. */
function describeStaffChanges(
  collector: ChangeCollector,
  changes: Iterable<PersonChange>,
  leaving: CurrentPerson[],
  units: Map<number, string>,
  positions: Map<string, { id: number; level: number }>,
  date: string,
): void {
  const positionNames = new Map([...positions].map(([name, p]) => [p.id, name]));
  const unitOf = (id: number | null) => (id === null ? null : (units.get(id) ?? null));
  for (const change of changes) {
    if (change.outcome === 'unchanged') continue;
    const { row, current: c } = change;
    collector.add({ kind: change.outcome, key: row.employeeNo, name: row.name, row: row.row }, [
      collector.field('name', c?.name ?? null, row.name),
      collector.field('nameKana', c?.nameKana ?? null, row.nameKana),
      collector.field('email', c ? c.email : null, row.email),
      collector.field('unit', unitOf(c?.unitId ?? null), units.get(change.unitId) ?? row.unitCode),
      collector.field(
        'position',
        c?.positionId ? (positionNames.get(c.positionId) ?? null) : null,
        row.positionName,
      ),
      collector.field('employmentType', c?.employmentType ?? null, row.employmentType),
      collector.field('hiredOn', c?.hiredOn ?? null, row.hiredOn),
      collector.field('promotedOn', c?.promotedOn ?? null, row.promotedOn),
      collector.field('assignedOn', c?.assignedOn ?? null, row.assignedOn),
      // A rehired person: their last day is lifted.
      c?.leftOn && !isActive(c, date) ? collector.field('leftOn', c.leftOn, null) : null,
    ]);
  }
  const lastDay = addDays(date, -1);
  for (const person of leaving) {
    collector.add({ kind: 'left', key: person.employeeNo, name: person.name }, [
      collector.field('unit', unitOf(person.unitId), null),
      collector.field('leftOn', person.leftOn, lastDay),
    ]);
  }
}

export function unitLabel(name: string, code: string): string {
  return `${name}（${code}）`;
}

function isActive(person: CurrentPerson, date: string): boolean {
  return person.leftOn === null || compareDates(person.leftOn, date) >= 0;
}

export function planStaffChanges(
  rows: StaffRow[],
  people: Map<string, CurrentPerson>,
  units: Map<string, number>,
  positions: Map<string, { id: number; level: number }>,
  date: string,
): Map<string, PersonChange> {
  const changes = new Map<string, PersonChange>();
  for (const row of rows) {
    const current = people.get(row.employeeNo);
    const unitId = units.get(row.unitCode)!;
    const position = positions.get(row.positionName)!;
    const base = { row, current, unitId, positionId: position.id };
    if (!current || !isActive(current, date) || current.assignmentId === null) {
      // A returning person starts a new assignment after their last one ended, never overlapping it.
      const earliest = current?.leftOn ? addDays(current.leftOn, 1) : null;
      const from =
        compareDates(row.assignedOn, date) <= 0 && (!earliest || compareDates(row.assignedOn, earliest) >= 0)
          ? row.assignedOn
          : date;
      changes.set(row.employeeNo, { ...base, outcome: 'created', newAssignment: true, assignmentFrom: from });
      continue;
    }
    const transferred = current.unitId !== unitId;
    const promoted = position.level > (current.positionLevel ?? 0);
    const assignmentChanged =
      transferred ||
      current.positionId !== position.id ||
      current.assignmentEmploymentType !== row.employmentType ||
      current.assignedOn !== row.assignedOn;
    const personChanged =
      current.name !== row.name ||
      current.nameKana !== row.nameKana ||
      current.email !== row.email ||
      current.employmentType !== row.employmentType ||
      current.hiredOn !== row.hiredOn ||
      current.promotedOn !== row.promotedOn;
    const outcome: Outcome = promoted
      ? 'promoted'
      : transferred
        ? 'transferred'
        : assignmentChanged || personChanged
          ? 'updated'
          : 'unchanged';
    const insideCurrent =
      compareDates(row.assignedOn, current.assignmentFrom!) > 0 && compareDates(row.assignedOn, date) <= 0;
    changes.set(row.employeeNo, {
      ...base,
      outcome,
      newAssignment: assignmentChanged,
      assignmentFrom: insideCurrent ? row.assignedOn : date,
    });
  }
  return changes;
}

function countOutcomes(changes: Iterable<PersonChange>, left: number): StaffImportCounts {
  const counts: StaffImportCounts = {
    created: 0,
    updated: 0,
    transferred: 0,
    promoted: 0,
    left,
    unchanged: 0,
  };
  for (const change of changes) counts[change.outcome]++;
  return counts;
}

/** The planned changes, written: new people, their fields, the assignments that end and begin, the leavers. */
async function applyStaffChanges(
  roster: RosterRepository,
  manager: EntityManager,
  tenantId: number,
  date: string,
  changes: PersonChange[],
  leaving: CurrentPerson[],
): Promise<void> {
  const staffIds = await roster.insertStaff(
    manager,
    tenantId,
    changes.filter((c) => !c.current).map((c) => c.row),
  );
  for (const change of changes)
    if (change.current) staffIds.set(change.row.employeeNo, change.current.staffId);

  await roster.updateStaff(
    manager,
    tenantId,
    changes
      .filter((c) => c.current && c.outcome !== 'unchanged')
      .map((c) => ({ ...c.row, staffId: c.current!.staffId })),
  );

  const reassigned = changes.filter((c) => c.newAssignment);
  const closing = reassigned.filter((c) => c.current?.assignmentId != null && isActive(c.current, date));
  await endAssignments(
    roster,
    manager,
    tenantId,
    closing.map((c) => ({
      id: c.current!.assignmentId!,
      from: c.current!.assignmentFrom!,
      to: c.assignmentFrom,
    })),
  );
  await roster.insertAssignments(
    manager,
    tenantId,
    reassigned.map((c) => ({
      staffId: staffIds.get(c.row.employeeNo)!,
      unitId: c.unitId,
      positionId: c.positionId,
      employmentType: c.row.employmentType,
      assignedOn: c.row.assignedOn,
      validFrom: c.assignmentFrom,
    })),
  );

  await roster.markLeft(
    manager,
    tenantId,
    leaving.map((p) => p.staffId),
    addDays(date, -1),
  );
  await endAssignments(
    roster,
    manager,
    tenantId,
    leaving
      .filter((p) => p.assignmentId !== null)
      .map((p) => ({ id: p.assignmentId!, from: p.assignmentFrom!, to: date })),
  );
}

/** Ends assignments on a date; one that would end the day it began is replaced instead of kept empty. */
async function endAssignments(
  roster: RosterRepository,
  manager: EntityManager,
  tenantId: number,
  ending: { id: number; from: string; to: string }[],
): Promise<void> {
  await roster.deleteAssignments(
    manager,
    tenantId,
    ending.filter((e) => compareDates(e.from, e.to) >= 0).map((e) => e.id),
  );
  await roster.endAssignments(
    manager,
    tenantId,
    ending.filter((e) => compareDates(e.from, e.to) < 0).map((e) => ({ id: e.id, validTo: e.to })),
  );
}
