import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UnmatchedRow, UnmatchedStatus } from '@dx/contract';

/** The reasons HR's queue shows (a completion of a course the person is not assigned waits out of sight). */
export const QUEUE_REASONS = ['unknown_person', 'unknown_course', 'left'] as const;

/** At most this many rows in one answer, newest first. */
const LIST_LIMIT = 2_000;

/** One record of the queue with HR's resolution (person, module) as the queue shows it. */
export interface UnmatchedRecord {
  id: number;
  source: UnmatchedRow['source'];
  email: string | null;
  external_id: string | null;
  udemy_course_id: string | null;
  course_title: string | null;
  reason: UnmatchedRow['reason'];
  received_at: Date;
  completed_on: string | null;
  later_completed_on: string | null;
  status: UnmatchedStatus;
  staff_no: string | null;
  staff_name: string | null;
  module_id: number | null;
  module_course_code: string | null;
  module_title: string | null;
  dismiss_reason: string | null;
  handled_by: string | null;
  handled_at: Date | null;
}

/** A queue record as resolve and dismiss lock it. */
export interface LockedUnmatchedRecord {
  id: number;
  source: string;
  email: string | null;
  udemy_course_id: string | null;
  reason: string;
  status: UnmatchedStatus;
}

/** An external module that names a Udemy Business course, in its course's published version. */
export interface UdemyCourseModuleRow {
  code: string;
  title: string;
  module_id: number;
  module_title: string;
  course_id: string | null;
  url: string | null;
}

const ROW_SELECT = `
  SELECT u.id, u.source, u.email, u.external_id, u.udemy_course_id, u.course_title, u.reason, u.received_at,
         u.completed_on::text, u.later_completed_on::text, u.status, s.employee_no AS staff_no, s.name AS staff_name,
         m.id AS module_id, c.code AS module_course_code, m.title AS module_title, u.dismiss_reason, u.handled_by,
         u.handled_at
    FROM outside_unmatched u
    LEFT JOIN staff s ON s.tenant_id = u.tenant_id AND s.id = u.resolved_staff_id
    LEFT JOIN course_module m ON m.tenant_id = u.tenant_id AND m.id = u.resolved_module_id
    LEFT JOIN course c ON c.tenant_id = m.tenant_id AND c.id = m.course_id`;

/** The SQL of HR's queue 連携の未照合 (outside_unmatched, the reasons HR sees). */
@Injectable()
export class UnmatchedQueueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The queue's records of a status (or all), newest first, at most LIST_LIMIT. */
  findQueue(tenantId: number, status: UnmatchedStatus | 'all'): Promise<UnmatchedRecord[]> {
    return this.dataSource.query(
      `${ROW_SELECT}
        WHERE u.tenant_id = $1 AND u.reason = ANY($2) AND ($3 = 'all' OR u.status = $3)
        ORDER BY u.received_at DESC, u.id DESC LIMIT ${LIST_LIMIT}`,
      [tenantId, QUEUE_REASONS, status],
    );
  }

  async countPending(tenantId: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM outside_unmatched WHERE tenant_id = $1 AND status = 'pending' AND reason = ANY($2)`,
      [tenantId, QUEUE_REASONS],
    );
    return n;
  }

  /** One record of the queue, locked until the caller's transaction ends; undefined when the queue has none. */
  async lockRecord(
    manager: EntityManager,
    tenantId: number,
    id: number,
  ): Promise<LockedUnmatchedRecord | undefined> {
    const [row] = await manager.query(
      `SELECT id, source, email, udemy_course_id, reason, status FROM outside_unmatched
        WHERE tenant_id = $1 AND id = $2 AND reason = ANY($3) FOR UPDATE`,
      [tenantId, id, QUEUE_REASONS],
    );
    return row;
  }

  async findRecord(manager: EntityManager, tenantId: number, id: number): Promise<UnmatchedRecord> {
    const [row] = await manager.query(`${ROW_SELECT} WHERE u.tenant_id = $1 AND u.id = $2`, [tenantId, id]);
    return row;
  }

  /** A staff member's id by 職員番号 in the tenant, or undefined. */
  async findStaffIdByEmployeeNo(
    manager: EntityManager,
    tenantId: number,
    employeeNo: string,
  ): Promise<number | undefined> {
    const [staff] = await manager.query(`SELECT id FROM staff WHERE tenant_id = $1 AND employee_no = $2`, [
      tenantId,
      employeeNo,
    ]);
    return staff?.id;
  }

  /** Whether the tenant has an external module (Udemy Business and the like) of that id. */
  async hasExternalModule(manager: EntityManager, tenantId: number, moduleId: number): Promise<boolean> {
    const [module] = await manager.query(
      `SELECT id FROM course_module WHERE tenant_id = $1 AND id = $2 AND kind = 'external'`,
      [tenantId, moduleId],
    );
    return Boolean(module);
  }

  /** HR's resolution of a record to a person and/or a module (what is not given stays as it was). */
  async setResolution(
    manager: EntityManager,
    tenantId: number,
    id: number,
    staffId: number | null,
    moduleId: number | null,
    handledBy: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE outside_unmatched SET resolved_staff_id = coalesce($3, resolved_staff_id),
              resolved_module_id = coalesce($4, resolved_module_id), handled_by = $5, handled_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, staffId, moduleId, handledBy],
    );
  }

  async markDismissed(
    manager: EntityManager,
    tenantId: number,
    id: number,
    reason: string,
    handledBy: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE outside_unmatched SET status = 'dismissed', dismiss_reason = $3, handled_by = $4, handled_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, reason, handledBy],
    );
  }

  /** The external modules that name a Udemy Business course (published versions), by course code and position. */
  findUdemyCourseModules(tenantId: number): Promise<UdemyCourseModuleRow[]> {
    return this.dataSource.query(
      `SELECT c.code, c.title, m.id AS module_id, m.title AS module_title, m.content->>'courseId' AS course_id,
              m.content->>'url' AS url
         FROM course c JOIN course_module m ON m.tenant_id = c.tenant_id AND m.course_id = c.id AND m.version = c.published_version
        WHERE c.tenant_id = $1 AND m.kind = 'external' AND m.content->>'provider' = 'udemy_business'
        ORDER BY c.code, m.position`,
      [tenantId],
    );
  }
}
