import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  PEOPLE_SORTS,
  type Page,
  type PeopleSort,
  type StaffAssignmentHistoryItem,
  type StaffListItem,
} from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { DateQuery, StaffSearchQuery } from '../common/date-query';
import { AuditsPersonalData } from '../audit/audits-personal-data';
import { Allow, CurrentUser } from '../common/decorators';
import { StaffService } from './staff.service';

class StaffListQuery extends StaffSearchQuery {
  @ApiPropertyOptional({
    enum: PEOPLE_SORTS,
    description: '所属順（unit）・その逆（-unit）。省略時は職員番号順',
  })
  @IsOptional()
  @IsIn(PEOPLE_SORTS, { message: `sort は ${PEOPLE_SORTS.join('・')} のいずれかです。` })
  sort?: PeopleSort;
}

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Allow('staff.read')
  @Get()
  @AuditsPersonalData('staff.searched', {
    scope: ['q', 'orgUnitCode', 'date', 'sort', 'page'],
    count: 'total',
  })
  search(@CurrentUser() user: AuthUser, @Query() query: StaffListQuery): Promise<Page<StaffListItem>> {
    return this.staff.search(user, { ...query, date: query.date ?? todayInTokyo() });
  }

  @Allow('history.read')
  @Get(':employeeNo/history')
  @AuditsPersonalData('staff.history_viewed', { person: 'employeeNo', scope: ['date'], count: 'length' })
  history(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Query() query: DateQuery,
  ): Promise<StaffAssignmentHistoryItem[]> {
    return this.staff.history(user, employeeNo, query.date ?? todayInTokyo());
  }
}
