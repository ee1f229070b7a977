import { Injectable, Logger } from '@nestjs/common';
import type {
  MatrixCell,
  MatrixPerson,
  MatrixTotals,
  ReminderChannel,
  ReminderPreview,
  ReminderResult,
  ReminderSkippedPerson,
  TeamMatrix,
} from '@dx/contract';
import { addDays, escapeSlackText, formatJapaneseDate, isPastDue } from '@dx/domain';
import type { ReportScope } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { pathCodes, unitPathBelow } from '../reports/placement';
import { ReportsService } from '../reports/reports.service';
import { NotificationDeliveries } from '../slack/notification-deliveries.service';
import { Mailer, RELAY_FAILURES } from './mailer';
import { TeamRepository } from './team.repository';
import type { MatrixFilter, MatrixParts } from './team.types';

/** A manager's view of their subtree: people × courses, and reminders to those who are late. */
@Injectable()
export class TeamService {
  private readonly logger = new Logger(TeamService.name);

  constructor(
    private readonly repository: TeamRepository,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly notifications: NotificationDeliveries,
  ) {}

  /**
   * The matrix as JSON bytes (a TeamMatrix): its people, most of the answer (a 部局's page is about 200 KB), come
   * from the database as JSON bytes, so Node neither parses nor serialises nor re-encodes them.
   */
  async matrix(user: AuthUser, filter: MatrixFilter): Promise<Buffer> {
    const unitCode = filter.orgUnitCode ?? user.managedUnit?.code;
    const scope = await this.reports.currentScope(user, filter.fiscalYear, unitCode);
    const { people, total, unit, columns, children } = withoutFilters(filter)
      ? await this.repository.readCachedMatrix(scope, user.tenantId, filter, unitCode)
      : await this.filteredMatrix(user.tenantId, filter, scope, unitCode);
    const columnTotals: Record<string, MatrixTotals> = {};
    for (const c of columns)
      columnTotals[c.course_code] = {
        assigned: c.assigned,
        completed: c.completed,
        overdue: c.overdue,
        exempt: c.exempt,
      };
    const answer: Omit<TeamMatrix, 'people'> = {
      fiscalYear: filter.fiscalYear,
      asOf: scope.reportDate,
      unit: unitCode ? { code: unitCode, name: unit?.name ?? unitCode, kind: unit?.kind ?? '' } : null,
      subUnits: children.map((c) => ({
        code: c.code,
        name: c.name ?? c.code,
        kind: c.kind ?? '',
        assigned: c.assigned,
        completed: c.completed,
        overdue: c.overdue,
      })),
      courses: columns.map((c) => ({ code: c.course_code, title: c.title, trackCode: c.track_code })),
      columnTotals,
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    };
    const head = JSON.stringify(answer);
    return Buffer.concat([Buffer.from(`${head.slice(0, -1)},"people":`), people, Buffer.from('}')]);
  }

  /** The matrix with filters, from the assignments of the people who match them. People as JSON bytes (see matrix). */
  private async filteredMatrix(
    tenantId: number,
    filter: MatrixFilter,
    scope: ReportScope,
    unitCode: string | undefined,
  ): Promise<MatrixParts> {
    const { pageRows, total, columns, children } = await this.repository.readFilteredMatrix(
      tenantId,
      filter,
      scope,
      unitCode,
    );
    const codes = new Set<string>(unitCode ? [unitCode] : []);
    for (const r of pageRows as { path: string }[]) for (const code of pathCodes(r.path)) codes.add(code);
    const [unitNames, reminded] = await Promise.all([
      this.repository.findUnitNames(tenantId, scope.reportDate, [...codes]),
      this.repository.findLastReminders(
        tenantId,
        filter.fiscalYear,
        pageRows.map((r) => r.staff_id as number),
      ),
    ]);
    const people: MatrixPerson[] = pageRows.map((r: Record<string, unknown>) => ({
      employeeNo: r.employee_no as string,
      name: r.name as string,
      unitCode: r.unit_code as string,
      unitName: unitNames.get(r.unit_code as string)?.name ?? (r.unit_code as string),
      unitPath: unitPathBelow(r.path as string, scope.viewerUnitCode, (code) => unitNames.get(code)?.name),
      lastRemindedOn: reminded.get(r.staff_id as number) ?? null,
      positionName: r.position_name as string,
      cells: r.cells as Record<string, MatrixCell>,
      assigned: r.assigned as number,
      completed: r.completed as number,
      overdue: r.overdue as number,
    }));
    const unit = unitCode ? (unitNames.get(unitCode) ?? null) : null;
    return { people: Buffer.from(JSON.stringify(people)), total, unit, columns, children } as MatrixParts;
  }

