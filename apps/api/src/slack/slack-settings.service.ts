import { Injectable } from '@nestjs/common';
import type { NotificationDeliveryView, SlackSettingsView } from '@dx/contract';
import { checkWebhookUrl, parseWebhookHosts, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { AppConfig } from '../config/app-config';
import { Problem } from '../common/problem';
import { SecretBox } from '../udemy-sync/secret-box';
import { webhookContext } from './notification-deliveries.service';
import { SlackRepository } from './slack.repository';

/** HR's Slack settings: the tenant's webhook and one per 所属, sealed; shown back only as "set, on this host". */
@Injectable()
export class SlackSettingsService {
  constructor(
    private readonly repository: SlackRepository,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async view(tenantId: number): Promise<SlackSettingsView> {
    const webhooks = await this.repository.webhooks(tenantId);
    const names = await this.unitNames(tenantId, webhooks.map((w) => w.orgUnitCode).filter(Boolean));
    const shown = (w: (typeof webhooks)[number]) => ({
      host: w.host,
      updatedAt: new Date(w.updatedAt).toISOString(),
    });
    const own = webhooks.find((w) => w.orgUnitCode === '');
    return {
      webhook: own ? shown(own) : null,
      unitChannels: webhooks
        .filter((w) => w.orgUnitCode !== '')
        .map((w) => ({
          orgUnitCode: w.orgUnitCode,
          orgUnitName: names.get(w.orgUnitCode) ?? null,
          ...shown(w),
        })),
    };
  }

  /** Sets the webhook of the tenant ('') or of a 所属 (which must exist in the tenant). */
  async save(user: AuthUser, orgUnitCode: string, webhookUrl: string): Promise<SlackSettingsView> {
    if (orgUnitCode && !(await this.repository.unitExists(user.tenantId, orgUnitCode)))
      throw Problem.notFound(`所属コード「${orgUnitCode}」は見つかりません。`);
    const checked = checkWebhookUrl(webhookUrl, parseWebhookHosts(this.config.SLACK_WEBHOOK_HOSTS));
    if (!checked.ok) throw Problem.validation([{ field: 'webhookUrl', message: checked.message }]);
    const { host } = checked;
    await this.repository.saveWebhook(
      user.tenantId,
      orgUnitCode,
      this.secrets.seal(webhookUrl.trim(), webhookContext(user.tenantId, orgUnitCode)),
      host,
    );
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'slack.webhook_saved',
      target: orgUnitCode || 'default',
      detail: { host },
    });
    return this.view(user.tenantId);
  }

  async remove(user: AuthUser, orgUnitCode: string): Promise<SlackSettingsView> {
    if (!(await this.repository.removeWebhook(user.tenantId, orgUnitCode)))
      throw Problem.notFound('この Slack チャンネルは設定されていません。');
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'slack.webhook_removed',
      target: orgUnitCode || 'default',
      detail: {},
    });
    return this.view(user.tenantId);
  }

  failedDeliveries(tenantId: number): Promise<NotificationDeliveryView[]> {
    return this.repository.failedDeliveries(tenantId, 100);
  }

  private async unitNames(tenantId: number, codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.repository.findUnitNames(tenantId, codes, todayInTokyo());
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
