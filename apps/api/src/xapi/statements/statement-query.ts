import { XapiError } from '../xapi-error';
import { agentParamId } from './statement-record';
import { isIri, isTimestamp, isUuid, parseAgentParam } from './statement-validation';

/** The query parameters of GET /statements (Communication 2.1.3). */
export interface StatementQuery {
  agent?: string;
  verb?: string;
  activity?: string;
  registration?: string;
  relatedActivities: boolean;
  relatedAgents: boolean;
  since?: string;
  until?: string;
  limit: number;
  ascending: boolean;
}

export type StatementFormat = 'exact' | 'ids' | 'canonical';

export interface ParsedGet {
  statementId?: string;
  voidedStatementId?: string;
  query: StatementQuery;
  format: StatementFormat;
  attachments: boolean;
  /**
   * Paging: the last statement already returned (its stored time to the microsecond and seq: the query order), and the newest seq the first page saw (so later rows stay out).
   */
  cursor?: { afterStored: string; after: number; upTo: number };
}

export const MAX_LIMIT = 500;
const PARAMS = new Set([
  'statementId',
  'voidedStatementId',
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
  'more',
]);
const SINGLE_ALLOWED = new Set(['statementId', 'voidedStatementId', 'format', 'attachments']);

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new XapiError(400, `${name} は true か false で指定してください。`);
}

/** Reads and checks the parameters; a `more` cursor stands for the parameters of the first page. */
export function parseGet(raw: Record<string, unknown>): ParsedGet {
  for (const [name, value] of Object.entries(raw)) {
    if (!PARAMS.has(name)) throw new XapiError(400, `パラメーター ${name} には対応していません。`);
    if (typeof value !== 'string')
      throw new XapiError(400, `パラメーター ${name} は1つだけ指定してください。`);
  }
  const params = raw as Record<string, string>;
  if (params['more'] !== undefined) return decodeCursor(params['more']);
  const single = params['statementId'] ?? params['voidedStatementId'];
  if (params['statementId'] !== undefined && params['voidedStatementId'] !== undefined)
    throw new XapiError(400, 'statementId と voidedStatementId は同時に指定できません。');
  if (single !== undefined) {
    for (const name of Object.keys(params))
      if (!SINGLE_ALLOWED.has(name))
        throw new XapiError(400, `statementId / voidedStatementId と ${name} は同時に指定できません。`);
    if (!isUuid(single)) throw new XapiError(400, 'statementId は UUID で指定してください。');
  }
  const format = (params['format'] ?? 'exact') as StatementFormat;
  if (!['exact', 'ids', 'canonical'].includes(format))
    throw new XapiError(400, 'format は ids, exact, canonical のいずれかです。');
  const query: StatementQuery = {
    relatedActivities: flag(params['related_activities'], 'related_activities'),
    relatedAgents: flag(params['related_agents'], 'related_agents'),
    ascending: flag(params['ascending'], 'ascending'),
    limit: MAX_LIMIT,
  };
  if (params['agent'] !== undefined) query.agent = agentParamId(parseAgentParam(params['agent']));
  if (params['verb'] !== undefined) {
    if (!isIri(params['verb'])) throw new XapiError(400, 'verb は IRI で指定してください。');
    query.verb = params['verb'];
  }
  if (params['activity'] !== undefined) {
    if (!isIri(params['activity'])) throw new XapiError(400, 'activity は IRI で指定してください。');
    query.activity = params['activity'];
  }
  if (params['registration'] !== undefined) {
    if (!isUuid(params['registration']))
      throw new XapiError(400, 'registration は UUID で指定してください。');
    query.registration = params['registration'].toLowerCase();
  }
  for (const name of ['since', 'until'] as const) {
    if (params[name] === undefined) continue;
    if (!isTimestamp(params[name]))
      throw new XapiError(400, `${name} は ISO 8601 の日時で指定してください。`);
    query[name] = params[name];
  }
  if (params['limit'] !== undefined) {
    if (!/^\d+$/.test(params['limit'])) throw new XapiError(400, 'limit は 0 以上の整数で指定してください。');
    const limit = Number(params['limit']);
    query.limit = limit === 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
  }
  return {
    statementId: params['statementId']?.toLowerCase(),
    voidedStatementId: params['voidedStatementId']?.toLowerCase(),
    query,
    format,
    attachments: flag(params['attachments'], 'attachments'),
  };
}

