import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { checkWebhookUrl, parseWebhookHosts } from '@dx/domain';
import { AppConfig } from '../config/app-config';
import { withTenant } from '../database/tenant-context';
import { JobQueue } from '../jobs/job-queue';
import { SecretBox } from '../udemy-sync/secret-box';
import { postToSlack, SlackPostError } from './slack-client';
import { SlackRepository } from './slack.repository';

export const NOTIFICATION_DELIVER = 'notifications.deliver';

/** The sealing context of a webhook URL: the tenant and the channel, so a ciphertext moved elsewhere opens nowhere. */
export function webhookContext(tenantId: number, orgUnitCode: string): string {
  return `slack-webhook:${tenantId}:${orgUnitCode}`;
}

/** The target of a Slack delivery: the tenant's default channel or a 所属's. */
export function slackTarget(orgUnitCode: string): string {
  return orgUnitCode ? `slack:unit:${orgUnitCode}` : 'slack:default';
}

interface DeliverData {
  tenantId: number;
  deliveryId: number;
}

/**
 * Slack messages go through the queue: each is recorded first (`notification_delivery`, pending), then a job posts
 * it. A 429 is tried again after its Retry-After; another failure after SLACK_RETRY_SECONDS, doubling, until
 * SLACK_MAX_ATTEMPTS tries; then it is recorded as failed (shown to HR). The webhook is read when the job runs, so a
 * URL HR corrects in between is used by the next try.
 */
@Injectable()
export class NotificationDeliveries implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly queue: JobQueue,
    private readonly repository: SlackRepository,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.queue.registerTask<DeliverData>({
      name: NOTIFICATION_DELIVER,
      pollingIntervalSeconds: 1,
      run: (data) => withTenant(data.tenantId, () => this.deliver(data.tenantId, data.deliveryId)),
    });
  }

  /**
   * The channel a 所属's messages go to: its own when set, else the tenant's default; null when Slack is not
   * connected at all. `unitCodes` from the unit up (the first with a channel of its own wins).
   */
  async channelFor(tenantId: number, unitCodes: string[]): Promise<string | null> {
    return (await this.channelResolver(tenantId))(unitCodes);
  }

  /** channelFor for many people: the tenant's channels read once. */
  async channelResolver(tenantId: number): Promise<(unitCodes: string[]) => string | null> {
    const webhooks = await this.repository.webhooks(tenantId);
    const codes = new Set(webhooks.map((w) => w.orgUnitCode));
    return (unitCodes) => {
      for (const code of unitCodes) if (codes.has(code)) return code;
      return codes.has('') ? '' : null;
    };
  }

  /** Whether any Slack channel is set in the tenant (the default or a 所属's). */
  async connected(tenantId: number): Promise<boolean> {
    return (await this.repository.webhooks(tenantId)).length > 0;
  }

  /** Whether a channel is set for this exact 所属 (or, for '', the tenant's default). */
  async hasChannel(tenantId: number, orgUnitCode: string): Promise<boolean> {
    return Boolean(await this.repository.webhook(tenantId, orgUnitCode));
  }

  /** Records a Slack message for a channel and hands it to the queue. */
  async enqueueSlack(tenantId: number, kind: string, orgUnitCode: string, text: string): Promise<number> {
    const deliveryId = await this.repository.createDelivery(tenantId, {
      kind,
      channel: 'slack',
      target: slackTarget(orgUnitCode),
      payload: { text },
    });
    await this.queue.enqueue<DeliverData>(NOTIFICATION_DELIVER, { tenantId, deliveryId });
    return deliveryId;
  }

  /** An e-mail sent at once by its feature, recorded with its outcome (a failure is listed for HR). */
  async recordEmail(
    tenantId: number,
    kind: string,
    to: string,
    subject: string,
    error?: string,
  ): Promise<void> {
    await this.repository.recordDelivery(tenantId, {
      kind,
      channel: 'email',
      target: to,
      payload: { subject },
      error,
    });
  }

  private async deliver(tenantId: number, deliveryId: number): Promise<void> {
    const delivery = await this.repository.delivery(tenantId, deliveryId);
    if (!delivery || delivery.status !== 'pending' || delivery.channel !== 'slack') return;
    const orgUnitCode = delivery.target.startsWith('slack:unit:') ? delivery.target.slice(11) : '';
    const webhook = await this.repository.webhook(tenantId, orgUnitCode);
    const url = webhook && this.secrets.open(webhook.urlCiphertext, webhookContext(tenantId, orgUnitCode));
    const attempt = delivery.attempts + 1;
    if (!url) {
      // Nothing to try again with: the channel was removed, or its URL no longer opens (another key).
      await this.repository.markAttempt(tenantId, deliveryId, 'Slack の Webhook が設定されていません', true);
      this.logger.warn(
        `Delivery ${deliveryId} (tenant ${tenantId}) failed: no webhook for ${delivery.target}`,
      );
      return;
    }
    // Checked again before each post: a URL stored before SLACK_WEBHOOK_HOSTS was narrowed is not used.
    const checked = checkWebhookUrl(url, parseWebhookHosts(this.config.SLACK_WEBHOOK_HOSTS));
    if (!checked.ok) {
      await this.repository.markAttempt(tenantId, deliveryId, checked.message, true);
      this.logger.warn(
        `Delivery ${deliveryId} (tenant ${tenantId}) failed: the webhook of ${delivery.target} is not allowed`,
      );
      return;
    }
    try {
      await postToSlack(url, delivery.payload.text);
    } catch (error) {
      const failure =
        error instanceof SlackPostError ? error : new SlackPostError(String((error as Error).message));
      const final = attempt >= this.config.SLACK_MAX_ATTEMPTS;
      await this.repository.markAttempt(tenantId, deliveryId, failure.message, final);
      // Never the URL in a log line: it is the channel's secret.
      this.logger.warn(
        `Delivery ${deliveryId} (tenant ${tenantId}, ${delivery.target}) try ${attempt} failed: ${failure.message}`,
      );
      if (!final) {
        const wait = failure.retryAfterSeconds ?? this.config.SLACK_RETRY_SECONDS * 2 ** (attempt - 1);
        await this.queue.enqueue<DeliverData>(NOTIFICATION_DELIVER, { tenantId, deliveryId }, wait);
      }
      return;
    }
    await this.repository.markSent(tenantId, deliveryId);
  }
}
