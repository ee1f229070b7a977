import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type {
  CertificationCheckResult,
  CredentialSettings,
  RevokeCertificationRequest,
  SpecialistCertificationView,
} from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { Problem } from '../common/problem';
import { CredentialsService } from './credentials.service';

class RevokeDto implements RevokeCertificationRequest {
  @ApiProperty({ example: '不正な課題提出が判明したため' })
  @IsString({ message: '取消の理由を入力してください。' })
  @MinLength(1, { message: '取消の理由を入力してください。' })
  @MaxLength(500, { message: '取消の理由は500文字以内で入力してください。' })
  reason: string;
}

class SettingsDto implements CredentialSettings {
  @ApiProperty({ example: 3, minimum: 1, maximum: 10, description: '認定の有効期間（年）' })
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: '有効期間は年数（整数）で入力してください。' })
  @Min(1, { message: '有効期間は1年以上にしてください。' })
  @Max(10, { message: '有効期間は10年以下にしてください。' })
  validityYears: number;
}

/** HR's DX推進スペシャリスト certifications: the list, the completion check, revocation, the period setting. */
@ApiTags('credentials')
@ApiBearerAuth()
@Controller('specialist-certifications')
export class CertificationsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Allow('certifications.manage')
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<SpecialistCertificationView[]> {
    return this.credentials.list(user);
  }

  /** Certifies everyone who has completed the programme and is not certified for that cohort yet (idempotent). */
  @Allow('certifications.manage')
  @Post('check')
  @HttpCode(200)
  async check(@CurrentUser() user: AuthUser): Promise<CertificationCheckResult> {
    return { granted: await this.credentials.check(user) };
  }

  @Allow('certifications.manage')
  @Post(':id/revocation')
  @HttpCode(204)
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: RevokeDto,
  ): Promise<void> {
    const reason = body.reason.trim();
    if (!reason) throw Problem.validation([{ field: 'reason', message: '取消の理由を入力してください。' }]);
    await this.credentials.revoke(user, id, reason);
  }

  @Allow('tenant.settings')
  @Get('settings')
  settings(@CurrentUser() user: AuthUser): Promise<CredentialSettings> {
    return this.credentials.settings(user);
  }

  @Allow('tenant.settings')
  @Put('settings')
  updateSettings(@CurrentUser() user: AuthUser, @Body() body: SettingsDto): Promise<CredentialSettings> {
    return this.credentials.updateSettings(user, { validityYears: body.validityYears });
  }
}
