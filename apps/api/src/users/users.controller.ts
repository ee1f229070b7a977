import { Body, Controller, HttpCode, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { SetPasswordDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Allow('users.manage')
  @Put(':loginId/password')
  @HttpCode(204)
  async setPassword(
    @CurrentUser() admin: AuthUser,
    @Param('loginId') loginId: string,
    @Body() body: SetPasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.users.setPasswordByAdministrator(admin, loginId, body.password, request.ip);
  }
}
