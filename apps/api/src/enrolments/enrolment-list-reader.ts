import { Injectable } from '@nestjs/common';
import type { SummaryRow } from './enrolment-queries';
import { EnrolmentReadsRepository } from './enrolment-reads.repository';

interface Waiting {
  staffId: number;
  fiscalYear: number;
  callers: { resolve: (rows: SummaryRow[]) => void; reject: (error: unknown) => void }[];
}

/**
 * Reads people's assignment lists (マイ研修, a manager's look at one person), coalescing the reads of one tenant that
 * arrive in the same turn of the event loop into one statement (`findAssignmentsOfPeopleInYears`; one tenant per
 * statement, so on Citus it is routed to that tenant's shard). On this hot path the round
 * trip to PostgreSQL, not the statement, is what costs most (socket writes and wake-ups on both sides), so 20
 * learners loading their page at once cost one round trip instead of 20.
 *
 * Nothing is cached: a batch is closed before its statement is sent, so every caller's rows are read by a statement
 * sent after the caller asked. Whatever was committed before (the learner's own completion a moment ago) is in them.
 */
@Injectable()
export class EnrolmentListReader {
  /** More callers than this wait for the next statement. */
  static readonly MAX_BATCH = 64;

  /** The open batch of each tenant. */
  private readonly open = new Map<number, Map<string, Waiting>>();

  constructor(private readonly reads: EnrolmentReadsRepository) {}

  read(tenantId: number, staffId: number, fiscalYear: number): Promise<SummaryRow[]> {
    return new Promise((resolve, reject) => {
      let batch = this.open.get(tenantId);
      if (!batch) {
        const opened = new Map<string, Waiting>();
        this.open.set(tenantId, (batch = opened));
        setImmediate(() => void this.send(tenantId, opened));
      }
      const key = `${staffId}:${fiscalYear}`;
      let waiting = batch.get(key);
      if (!waiting) batch.set(key, (waiting = { staffId, fiscalYear, callers: [] }));
      waiting.callers.push({ resolve, reject });
      if (batch.size >= EnrolmentListReader.MAX_BATCH) this.open.delete(tenantId);
    });
  }

  private async send(tenantId: number, batch: Map<string, Waiting>): Promise<void> {
    if (this.open.get(tenantId) === batch) this.open.delete(tenantId);
    const waiting = [...batch.values()];
    try {
      const rows = await this.reads.findAssignmentsOfPeopleInYears(
        tenantId,
        waiting.map((w) => w.staffId),
        waiting.map((w) => w.fiscalYear),
      );
      const byKey = new Map<string, SummaryRow[]>();
      for (const row of rows) {
        const key = `${row.staff_id}:${row.fiscal_year}`;
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      for (const w of waiting) {
        const list = byKey.get(`${w.staffId}:${w.fiscalYear}`) ?? [];
        for (const caller of w.callers) caller.resolve(list);
      }
    } catch (error) {
      for (const w of waiting) for (const caller of w.callers) caller.reject(error);
    }
  }
}
