import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { NotificationDeliveryView, SlackSettingsView } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { Problem } from '../common/problem';
import { SlackSettingsService } from './slack-settings.service';

class SlackWebhookDto {
  @ApiProperty({
    example: 'https://hooks.slack.com/services/T000/B000/XXXX',
    description:
      'https:// のみ、送信先は SLACK_WEBHOOK_HOSTS のホスト（既定 hooks.slack.com）に限ります。保存時に暗号化され、返されることはありません（表示はホスト名のみ）。',
    writeOnly: true,
  })
  @IsString({ message: 'Webhook URL を入力してください。' })
  @MaxLength(500, { message: 'Webhook URL は500文字以内で入力してください。' })
  // The scheme and the host are the service's check (checkWebhookUrl), which also refuses what is not a URL.
  webhookUrl: string;
}

const UNIT_CODE = /^[0-9A-Za-z_-]{1,20}$/;

function unitCode(code: string): string {
  if (!UNIT_CODE.test(code)) throw Problem.notFound(`所属コード「${code}」は見つかりません。`);
  return code;
}

/** The tenant's Slack webhooks (HR, write-only) and the notices that could not be delivered. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class SlackController {
  constructor(private readonly slack: SlackSettingsService) {}

  /** Which webhooks are set (host only, never the URL). */
  @Allow('notifications.manage')
  @Get('slack/settings')
  view(@CurrentUser() user: AuthUser): Promise<SlackSettingsView> {
    return this.slack.view(user.tenantId);
  }

  /** The tenant's default channel. */
  @Allow('notifications.manage')
  @Put('slack/settings')
  save(@CurrentUser() user: AuthUser, @Body() body: SlackWebhookDto): Promise<SlackSettingsView> {
    return this.slack.save(user, '', body.webhookUrl);
  }

  @Allow('notifications.manage')
  @Delete('slack/settings')
  remove(@CurrentUser() user: AuthUser): Promise<SlackSettingsView> {
    return this.slack.remove(user, '');
  }

  /** A 所属's own channel (its reminders and its manager's digest go there instead of the default). */
  @Allow('notifications.manage')
  @Put('slack/unit-channels/:code')
  saveUnit(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: SlackWebhookDto,
  ): Promise<SlackSettingsView> {
    return this.slack.save(user, unitCode(code), body.webhookUrl);
  }

  @Allow('notifications.manage')
  @Delete('slack/unit-channels/:code')
  removeUnit(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<SlackSettingsView> {
    return this.slack.remove(user, unitCode(code));
  }

  /** The most recent deliveries (Slack or e-mail) that failed for good, newest first (at most 100). */
  @Allow('notifications.manage')
  @Get('notifications/deliveries/failed')
  failed(@CurrentUser() user: AuthUser): Promise<NotificationDeliveryView[]> {
    return this.slack.failedDeliveries(user.tenantId);
  }
}
