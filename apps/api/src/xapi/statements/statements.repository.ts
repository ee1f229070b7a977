import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type PreparedStatement, runPreparedIn } from '../../database/prepared';
import { type ParsedGet, whereOf } from './statement-query';

type Json = Record<string, unknown>;

/**
 * A request's new statements; the ids already stored come back as not inserted (no error, no lock wait). The rows
 * come as one JSON array (rowsJson: nulls and empty arrays left out, which jsonb_to_recordset reads as NULL), the
 * stored time, the same for the whole request, once.
 */
const INSERT_STATEMENTS: PreparedStatement = {
  name: 'xapi_insert_statements',
  text: `INSERT INTO xapi_statement (tenant_id, id, statement, content_hash, stored, verb_id, activity_id, actor_ids,
          object_agent_ids, registration, related_activities, related_agents, voiding_target, ref_target, client_id)
   SELECT $1, x.id, x.statement, x.content_hash, $4::timestamptz, x.verb_id, x.activity_id,
          coalesce(x.actor_ids, '{}'), coalesce(x.object_agent_ids, '{}'), x.registration,
          coalesce(x.related_activities, '{}'), coalesce(x.related_agents, '{}'), x.voiding_target, x.ref_target, $3
     FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, statement jsonb, content_hash text, verb_id text,
          activity_id text, actor_ids text[], object_agent_ids text[], registration uuid, related_activities text[],
          related_agents text[], voiding_target uuid, ref_target uuid)
   ON CONFLICT (tenant_id, id) DO NOTHING
   RETURNING id`,
};

/** One statement as xapi_statement stores it (the columns its queries use); the statement itself as JSON text. */
export interface StatementInsertRow {
  id: string;
  statementJson: string;
  contentHash: string;
  verbId: string;
  activityId: string | null;
  actorIds: string[];
  objectAgentIds: string[];
  registration: string | null;
  relatedActivities: string[];
  relatedAgents: string[];
  voidingTarget: string | null;
  refTarget: string | null;
}

const orNothing = <T>(value: T | null) => value ?? undefined;
const listOrNothing = (list: string[]) => (list.length > 0 ? list : undefined);

/**
 * The rows as the JSON array INSERT_STATEMENTS reads. Each statement is spliced in as the text it already is (a
 * JSON.stringify of the rows with the statements as objects was the largest single cost of a batch in Node), and
 * nulls and empty arrays are left out: PostgreSQL's reading of this text is nearly half of the insert's time.
 */
function rowsJson(rows: StatementInsertRow[]): string {
  let text = '[';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const columns = JSON.stringify({
      id: r.id,
      content_hash: r.contentHash,
      verb_id: r.verbId,
      activity_id: orNothing(r.activityId),
      actor_ids: listOrNothing(r.actorIds),
      object_agent_ids: listOrNothing(r.objectAgentIds),
      registration: orNothing(r.registration),
      related_activities: listOrNothing(r.relatedActivities),
      related_agents: listOrNothing(r.relatedAgents),
      voiding_target: orNothing(r.voidingTarget),
      ref_target: orNothing(r.refTarget),
    });
    text += (i === 0 ? '' : ',') + columns.slice(0, -1) + ',"statement":' + r.statementJson + '}';
  }
  return text + ']';
}

/** An attachment's bytes as stored, by its SHA-2. */
export interface StoredAttachment {
  sha2: string;
  contentType: string;
  content: Buffer;
}

