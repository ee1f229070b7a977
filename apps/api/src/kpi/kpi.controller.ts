import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { KpiDashboard } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { KPI_DEFINITIONS, KpiService } from './kpi.service';

const KEYS = KPI_DEFINITIONS.map((d) => d.key);

class TargetDto {
  @ApiProperty({ enum: KEYS })
  @IsIn(KEYS, {
    message: `指標は ${KPI_DEFINITIONS.map((d) => `「${d.label}」`).join('・')} のいずれかです。`,
  })
  key: string;

  @ApiProperty({ nullable: true })
  @IsOptional()
  @IsNumber({}, { message: '現状値は数値で入力してください。' })
  @Min(0, { message: '現状値は0以上の数値で入力してください。' })
  @Max(1_000_000, { message: '現状値は1,000,000以下の数値で入力してください。' })
  baseline: number | null;

  @ApiProperty({ nullable: true })
  @IsOptional()
  @IsNumber({}, { message: '目標値は数値で入力してください。' })
  @Min(0, { message: '目標値は0以上の数値で入力してください。' })
  @Max(1_000_000, { message: '目標値は1,000,000以下の数値で入力してください。' })
  target: number | null;
}

class TargetsDto {
  @ApiProperty({ type: [TargetDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets: TargetDto[];
}

@ApiTags('kpi')
@ApiBearerAuth()
@Controller('kpi')
export class KpiController {
  constructor(private readonly kpi: KpiService) {}

  @Allow('kpi.read')
  @Get()
  dashboard(@CurrentUser() user: AuthUser, @Query() query: FiscalYearQuery): Promise<KpiDashboard> {
    return this.kpi.dashboard(user, fiscalYearFrom(query));
  }

  @Allow('kpi.manage')
  @Put('targets')
  save(
    @CurrentUser() user: AuthUser,
    @Query() query: FiscalYearQuery,
    @Body() body: TargetsDto,
  ): Promise<KpiDashboard> {
    return this.kpi.saveTargets(
      user,
      fiscalYearFrom(query),
      body.targets.map((t) => ({ key: t.key, baseline: t.baseline ?? null, target: t.target ?? null })),
    );
  }
}
