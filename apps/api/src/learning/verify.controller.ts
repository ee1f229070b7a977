import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CertificateVerification } from '@dx/contract';
import { VerificationRateLimiter } from '../auth/login-rate-limiter';
import { Public } from '../common/decorators';
import { CertificatesService } from './certificates.service';

@ApiTags('learning')
@Controller('certificates')
export class VerifyController {
  constructor(private readonly certificates: CertificatesService) {}

  @Public()
  @UseGuards(VerificationRateLimiter)
  @Get(':serial')
  verify(@Param('serial') serial: string): Promise<CertificateVerification> {
    return this.certificates.verify(serial);
  }
}