  /**
   * An e-mail to each person in scope who is overdue or due soon (or to the selected ones): their name, the
   * courses and due dates. Every assignment is claimed for today in one transaction before anything is sent, so
   * two managers pressing the button at once, or one pressing it twice, remind nobody twice for the same course on
   * the same day; the mail goes out after the commit (no transaction waits on the SMTP server), and a message the
   * server refuses gives its claims back.
   */
  async remind(
    user: AuthUser,
    fiscalYear: number,
    employeeNos: string[] | undefined,
    dueWithinDays: number,
    channel: ReminderChannel = 'email',
  ): Promise<ReminderResult> {
    const bySlack = channel !== 'email';
    const byEmail = channel !== 'slack';
    if (bySlack && !(await this.notifications.connected(user.tenantId)))
      throw new Problem(
        422,
        'slack-not-connected',
        'Slack が接続されていません',
        'Slack で督促するには、人事担当が Slack 連携（Webhook）を設定してください。',
      );
    const plan = await this.reminderPlan(user, fiscalYear, employeeNos, dueWithinDays, bySlack);
    const slackPeople: { person: PlannedPerson; courses: ReminderItem[]; target: string }[] = [];
    // Each person's Slack channel: their nearest unit's own, else the default (null: neither is set).
    const targets = new Map<number, string | null>();
    if (bySlack) {
      const channelOf = await this.notifications.channelResolver(user.tenantId);
      for (const person of plan.people)
        targets.set(person.staffId, channelOf(pathCodes(person.path).reverse()));
    }
    const result: ReminderResult = {
      sent: 0,
      skipped: 0,
      recipients: [],
      withoutEmail: [],
      skippedPeople: [],
    };
    const claims = plan.people.flatMap((p) =>
      p.items.map((i) => ({ id: i.id, staffId: p.staffId, email: p.email })),
    );
    const claimed = await this.repository.claimReminders(user.tenantId, user.userId, plan.today, claims);
    const claimOf = new Map(claimed.map((c) => [c.enrollment_id, c.id]));
    const released: number[] = [];
    let relayDown = false;
    for (const person of plan.people) {
      const courses = person.items.filter((i) => claimOf.has(i.id));
      if (courses.length === 0) {
        // Another press claimed them between the plan and the claim.
        plan.skipped.push({ employeeNo: person.employeeNo, name: person.name, reason: 'already_reminded' });
        continue;
      }
      const claims = courses.map((c) => claimOf.get(c.id)!);
      const target = targets.get(person.staffId) ?? null;
      if (!byEmail || !person.email) {
        if (target === null) {
          // No channel reaches this person (and no e-mail goes): given back, listed as not sent.
          released.push(...claims);
          plan.skipped.push({ employeeNo: person.employeeNo, name: person.name, reason: 'send_failed' });
          continue;
        }
        // Slack only (or no address, with channel both): the claim stands; the message is queued below.
        slackPeople.push({ person, courses, target });
      } else if (relayDown) {
        released.push(...claims);
        plan.skipped.push({ employeeNo: person.employeeNo, name: person.name, reason: 'send_failed' });
        continue;
      } else {
        try {
          await this.mailer.send(reminderMail(person, courses, this.config.PUBLIC_URL));
          if (target !== null) slackPeople.push({ person, courses, target });
        } catch (error) {
          const { code, message } = error as { code?: string; message?: string };
          this.logger.warn(
            `Reminder to ${person.employeeNo} not sent: ${code ?? ''} ${message ?? String(error)}`,
          );
          released.push(...claims);
          plan.skipped.push({ employeeNo: person.employeeNo, name: person.name, reason: 'send_failed' });
          // Shown to HR beside the failed Slack messages (a sent reminder is in the audit log instead).
          await this.notifications.recordEmail(
            user.tenantId,
            'reminder',
            person.email,
            REMINDER_SUBJECT,
            `メール送信失敗: ${code ?? ''} ${message ?? String(error)}`.slice(0, 1000),
          );
          // The relay itself is unreachable or refuses the connection (not this one address): the others would
          // wait for the same timeout each, so they are given back at once and can be reminded again later.
          relayDown = RELAY_FAILURES.has(code ?? '');
          continue;
        }
      }
      await this.audit.record({
        tenantId: user.tenantId,
        actor: user,
        action: 'reminder.sent',
        target: person.employeeNo,
        detail: {
          courses: courses.map((c) => c.title),
          ...(channel === 'email' ? {} : { channel }),
        },
      });
      result.sent++;
      result.recipients.push({
        employeeNo: person.employeeNo,
        name: person.name,
        courses: courses.map((c) => c.title),
      });
    }
    await this.repository.releaseReminders(user.tenantId, released);
    if (bySlack) result.slackMessages = await this.queueSlackReminders(user.tenantId, slackPeople);
    result.skippedPeople = sortSkipped(plan.skipped);
    result.skipped = result.skippedPeople.filter((p) => p.reason === 'already_reminded').length;
    result.withoutEmail = result.skippedPeople
      .filter((p) => p.reason === 'no_email')
      .map((p) => p.employeeNo);
    return result;
  }

