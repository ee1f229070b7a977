import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  COHORT_STAGES,
  type CohortMemberChange,
  type CohortStage,
  type CohortView,
  type NewCohort,
} from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { IsCalendarDate, ISO_DATE, ISO_DATE_MESSAGE } from '../common/date-query';
import { Allow, CurrentUser } from '../common/decorators';
import { CohortsService } from './cohorts.service';

class CohortDto implements NewCohort {
  @ApiProperty({ example: 'SP-2026' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'コードは英数字とハイフン40文字以内です。' })
  code: string;

  @ApiProperty({ example: '令和8年度 DX推進スペシャリスト養成' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 2026 })
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @ApiPropertyOptional({ example: '2027-01-31' })
  @IsOptional()
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  dueDate?: string;
}

class MemberDto implements CohortMemberChange {
  @ApiProperty({ enum: COHORT_STAGES })
  @IsIn(COHORT_STAGES, { message: `段階は ${COHORT_STAGES.join('・')} のいずれかです。` })
  stage: CohortStage;

  @ApiProperty({ example: '2026-05-01' })
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  joinedOn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  certifiedOn?: string;
}

@ApiTags('promoters')
@ApiBearerAuth()
@Allow('promoters.manage')
@Controller('specialist-cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<CohortView[]> {
    return this.cohorts.list(user);
  }

  @Post()
  @HttpCode(201)
  async create(@CurrentUser() user: AuthUser, @Body() body: CohortDto): Promise<void> {
    await this.cohorts.create(user, {
      code: body.code,
      name: body.name,
      fiscalYear: body.fiscalYear,
      dueDate: body.dueDate ?? null,
    });
  }

  @Put(':code/members/:employeeNo')
  @HttpCode(204)
  async setMember(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('employeeNo') employeeNo: string,
    @Body() body: MemberDto,
  ): Promise<void> {
    await this.cohorts.setMember(user, code, employeeNo, body.stage, body.joinedOn, body.certifiedOn ?? null);
  }
}
