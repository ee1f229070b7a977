import { Module } from '@nestjs/common';
import { IntegrationsController } from './integrations.controller';
import { OutsideActivityRepository } from './outside-activity.repository';
import { OutsideActivityService } from './outside-activity.service';
import { UnmatchedQueueRepository } from './unmatched-queue.repository';
import { UnmatchedQueueService } from './unmatched-queue.service';

/**
 * Outside learning (Udemy Business CSV and Reporting API, xAPI statements): the one core that applies outside
 * completions (OutsideActivityService, exported to the imports, the Udemy sync and the LRS) and HR's unmatched queue.
 */
@Module({
  controllers: [IntegrationsController],
  providers: [
    OutsideActivityService,
    OutsideActivityRepository,
    UnmatchedQueueService,
    UnmatchedQueueRepository,
  ],
  exports: [OutsideActivityService, UnmatchedQueueService],
})
export class IntegrationsModule {}
