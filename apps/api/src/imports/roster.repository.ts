import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { validOn } from '../access/access.service';

/** A person of the tenant with the assignment open on the import's date (the latest one). */
export interface CurrentPerson {
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

/** A person's own fields as the roster gives them. */
export interface RosterPerson {
  employeeNo: string;
  name: string;
  nameKana: string;
  email: string | null;
  employmentType: string;
  hiredOn: string;
  promotedOn: string;
}

/** A new assignment: where the person stands from `validFrom`. */
export interface NewAssignment {
  staffId: number;
  unitId: number;
  positionId: number;
  employmentType: string;
  assignedOn: string;
  validFrom: string;
}

/**
 * The SQL of the 職員名簿 import, set-based: every statement takes the whole roster's rows at once (unnest), inside
 * the import's one transaction (`manager`).
 */
@Injectable()
export class RosterRepository {
  /** Every unit the tenant has had, by id: its code and its name on the date (or its last one, if closed). */
  async findUnitNames(
    manager: EntityManager,
    tenantId: number,
    date: string,
  ): Promise<{ id: number; code: string; name: string }[]> {
    return manager.query(
      `SELECT DISTINCT ON (v.unit_id) v.unit_id AS id, u.code, v.name
         FROM org_unit_version v JOIN org_unit u ON u.tenant_id = v.tenant_id AND u.id = v.unit_id
        WHERE v.tenant_id = $1 AND v.valid_from <= $2
        ORDER BY v.unit_id, v.valid_from DESC`,
      [tenantId, date],
    );
  }

  /** The units that exist on the date, by code. */
  async findUnitIdsByCode(
    manager: EntityManager,
    tenantId: number,
    date: string,
  ): Promise<Map<string, number>> {
    const rows: { code: string; id: number }[] = await manager.query(
      `SELECT u.code, u.id FROM org_unit u
         JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id AND ${validOn('v', 2)}
        WHERE u.tenant_id = $1`,
      [tenantId, date],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async findPositionsByName(
    manager: EntityManager,
    tenantId: number,
  ): Promise<Map<string, { id: number; level: number }>> {
    const rows: { name: string; id: number; level: number }[] = await manager.query(
      `SELECT name, id, level FROM position WHERE tenant_id = $1`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.name, { id: r.id, level: r.level }]));
  }

  /** Everyone the tenant has ever had, by 職員番号, with the assignment open on the date. */
  async findPeople(
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
         LEFT JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id AND ${validOn('a', 2)}
         LEFT JOIN position p ON p.tenant_id = a.tenant_id AND p.id = a.position_id
        WHERE s.tenant_id = $1`,
      [tenantId, date],
    );
    return new Map(rows.map((r) => [r.employeeNo, r]));
  }

  /** New people; their ids by 職員番号. */
  async insertStaff(
    manager: EntityManager,
    tenantId: number,
    people: RosterPerson[],
  ): Promise<Map<string, number>> {
    if (people.length === 0) return new Map();
    const inserted: { id: number; employee_no: string }[] = await manager.query(
      `INSERT INTO staff (tenant_id, employee_no, name, name_kana, email, employment_type, hired_on, promoted_on)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[])
       RETURNING id, employee_no`,
      [
        tenantId,
        people.map((p) => p.employeeNo),
        people.map((p) => p.name),
        people.map((p) => p.nameKana),
        people.map((p) => p.email),
        people.map((p) => p.employmentType),
        people.map((p) => p.hiredOn),
        people.map((p) => p.promotedOn),
      ],
    );
    return new Map(inserted.map((r) => [r.employee_no, r.id]));
  }

  /** People the roster still lists: their fields as it gives them, and a returning person is no longer left. */
  async updateStaff(
    manager: EntityManager,
    tenantId: number,
    people: (RosterPerson & { staffId: number })[],
  ): Promise<void> {
    if (people.length === 0) return;
    await manager.query(
      `UPDATE staff SET name = x.name, name_kana = x.kana, email = x.email, employment_type = x.etype,
              hired_on = x.hired, promoted_on = x.promoted, left_on = NULL, updated_at = now()
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[])
              AS x(id, name, kana, email, etype, hired, promoted)
        WHERE staff.tenant_id = $1 AND staff.id = x.id`,
      [
        tenantId,
        people.map((p) => p.staffId),
        people.map((p) => p.name),
        people.map((p) => p.nameKana),
        people.map((p) => p.email),
        people.map((p) => p.employmentType),
        people.map((p) => p.hiredOn),
        people.map((p) => p.promotedOn),
      ],
    );
  }

  async insertAssignments(
    manager: EntityManager,
    tenantId: number,
    assignments: NewAssignment[],
  ): Promise<void> {
    if (assignments.length === 0) return;
    await manager.query(
      `INSERT INTO staff_assignment (tenant_id, staff_id, unit_id, position_id, employment_type, assigned_on, valid_from)
       SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::date[], $7::date[])`,
      [
        tenantId,
        assignments.map((a) => a.staffId),
        assignments.map((a) => a.unitId),
        assignments.map((a) => a.positionId),
        assignments.map((a) => a.employmentType),
        assignments.map((a) => a.assignedOn),
        assignments.map((a) => a.validFrom),
      ],
    );
  }

  /** Leavers: `lastDay` is their last day. */
  async markLeft(
    manager: EntityManager,
    tenantId: number,
    staffIds: number[],
    lastDay: string,
  ): Promise<void> {
    if (staffIds.length === 0) return;
    await manager.query(
      `UPDATE staff SET left_on = $3, updated_at = now() WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      [tenantId, staffIds, lastDay],
    );
  }

  async deleteAssignments(manager: EntityManager, tenantId: number, assignmentIds: number[]): Promise<void> {
    if (assignmentIds.length === 0) return;
    await manager.query(`DELETE FROM staff_assignment WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [
      tenantId,
      assignmentIds,
    ]);
  }

  /** Ends each assignment on its date (`validTo`, the first day it no longer holds). */
  async endAssignments(
    manager: EntityManager,
    tenantId: number,
    ending: { id: number; validTo: string }[],
  ): Promise<void> {
    if (ending.length === 0) return;
    await manager.query(
      `UPDATE staff_assignment SET valid_to = x.valid_to FROM unnest($2::bigint[], $3::date[]) AS x(id, valid_to)
        WHERE staff_assignment.tenant_id = $1 AND staff_assignment.id = x.id`,
      [tenantId, ending.map((e) => e.id), ending.map((e) => e.validTo)],
    );
  }
}
