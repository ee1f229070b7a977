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
import { validOn } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';
import { Problem } from '../common/problem';
import { rebuildStaleReportYears } from '../reports/report-cache';
import { readImportTable } from './import-errors';
import { ChangeCollector } from './import-changes';
import { runTenantImport } from './import-run';
import { ImportRequest, refuseIfLaterChanges } from './org-import.service';
import { parseStaffRows, RosterReadingNotes, STAFF_COLUMNS, StaffRow } from './staff-rows';
import { SessionCache } from '../users/session-cache';

/** Share of active staff a roster may mark as left before it is taken for a partial file sent by mistake. */
export const MASS_LEAVE_THRESHOLD = 0.1;

export interface StaffImportRequest extends ImportRequest {
  allowMassLeave: boolean;
}

interface CurrentPerson {
  staffId: number;
  employeeNo: string;
  name: string;
  nameKana: string;
  email: string | null;
  employmentType: string;
  hiredOn: string;
  promotedOn: string;
  leftOn: string | null;
  assignmentId: number | null;
  unitId: number | null;
  positionId: number | null;
  positionLevel: number | null;
  assignmentEmploymentType: string | null;
  assignedOn: string | null;
  assignmentFrom: string | null;
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
        await refuseIfLaterChanges(manager, 'staff_assignment', tenantId, date);
        const units = await loadUnitIds(manager, tenantId, date);
        const positions = await loadPositions(manager, tenantId);
        const rows = parseStaffRows(
          table.rows,
          {
            effectiveDate: date,
            unitCodes: new Set(units.keys()),
            positionNames: new Set(positions.keys()),
          },
          notes,
        );
        const people = await loadPeople(manager, tenantId, date);
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
          await loadUnitLabels(manager, tenantId, date),
          positions,
          date,
        );
        const counts = countOutcomes(changes.values(), leaving.length);
        if (!request.dryRun) {
          await applyStaffChanges(manager, tenantId, date, [...changes.values()], leaving);
          // New hires, promotions and leavers change who must take what: assigned in this same transaction.
          const enrolments = await this.engine.apply(manager, tenantId, EnrolmentEngine.yearsFor(date));
          assigned = enrolments.assigned;
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

/** Every unit the tenant has had, as 「name（code）」 with its name on the date (or its last one, if closed). */
async function loadUnitLabels(
  manager: EntityManager,
  tenantId: number,
  date: string,
): Promise<Map<number, string>> {
  const rows: { id: number; code: string; name: string }[] = await manager.query(
    `SELECT DISTINCT ON (v.unit_id) v.unit_id AS id, u.code, v.name
       FROM org_unit_version v JOIN org_unit u ON u.id = v.unit_id
      WHERE v.tenant_id = $1 AND v.valid_from <= $2
      ORDER BY v.unit_id, v.valid_from DESC`,
    [tenantId, date],
  );
  return new Map(rows.map((r) => [r.id, unitLabel(r.name, r.code)]));
}

export function unitLabel(name: string, code: string): string {
  return `${name}（${code}）`;
}

function isActive(person: CurrentPerson, date: string): boolean {
  return person.leftOn === null || compareDates(person.leftOn, date) >= 0;
}

async function loadUnitIds(
  manager: EntityManager,
  tenantId: number,
  date: string,
): Promise<Map<string, number>> {
  const rows: { code: string; id: number }[] = await manager.query(
    `SELECT u.code, u.id FROM org_unit u JOIN org_unit_version v ON v.unit_id = u.id AND ${validOn('v', 2)}
      WHERE u.tenant_id = $1`,
    [tenantId, date],
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function loadPositions(
  manager: EntityManager,
  tenantId: number,
): Promise<Map<string, { id: number; level: number }>> {
  const rows: { name: string; id: number; level: number }[] = await manager.query(
    `SELECT name, id, level FROM position WHERE tenant_id = $1`,
    [tenantId],
  );
  return new Map(rows.map((r) => [r.name, { id: r.id, level: r.level }]));
}

/** Everyone the tenant has ever had, with the assignment that is open (the latest one). */
async function loadPeople(
  manager: EntityManager,
  tenantId: number,
  date: string,
): Promise<Map<string, CurrentPerson>> {
  const rows: CurrentPerson[] = await manager.query(
    `SELECT s.id AS "staffId", s.employee_no AS "employeeNo", s.name, s.name_kana AS "nameKana", s.email,
            s.employment_type AS "employmentType", s.hired_on AS "hiredOn", s.promoted_on AS "promotedOn",
            s.left_on AS "leftOn", a.id AS "assignmentId", a.unit_id AS "unitId", a.position_id AS "positionId",
            p.level AS "positionLevel", a.employment_type AS "assignmentEmploymentType", a.assigned_on AS "assignedOn",
            a.valid_from AS "assignmentFrom"
       FROM staff s
       LEFT JOIN staff_assignment a ON a.staff_id = s.id AND ${validOn('a', 2)}
       LEFT JOIN position p ON p.id = a.position_id
      WHERE s.tenant_id = $1`,
    [tenantId, date],
  );
  return new Map(rows.map((r) => [r.employeeNo, r]));
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

async function applyStaffChanges(
  manager: EntityManager,
  tenantId: number,
  date: string,
  changes: PersonChange[],
  leaving: CurrentPerson[],
): Promise<void> {
  const brandNew = changes.filter((c) => !c.current);
  const inserted: { id: number; employee_no: string }[] = brandNew.length
    ? await manager.query(
        `INSERT INTO staff (tenant_id, employee_no, name, name_kana, email, employment_type, hired_on, promoted_on)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[])
         RETURNING id, employee_no`,
        [
          tenantId,
          ...columns(brandNew, (r) => [
            r.employeeNo,
            r.name,
            r.nameKana,
            r.email,
            r.employmentType,
            r.hiredOn,
            r.promotedOn,
          ]),
        ],
      )
    : [];
  const staffIds = new Map(inserted.map((r) => [r.employee_no, r.id]));
  for (const change of changes)
    if (change.current) staffIds.set(change.row.employeeNo, change.current.staffId);

  const updated = changes.filter((c) => c.current && c.outcome !== 'unchanged');
  if (updated.length) {
    await manager.query(
      `UPDATE staff SET name = x.name, name_kana = x.kana, email = x.email, employment_type = x.etype,
              hired_on = x.hired, promoted_on = x.promoted, left_on = NULL, updated_at = now()
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[])
              AS x(id, name, kana, email, etype, hired, promoted)
        WHERE staff.id = x.id`,
      [
        updated.map((c) => c.current!.staffId),
        ...columns(updated, (r) => [r.name, r.nameKana, r.email, r.employmentType, r.hiredOn, r.promotedOn]),
      ],
    );
  }

  const reassigned = changes.filter((c) => c.newAssignment);
  const closing = reassigned.filter((c) => c.current?.assignmentId != null && isActive(c.current, date));
  await endAssignments(
    manager,
    closing.map((c) => ({
      id: c.current!.assignmentId!,
      from: c.current!.assignmentFrom!,
      to: c.assignmentFrom,
    })),
  );
  if (reassigned.length) {
    await manager.query(
      `INSERT INTO staff_assignment (tenant_id, staff_id, unit_id, position_id, employment_type, assigned_on, valid_from)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::date[], $7::date[])`,
      [
        tenantId,
        reassigned.map((c) => staffIds.get(c.row.employeeNo)),
        reassigned.map((c) => c.unitId),
        reassigned.map((c) => c.positionId),
        reassigned.map((c) => c.row.employmentType),
        reassigned.map((c) => c.row.assignedOn),
        reassigned.map((c) => c.assignmentFrom),
      ],
    );
  }

  if (leaving.length) {
    await manager.query(`UPDATE staff SET left_on = $2, updated_at = now() WHERE id = ANY($1)`, [
      leaving.map((p) => p.staffId),
      addDays(date, -1),
    ]);
    await endAssignments(
      manager,
      leaving
        .filter((p) => p.assignmentId !== null)
        .map((p) => ({ id: p.assignmentId!, from: p.assignmentFrom!, to: date })),
    );
  }
}

/** Ends assignments on a date; one that would end the day it began is replaced instead of kept empty. */
async function endAssignments(
  manager: EntityManager,
  ending: { id: number; from: string; to: string }[],
): Promise<void> {
  const sameDay = ending.filter((e) => compareDates(e.from, e.to) >= 0).map((e) => e.id);
  const earlier = ending.filter((e) => compareDates(e.from, e.to) < 0);
  if (sameDay.length) await manager.query(`DELETE FROM staff_assignment WHERE id = ANY($1)`, [sameDay]);
  if (earlier.length) {
    await manager.query(
      `UPDATE staff_assignment SET valid_to = x.valid_to FROM unnest($1::int[], $2::date[]) AS x(id, valid_to)
        WHERE staff_assignment.id = x.id`,
      [earlier.map((e) => e.id), earlier.map((e) => e.to)],
    );
  }
}

function columns(changes: PersonChange[], pick: (row: StaffRow) => unknown[]): unknown[][] {
  const picked = changes.map((c) => pick(c.row));
  return picked[0] ? picked[0].map((_, i) => picked.map((values) => values[i])) : [];
}
