import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ImportResult, PromoterImportCounts, PromoterView } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { IsCalendarDate, ISO_DATE, ISO_DATE_MESSAGE } from '../common/date-query';
import { ImportRunningRetryAfter } from '../imports/import-run';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { readUploadedFile } from '../imports/imports.controller';
import { type RosterEncoding, PromotersService } from './promoters.service';

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

class RosterExportQuery extends FiscalYearQuery {
  @ApiPropertyOptional({
    enum: ['utf-8', 'shift_jis'],
    description: 'utf-8（BOM付き、既定）または shift_jis',
  })
  @IsOptional()
  @IsIn(['utf-8', 'shift_jis'], {
    message: '文字コードは UTF-8（utf-8）か Shift_JIS（shift_jis）を指定してください。',
  })
  encoding?: RosterEncoding;
}

@ApiTags('promoters')
@ApiBearerAuth()
@Allow('promoters.manage')
@Controller()
export class PromotersController {
  constructor(private readonly promoters: PromotersService) {}

  @Get('promoters')
  list(@CurrentUser() user: AuthUser, @Query() query: FiscalYearQuery): Promise<PromoterView[]> {
    return this.promoters.list(user, fiscalYearFrom(query));
  }

  /** The year's roster as CSV; the file name says its encoding (…_UTF-8.csv / …_Shift_JIS.csv). */
  @Get('exports/promoters.csv')
  async exportRoster(
    @CurrentUser() user: AuthUser,
    @Query() query: RosterExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const encoding = query.encoding ?? 'utf-8';
    const csv = await this.promoters.rosterCsv(user, fiscalYearFrom(query), encoding);
    void reply
      .header(
        'content-type',
        encoding === 'utf-8' ? 'text/csv; charset=utf-8' : 'text/csv; charset=shift_jis',
      )
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="promoters.csv"; filename*=UTF-8''${encodeURIComponent(csv.fileName)}`,
      );
    if (csv.substituted.length > 0) {
      void reply.header('x-substituted-characters', encodeURIComponent(csv.substituted.join('')));
      void reply.header('access-control-expose-headers', 'x-substituted-characters');
    }
    void reply.send(csv.bytes);
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
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('employeeNo') employeeNo: string,
    @Query() query: FiscalYearQuery,
  ): Promise<void> {
    await this.promoters.remove(user, employeeNo, fiscalYearFrom(query));
  }

  @Post('imports/promoters')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(ImportRunningRetryAfter)
  async importRoster(
    @CurrentUser() actor: AuthUser,
    @Query() query: PromoterImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<ImportResult<PromoterImportCounts>> {
    const bytes = await readUploadedFile(request);
    return this.promoters.importRoster({
      bytes,
      actor,
      dryRun: query.dryRun,
      effectiveDate: todayInTokyo(),
      fiscalYear: query.fiscalYear,
      ip: request.ip,
    });
  }
}