/** The SQL of the statement resource (xapi_statement, xapi_attachment); every statement is limited to one tenant. */
@Injectable()
export class StatementsRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Inserts a batch stored at one time in one prepared statement, in the caller's transaction; returns the ids it
   * inserted (the ids already stored are not, with no error and no wait for a lock).
   */
  async insertStatements(
    manager: EntityManager,
    tenantId: number,
    clientId: number | null,
    stored: string,
    rows: StatementInsertRow[],
  ): Promise<Set<string>> {
    const result = await runPreparedIn<{ id: string }>(manager, INSERT_STATEMENTS, [
      tenantId,
      rowsJson(rows),
      clientId,
      stored,
    ]);
    return new Set(result.map((r) => r.id));
  }

  /** The stored statements under the given ids: their hash, and the statement itself only where the hash differs. */
  findStoredForComparison(
    manager: EntityManager,
    tenantId: number,
    ids: string[],
    hashes: string[],
  ): Promise<{ id: string; content_hash: string; statement: Json | null }[]> {
    return manager.query(
      `SELECT s.id, s.content_hash, CASE WHEN s.content_hash = x.hash THEN NULL ELSE s.statement END AS statement
         FROM unnest($2::uuid[], $3::text[]) AS x(id, hash)
         JOIN xapi_statement s ON s.tenant_id = $1 AND s.id = x.id`,
      [tenantId, ids, hashes],
    );
  }

  /** Those of the ids whose statement has the given verb (the voiding verb: a voiding statement cannot be voided). */
  findIdsWithVerb(
    manager: EntityManager,
    tenantId: number,
    ids: string[],
    verbId: string,
  ): Promise<{ id: string }[]> {
    return manager.query(
      `SELECT id FROM xapi_statement WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND verb_id = $3`,
      [tenantId, ids, verbId],
    );
  }

  /** Hides the statements from queries (their voiding statement was stored). */
  async markVoided(manager: EntityManager, tenantId: number, ids: string[]): Promise<void> {
    await manager.query(
      `UPDATE xapi_statement SET voided = true WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND NOT voided`,
      [tenantId, ids],
    );
  }

  /** Keeps each attachment once by its SHA-2 (one statement each, as before). */
  async insertAttachments(
    manager: EntityManager,
    tenantId: number,
    parts: readonly StoredAttachment[],
  ): Promise<void> {
    for (const p of parts) {
      await manager.query(
        `INSERT INTO xapi_attachment (tenant_id, sha2, content_type, content) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, sha2) DO NOTHING`,
        [tenantId, p.sha2, p.contentType, p.content],
      );
    }
  }

  /** The stored attachments of the given SHA-2s. */
  async findAttachments(tenantId: number, hashes: string[]): Promise<StoredAttachment[]> {
    const rows: { sha2: string; content_type: string; content: Buffer }[] = await this.db.query(
      `SELECT sha2, content_type, content FROM xapi_attachment WHERE tenant_id = $1 AND sha2 = ANY($2::text[])`,
      [tenantId, hashes],
    );
    return rows.map((r) => ({ sha2: r.sha2, contentType: r.content_type, content: r.content }));
  }

  /** One statement by id, voided or not as asked; null when there is none. */
  async findOne(tenantId: number, id: string, voided: boolean): Promise<Json | null> {
    const rows: { statement: Json }[] = await this.db.query(
      `SELECT statement FROM xapi_statement WHERE tenant_id = $1 AND id = $2::uuid AND voided = $3`,
      [tenantId, id, voided],
    );
    return rows[0]?.statement ?? null;
  }

  /**
   * Up to `limit` statements of a query in order of stored time (Communication 2.1.3), ties by storage order, with
   * each one's seq and stored time to the microsecond (the cursor) and the tenant's newest seq (`top`).
   */
  findPage(
    tenantId: number,
    parsed: ParsedGet,
    limit: number,
  ): Promise<{ seq: number; stored: string; statement: Json; top: number }[]> {
    const { where, params } = whereOf(tenantId, parsed);
    const order = parsed.query.ascending ? 'ASC' : 'DESC';
    params.push(limit);
    return this.db.query(
      `SELECT s.seq, to_char(s.stored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS stored, s.statement,
              (SELECT coalesce(max(seq), 0) FROM xapi_statement WHERE tenant_id = $1) AS top
         FROM xapi_statement s WHERE ${where} ORDER BY s.stored ${order}, s.seq ${order} LIMIT $${params.length}`,
      params,
    );
  }
}
