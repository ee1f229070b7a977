import type { EntityManager } from 'typeorm';
import type { UdemySyncCounts } from '@dx/contract';
import type { UdemyActivityRecord } from './udemy-client';

/**
 * Applies a sync's records through the outside-activity core of `integrations/` (the same rules, counts and
 * unmatched rows as the Udemy Business CSV import, source 'api'), inside the caller's transaction.
 */
export async function applyUdemyRecords(
  _manager: EntityManager,
  _tenantId: number,
  _records: UdemyActivityRecord[],
  _receivedAt: string,
): Promise<UdemySyncCounts> {
  throw new Error('the outside-activity core (integrations/) is not merged yet');
}
