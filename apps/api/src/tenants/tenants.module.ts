import { Module } from '@nestjs/common';
import { CatalogueAdminModule } from '../catalogue/catalogue-admin.module';
import { TenantSettingsController } from './tenant-settings.controller';
import { TenantSettingsService } from './tenant-settings.service';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

/** Tenants: a new one gets its positions and the default catalogue; each edits its own name and issuer line. */
@Module({
  imports: [CatalogueAdminModule],
  controllers: [TenantSettingsController],
  providers: [TenantsService, TenantsRepository, TenantSettingsService],
  exports: [TenantsService, TenantsRepository],
})
export class TenantsModule {}