  /**
   * One Slack message per channel, naming its people and their courses: each person goes to the channel of the
   * nearest unit of theirs that has one, else the tenant's default. The messages are delivered by the queue.
   */
  private async queueSlackReminders(
    tenantId: number,
    people: { person: PlannedPerson; courses: ReminderItem[]; target: string }[],
  ): Promise<number> {
    const byChannel = new Map<string, string[]>();
    for (const { person, courses, target } of people) {
      const line = `• ${escapeSlackText(person.name)} さん: ${courses
        .map(
          (c) =>
            `${escapeSlackText(c.title)}（期限 ${formatJapaneseDate(c.dueDate)}${c.overdue ? '・期限超過' : ''}）`,
        )
        .join('、')}`;
      byChannel.set(target, [...(byChannel.get(target) ?? []), line]);
    }
    for (const [target, lines] of byChannel)
      await this.notifications.enqueueSlack(
        tenantId,
        'reminder',
        target,
        [
          '*【職員DX研修】受講期限のお知らせ*',
          '次の方に未修了の研修があります。期限までの受講をお願いします。',
          '',
          ...lines,
          '',
          `マイ研修: ${this.config.PUBLIC_URL.replace(/\/$/, '')}/my`,
        ].join('\n'),
      );
    return byChannel.size;
  }

  /** The e-mails that POST /team/reminders would send now, exactly, without sending or recording anything. */
  async previewReminders(
    user: AuthUser,
    fiscalYear: number,
    employeeNos: string[] | undefined,
    dueWithinDays: number,
  ): Promise<ReminderPreview> {
    const plan = await this.reminderPlan(user, fiscalYear, employeeNos, dueWithinDays);
    return {
      recipients: plan.people.length,
      messages: plan.people.slice(0, PREVIEW_MESSAGES).map((person) => ({
        employeeNo: person.employeeNo,
        name: person.name,
        courses: person.items.map((i) => i.title),
        ...reminderMail(person, person.items, this.config.PUBLIC_URL),
      })),
      skippedPeople: sortSkipped(plan.skipped),
    };
  }

