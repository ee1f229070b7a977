import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UdemySyncCounts } from '@dx/contract';
import { udemyRecordToActivity, type OutsideActivity } from '@dx/domain';
import { OutsideActivityService } from '../integrations/outside-activity.service';
import type { UdemyActivityRecord } from './udemy-client';

export interface AppliedSync {
  counts: UdemySyncCounts;
  /** Records Udemy sent that the rules cannot read (no course id, an unreadable date): counted as skipped. */
  unreadable: number;
  /** Earlier unmatched rows that this sync's apply matched after all. */
  rematched: number;
}

/**
 * A sync's records through the outside-activity core of `integrations/` (the same rules, counts and unmatched rows
 * as the Udemy Business CSV import, source 'api'), inside the caller's transaction. A CSV with a malformed row is
 * refused as a whole (HR can fix the file); a Reporting API answer cannot be fixed here, so a record the rules
 * cannot read is skipped and counted instead of failing every night.
 */
@Injectable()
export class UdemyRecordsApplier {
  constructor(private readonly outside: OutsideActivityService) {}

  async apply(
    manager: EntityManager,
    tenantId: number,
    records: UdemyActivityRecord[],
    receivedAt: string,
  ): Promise<AppliedSync> {
    const activities: OutsideActivity[] = [];
    let unreadable = 0;
    for (const record of records) {
      const { activity } = udemyRecordToActivity(record, 'api', receivedAt);
      if (activity) activities.push(activity);
      else unreadable++;
    }
    const result = await this.outside.applyOutsideActivities(manager, tenantId, activities, {
      dryRun: false,
    });
    return {
      counts: {
        completed: result.completed,
        unchanged: result.unchanged,
        skipped: result.skipped + unreadable,
      },
      unreadable,
      rematched: result.rematched,
    };
  }
}
