import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { TenantSettings } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { UpdateTenantSettingsDto } from './tenant-settings.dto';
import { TenantSettingsService } from './tenant-settings.service';

@ApiTags('tenant')
@ApiBearerAuth()
@Controller('tenant/settings')
export class TenantSettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Allow('tenant.settings')
  @Get()
  get(@CurrentUser() user: AuthUser): Promise<TenantSettings> {
    return this.settings.settings(user.tenantId);
  }

  @Allow('tenant.settings')
  @Put()
  update(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateTenantSettingsDto,
    @Req() request: FastifyRequest,
  ): Promise<TenantSettings> {
    return this.settings.update(user, body, request.ip);
  }
}
