import { Controller, Get, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CredentialDownload, MySpecialistCredential } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { CredentialsService } from './credentials.service';

/** マイ研修's 認定: the learner's own certifications, as a signed credential (JSON) or a baked badge (PNG). */
@ApiTags('credentials')
@ApiBearerAuth()
@Allow('learning.own')
@Controller('me/specialist-credentials')
export class MyCredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get()
  mine(@CurrentUser() user: AuthUser): Promise<MySpecialistCredential[]> {
    return this.credentials.mine(user);
  }

  @Get(':id/credential')
  download(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<CredentialDownload> {
    return this.credentials.download(user, id);
  }

  @Get(':id/badge.png')
  @ApiProduces('image/png')
  async badge(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const png = await this.credentials.badgePng(user, id);
    void reply
      .header('content-type', 'image/png')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="dx-specialist-${id}.png"`)
      .send(png);
  }
}
