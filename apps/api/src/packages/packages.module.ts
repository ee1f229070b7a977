import { Module } from '@nestjs/common';
import { LearningModule } from '../learning/learning.module';
import { XapiModule } from '../xapi/xapi.module';
import { ContentServer } from './content-server';
import { PackageRuntimeRepository } from './package-runtime.repository';
import { PackageRuntimeService } from './package-runtime.service';
import { PackageRuntimeController, PackagesAdminController } from './packages.controller';
import { PackagesRepository } from './packages.repository';
import { PackagesService } from './packages.service';

/** E-learning packages (SCORM, cmi5): upload and checks, the content origin (a second listener), the run-time commits. */
@Module({
  imports: [LearningModule, XapiModule],
  controllers: [PackagesAdminController, PackageRuntimeController],
  providers: [
    PackagesService,
    PackagesRepository,
    PackageRuntimeService,
    PackageRuntimeRepository,
    ContentServer,
  ],
})
export class PackagesModule {}
