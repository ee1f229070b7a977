import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UdemyCourseLink, UnmatchedRow, UnmatchedStatus } from '@dx/contract';
import { normalizeEmployeeNo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { OutsideActivityService } from './outside-activity.service';

/** The reasons HR's queue shows (a completion of a course the person is not assigned waits out of sight). */
export const QUEUE_REASONS = ['unknown_person', 'unknown_course', 'left'] as const;

/** At most this many rows in one answer, newest first. */
const LIST_LIMIT = 2_000;

interface RowRecord {
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

const ROW_SELECT = `
  SELECT u.id, u.source, u.email, u.external_id, u.udemy_course_id, u.course_title, u.reason, u.received_at,
         u.completed_on::text, u.later_completed_on::text, u.status, s.employee_no AS staff_no, s.name AS staff_name,
         m.id AS module_id, c.code AS module_course_code, m.title AS module_title, u.dismiss_reason, u.handled_by,
         u.handled_at
    FROM outside_unmatched u
    LEFT JOIN staff s ON s.id = u.resolved_staff_id
    LEFT JOIN course_module m ON m.id = u.resolved_module_id
    LEFT JOIN course c ON c.id = m.course_id`;

function toRow(r: RowRecord): UnmatchedRow {
  return {
    id: r.id,
    source: r.source,
    email: r.email,
    externalId: r.external_id,
    udemyCourseId: r.udemy_course_id,
    courseTitle: r.course_title,
    reason: r.reason,
    receivedAt: new Date(r.received_at).toISOString(),
    completedOn: r.completed_on,
    laterCompletedOn: r.later_completed_on,
    status: r.status,
    resolvedStaff: r.staff_no ? { employeeNo: r.staff_no, name: r.staff_name ?? '' } : null,
    resolvedModule:
      r.module_id !== null
        ? { moduleId: r.module_id, courseCode: r.module_course_code ?? '', title: r.module_title ?? '' }
        : null,
    dismissReason: r.dismiss_reason,
    handledBy: r.handled_by,
    handledAt: r.handled_at ? new Date(r.handled_at).toISOString() : null,
  };
}

/**
 * HR's queue 連携の未照合: the outside records that matched no person or module, HR's resolution of one to a person
 * and/or a module (which the core then applies, with every other pending record that now matches) and its dismissal.
 */
@Injectable()
export class UnmatchedQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outside: OutsideActivityService,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: number, status: UnmatchedStatus | 'all' = 'pending'): Promise<UnmatchedRow[]> {
    const rows: RowRecord[] = await this.dataSource.query(
      `${ROW_SELECT}
        WHERE u.tenant_id = $1 AND u.reason = ANY($2) AND ($3 = 'all' OR u.status = $3)
        ORDER BY u.received_at DESC, u.id DESC LIMIT ${LIST_LIMIT}`,
      [tenantId, QUEUE_REASONS, status],
    );
    return rows.map(toRow);
  }

  /** How many wait for HR (the KPI page shows it). */
  async pendingCount(tenantId: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM outside_unmatched WHERE tenant_id = $1 AND status = 'pending' AND reason = ANY($2)`,
      [tenantId, QUEUE_REASONS],
    );
    return n;
  }

  async resolve(
    actor: AuthUser,
    id: number,
    target: { employeeNo?: string; moduleId?: number },
    ip?: string,
  ): Promise<UnmatchedRow> {
    const tenantId = actor.tenantId;
    if (target.employeeNo === undefined && target.moduleId === undefined) {
      throw Problem.validation(
        [{ field: 'employeeNo', message: '職員か教材（Udemy講座）のどちらかを指定してください。' }],
        '職員か教材のどちらかを指定してください。',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const row = await this.pendingRow(manager, tenantId, id);
      let staffId: number | null = null;
      let employeeNo: string | null = null;
      if (target.employeeNo !== undefined) {
        employeeNo = normalizeEmployeeNo(target.employeeNo);
        const [staff] = employeeNo
          ? await manager.query(`SELECT id FROM staff WHERE tenant_id = $1 AND employee_no = $2`, [
              tenantId,
              employeeNo,
            ])
          : [];
        if (!staff) {
          throw Problem.validation(
            [
              {
                field: 'employeeNo',
                message: `職員番号「${target.employeeNo}」の職員は登録されていません。`,
              },
            ],
            '指定された職員が見つかりません。',
          );
        }
        staffId = staff.id;
      }
      if (target.moduleId !== undefined) {
        const [module] = await manager.query(
          `SELECT id FROM course_module WHERE tenant_id = $1 AND id = $2 AND kind = 'external'`,
          [tenantId, target.moduleId],
        );
        if (!module) {
          throw Problem.validation(
            [
              {
                field: 'moduleId',
                message: '指定された教材は外部講座（Udemy Business など）ではないか、存在しません。',
              },
            ],
            '指定された教材が見つかりません。',
          );
        }
      }
      await manager.query(
        `UPDATE outside_unmatched SET resolved_staff_id = coalesce($3, resolved_staff_id),
                resolved_module_id = coalesce($4, resolved_module_id), handled_by = $5, handled_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, staffId, target.moduleId ?? null, actor.loginId],
      );
      const rematched = await this.outside.rematchPending(manager, tenantId, [id]);
      const after = await this.row(manager, tenantId, id);
      await this.audit.record(
        {
          tenantId,
          actor,
          action: 'integration.unmatched_resolved',
          target: `outside_unmatched:${id}`,
          subjectEmployeeNo: employeeNo ?? after.resolvedStaff?.employeeNo ?? null,
          detail: {
            source: row.source,
            email: row.email,
            udemyCourseId: row.udemy_course_id,
            reason: row.reason,
            employeeNo,
            moduleId: target.moduleId ?? null,
            status: after.status,
            rematched,
          },
          ip,
        },
        manager,
      );
      return after;
    });
  }

  async dismiss(actor: AuthUser, id: number, reason: string, ip?: string): Promise<UnmatchedRow> {
    const tenantId = actor.tenantId;
    return this.dataSource.transaction(async (manager) => {
      const row = await this.pendingRow(manager, tenantId, id);
      await manager.query(
        `UPDATE outside_unmatched SET status = 'dismissed', dismiss_reason = $3, handled_by = $4, handled_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, reason, actor.loginId],
      );
      await this.audit.record(
        {
          tenantId,
          actor,
          action: 'integration.unmatched_dismissed',
          target: `outside_unmatched:${id}`,
          detail: {
            source: row.source,
            email: row.email,
            udemyCourseId: row.udemy_course_id,
            reason: row.reason,
            dismissReason: reason,
          },
          ip,
        },
        manager,
      );
      return this.row(manager, tenantId, id);
    });
  }

  /** The external modules that name a Udemy Business course (published versions). */
  async udemyCourses(tenantId: number): Promise<UdemyCourseLink[]> {
    const rows: {
      code: string;
      title: string;
      module_id: number;
      module_title: string;
      course_id: string | null;
      url: string | null;
    }[] = await this.dataSource.query(
      `SELECT c.code, c.title, m.id AS module_id, m.title AS module_title, m.content->>'courseId' AS course_id,
              m.content->>'url' AS url
         FROM course c JOIN course_module m ON m.course_id = c.id AND m.version = c.published_version
        WHERE c.tenant_id = $1 AND m.kind = 'external' AND m.content->>'provider' = 'udemy_business'
        ORDER BY c.code, m.position`,
      [tenantId],
    );
    return rows.map((r) => ({
      courseCode: r.code,
      moduleId: r.module_id,
      udemyCourseId: r.course_id,
      url: r.url,
      courseTitle: r.title,
      moduleTitle: r.module_title,
    }));
  }

  /** The row, locked; only a pending one may be resolved or dismissed (409 otherwise). */
  private async pendingRow(manager: EntityManager, tenantId: number, id: number) {
    const [row] = await manager.query(
      `SELECT id, source, email, udemy_course_id, reason, status FROM outside_unmatched
        WHERE tenant_id = $1 AND id = $2 AND reason = ANY($3) FOR UPDATE`,
      [tenantId, id, QUEUE_REASONS],
    );
    if (!row) throw Problem.notFound('指定された未照合の記録は見つかりません。');
    if (row.status !== 'pending') {
      throw new Problem(
        409,
        'unmatched-handled',
        'すでに処理済みです',
        row.status === 'applied'
          ? 'この記録はすでに反映されています。'
          : 'この記録はすでに対象外として処理されています。',
      );
    }
    return row as {
      id: number;
      source: string;
      email: string | null;
      udemy_course_id: string | null;
      reason: string;
    };
  }

  private async row(manager: EntityManager, tenantId: number, id: number): Promise<UnmatchedRow> {
    const [row] = await manager.query(`${ROW_SELECT} WHERE u.tenant_id = $1 AND u.id = $2`, [tenantId, id]);
    return toRow(row);
  }
}
