import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { AuditLogPage } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { IsCalendarDate, ISO_DATE, ISO_DATE_MESSAGE } from '../common/date-query';
import { Allow, CurrentUser } from '../common/decorators';
import { AuditLogService } from './audit-log.service';
import { AuditsPersonalData, countAuditedRows } from './audits-personal-data';

const toNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

class AuditLogFilterQuery {
  @ApiPropertyOptional({ description: '操作者のログインID（完全一致）' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  actor?: string;
  @ApiPropertyOptional({ description: '対象者の職員番号' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  person?: string;
  @ApiPropertyOptional({ description: 'この日から（YYYY-MM-DD、日本時間）' })
  @IsOptional()
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({ description: 'この日まで（YYYY-MM-DD、日本時間、その日を含む）' })
  @IsOptional()
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  to?: string;
  @ApiPropertyOptional({ description: '操作（例: staff.enrollments_viewed）' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  action?: string;
}

class AuditLogSearchQuery extends AuditLogFilterQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: 'page は整数で指定してください。' })
  @Min(1)
  page = 1;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: 'pageSize は整数で指定してください。' })
  @Min(1)
  @Max(200)
  pageSize = 50;
}

const FILTERS = ['actor', 'person', 'from', 'to', 'action'] as const;

@ApiTags('audit')
@ApiBearerAuth()
@Allow('audit.read')
@Controller()
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get('audit-log')
  @ApiOkResponse({ description: 'AuditLogPage: { total, page, pageSize, items } (newest first)' })
  search(@CurrentUser() user: AuthUser, @Query() query: AuditLogSearchQuery): Promise<AuditLogPage> {
    return this.auditLog.search(user, query, query.page, query.pageSize);
  }

  /** The matching lines as CSV (UTF-8 with BOM, every cell safe from formulas); the export is itself audited. */
  @Get('exports/audit-log.csv')
  @AuditsPersonalData('export.audit_log_csv', { scope: FILTERS })
  async csv(
    @CurrentUser() user: AuthUser,
    @Query() query: AuditLogFilterQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { stream, rows } = await this.auditLog.csv(user, query);
    countAuditedRows(reply, rows);
    const fileName = `監査ログ_${todayInTokyo()}_UTF-8.csv`;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="audit-log.csv"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      )
      .send(stream);
  }
}
