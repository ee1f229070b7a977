import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, StaffAssignmentHistoryItem, StaffListItem } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { DateQuery, StaffSearchQuery } from '../common/date-query';
import { CurrentUser, Roles } from '../common/decorators';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Roles('manager', 'hr', 'sysadmin')
  @Get()
  search(@CurrentUser() user: AuthUser, @Query() query: StaffSearchQuery): Promise<Page<StaffListItem>> {
    return this.staff.search(user, { ...query, date: query.date ?? todayInTokyo() });
  }

  @Get(':employeeNo/history')
  history(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Query() query: DateQuery,
  ): Promise<StaffAssignmentHistoryItem[]> {
    return this.staff.history(user, employeeNo, query.date ?? todayInTokyo());
  }
}