/** The `more` value: the whole query and where the next page starts, so it stays valid (no server state). */
export function encodeCursor(parsed: ParsedGet, afterStored: string, after: number, upTo: number): string {
  const { query, format, attachments } = parsed;
  return Buffer.from(JSON.stringify({ query, format, attachments, afterStored, after, upTo })).toString(
    'base64url',
  );
}

function decodeCursor(text: string): ParsedGet {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      typeof value.after !== 'number' ||
      typeof value.upTo !== 'number' ||
      typeof value.afterStored !== 'string' ||
      !isTimestamp(value.afterStored) ||
      typeof value.query !== 'object'
    )
      throw new Error('cursor');
    return {
      query: value.query as StatementQuery,
      format: value.format,
      attachments: value.attachments === true,
      cursor: { afterStored: value.afterStored, after: value.after, upTo: value.upTo },
    };
  } catch {
    throw new XapiError(400, 'more の値が正しくありません。');
  }
}

/**
 * The SQL condition and parameters of a statement query (the tenant is $1). Voided statements are left out; the
 * filters (agent, verb, activity, registration) match a statement or the statement its StatementRef targets
 * (Communication 2.1.4: a voiding statement is found by its voided target's verb). since, until and the cursor apply
 * to the returned statement itself; the order is stored time, then seq.
 */
export function whereOf(tenantId: number, parsed: ParsedGet): { where: string; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const q = parsed.query;
  const filters: ((a: string) => string)[] = [];
  if (q.agent !== undefined) {
    const p = bind(q.agent);
    filters.push((a) =>
      q.relatedAgents
        ? `${a}.related_agents @> ARRAY[${p}]::text[]`
        : // The actor or the object's agents, found through the related_agents index (it holds both).
          `(${a}.related_agents @> ARRAY[${p}]::text[]
             AND (${a}.actor_ids @> ARRAY[${p}]::text[] OR ${a}.object_agent_ids @> ARRAY[${p}]::text[]))`,
    );
  }
  if (q.verb !== undefined) {
    const p = bind(q.verb);
    filters.push((a) => `${a}.verb_id = ${p}`);
  }
  if (q.activity !== undefined) {
    const p = bind(q.activity);
    filters.push((a) =>
      q.relatedActivities ? `${a}.related_activities @> ARRAY[${p}]::text[]` : `${a}.activity_id = ${p}`,
    );
  }
  if (q.registration !== undefined) {
    const p = bind(q.registration);
    filters.push((a) => `${a}.registration = ${p}::uuid`);
  }
  const conditions = ['s.tenant_id = $1', 'NOT s.voided'];
  if (filters.length > 0) {
    const own = filters.map((f) => f('s')).join(' AND ');
    const target = filters.map((f) => f('t')).join(' AND ');
    conditions.push(
      `((${own}) OR (s.ref_target IS NOT NULL AND EXISTS (SELECT 1 FROM xapi_statement t
          WHERE t.tenant_id = $1 AND t.id = s.ref_target AND ${target})))`,
    );
  }
  if (q.since !== undefined) conditions.push(`s.stored > ${bind(q.since)}::timestamptz`);
  if (q.until !== undefined) conditions.push(`s.stored <= ${bind(q.until)}::timestamptz`);
  if (parsed.cursor) {
    const after = `(${bind(parsed.cursor.afterStored)}::timestamptz, ${bind(parsed.cursor.after)}::bigint)`;
    conditions.push(q.ascending ? `(s.stored, s.seq) > ${after}` : `(s.stored, s.seq) < ${after}`);
    conditions.push(`s.seq <= ${bind(parsed.cursor.upTo)}`);
  }
  return { where: conditions.join(' AND '), params };
}
