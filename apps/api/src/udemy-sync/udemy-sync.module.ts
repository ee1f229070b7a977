import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { UdemyRecordsApplier } from './apply-udemy-records';
import { SecretBox } from './secret-box';
import { UdemyConnectionRepository } from './udemy-connection.repository';
import { UdemySyncController } from './udemy-sync.controller';
import { UdemySyncJob } from './udemy-sync-job';
import { UdemySyncService } from './udemy-sync.service';

/** The Udemy Business Reporting API: the tenant's connection (secret sealed), HR's sync and the nightly job. */
@Module({
  imports: [IntegrationsModule],
  controllers: [UdemySyncController],
  providers: [SecretBox, UdemyRecordsApplier, UdemyConnectionRepository, UdemySyncService, UdemySyncJob],
})
export class UdemySyncModule {}
