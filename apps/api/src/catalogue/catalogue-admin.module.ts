import { Module } from '@nestjs/common';
import { CatalogueAdminController } from './catalogue-admin.controller';
import { CatalogueAdminService } from './catalogue-admin.service';

/**
 * 研修管理 (the content administrator's catalogue editor). Uses AuditService and EnrolmentEngine, which the global
 * AuditModule and EnrolmentsModule provide.
 */
@Module({
  controllers: [CatalogueAdminController],
  providers: [CatalogueAdminService],
})
export class CatalogueAdminModule {}
