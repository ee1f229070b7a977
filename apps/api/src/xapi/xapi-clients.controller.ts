import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { XapiClientCreated, XapiClientView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { XapiClientsService } from './xapi-clients.service';

class XapiClientCreateDto {
  @ApiProperty({ example: 'Udemy Business', description: '接続の名前（どのシステムが使うか）' })
  @IsString({ message: '名前を入力してください。' })
  @Length(1, 200, { message: '名前は1〜200文字で入力してください。' })
  name: string;
}

/** The LRS's Basic credentials of the caller's tenant (xAPI 接続). The secret is in the answer of POST only. */
@ApiTags('xapi')
@ApiBearerAuth()
@Allow('xapi.clients')
@Controller('integrations/xapi-clients')
export class XapiClientsController {
  constructor(
    private readonly clients: XapiClientsService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() body: XapiClientCreateDto): Promise<XapiClientCreated> {
    const created = await this.clients.create(user.tenantId, body.name.trim() || body.name, user.loginId);
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'xapi-client.created',
      target: created.key,
      detail: { name: created.name },
    });
    return created;
  }

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<XapiClientView[]> {
    return this.clients.list(user.tenantId);
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.clients.revoke(user.tenantId, id);
    await this.audit.record({
      tenantId: user.tenantId,
      actor: user,
      action: 'xapi-client.revoked',
      target: String(id),
    });
  }
}
