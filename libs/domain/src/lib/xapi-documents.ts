/**
 * The rules of the xAPI 1.0.3 document resources (state, activity profile, agent profile) and of the activities and
 * agents resources that need no storage: reading their query parameters, the one identifier of an agent, the
 * document merge, and the merge of activity definitions seen in statements. Browser-safe (no Node built-ins).
 */

/** The inverse functional identifiers of an Agent: exactly one of them names it. */
export const XAPI_AGENT_IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
export type XapiAgentIfi = (typeof XAPI_AGENT_IFIS)[number];

export interface XapiAccount {
  homePage: string;
  name: string;
}

/** An Agent as the `agent` parameter names it (objectType Agent, one identifier, an optional name). */
export interface XapiAgent {
  objectType?: 'Agent';
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: XapiAccount;
}

/** What the Agents resource answers: every property an array, several identifiers allowed. */
export interface XapiPerson {
  objectType: 'Person';
  name?: string[];
  mbox?: string[];
  mbox_sha1sum?: string[];
  openid?: string[];
  account?: XapiAccount[];
}

/** A parameter that cannot be used, with the Japanese reason the 400 answer gives. */
export class XapiParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'XapiParameterError';
  }
}

/** An IRI with a scheme (RFC 3987 needs one); no whitespace or characters an IRI never holds. */
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
const MAILTO = /^mailto:[^\s@]+@[^\s@]+$/i;
const SHA1_HEX = /^[0-9a-f]{40}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 date and time as xAPI uses it (a timestamp), the zone optional (then UTC). */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function isXapiIri(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 4096 && IRI.test(value);
}

/** A query parameter given once, or null when absent; given twice it is a 400. */
function single(query: Record<string, unknown>, name: string): string | null {
  const value = query[name];
  if (value === undefined) return null;
  if (typeof value !== 'string')
    throw new XapiParameterError(name, `パラメータ ${name} は1回だけ指定してください。`);
  return value;
}

export function requiredParameter(query: Record<string, unknown>, name: string): string {
  const value = single(query, name);
  if (value === null || value === '') throw new XapiParameterError(name, `パラメータ ${name} が必要です。`);
  return value;
}

export function optionalParameter(query: Record<string, unknown>, name: string): string | null {
  return single(query, name);
}

/** Refuses parameters a resource does not know (Communication 3.2: 400 for an unrecognised parameter). */
export function refuseUnknownParameters(query: Record<string, unknown>, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!known.includes(name))
      throw new XapiParameterError(name, `パラメータ ${name} はこのリソースでは使えません。`);
  }
}

export function parseActivityIdParameter(value: string): string {
  if (!isXapiIri(value))
    throw new XapiParameterError('activityId', 'activityId はスキームのある IRI で指定してください。');
  return value;
}

/** A registration UUID, lower case (the form it is stored and compared in). */
export function parseRegistrationParameter(value: string): string {
  if (!UUID.test(value))
    throw new XapiParameterError('registration', 'registration は UUID で指定してください。');
  return value.toLowerCase();
}

