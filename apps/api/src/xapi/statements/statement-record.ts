import { createHash, randomUUID } from 'node:crypto';
import { type OutsideActivity, todayInTokyo } from '@dx/domain';
import type { XapiClient } from '../xapi-clients.service';
import { agentIds, agentIfi, isObject, VOIDED_VERB } from './statement-validation';

type Json = Record<string, unknown>;

/** The verbs whose statement completes a module (contract "xAPI statements"). */
export const COMPLETING_VERBS: ReadonlySet<string> = new Set([
  'http://adlnet.gov/expapi/verbs/completed',
  'http://adlnet.gov/expapi/verbs/passed',
]);

/** A statement ready to store: the stored form and the columns the queries filter on. */
export interface StatementRecord {
  id: string;
  /** The statement as the client sent it (context activities as arrays): what a signature signs. */
  input: Json;
  statement: Json;
  /** `statement` as JSON text, made from the digest's text (what the insert sends: no second JSON.stringify). */
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
  /** The statement a StatementRef object points at (voiding or not): queries also return statements targeting a match. */
  refTarget: string | null;
  completion: OutsideActivity | null;
}

/** JSON with the keys of every object in order: equal statements give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i ? ',' : '') + canonicalJson(value[i]);
    return text + ']';
  }
  const object = value as Json;
  const keys = Object.keys(object);
  if (keys.length > 1) keys.sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    if (object[key] === undefined) continue;
    text += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(object[key]);
    first = false;
  }
  return text + '}';
}

/** The statement without what the LRS sets (stored, authority, version) and the id itself. */
export function withoutLrsFields(statement: Json): Json {
  const { id: _id, stored: _stored, authority: _authority, version: _version, ...rest } = statement;
  return rest;
}

/**
 * What makes two statements with one id "the same statement" (Data 2.3.1 / the idempotent POST): everything the
 * client sent except what the LRS sets (stored, authority, version) and the id itself, keys in any order.
 */
export function statementDigest(statement: Json): string {
  return createHash('sha256')
    .update(canonicalJson(withoutLrsFields(statement)))
    .digest('hex');
}

/**
 * The digest kept with a stored statement: of the statement as sent, in the client's key order (JSON.stringify is
 * five times faster than the canonical form, and a client sending a statement again sends the same text). A
 * mismatch is not yet a conflict: sameStatement() then compares the canonical forms.
 */
export function sentDigest(statement: Json): string {
  return sentDigestOf(JSON.stringify(withoutLrsFields(statement)));
}

function sentDigestOf(sentJson: string): string {
  return createHash('sha256').update(sentJson).digest('hex');
}

/**
 * Whether a statement sent again under a stored id is the stored one: equal apart from what the LRS set, in any key
 * order; a stored timestamp the LRS filled in counts as absent when the new one has none.
 */
export function sameStatement(stored: Json, sent: Json): boolean {
  const a = withoutLrsFields(stored);
  if (sent['timestamp'] === undefined) delete a['timestamp'];
  return canonicalJson(a) === canonicalJson(withoutLrsFields(sent));
}

/** The authority the LRS records: the credential that sent the statement. */
export function clientAuthority(client: XapiClient, homePage: string): Json {
  return { objectType: 'Agent', name: client.name, account: { homePage, name: client.key } };
}

/** A validated statement as stored: id, stored, timestamp, authority and version filled in; the query columns. */
export function toRecord(sent: Json, client: XapiClient, stored: string, homePage: string): StatementRecord {
  const input = normalizeStatement(sent);
  const id = typeof input['id'] === 'string' ? input['id'].toLowerCase() : randomUUID();
  const sentJson = JSON.stringify(withoutLrsFields(input));
  const timestamp = input['timestamp'] ?? stored;
  const authority = clientAuthority(client, homePage);
  const version = input['version'] ?? '1.0.0';
  const statement: Json = { ...input, id, timestamp, stored, authority, version };
  // The same as text, from the digest's: the LRS's fields after the client's (jsonb keeps the last of a key twice).
  const lrsJson = JSON.stringify(
    input['timestamp'] == null
      ? { id, timestamp, stored, authority, version }
      : { id, stored, authority, version },
  );
  const statementJson = sentJson === '{}' ? lrsJson : sentJson.slice(0, -1) + ',' + lrsJson.slice(1);
  const object = statement['object'] as Json;
  const objectType = object['objectType'] ?? 'Activity';
  const verbId = (statement['verb'] as Json)['id'] as string;
  const relatedActivities = new Set<string>();
  const relatedAgents = new Set<string>();
  collectRelated(statement, relatedActivities, relatedAgents);
  const context = isObject(statement['context']) ? statement['context'] : {};
  return {
    id,
    input,
    statement,
    statementJson,
    contentHash: sentDigestOf(sentJson),
    verbId,
    activityId: objectType === 'Activity' ? (object['id'] as string) : null,
    actorIds: agentIds(statement['actor']),
    objectAgentIds: objectType === 'Agent' || objectType === 'Group' ? agentIds(object) : [],
    registration: typeof context['registration'] === 'string' ? context['registration'].toLowerCase() : null,
    relatedActivities: [...relatedActivities],
    relatedAgents: [...relatedAgents],
    voidingTarget:
      verbId === VOIDED_VERB && objectType === 'StatementRef' ? String(object['id']).toLowerCase() : null,
    refTarget: objectType === 'StatementRef' ? String(object['id']).toLowerCase() : null,
    completion: completionOf(statement, objectType),
  };
}