  /**
   * Who would be reminded of what, and who not and why: the assignments in scope that are overdue or due within
   * the window, less those already reminded today. A selected 職員番号 outside the caller's scope is told apart from
   * one with nothing due only by its missing name (the caller typed the number; no name of theirs leaks).
   */
  private async reminderPlan(
    user: AuthUser,
    fiscalYear: number,
    employeeNos: string[] | undefined,
    dueWithinDays: number,
    withoutEmailToo = false,
  ): Promise<ReminderPlan> {
    const scope = await this.reports.currentScope(user, fiscalYear);
    const rows = await this.repository.findRemindableAssignments(
      user.tenantId,
      fiscalYear,
      scope,
      addDays(scope.today, dueWithinDays),
      employeeNos,
    );
    // Selected people outside the scope look exactly like people with nothing to remind about.
    if (employeeNos && rows.length === 0) {
      throw new Problem(
        422,
        'nothing-to-remind',
        '督促の対象がありません',
        '選択した職員には、期限超過または期限間近の未修了の研修がありません。',
      );
    }
    const plan: ReminderPlan = { today: scope.today, people: [], skipped: [] };
    const byPerson = new Map<number, typeof rows>();
    for (const row of rows) byPerson.set(row.staff_id, [...(byPerson.get(row.staff_id) ?? []), row]);
    for (const items of byPerson.values()) {
      const first = items[0];
      const open = items.filter((i) => !i.reminded_today);
      if (!first.email && !withoutEmailToo)
        plan.skipped.push({ employeeNo: first.employee_no, name: first.staff_name, reason: 'no_email' });
      else if (open.length === 0)
        plan.skipped.push({
          employeeNo: first.employee_no,
          name: first.staff_name,
          reason: 'already_reminded',
        });
      else
        plan.people.push({
          staffId: first.staff_id,
          employeeNo: first.employee_no,
          name: first.staff_name,
          email: first.email ?? '',
          path: first.path,
          items: open.map((i) => ({
            id: i.id,
            title: i.title,
            dueDate: i.due_date,
            overdue: isPastDue(i.status),
          })),
        });
    }
    const due = new Set(rows.map((r) => r.employee_no));
    const notDue = [...new Set(employeeNos ?? [])].filter((no) => !due.has(no));
    if (notDue.length > 0) {
      const names = await this.repository.findNamesInScope(
        user.tenantId,
        fiscalYear,
        scope.scopePattern,
        notDue,
      );
      for (const no of notDue)
        plan.skipped.push({ employeeNo: no, name: names.get(no) ?? null, reason: 'nothing_due' });
    }
    return plan;
  }
}

/** Without filters on courses, status, position or name, every figure is in the report cache's roll-ups. */
function withoutFilters(filter: MatrixFilter): boolean {
  return !filter.trackCode && !filter.courseCode && !filter.position && !filter.q?.trim() && !filter.status;
}

/** At most this many messages in a preview (the rest are counted). */
const PREVIEW_MESSAGES = 50;

interface ReminderItem {
  id: number;
  title: string;
  dueDate: string;
  overdue: boolean;
}

interface PlannedPerson {
  staffId: number;
  employeeNo: string;
  name: string;
  /** '' for someone without an address (planned only for Slack). */
  email: string;
  path: string;
  items: ReminderItem[];
}

interface ReminderPlan {
  today: string;
  /** People with an address (or any, for Slack) and at least one course not reminded today (only those courses). */
  people: PlannedPerson[];
  skipped: ReminderSkippedPerson[];
}

function sortSkipped(people: ReminderSkippedPerson[]): ReminderSkippedPerson[] {
  return [...people].sort((a, b) => (a.employeeNo < b.employeeNo ? -1 : a.employeeNo > b.employeeNo ? 1 : 0));
}

const REMINDER_SUBJECT = '【職員DX研修】受講期限のお知らせ';

function reminderMail(
  person: { name: string; email: string },
  courses: ReminderItem[],
  publicUrl: string,
): { to: string; subject: string; text: string } {
  return { to: person.email, subject: REMINDER_SUBJECT, text: reminderText(person.name, courses, publicUrl) };
}

function reminderText(name: string, courses: ReminderItem[], publicUrl: string): string {
  const lines = courses.map(
    (c) => `・${c.title}（期限: ${formatJapaneseDate(c.dueDate)}${c.overdue ? '・期限超過' : ''}）`,
  );
  return [
    `${name} 様`,
    '',
    '次の研修が未修了です。期限までの受講をお願いします。',
    '',
    ...lines,
    '',
    `マイ研修: ${publicUrl.replace(/\/$/, '')}/my`,
    '',
    '（このメールは職員DX研修システムから所属長の依頼により送信しています）',
  ].join('\n');
}
