import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Injectable,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ApiBearerAuth, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SamlProviderView } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser, Public } from '../common/decorators';
import { AppConfig } from '../config/app-config';
import { AuthService } from '../auth/auth.service';
import { IdentityProviderCallback, IdentityProviderGuard, openSignedInApp } from './identity-provider';
import { SAML_ACS_FORM } from './saml-form';
import { SamlService } from './saml.service';
import { SsoRefusalFilter } from './sso-refusal';

class SamlProviderDto {
  @ApiProperty({
    example: 'https://idp.pref.example.lg.jp/saml/sso',
    description: 'IdP のシングルサインオン URL（HTTP-Redirect）',
  })
  @IsString({ message: 'IdP のシングルサインオンURLを入力してください。' })
  @MaxLength(500, { message: 'IdP のシングルサインオンURLは500文字以内で入力してください。' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'IdP のシングルサインオンURLは https:// で始まるURLで入力してください。' },
  )
  entryPoint: string;

  @ApiPropertyOptional({
    description: 'IdP の署名用 X.509 証明書（PEM）。省略すると保存済みのものを使います。',
  })
  @IsOptional()
  @IsString({ message: 'IdP の署名用証明書を貼り付けてください。' })
  @MaxLength(20_000, { message: '証明書が長すぎます。署名用の証明書を1つだけ貼り付けてください。' })
  idpCertificate?: string;

  @ApiPropertyOptional({
    default: 'employeeNumber',
    description: '職員番号が入っている属性（nameID: NameID）',
  })
  @IsOptional()
  @IsString({ message: '属性名は文字列で入力してください。' })
  @Matches(/^[A-Za-z0-9_:.\-/]{1,200}$/, {
    message: '属性名は英数字と _ : . - / （200文字以内）で入力してください。',
  })
  attribute?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'passwordLoginForStaff は true か false で指定してください。' })
  passwordLoginForStaff?: boolean;
}

/** The tenant's SAML 2.0 provider (sysadmin). */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/saml')
export class SamlSettingsController {
  constructor(private readonly saml: SamlService) {}

  @Allow('integrations.configure')
  @Get()
  view(@CurrentUser() user: AuthUser): Promise<SamlProviderView> {
    return this.saml.view(user.tenantId);
  }

  @Allow('integrations.configure')
  @Put()
  save(
    @CurrentUser() user: AuthUser,
    @Body() body: SamlProviderDto,
    @Req() request: FastifyRequest,
  ): Promise<SamlProviderView> {
    return this.saml.save(user, body, request.ip);
  }

  @Allow('integrations.configure')
  @Delete()
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<void> {
    return this.saml.remove(user, request.ip);
  }
}

/** SAML sign-in beside the password login: the assertion consumer service's check. */
@Injectable()
export class SamlStrategy extends PassportStrategy(IdentityProviderCallback, 'saml') {
  constructor(private readonly saml: SamlService) {
    super();
  }

  validate(request: FastifyRequest): Promise<AuthUser> {
    const { tenantCode } = request.params as { tenantCode: string };
    return this.saml.finish(tenantCode, (request.body ?? {}) as Record<string, unknown>, request.ip);
  }
}

/** The service provider's side of SAML: its metadata and its assertion consumer service (HTTP-POST). */
@ApiTags('auth')
@Controller('auth/saml/:tenantCode')
export class SamlController {
  constructor(
    private readonly saml: SamlService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('metadata')
  async metadata(@Param('tenantCode') tenantCode: string, @Res() reply: FastifyReply): Promise<void> {
    const xml = await this.saml.metadata(tenantCode);
    void reply.header('content-type', 'application/samlmetadata+xml; charset=utf-8').send(xml);
  }

  @Public()
  @UseFilters(SsoRefusalFilter)
  @UseGuards(IdentityProviderGuard('saml'))
  @ApiConsumes(SAML_ACS_FORM)
  @Post('acs')
  async acs(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await openSignedInApp(this.auth, this.config, user, request, reply, 303);
  }
}