/** A `since` timestamp as a Date; without a zone it is read as UTC. */
export function parseSinceParameter(value: string): Date {
  const match = TIMESTAMP.exec(value);
  const invalid = () => new XapiParameterError('since', 'since は ISO 8601 の日時で指定してください。');
  if (!match) throw invalid();
  const [, , month, day, hour, minute] = match.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) throw invalid();
  const zone = match[8] ?? 'Z';
  const normalisedZone =
    zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const fraction = match[7] ? `.${match[7].slice(0, 3).padEnd(3, '0')}` : '';
  const text = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6] ?? '00'}${fraction}${normalisedZone}`;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw invalid();
  return date;
}

/** The `agent` parameter: JSON of an Agent with exactly one identifier. */
export function parseAgentParameter(value: string, name = 'agent'): XapiAgent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new XapiParameterError(name, `${name} は JSON のエージェントで指定してください。`);
  }
  const reason = agentProblem(parsed);
  if (reason) throw new XapiParameterError(name, `${name} が正しいエージェントではありません（${reason}）。`);
  return parsed as XapiAgent;
}

/** Why a value is not an Agent with exactly one identifier, or null when it is one. */
export function agentProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'オブジェクトではありません';
  const agent = value as Record<string, unknown>;
  for (const key of Object.keys(agent)) {
    if (!['objectType', 'name', ...XAPI_AGENT_IFIS].includes(key)) return `未知の項目 ${key}`;
  }
  if (agent['objectType'] !== undefined && agent['objectType'] !== 'Agent') return 'objectType は Agent です';
  if (agent['name'] !== undefined && typeof agent['name'] !== 'string') return 'name は文字列です';
  const ifis = XAPI_AGENT_IFIS.filter((ifi) => agent[ifi] !== undefined);
  if (ifis.length !== 1) return '識別子（mbox, mbox_sha1sum, openid, account）はちょうど1つです';
  const ifi = ifis[0];
  const id = agent[ifi];
  switch (ifi) {
    case 'mbox':
      return typeof id === 'string' && MAILTO.test(id) ? null : 'mbox は mailto: で始まるメールアドレスです';
    case 'mbox_sha1sum':
      return typeof id === 'string' && SHA1_HEX.test(id) ? null : 'mbox_sha1sum は16進40桁です';
    case 'openid':
      return isXapiIri(id) ? null : 'openid は IRI です';
    case 'account': {
      if (id === null || typeof id !== 'object' || Array.isArray(id)) return 'account はオブジェクトです';
      const account = id as Record<string, unknown>;
      if (Object.keys(account).some((k) => k !== 'homePage' && k !== 'name'))
        return 'account の項目は homePage と name です';
      if (!isXapiIri(account['homePage'])) return 'account.homePage は IRI です';
      if (typeof account['name'] !== 'string' || account['name'] === '') return 'account.name は文字列です';
      return null;
    }
  }
}

/**
 * The one key an agent's documents are stored under: its identifier alone (the name is not part of who it is), in
 * a form two spellings of the same identifier share (mbox_sha1sum in lower case).
 */
export function agentKey(agent: XapiAgent): string {
  if (agent.mbox !== undefined) return `mbox:${agent.mbox}`;
  if (agent.mbox_sha1sum !== undefined) return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
  if (agent.openid !== undefined) return `openid:${agent.openid}`;
  if (agent.account !== undefined)
    return `account:${JSON.stringify([agent.account.homePage, agent.account.name])}`;
  throw new XapiParameterError('agent', 'エージェントに識別子がありません。');
}

/** The Person the Agents resource answers for one agent: what the agent names, each property as an array. */
export function personOf(agent: XapiAgent, otherNames: readonly string[] = []): XapiPerson {
  const person: XapiPerson = { objectType: 'Person' };
  const names = [...new Set([...(agent.name !== undefined ? [agent.name] : []), ...otherNames])];
  if (names.length > 0) person.name = names;
  if (agent.mbox !== undefined) person.mbox = [agent.mbox];
  if (agent.mbox_sha1sum !== undefined) person.mbox_sha1sum = [agent.mbox_sha1sum];
  if (agent.openid !== undefined) person.openid = [agent.openid];
  if (agent.account !== undefined)
    person.account = [{ homePage: agent.account.homePage, name: agent.account.name }];
  return person;
}

/** Whether a Content-Type names JSON (`application/json`, parameters such as charset allowed). */
export function isJsonContentType(contentType: string | undefined | null): boolean {
  return !!contentType && contentType.split(';')[0].trim().toLowerCase() === 'application/json';
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The document merge of a POST (Communication 2.2): the stored object's properties, each top-level property of the
 * posted one replacing the stored one whole (one level deep, no deeper merge).
 */
export function mergeJsonDocuments(stored: JsonObject, posted: JsonObject): JsonObject {
  return { ...stored, ...posted };
}

/** The properties of an activity definition that are language maps: merged language by language. */
const LANGUAGE_MAPS = ['name', 'description'] as const;
/** Interaction components: lists of { id, description }, merged by id with their descriptions. */
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

/**
 * The canonical definition of an activity from the definitions statements gave it, oldest first: each later one adds
 * to and replaces what the earlier ones said, language maps and extensions key by key (two statements describing
 * the activity in English and in French give both languages), interaction components by id.
 */
export function mergeActivityDefinitions(definitions: readonly unknown[]): JsonObject {
  const merged: JsonObject = {};
  for (const definition of definitions) {
    if (!isJsonObject(definition)) continue;
    for (const [key, value] of Object.entries(definition)) {
      const before = merged[key];
      if ((LANGUAGE_MAPS as readonly string[]).includes(key) || key === 'extensions') {
        merged[key] = isJsonObject(before) && isJsonObject(value) ? { ...before, ...value } : value;
      } else if ((COMPONENT_LISTS as readonly string[]).includes(key)) {
        merged[key] = Array.isArray(before) && Array.isArray(value) ? mergeComponents(before, value) : value;
      } else {
        merged[key] = value;
      }
    }
  }
  return merged;
}

function mergeComponents(before: unknown[], after: unknown[]): unknown[] {
  const result = [...before];
  for (const component of after) {
    const id = isJsonObject(component) ? component['id'] : undefined;
    const index = result.findIndex((c) => isJsonObject(c) && id !== undefined && c['id'] === id);
    if (index < 0) {
      result.push(component);
      continue;
    }
    const earlier = result[index] as JsonObject;
    const later = component as JsonObject;
    const description =
      isJsonObject(earlier['description']) && isJsonObject(later['description'])
        ? { ...earlier['description'], ...later['description'] }
        : (later['description'] ?? earlier['description']);
    result[index] = { ...earlier, ...later, ...(description !== undefined ? { description } : {}) };
  }
  return result;
}
