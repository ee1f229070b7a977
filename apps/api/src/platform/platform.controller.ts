import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { PlatformTenant } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { CreateTenantDto, UpdateTenantStateDto } from './platform.dto';
import { PlatformService } from './platform.service';

/** The platform operator's API (shared use, 共同利用): the deployment's tenants, never their people. */
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform/tenants')
export class PlatformController {
  constructor(private readonly platform: PlatformService) {}

  @Allow('platform.tenants')
  @Get()
  list(): Promise<PlatformTenant[]> {
    return this.platform.list();
  }

  @Allow('platform.tenants')
  @Post()
  create(
    @CurrentUser() operator: AuthUser,
    @Body() body: CreateTenantDto,
    @Req() request: FastifyRequest,
  ): Promise<PlatformTenant> {
    return this.platform.create(operator, body, request.ip);
  }

  @Allow('platform.tenants')
  @Patch(':code')
  update(
    @CurrentUser() operator: AuthUser,
    @Param('code') code: string,
    @Body() body: UpdateTenantStateDto,
    @Req() request: FastifyRequest,
  ): Promise<PlatformTenant> {
    return this.platform.setDisabled(operator, code, body.disabled, request.ip);
  }
}
