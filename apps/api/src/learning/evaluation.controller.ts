import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { FastifyReply } from 'fastify';
import { type EvaluationResult, SUBMISSION_STATUSES, type SubmissionListItem } from '@dx/contract';
import { AuditsPersonalData, auditPerson } from '../audit/audits-personal-data';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { EvaluationService, LiveParticipant, LiveSessionItem } from './evaluation.service';
import { safeDownloadType } from './uploaded-file';

class SubmissionQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: 'status は submitted・passed・returned のいずれかです。' })
  status?: string;
}

class EvaluationDto {
  @ApiProperty({ enum: ['passed', 'returned'] })
  @IsIn(['passed', 'returned'], { message: 'result は passed（合格）か returned（差し戻し）です。' })
  result: EvaluationResult;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment = '';
}

class AttendanceDto {
  @ApiProperty({ example: 2026 })
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  employeeNos: string[];
}

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Allow('submissions.evaluate')
  @Get('submissions')
  @AuditsPersonalData('submissions.listed', { scope: ['status'], count: 'length' })
  list(@CurrentUser() user: AuthUser, @Query() query: SubmissionQuery): Promise<SubmissionListItem[]> {
    return this.evaluation.list(user, query.status);
  }

  @Allow('submissions.evaluate')
  @Get('submissions/:id/file')
  @AuditsPersonalData('submission.file_downloaded', { params: { id: 'submissionId' } })
  async file(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.evaluation.file(user, id);
    auditPerson(reply, file.employeeNo);
    void reply
      .header('content-type', safeDownloadType(file.type))
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="submission"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      )
      .send(file.data);
  }

  @Allow('submissions.evaluate')
  @Post('submissions/:id/evaluation')
  @HttpCode(204)
  async evaluate(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: EvaluationDto,
  ): Promise<void> {
    await this.evaluation.evaluate(user, id, body.result, body.comment ?? '');
  }

  @Allow('attendance.manage')
  @Get('live-sessions')
  liveSessions(@CurrentUser() user: AuthUser, @Query() query: FiscalYearQuery): Promise<LiveSessionItem[]> {
    return this.evaluation.liveSessions(user, fiscalYearFrom(query));
  }

  @Allow('attendance.manage')
  @Get('live-sessions/:moduleId/participants')
  @AuditsPersonalData('live_session.participants_viewed', {
    params: { moduleId: 'moduleId' },
    scope: ['fiscalYear'],
    count: 'length',
  })
  participants(
    @CurrentUser() user: AuthUser,
    @Param('moduleId', ParseIntPipe) moduleId: number,
    @Query() query: FiscalYearQuery,
  ): Promise<LiveParticipant[]> {
    return this.evaluation.participants(user, moduleId, fiscalYearFrom(query));
  }

  @Allow('attendance.manage')
  @Post('catalogue/modules/:moduleId/attendance')
  @HttpCode(200)
  attendance(
    @CurrentUser() user: AuthUser,
    @Param('moduleId', ParseIntPipe) moduleId: number,
    @Body() body: AttendanceDto,
  ): Promise<{ recorded: number; notAssigned: string[] }> {
    return this.evaluation.recordAttendance(user, moduleId, body.fiscalYear, body.employeeNos);
  }
}
