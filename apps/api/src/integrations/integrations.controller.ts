import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { UdemyCourseLink, UnmatchedRow, UnmatchedStatus } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { UnmatchedQueueService } from './unmatched-queue.service';

const STATUSES = ['pending', 'applied', 'dismissed', 'all'] as const;

class UnmatchedQuery {
  @ApiPropertyOptional({ enum: STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status は pending・applied・dismissed・all のいずれかです。' })
  status?: UnmatchedStatus | 'all';
}

class ResolveDto {
  @ApiPropertyOptional({ description: 'この職員の記録として反映する（職員番号）' })
  @IsOptional()
  @IsString({ message: '職員番号は文字列で指定してください。' })
  @MaxLength(20, { message: '職員番号は20文字以内で指定してください。' })
  employeeNo?: string;

  @ApiPropertyOptional({ description: 'この教材（外部講座）の修了として反映する' })
  @IsOptional()
  @IsInt({ message: '教材は番号（moduleId）で指定してください。' })
  @Min(1, { message: '教材の番号（moduleId）が正しくありません。' })
  moduleId?: number;
}

class DismissDto {
  @ApiProperty({ description: '対象外とする理由' })
  @IsString({ message: '理由は文字列で入力してください。' })
  @IsNotEmpty({ message: '対象外とする理由を入力してください。' })
  @MaxLength(500, { message: '理由は500文字以内で入力してください。' })
  reason: string;
}

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly queue: UnmatchedQueueService) {}

  /** 連携の未照合: outside records (Udemy CSV / Reporting API / xAPI) that matched no person or course. */
  @Allow('integrations.read')
  @Get('unmatched')
  unmatched(@CurrentUser() user: AuthUser, @Query() query: UnmatchedQuery): Promise<UnmatchedRow[]> {
    return this.queue.list(user.tenantId, query.status ?? 'pending');
  }

  @Allow('integrations.resolve')
  @Post('unmatched/:id/resolve')
  @HttpCode(200)
  resolve(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ResolveDto,
    @Req() request: FastifyRequest,
  ): Promise<UnmatchedRow> {
    return this.queue.resolve(user, id, { employeeNo: body.employeeNo, moduleId: body.moduleId }, request.ip);
  }

  @Allow('integrations.resolve')
  @Post('unmatched/:id/dismiss')
  @HttpCode(200)
  dismiss(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DismissDto,
    @Req() request: FastifyRequest,
  ): Promise<UnmatchedRow> {
    return this.queue.dismiss(user, id, body.reason.trim(), request.ip);
  }

  /** The external modules that name a Udemy Business course: what a Udemy export completes. */
  @Allow('integrations.read')
  @Get('udemy-business/courses')
  udemyCourses(@CurrentUser() user: AuthUser): Promise<UdemyCourseLink[]> {
    return this.queue.udemyCourses(user.tenantId);
  }
}
