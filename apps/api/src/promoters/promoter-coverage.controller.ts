import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import type { PromoterCoverage, PromoterRequestBody, PromoterRequestResult } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { PromoterCoverageService } from './promoter-coverage.service';

class PromoterRequestDto implements PromoterRequestBody {
  @ApiPropertyOptional({
    type: [String],
    description: '依頼する所属のコード（省略時は推進員のいない所属すべて）',
    example: ['010100'],
  })
  @IsOptional()
  @IsArray({ message: 'unitCodes は所属コードの配列で指定してください。' })
  @ArrayMaxSize(5000, { message: '一度に依頼できる所属は5,000件までです。' })
  @IsString({ each: true, message: '所属コードは文字列で指定してください。' })
  @Matches(/^[\w-]{1,20}$/, { each: true, message: '所属コードは英数字20文字以内です。' })
  unitCodes?: string[];
}

/** 推進員の配置状況: the 所属 without a デジタル活用推進員 for the year, and asking their heads to name one. */
@ApiTags('promoters')
@ApiBearerAuth()
@Allow('promoters.manage')
@Controller('promoter-coverage')
export class PromoterCoverageController {
  constructor(private readonly coverage: PromoterCoverageService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: FiscalYearQuery): Promise<PromoterCoverage> {
    return this.coverage.coverage(user, fiscalYearFrom(query));
  }

  /** E-mails (and, with Slack connected, posts to) the head of each 所属 without a promoter; once a day per 所属. */
  @Post('requests')
  @HttpCode(200)
  request(
    @CurrentUser() user: AuthUser,
    @Query() query: FiscalYearQuery,
    @Body() body: PromoterRequestDto,
  ): Promise<PromoterRequestResult> {
    return this.coverage.request(user, fiscalYearFrom(query), body.unitCodes);
  }
}
