import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { Mailer } from './mailer';
import { TeamController } from './team.controller';
import { TeamRepository } from './team.repository';
import { TeamService } from './team.service';

/** The manager's matrix and reminder e-mails, read from the report figures. */
@Module({
  imports: [ReportsModule],
  controllers: [TeamController],
  providers: [TeamService, TeamRepository, Mailer],
})
export class TeamModule {}
