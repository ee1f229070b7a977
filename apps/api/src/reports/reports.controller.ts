import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { type CompletionReport, REPORT_GROUPS, type ReportGroup } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { AuditsPersonalData, countAuditedRows } from '../audit/audits-personal-data';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { ExportsService, ExportStream } from './exports.service';
import { ReportsService } from './reports.service';

class ScopeQuery extends FiscalYearQuery {
  @ApiPropertyOptional({ description: 'この所属とその下位に絞る' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  orgUnitCode?: string;

  @ApiPropertyOptional({ enum: ['KAISO', 'DX-SPECIALIST', 'DX-PROMOTER', 'WORKPLACE-DX'] })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  trackCode?: string;
}

class ReportQuery extends ScopeQuery {
  @ApiPropertyOptional({ enum: REPORT_GROUPS, default: 'department' })
  @IsOptional()
  @IsIn(REPORT_GROUPS, { message: `groupBy は ${REPORT_GROUPS.join('・')} のいずれかです。` })
  groupBy?: ReportGroup;
}

class CsvQuery extends ScopeQuery {
  @ApiPropertyOptional({ enum: ['utf-8', 'shift_jis'], default: 'utf-8' })
  @IsOptional()
  @IsIn(['utf-8', 'shift_jis'], { message: 'encoding は utf-8 または shift_jis です。' })
  encoding?: 'utf-8' | 'shift_jis';
}

@ApiTags('reports')
@ApiBearerAuth()
@Allow('reports.read')
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly exports: ExportsService,
  ) {}

  @Get('reports/completion')
  completion(@CurrentUser() user: AuthUser, @Query() query: ReportQuery): Promise<CompletionReport> {
    return this.reports.completion(
      user,
      fiscalYearFrom(query),
      query.groupBy ?? 'department',
      query.orgUnitCode,
      query.trackCode,
    );
  }

  @Get('exports/completion.csv')
  @AuditsPersonalData('export.completion_csv', {
    scope: ['orgUnitCode', 'trackCode', 'fiscalYear', 'encoding'],
  })
  async csv(
    @CurrentUser() user: AuthUser,
    @Query() query: CsvQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const encoding = query.encoding ?? 'utf-8';
    const result = await this.exports.csv(user, { ...query, fiscalYear: fiscalYearFrom(query) }, encoding);
    send(reply, result, encoding === 'utf-8' ? 'text/csv; charset=utf-8' : 'text/csv; charset=shift_jis');
  }

  @Get('exports/completion.xlsx')
  @AuditsPersonalData('export.completion_xlsx', { scope: ['orgUnitCode', 'trackCode', 'fiscalYear'] })
  async xlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: ScopeQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.exports.xlsx(user, { ...query, fiscalYear: fiscalYearFrom(query) });
    send(reply, result, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }
}

function send(reply: FastifyReply, result: ExportStream, contentType: string): void {
  void reply.header('content-type', contentType).header('cache-control', 'no-store');
  void reply.header(
    'content-disposition',
    `attachment; filename="completion-export"; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
  );
  if (result.substituted.length > 0) {
    // Header values are Latin-1: the characters travel percent-encoded.
    void reply.header('x-substituted-characters', encodeURIComponent(result.substituted.join('')));
    void reply.header('access-control-expose-headers', 'x-substituted-characters');
  }
  countAuditedRows(reply, result.rows);
  void reply.send(result.stream);
}
