import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { SlackModule } from '../slack/slack.module';
import { Mailer } from './mailer';
import { TeamController } from './team.controller';
import { TeamRepository } from './team.repository';
import { TeamService } from './team.service';
import { WeeklyDigestJob } from './weekly-digest-job';
import { WeeklyDigestService } from './weekly-digest.service';

/** The manager's matrix, reminders (e-mail, Slack or both) and weekly digest, read from the report figures. */
@Module({
  imports: [ReportsModule, SlackModule],
  controllers: [TeamController],
  providers: [TeamService, TeamRepository, Mailer, WeeklyDigestService, WeeklyDigestJob],
})
export class TeamModule {}
