import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrgUnitNode } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { DateQuery } from '../common/date-query';
import { Allow, CurrentUser } from '../common/decorators';
import { OrgService } from './org.service';

@ApiTags('org')
@ApiBearerAuth()
@Controller('org-units')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Allow('org.read')
  @Get()
  tree(@CurrentUser() user: AuthUser, @Query() query: DateQuery): Promise<OrgUnitNode[]> {
    return this.org.tree(user, query.date ?? todayInTokyo());
  }
}
