import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { PlatformController } from './platform.controller';
import { PlatformRepository } from './platform.repository';
import { PlatformService } from './platform.service';

/** The platform operator: creates, lists and disables the deployment's tenants. */
@Module({
  imports: [TenantsModule],
  controllers: [PlatformController],
  providers: [PlatformService, PlatformRepository],
})
export class PlatformModule {}
