// Slack notices: the tenant's webhooks, the reminders' channel, and the record of every delivery.

/** How a reminder goes out: by e-mail (the default), to the 所属's Slack channel, or both. */
export type ReminderChannel = 'email' | 'slack' | 'both';
export const REMINDER_CHANNELS: readonly ReminderChannel[] = ['email', 'slack', 'both'];

export type NotificationChannel = 'email' | 'slack';

/** A webhook as it is shown back: that one is set and its host, never its URL. */
export interface SlackWebhookView {
  host: string;
  updatedAt: string;
}

/** GET /api/v1/slack/settings */
export interface SlackSettingsView {
  /** The tenant's default channel (reminders and digests of a 所属 without a channel of its own), or null. */
  webhook: SlackWebhookView | null;
  /** A channel per 所属 (org unit code), in code order. */
  unitChannels: (SlackWebhookView & { orgUnitCode: string; orgUnitName: string | null })[];
}

/** PUT /api/v1/slack/settings and PUT /api/v1/slack/unit-channels/{code}: the webhook URL is write-only. */
export interface SlackWebhookInput {
  webhookUrl: string;
}

/** One recorded delivery (GET /api/v1/notifications/deliveries/failed lists the failed ones). */
export interface NotificationDeliveryView {
  id: number;
  /** `reminder` or `digest`. */
  kind: string;
  channel: NotificationChannel;
  /** An e-mail address, or `slack:default` / `slack:unit:<code>`. */
  target: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}
