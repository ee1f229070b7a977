import { Module } from '@nestjs/common';
import { LearningModule } from '../learning/learning.module';
import { ContentServer } from './content-server';
import { PackageRuntimeService } from './package-runtime.service';
import { PackageRuntimeController, PackagesAdminController } from './packages.controller';
import { PackagesService } from './packages.service';

/** E-learning packages (SCORM): upload and checks, the content origin (a second listener), the run-time commits. */
@Module({
  imports: [LearningModule],
  controllers: [PackagesAdminController, PackageRuntimeController],
  providers: [PackagesService, PackageRuntimeService, ContentServer],
})
export class PackagesModule {}
