import { Body, Controller, Delete, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { TenantSettings } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { Problem } from '../common/problem';
import { UpdateTenantSettingsDto } from './tenant-settings.dto';
import { inspectLogo, MAX_LOGO_BYTES } from './logo-image';
import { TenantSettingsService } from './tenant-settings.service';

@ApiTags('tenant')
@ApiBearerAuth()
@Controller('tenant')
export class TenantSettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Allow('tenant.settings')
  @Get('settings')
  get(@CurrentUser() user: AuthUser): Promise<TenantSettings> {
    return this.settings.settings(user.tenantId);
  }

  @Allow('tenant.settings')
  @Put('settings')
  update(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateTenantSettingsDto,
    @Req() request: FastifyRequest,
  ): Promise<TenantSettings> {
    return this.settings.update(user, body, request.ip);
  }

  /**
   * The logo of the login page and the 修了証: multipart `file`, a whole PNG or JPEG (by its bytes) of at most 200 KB
   * and 1000 px each way (see `inspectLogo`).
   */
  @Allow('tenant.settings')
  @Put('logo')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    },
  })
  async uploadLogo(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<TenantSettings> {
    const refused = (detail: string) =>
      new Problem(422, 'validation', '入力エラー', detail, [{ field: 'file', message: detail }]);
    if (!request.isMultipart())
      throw new Problem(
        415,
        'not-multipart',
        '形式が違います',
        'ロゴ画像を multipart/form-data の file 項目で送ってください。',
      );
    const part = await request.file({ limits: { fileSize: MAX_LOGO_BYTES, files: 1 } });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw new Problem(400, 'no-file', 'ファイルがありません', 'file 項目でロゴ画像を送ってください。');
    }
    const chunks: Buffer[] = [];
    for await (const chunk of part.file as AsyncIterable<Buffer>) chunks.push(chunk);
    if (part.file.truncated) throw refused('ロゴ画像は200KB以下にしてください。');
    const bytes = Buffer.concat(chunks);
    const logo = inspectLogo(bytes);
    if (!logo.ok) throw refused(logo.message);
    return this.settings.setLogo(user, { bytes, type: logo.type }, request.ip);
  }

  @Allow('tenant.settings')
  @Delete('logo')
  removeLogo(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<TenantSettings> {
    return this.settings.setLogo(user, null, request.ip);
  }
}
