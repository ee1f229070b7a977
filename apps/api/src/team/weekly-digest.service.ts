import { Injectable, Logger } from '@nestjs/common';
import { escapeSlackText, fiscalYearOf, isPastDue, todayInTokyo } from '@dx/domain';
import { AuthUser, MANAGER_LEVEL } from '../common/auth-user';
import { AppConfig } from '../config/app-config';
import { asSystem, withTenant } from '../database/tenant-context';
import { ReportsService } from '../reports/reports.service';
import { NotificationDeliveries } from '../slack/notification-deliveries.service';
import { Mailer } from './mailer';
import { ManagerRow, TeamRepository } from './team.repository';

/** What one manager's digest says: their subtree's overdue people, each with how many courses are overdue. */
export interface ManagerDigest {
  manager: { employeeNo: string; name: string; unitCode: string; unitName: string };
  overdueAssignments: number;
  people: { employeeNo: string; name: string; overdue: number }[];
}

export const DIGEST_SUBJECT = '【職員DX研修】今週の期限超過のお知らせ';
/** Names listed in one message at most (the count says how many more). */
const MAX_NAMES = 100;

/**
 * The weekly digest: to each manager (所属長 and up), the people of their subtree who are overdue, by e-mail to the
 * manager and, when the manager's 所属 has a Slack channel of its own, to that channel. A manager with nobody
 * overdue gets nothing. Every e-mail's outcome and every Slack message is recorded (notification_delivery).
 */
@Injectable()
export class WeeklyDigestService {
  private readonly logger = new Logger('WeeklyDigest');

  constructor(
    private readonly repository: TeamRepository,
    private readonly reports: ReportsService,
    private readonly mailer: Mailer,
    private readonly notifications: NotificationDeliveries,
    private readonly config: AppConfig,
  ) {}

  /** Every tenant, each in its own scope; one tenant's failure is logged and the others still run. */
  async runAllTenants(): Promise<void> {
    const tenants = await asSystem(() => this.repository.tenantIds());
    for (const tenantId of tenants) {
      try {
        await withTenant(tenantId, () => this.runTenant(tenantId));
      } catch (error) {
        this.logger.error(`Weekly digest of tenant ${tenantId} failed: ${(error as Error).message}`);
      }
    }
  }

  /** The digests of one tenant's managers, sent; what each said. Call within the tenant's scope. */
  async runTenant(tenantId: number): Promise<ManagerDigest[]> {
    const today = todayInTokyo();
    const digests: ManagerDigest[] = [];
    for (const manager of await this.repository.findManagers(tenantId, today, MANAGER_LEVEL)) {
      const digest = await this.digestOf(tenantId, manager);
      if (digest.people.length === 0) continue;
      digests.push(digest);
      if (manager.email) await this.mail(tenantId, manager.email, digest);
      if (await this.notifications.hasChannel(tenantId, manager.unit_code))
        await this.notifications.enqueueSlack(tenantId, 'digest', manager.unit_code, slackDigest(digest));
    }
    return digests;
  }

  private async digestOf(tenantId: number, manager: ManagerRow): Promise<ManagerDigest> {
    const viewer: AuthUser = {
      userId: 0,
      tenantId,
      loginId: manager.employee_no,
      displayName: manager.name,
      roles: ['manager'],
      staffId: manager.staff_id,
      employeeNo: manager.employee_no,
      mustChangePassword: false,
      managedUnit: {
        id: manager.unit_id,
        code: manager.unit_code,
        name: manager.unit_name,
        path: manager.unit_path,
      },
      via: 'bearer',
    };
    const fiscalYear = fiscalYearOf(todayInTokyo());
    const scope = await this.reports.currentScope(viewer, fiscalYear);
    const rows = await this.repository.findRemindableAssignments(
      tenantId,
      fiscalYear,
      scope,
      scope.today,
      undefined,
    );
    const people = new Map<string, { employeeNo: string; name: string; overdue: number }>();
    let overdueAssignments = 0;
    for (const row of rows) {
      if (!isPastDue(row.status)) continue;
      overdueAssignments++;
      const person = people.get(row.employee_no) ?? {
        employeeNo: row.employee_no,
        name: row.staff_name,
        overdue: 0,
      };
      person.overdue++;
      people.set(row.employee_no, person);
    }
    return {
      manager: {
        employeeNo: manager.employee_no,
        name: manager.name,
        unitCode: manager.unit_code,
        unitName: manager.unit_name,
      },
      overdueAssignments,
      people: [...people.values()],
    };
  }

  private async mail(tenantId: number, to: string, digest: ManagerDigest): Promise<void> {
    try {
      await this.mailer.send({
        to,
        subject: DIGEST_SUBJECT,
        text: mailDigest(digest, this.config.PUBLIC_URL),
      });
      await this.notifications.recordEmail(tenantId, 'digest', to, DIGEST_SUBJECT);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      this.logger.warn(`Weekly digest to ${digest.manager.employeeNo} not sent: ${message}`);
      await this.notifications.recordEmail(
        tenantId,
        'digest',
        to,
        DIGEST_SUBJECT,
        `メール送信失敗: ${message}`,
      );
    }
  }
}

function listed<T>(people: T[]): { shown: T[]; more: number } {
  return { shown: people.slice(0, MAX_NAMES), more: Math.max(0, people.length - MAX_NAMES) };
}

function mailDigest(digest: ManagerDigest, publicUrl: string): string {
  const { shown, more } = listed(digest.people);
  return [
    `${digest.manager.name} 様`,
    '',
    `${digest.manager.unitName}（配下を含む）で受講期限を過ぎた未修了の研修が ${digest.overdueAssignments} 件、${digest.people.length} 人にあります。`,
    '',
    ...shown.map((p) => `・${p.name}（${p.employeeNo}）: ${p.overdue} 件`),
    ...(more > 0 ? [`ほか ${more} 人`] : []),
    '',
    `チーム状況: ${publicUrl.replace(/\/$/, '')}/team`,
    '',
    '（このメールは職員DX研修システムから毎週月曜日に送信しています）',
  ].join('\n');
}

function slackDigest(digest: ManagerDigest): string {
  const { shown, more } = listed(digest.people);
  return [
    `*【職員DX研修】今週の期限超過* ${escapeSlackText(digest.manager.unitName)}（配下を含む）`,
    `期限超過 ${digest.overdueAssignments} 件・${digest.people.length} 人`,
    ...shown.map((p) => `• ${escapeSlackText(p.name)} さん（${p.overdue} 件）`),
    ...(more > 0 ? [`ほか ${more} 人`] : []),
  ].join('\n');
}
