import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { API_BASE } from '@dx/contract';
import { encodeCursor, type ParsedGet, whereOf } from './statement-query';

type Json = Record<string, unknown>;

export interface StatementPage {
  statements: Json[];
  more: string;
}

/** Reads statements for GET /statements: one by id, or a page of a query with a stable `more` cursor. */
@Injectable()
export class StatementsReader {
  constructor(private readonly db: DataSource) {}

  /** One statement by statementId (not voided) or voidedStatementId (voided only); null: 404. */
  async one(tenantId: number, id: string, voided: boolean): Promise<Json | null> {
    const rows: { statement: Json }[] = await this.db.query(
      `SELECT statement FROM xapi_statement WHERE tenant_id = $1 AND id = $2::uuid AND voided = $3`,
      [tenantId, id, voided],
    );
    return rows[0]?.statement ?? null;
  }

  async page(tenantId: number, parsed: ParsedGet): Promise<StatementPage> {
    const { where, params } = whereOf(tenantId, parsed);
    const limit = parsed.query.limit;
    const order = parsed.query.ascending ? 'ASC' : 'DESC';
    params.push(limit + 1);
    // In order of stored time (Communication 2.1.3), ties by storage order.
    const rows: { seq: number; stored: string; statement: Json; top: number }[] = await this.db.query(
      `SELECT s.seq, to_char(s.stored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS stored, s.statement,
              (SELECT coalesce(max(seq), 0) FROM xapi_statement WHERE tenant_id = $1) AS top
         FROM xapi_statement s WHERE ${where} ORDER BY s.stored ${order}, s.seq ${order} LIMIT $${params.length}`,
      params,
    );
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
