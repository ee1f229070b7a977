import { Module } from '@nestjs/common';
import { SecretBox } from '../udemy-sync/secret-box';
import { NotificationDeliveries } from './notification-deliveries.service';
import { SlackController } from './slack.controller';
import { SlackRepository } from './slack.repository';
import { SlackSettingsService } from './slack-settings.service';

/** Slack notices: HR's webhooks (sealed), the delivery queue with its record, and the list of failed deliveries. */
@Module({
  controllers: [SlackController],
  providers: [SecretBox, SlackRepository, SlackSettingsService, NotificationDeliveries],
  exports: [NotificationDeliveries],
})
export class SlackModule {}
