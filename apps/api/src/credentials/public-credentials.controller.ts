import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CredentialVerification, CredentialVerifyRequest } from '@dx/contract';
import { VerificationRateLimiter } from '../auth/login-rate-limiter';
import { Public } from '../common/decorators';
import { Problem } from '../common/problem';
import { CredentialsService } from './credentials.service';

/** A baked badge is a small PNG: 512 KB of base64 is plenty (the body limit is 1 MB). */
const MAX_PNG_BASE64 = 700_000;

class VerifyDto implements CredentialVerifyRequest {
  @ApiPropertyOptional({ description: 'VC-JWT（header.payload.signature）またはダウンロードした JSON' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000, { message: '認定証は100,000文字以内で貼り付けてください。' })
  credential?: string;

  @ApiProperty({ required: false, description: '認定証を埋め込んだ PNG 画像（base64）' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PNG_BASE64, { message: 'PNG 画像は512KB以下にしてください。' })
  png?: string;
}

/**
 * The public, stable URLs of each tenant's Open Badges 3.0 issuer (what any verifier dereferences) and the public
 * credential check of the verification page. No login; rate-limited per address like the certificate check.
 */
@ApiTags('credentials')
@Public()
@UseGuards(VerificationRateLimiter)
@Controller('credentials')
export class PublicCredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get(':tenantCode/issuer')
  async issuer(@Param('tenantCode') code: string, @Res() reply: FastifyReply): Promise<void> {
    send(reply, 'application/ld+json', await this.credentials.profile(code));
  }

  @Get(':tenantCode/key')
  async key(@Param('tenantCode') code: string, @Res() reply: FastifyReply): Promise<void> {
    send(reply, 'application/jwk+json', await this.credentials.publicKey(code));
  }

  @Get(':tenantCode/achievements/dx-specialist')
  async achievement(@Param('tenantCode') code: string, @Res() reply: FastifyReply): Promise<void> {
    send(reply, 'application/ld+json', await this.credentials.achievement(code));
  }

  @Get(':tenantCode/achievements/dx-specialist/image')
  @ApiProduces('image/png')
  async image(@Param('tenantCode') code: string, @Res() reply: FastifyReply): Promise<void> {
    await this.credentials.profile(code); // 404 for a tenant that does not exist
    void reply
      .header('content-type', 'image/png')
      .header('cache-control', 'public, max-age=86400')
      .send(this.credentials.badgeImage());
  }

  /** The W3C BitstringStatusListCredential (revocation) as a VC-JWT. */
  @Get(':tenantCode/status/revocation')
  @ApiProduces('application/vc+jwt')
  async statusList(@Param('tenantCode') code: string, @Res() reply: FastifyReply): Promise<void> {
    const jwt = await this.credentials.statusList(code);
    void reply.header('content-type', 'application/vc+jwt').header('cache-control', 'max-age=60').send(jwt);
  }

  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: VerifyDto): Promise<CredentialVerification> {
    if (!body.credential?.trim() && !body.png)
      throw Problem.validation([
        { field: 'credential', message: '認定証（JWT か JSON）を貼り付けるか、PNG 画像を選んでください。' },
      ]);
    let png: Buffer | undefined;
    if (body.png) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.png.replace(/\s+/g, '')))
        throw Problem.validation([{ field: 'png', message: 'PNG 画像を base64 で送ってください。' }]);
      png = Buffer.from(body.png, 'base64');
    }
    return this.credentials.verify({ credential: body.credential, png });
  }
}

function send(reply: FastifyReply, type: string, body: unknown): void {
  void reply
    .header('content-type', `${type}; charset=utf-8`)
    .header('cache-control', 'public, max-age=300')
    .header('access-control-allow-origin', '*')
    .send(JSON.stringify(body));
}
