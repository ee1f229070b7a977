import { Injectable, Logger } from '@nestjs/common';
import type {
  PromoterCoverage,
  PromoterRequestFailure,
  PromoterRequestResult,
  UncoveredSection,
} from '@dx/contract';
import { escapeSlackText, formatFiscalYear, reportDateFor, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { NotificationDeliveries, slackTarget } from '../slack/notification-deliveries.service';
import { Mailer, RELAY_FAILURES } from '../team/mailer';
import { PromoterCoverageRepository, type UncoveredSectionRow } from './promoter-coverage.repository';

export const PROMOTER_REQUEST_SUBJECT = '【職員DX研修】デジタル活用推進員の指名のお願い';

/**
 * 推進員の配置状況: the 所属 without an active デジタル活用推進員 for a year, and HR asking their heads to name one (by
 * e-mail, and by Slack where the tenant has a channel). Each 所属 is asked at most once a day for a year: the
 * requests are claimed in one statement first, then the mail goes out with no transaction open (none waits on the
 * SMTP server), then the outcomes are written in one statement and the audit log gets one line for the press.
 */
@Injectable()
export class PromoterCoverageService {
  private readonly logger = new Logger('PromoterCoverage');

  constructor(
    private readonly repository: PromoterCoverageRepository,
    private readonly mailer: Mailer,
    private readonly notifications: NotificationDeliveries,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async coverage(user: AuthUser, fiscalYear: number): Promise<PromoterCoverage> {
    const asOf = reportDateFor(fiscalYear, todayInTokyo());
    const row = await this.repository.findCoverage(user.tenantId, fiscalYear, asOf);
    return {
      fiscalYear,
      asOf,
      sections: row.sections,
      sectionsWithPromoter: row.with_promoter,
      rate: row.sections > 0 ? Math.round((row.with_promoter / row.sections) * 10000) / 10000 : 0,
      uncovered: row.uncovered.map(toView),
    };
  }

  /** Asks the heads of the 所属 without a promoter (all, or the ones named) to name one. */
  async request(user: AuthUser, fiscalYear: number, unitCodes?: string[]): Promise<PromoterRequestResult> {
    const tenantId = user.tenantId;
    const today = todayInTokyo();
    const { uncovered } = await this.repository.findCoverage(
      tenantId,
      fiscalYear,
      reportDateFor(fiscalYear, today),
    );
    let units = uncovered;
    if (unitCodes) {
      const byCode = new Map(uncovered.map((u) => [u.unitCode, u]));
      const unknown = unitCodes.filter((code) => !byCode.has(code));
      if (unknown.length > 0)
        throw Problem.validation(
          unknown.map((code) => ({
            field: `unitCodes[${unitCodes.indexOf(code)}]`,
            message: `所属コード「${code}」は${formatFiscalYear(fiscalYear)}の推進員のいない所属の一覧にありません。`,
          })),
          notListedDetail(unknown, fiscalYear),
        );
      units = [...new Set(unitCodes)].map((code) => byCode.get(code)!);
    }
    const claims = await this.repository.claimRequests(
      tenantId,
      fiscalYear,
      today,
      user,
      units.map((u) => ({ unitCode: u.unitCode, headEmployeeNo: u.head?.employeeNo ?? null })),
    );
    const result: PromoterRequestResult = {
      asked: 0,
      emailsSent: 0,
      slackMessages: 0,
      alreadyAskedToday: units
        .filter((u) => !claims.has(u.unitCode))
        .map((u) => ({ unitCode: u.unitCode, unitName: u.unitName })),
      failures: [],
    };
    const claimed = units.filter((u) => claims.has(u.unitCode));
    if (claimed.length === 0) return result;

    // Each 所属's Slack channel: its own, else its 部局's, else the tenant's default; null when none is set.
    const channelOf = await this.notifications.channelResolver(tenantId);
    const outcomes: {
      id: number;
      emailedTo: string | null;
      emailError: string | null;
      slackTarget: string | null;
    }[] = [];
    const released: number[] = [];
    const bySlack = new Map<string, UncoveredSectionRow[]>();
    const failedMails: { to: string; error: string }[] = [];
    let relayDown: string | null = null;
    for (const unit of claimed) {
      const id = claims.get(unit.unitCode)!;
      const channel = channelOf([unit.unitCode, ...(unit.departmentCode ? [unit.departmentCode] : [])]);
      let emailedTo: string | null = null;
      let emailError: string | null = null;
      const email = unit.head?.email ?? null;
      if (!unit.head) emailError = '所属長（課長・室長級以上）が配置されていません';
      else if (!email)
        emailError = `所属長 ${unit.head.name}（${unit.head.employeeNo}）のメールアドレスが登録されていません`;
      else if (relayDown) emailError = `メールサーバーに接続できないため送信していません（${relayDown}）`;
      else {
        try {
          await this.mailer.send({
            to: email,
            subject: PROMOTER_REQUEST_SUBJECT,
            text: requestMail(unit, fiscalYear, this.config.PUBLIC_URL),
          });
          emailedTo = email;
          result.emailsSent++;
        } catch (error) {
          const { code, message } = error as { code?: string; message?: string };
          emailError = `メール送信失敗: ${[code, message ?? String(error)].filter(Boolean).join(' ')}`.slice(
            0,
            1000,
          );
          this.logger.warn(
            `Promoter request to ${unit.head.employeeNo} (${unit.unitCode}) not sent: ${emailError}`,
          );
          failedMails.push({ to: email, error: emailError });
          if (RELAY_FAILURES.has(code ?? '')) relayDown = code ?? 'relay';
        }
      }
      if (channel !== null) bySlack.set(channel, [...(bySlack.get(channel) ?? []), unit]);
      if (emailedTo === null && channel === null) {
        // Nothing reached this 所属: its claim is given back, so it can be asked again today.
        released.push(id);
        result.failures.push({ unitCode: unit.unitCode, unitName: unit.unitName, reason: emailError ?? '' });
        continue;
      }
      if (emailError) result.failures.push(partial(unit, emailError));
      result.asked++;
      outcomes.push({
        id,
        emailedTo,
        emailError,
        slackTarget: channel === null ? null : slackTarget(channel),
      });
    }
    await this.repository.recordOutcomes(tenantId, outcomes);
    await this.repository.releaseRequests(tenantId, released);
    for (const [channel, channelUnits] of bySlack) {
      await this.notifications.enqueueSlack(
        tenantId,
        'promoter_request',
        channel,
        requestSlack(channelUnits, fiscalYear, this.config.PUBLIC_URL),
      );
      result.slackMessages++;
    }
    // A failed e-mail is listed for HR beside the failed Slack messages (Slack 連携), as a reminder's is.
    for (const failed of failedMails)
      await this.notifications.recordEmail(
        tenantId,
        'promoter_request',
        failed.to,
        PROMOTER_REQUEST_SUBJECT,
        failed.error,
      );
    await this.audit.record({
      tenantId,
      actor: user,
      action: 'promoter.requested',
      target: String(fiscalYear),
      detail: {
        fiscalYear,
        units: claimed.filter((u) => !released.includes(claims.get(u.unitCode)!)).map((u) => u.unitCode),
        emailsSent: result.emailsSent,
        slackMessages: result.slackMessages,
        alreadyAskedToday: result.alreadyAskedToday.map((u) => u.unitCode),
        failures: result.failures,
      },
    });
    return result;
  }
}

/** The problem's detail when a named 所属 is not (or no longer) on the list. */
function notListedDetail(unknown: string[], fiscalYear: number): string {
  return `所属コード「${unknown[0]}」は${formatFiscalYear(fiscalYear)}の推進員のいない所属の一覧にありません${
    unknown.length > 1 ? `（ほか${unknown.length - 1}件）` : ''
  }。一覧を読み込み直してください。`;
}

/** A 所属 reached by Slack although its e-mail could not go: asked, with the e-mail's problem named. */
function partial(unit: UncoveredSectionRow, emailError: string): PromoterRequestFailure {
  return {
    unitCode: unit.unitCode,
    unitName: unit.unitName,
    reason: `${emailError}（Slack には送信しました）`,
  };
}

function toView(row: UncoveredSectionRow): UncoveredSection {
  return {
    unitCode: row.unitCode,
    unitName: row.unitName,
    departmentCode: row.departmentCode,
    departmentName: row.departmentName,
    head: row.head
      ? { employeeNo: row.head.employeeNo, name: row.head.name, hasEmail: Boolean(row.head.email) }
      : null,
    staffCount: row.staffCount,
    lastRequestedAt: row.lastRequestedAt,
  };
}

function requestMail(unit: UncoveredSectionRow, fiscalYear: number, publicUrl: string): string {
  const year = formatFiscalYear(fiscalYear, { withWestern: true });
  return [
    `${unit.head!.name} 様`,
    '',
    `${unit.departmentName ? `${unit.departmentName} ` : ''}${unit.unitName}には、${year}のデジタル活用推進員が指定されていません。`,
    '所属の職員から1名を推進員として指名し、人事担当（デジタル推進部署）へお知らせください。',
    '推進員に指定された職員には、デジタル活用推進員研修が割り当てられます。',
    '',
    `職員DX研修システム: ${publicUrl.replace(/\/$/, '')}/`,
    '',
    '（このメールは職員DX研修システムから人事担当の依頼により送信しています）',
  ].join('\n');
}

function requestSlack(units: UncoveredSectionRow[], fiscalYear: number, publicUrl: string): string {
  return [
    '*【職員DX研修】デジタル活用推進員の指名のお願い*',
    `次の所属には${formatFiscalYear(fiscalYear)}のデジタル活用推進員が指定されていません。所属長は1名を指名し、人事担当へお知らせください。`,
    '',
    ...units.map(
      (u) =>
        `• ${escapeSlackText(u.unitName)}${u.head ? `（所属長: ${escapeSlackText(u.head.name)} さん）` : ''}`,
    ),
    '',
    `職員DX研修システム: ${publicUrl.replace(/\/$/, '')}/`,
  ].join('\n');
}
