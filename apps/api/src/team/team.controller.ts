import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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
import type { PeopleSort, ReminderChannel, ReminderPreview, ReminderResult } from '@dx/contract';
import { ENROLLMENT_STATUSES, PEOPLE_SORTS, REMINDER_CHANNELS } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { AuditsPersonalData } from '../audit/audits-personal-data';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { TeamService } from './team.service';

const toNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

class MatrixQuery extends FiscalYearQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) orgUnitCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(30) trackCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) courseCode?: string;
  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES })
  @IsOptional()
  @IsIn(ENROLLMENT_STATUSES, { message: `status は ${ENROLLMENT_STATUSES.join('・')} のいずれかです。` })
  status?: string;
  @ApiPropertyOptional({ description: '職位名' }) @IsOptional() @IsString() @MaxLength(50) position?: string;
  @ApiPropertyOptional({ description: '職員番号・氏名' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({
    enum: PEOPLE_SORTS,
    description: '所属順（unit）・その逆（-unit）。省略時は期限超過の多い順',
  })
  @IsOptional()
  @IsIn(PEOPLE_SORTS, { message: `sort は ${PEOPLE_SORTS.join('・')} のいずれかです。` })
  sort?: PeopleSort;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Transform(toNumber) @IsInt() @Min(1) page = 1;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize = 50;
}

class ReminderDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear?: number;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  employeeNos?: string[];
  @ApiPropertyOptional({ default: 14 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(90)
  dueWithinDays?: number;
  @ApiPropertyOptional({
    enum: REMINDER_CHANNELS,
    default: 'email',
    description: 'email: 本人へメール、slack: 所属の Slack チャンネル、both: 両方',
  })
  @IsOptional()
  @IsIn(REMINDER_CHANNELS, { message: '送信方法は email・slack・both のいずれかです。' })
  channel?: ReminderChannel;
}

@ApiTags('team')
@ApiBearerAuth()
@Controller('team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  /** A TeamMatrix, sent as the JSON bytes the service assembles (see TeamService.matrix). */
  @Allow('team.read')
  @Get('matrix')
  @AuditsPersonalData('team.matrix_viewed', {
    scope: [
      'orgUnitCode',
      'fiscalYear',
      'trackCode',
      'courseCode',
      'status',
      'position',
      'q',
      'sort',
      'page',
    ],
    count: 'total',
  })
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    description:
      'TeamMatrix: { fiscalYear, asOf, unit, subUnits, courses, columnTotals, total, page, pageSize, people }',
  })
  matrix(@CurrentUser() user: AuthUser, @Query() query: MatrixQuery): Promise<Buffer> {
    return this.team.matrix(user, { ...query, fiscalYear: fiscalYearFrom(query) });
  }

  @Allow('team.remind')
  @Post('reminders')
  @HttpCode(200)
  remind(@CurrentUser() user: AuthUser, @Body() body: ReminderDto): Promise<ReminderResult> {
    return this.team.remind(
      user,
      fiscalYearFrom(body),
      body.employeeNos,
      body.dueWithinDays ?? 14,
      body.channel ?? 'email',
    );
  }

  /** The e-mails the same request to POST /team/reminders would send now; nothing is sent or recorded. */
  @Allow('team.remind')
  @Post('reminders/preview')
  @HttpCode(200)
  previewReminders(@CurrentUser() user: AuthUser, @Body() body: ReminderDto): Promise<ReminderPreview> {
    return this.team.previewReminders(user, fiscalYearFrom(body), body.employeeNos, body.dueWithinDays ?? 14);
  }
}
