import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { ImportResult, PromoterImportCounts, PromoterView } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { IsCalendarDate, ISO_DATE, ISO_DATE_MESSAGE } from '../common/date-query';
import { CurrentUser, Roles } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { readUploadedFile } from '../imports/imports.controller';
import { PromotersService } from './promoters.service';

class DesignationDto {
  @ApiProperty({ example: '2026-04-01' })
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  designatedOn: string;
}

class PromoterImportQuery extends FiscalYearQuery {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun は true または false で指定してください。' })
  dryRun = false;
}

@ApiTags('promoters')
@ApiBearerAuth()
@Roles('hr', 'sysadmin')
@Controller()
export class PromotersController {
  constructor(private readonly promoters: PromotersService) {}

  @Get('promoters')
  list(@CurrentUser() user: AuthUser, @Query() query: FiscalYearQuery): Promise<PromoterView[]> {
    return this.promoters.list(user, fiscalYearFrom(query));
  }

  @Put('promoters/:employeeNo')
  @HttpCode(204)
  async designate(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Query() query: FiscalYearQuery,
    @Body() body: DesignationDto,
  ): Promise<void> {
    await this.promoters.designate(user, employeeNo, body.designatedOn, query.fiscalYear);
  }

  @Delete('promoters/:employeeNo')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('employeeNo') employeeNo: string, @Query() query: FiscalYearQuery): Promise<void> {
    await this.promoters.remove(user, employeeNo, fiscalYearFrom(query));
  }

  @Post('imports/promoters')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  async importRoster(
    @CurrentUser() actor: AuthUser,
    @Query() query: PromoterImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<ImportResult<PromoterImportCounts>> {
    const bytes = await readUploadedFile(request);
    return this.promoters.importRoster({ bytes, actor, dryRun: query.dryRun, effectiveDate: todayInTokyo(), fiscalYear: query.fiscalYear, ip: request.ip });
  }
}
