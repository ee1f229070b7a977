import { Module } from '@nestjs/common';
import { CatalogueAdminModule } from '../catalogue/catalogue-admin.module';
import { TenantsService } from './tenants.service';

/** Tenants: a new one gets its positions and the default catalogue. */
@Module({ imports: [CatalogueAdminModule], providers: [TenantsService], exports: [TenantsService] })
export class TenantsModule {}
