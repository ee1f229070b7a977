import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UdemyCourseLink, UnmatchedRow, UnmatchedStatus } from '@dx/contract';
import { normalizeEmployeeNo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { OutsideActivityService } from './outside-activity.service';
import { type UnmatchedRecord, UnmatchedQueueRepository } from './unmatched-queue.repository';

function toRow(r: UnmatchedRecord): UnmatchedRow {
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
    private readonly repository: UnmatchedQueueRepository,
    private readonly outside: OutsideActivityService,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: number, status: UnmatchedStatus | 'all' = 'pending'): Promise<UnmatchedRow[]> {
    const rows = await this.repository.findQueue(tenantId, status);
    return rows.map(toRow);
  }

  /** How many wait for HR (the KPI page shows it). */
  async pendingCount(tenantId: number): Promise<number> {
    return this.repository.countPending(tenantId);
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
    return this.repository.transaction(async (manager) => {
      const row = await this.pendingRow(manager, tenantId, id);
      let staffId: number | null = null;
      let employeeNo: string | null = null;
      if (target.employeeNo !== undefined) {
        employeeNo = normalizeEmployeeNo(target.employeeNo);
        const staff = employeeNo
          ? await this.repository.findStaffIdByEmployeeNo(manager, tenantId, employeeNo)
          : undefined;
        if (staff === undefined) {
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
        staffId = staff;
      }
      if (target.moduleId !== undefined) {
        const known = await this.repository.hasExternalModule(manager, tenantId, target.moduleId);
        if (!known) {
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
      await this.repository.setResolution(
        manager,
        tenantId,
        id,
        staffId,
        target.moduleId ?? null,
        actor.loginId,
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
    return this.repository.transaction(async (manager) => {
      const row = await this.pendingRow(manager, tenantId, id);
      await this.repository.markDismissed(manager, tenantId, id, reason, actor.loginId);
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
    const rows = await this.repository.findUdemyCourseModules(tenantId);
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
    const row = await this.repository.lockRecord(manager, tenantId, id);
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
    return row;
  }

  private async row(manager: EntityManager, tenantId: number, id: number): Promise<UnmatchedRow> {
    return toRow(await this.repository.findRecord(manager, tenantId, id));
  }
}
