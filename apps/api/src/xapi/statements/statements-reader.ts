import { Injectable } from '@nestjs/common';
import { API_BASE } from '@dx/contract';
import { encodeCursor, type ParsedGet } from './statement-query';
import { StatementsRepository } from './statements.repository';

type Json = Record<string, unknown>;

export interface StatementPage {
  statements: Json[];
  more: string;
}

/** Reads statements for GET /statements: one by id, or a page of a query with a stable `more` cursor. */
@Injectable()
export class StatementsReader {
  constructor(private readonly repository: StatementsRepository) {}

  /** One statement by statementId (not voided) or voidedStatementId (voided only); null: 404. */
  async one(tenantId: number, id: string, voided: boolean): Promise<Json | null> {
    return this.repository.findOne(tenantId, id, voided);
  }

  async page(tenantId: number, parsed: ParsedGet): Promise<StatementPage> {
    const limit = parsed.query.limit;
    // One row more than the page: whether there is a next one.
    const rows = await this.repository.findPage(tenantId, parsed, limit + 1);
    const page = rows.slice(0, limit);
    let more = '';
    if (rows.length > limit) {
      const upTo = parsed.cursor?.upTo ?? Number(rows[0].top);
      const last = page[page.length - 1];
      const cursor = encodeCursor(parsed, last.stored, Number(last.seq), upTo);
      more = `${API_BASE}/xapi/statements?more=${cursor}`;
    }
    return { statements: page.map((r) => r.statement), more };
  }
}
