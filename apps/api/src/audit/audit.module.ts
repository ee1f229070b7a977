import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditLogController } from './audit-log.controller';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';
import { PersonalDataAuditInterceptor } from './personal-data-audit.interceptor';

@Global()
@Module({
  controllers: [AuditLogController],
  providers: [
    AuditService,
    AuditLogService,
    AuditLogRepository,
    { provide: APP_INTERCEPTOR, useClass: PersonalDataAuditInterceptor },
  ],
  exports: [AuditService],
})
export class AuditModule {}
