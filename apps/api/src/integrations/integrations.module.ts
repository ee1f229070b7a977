import { Module } from '@nestjs/common';
import { OutsideActivityService } from './outside-activity.service';

/**
 * Outside learning (Udemy Business CSV and Reporting API, xAPI statements): the one core that applies outside
 * completions (OutsideActivityService, exported to the imports, the Udemy sync and the LRS) and HR's unmatched queue.
 */
@Module({
  providers: [OutsideActivityService],
  exports: [OutsideActivityService],
})
export class IntegrationsModule {}