/**
 * A statement with its context activities as arrays (a single one may be sent as an object; the LRS returns arrays,
 * Data 2.4.6.2), in the statement and in a sub-statement.
 */
export function normalizeStatement(statement: Json): Json {
  const out: Json = { ...statement };
  if (isObject(out['context']) && isObject(out['context']['contextActivities'])) {
    const activities: Json = {};
    for (const [kind, list] of Object.entries(out['context']['contextActivities']))
      activities[kind] = Array.isArray(list) ? list : [list];
    out['context'] = { ...out['context'], contextActivities: activities };
  }
  if (isObject(out['object']) && out['object']['objectType'] === 'SubStatement')
    out['object'] = normalizeStatement(out['object']);
  return out;
}

/** Every activity and agent a statement names: object, context, authority, a sub-statement's too. */
function collectRelated(statement: Json, activities: Set<string>, agents: Set<string>): void {
  for (const id of agentIds(statement['actor'])) agents.add(id);
  for (const id of agentIds(statement['authority'])) agents.add(id);
  const object = statement['object'] as Json;
  const type = object['objectType'] ?? 'Activity';
  if (type === 'Activity') activities.add(object['id'] as string);
  if (type === 'Agent' || type === 'Group') for (const id of agentIds(object)) agents.add(id);
  if (type === 'SubStatement') collectRelated(object, activities, agents);
  const context = statement['context'];
  if (!isObject(context)) return;
  for (const id of agentIds(context['instructor'])) agents.add(id);
  for (const id of agentIds(context['team'])) agents.add(id);
  if (isObject(context['contextActivities'])) {
    for (const list of Object.values(context['contextActivities'])) {
      for (const a of Array.isArray(list) ? list : [list]) if (isObject(a)) activities.add(a['id'] as string);
    }
  }
}

/** The outside completion a `completed` / `passed` statement by an Agent about an Activity stands for, or null. */
function completionOf(statement: Json, objectType: unknown): OutsideActivity | null {
  const verbId = (statement['verb'] as Json)['id'] as string;
  if (!COMPLETING_VERBS.has(verbId) || objectType !== 'Activity') return null;
  const actor = statement['actor'] as Json;
  if (actor['objectType'] === 'Group') return null;
  const email = typeof actor['mbox'] === 'string' ? actor['mbox'].replace(/^mailto:/i, '') : null;
  const account = isObject(actor['account']) ? actor['account'] : null;
  const externalId = account && typeof account['name'] === 'string' ? account['name'] : null;
  if (!email && !externalId) return null;
  const object = statement['object'] as Json;
  const definition = isObject(object['definition']) ? object['definition'] : {};
  const names = isObject(definition['name']) ? (definition['name'] as Record<string, string>) : {};
  const title = names['ja'] ?? names['ja-JP'] ?? Object.values(names)[0] ?? null;
  const when = new Date(String(statement['timestamp']));
  return {
    source: 'xapi',
    email,
    externalId,
    udemyCourseId: object['id'] as string,
    courseTitle: title,
    completedOn: todayInTokyo(Number.isNaN(when.getTime()) ? new Date(String(statement['stored'])) : when),
    receivedAt: String(statement['stored']),
  };
}

/** The IFI text of an agent query parameter, for the actor_ids / related_agents columns. */
export function agentParamId(agent: Json): string {
  return agentIfi(agent) ?? '';
}
