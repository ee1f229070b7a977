import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { UdemyBusinessConnectionView, UdemySyncAnswer } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { UdemySyncService } from './udemy-sync.service';

class UdemyConnectionDto {
  @ApiProperty({ example: 'https://pref-example.udemy.com' })
  @IsString({ message: '接続先URLを入力してください。' })
  @MaxLength(500, { message: '接続先URLは500文字以内で入力してください。' })
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      allow_query_components: false,
    },
    {
      message:
        '接続先URLは http:// または https:// で始まるURLで入力してください（例: https://pref-example.udemy.com）。',
    },
  )
  baseUrl: string;

  @ApiProperty({ example: '123456' })
  @IsString({ message: '組織IDを入力してください。' })
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: '組織IDは英数字（100文字以内）で入力してください。' })
  organizationId: string;

  @ApiProperty()
  @IsString({ message: 'クライアントIDを入力してください。' })
  @MinLength(1, { message: 'クライアントIDを入力してください。' })
  @MaxLength(200, { message: 'クライアントIDは200文字以内で入力してください。' })
  @Matches(/^[^:\s]+$/, { message: 'クライアントIDに空白や「:」は使えません。' })
  clientId: string;

  @ApiPropertyOptional({
    description: '保存時に暗号化され、返されることはありません。省略すると保存済みのものを使います。',
    writeOnly: true,
  })
  @IsOptional()
  @IsString({ message: 'クライアントシークレットは文字列で入力してください。' })
  @MaxLength(500, { message: 'クライアントシークレットは500文字以内で入力してください。' })
  clientSecret?: string;
}

/** The tenant's Udemy Business Reporting API connection (sysadmin) and its sync (HR). */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/udemy-business')
export class UdemySyncController {
  constructor(private readonly udemy: UdemySyncService) {}

  /** The connection without its secret, with the last sync's time and result. */
  @Allow('integrations.sync')
  @Get()
  view(@CurrentUser() user: AuthUser): Promise<UdemyBusinessConnectionView> {
    return this.udemy.view(user.tenantId);
  }

  @Allow('integrations.configure')
  @Put()
  save(
    @CurrentUser() user: AuthUser,
    @Body() body: UdemyConnectionDto,
    @Req() request: FastifyRequest,
  ): Promise<UdemyBusinessConnectionView> {
    return this.udemy.save(user, body, request.ip);
  }

  /** Pulls the activity since the last successful sync and applies it in one transaction. */
  @Allow('integrations.sync')
  @Post('sync')
  @HttpCode(200)
  sync(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<UdemySyncAnswer> {
    return this.udemy.sync(user.tenantId, { user, ip: request.ip });
  }
}
