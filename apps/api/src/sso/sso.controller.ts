import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OidcProviderView } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser, Public } from '../common/decorators';
import { AppConfig } from '../config/app-config';
import { AuthService } from '../auth/auth.service';
import { IdentityProviderGuard, openSignedInApp, type SignedInUser } from './identity-provider';
import { SSO_PENDING_COOKIE } from './oidc.strategy';
import { SsoRefusalFilter } from './sso-refusal';
import { PENDING_SIGN_IN_SECONDS, SsoService } from './sso.service';

class OidcProviderDto {
  @ApiProperty({ example: 'https://idp.pref.example.lg.jp/realms/staff' })
  @IsString({ message: '発行者（issuer）のURLを入力してください。' })
  @MaxLength(500, { message: '発行者（issuer）のURLは500文字以内で入力してください。' })
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      allow_query_components: false,
    },
    { message: '発行者（issuer）は https:// で始まるURLで入力してください。' },
  )
  issuer: string;

  @ApiProperty()
  @IsString({ message: 'クライアントIDを入力してください。' })
  @MinLength(1, { message: 'クライアントIDを入力してください。' })
  @MaxLength(200, { message: 'クライアントIDは200文字以内で入力してください。' })
  clientId: string;

  @ApiPropertyOptional({
    description: '保存時に暗号化され、返されることはありません。省略すると保存済みのものを使います。',
    writeOnly: true,
  })
  @IsOptional()
  @IsString({ message: 'クライアントシークレットは文字列で入力してください。' })
  @MinLength(1, { message: 'クライアントシークレットを入力してください。' })
  @MaxLength(500, { message: 'クライアントシークレットは500文字以内で入力してください。' })
  clientSecret?: string;

  @ApiPropertyOptional({
    default: 'preferred_username',
    description: '職員番号が入っているIDトークンのクレーム',
  })
  @IsOptional()
  @IsString({ message: 'クレーム名は文字列で入力してください。' })
  @Matches(/^[A-Za-z0-9_:.\-/]{1,100}$/, {
    message: 'クレーム名は英数字と _ : . - / （100文字以内）で入力してください。',
  })
  claim?: string;

  @ApiPropertyOptional({
    default: true,
    description: 'false: 職員はパスワードでログインできず、IdP を使います',
  })
  @IsOptional()
  @IsBoolean({ message: 'passwordLoginForStaff は true か false で指定してください。' })
  passwordLoginForStaff?: boolean;
}

/** The tenant's OpenID Connect provider (sysadmin). */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/oidc')
export class OidcSettingsController {
  constructor(private readonly sso: SsoService) {}

  @Allow('integrations.configure')
  @Get()
  view(@CurrentUser() user: AuthUser): Promise<OidcProviderView> {
    return this.sso.view(user.tenantId);
  }

  @Allow('integrations.configure')
  @Put()
  save(
    @CurrentUser() user: AuthUser,
    @Body() body: OidcProviderDto,
    @Req() request: FastifyRequest,
  ): Promise<OidcProviderView> {
    return this.sso.save(user, body, request.ip);
  }

  @Allow('integrations.configure')
  @Delete()
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<void> {
    return this.sso.remove(user, request.ip);
  }
}

const pendingCookie = (request: FastifyRequest, config: AppConfig) => ({
  path: '/api/v1/auth/sso',
  httpOnly: true,
  // Lax: the provider sends the browser back by a cross-site top-level navigation, which must bring it.
  sameSite: 'lax' as const,
  secure: config.COOKIE_SECURE || request.protocol === 'https',
});

/** Staff sign in through their tenant's identity provider; the session is the password login's. */
@ApiTags('auth')
@UseFilters(SsoRefusalFilter)
@Controller('auth/sso/:tenantCode')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** Sends the browser to the provider (code flow, PKCE, state, nonce). */
  @Public()
  @Get()
  async start(
    @Param('tenantCode') tenantCode: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { url, sealedPending } = await this.sso.start(tenantCode);
    if (sealedPending)
      void reply.setCookie(SSO_PENDING_COOKIE, sealedPending, {
        ...pendingCookie(request, this.config),
        maxAge: PENDING_SIGN_IN_SECONDS,
      });
    void reply.header('cache-control', 'no-store').redirect(url, 302);
  }

  /** The provider's answer: signs the person in and opens the web app, or shows why not. */
  @Public()
  @UseGuards(IdentityProviderGuard('oidc'))
  @Get('callback')
  async callback(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.clearCookie(SSO_PENDING_COOKIE, { path: pendingCookie(request, this.config).path });
    await openSignedInApp(this.auth, this.config, user, request, reply, 302);
  }
}
