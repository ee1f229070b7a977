import { XapiError } from '../xapi-error';

/**
 * The statement rules of xAPI 1.0.3 (Data 2.x, 4.x) as the ADL conformance suite checks them: an invalid statement
 * is a 400 naming the path at fault. Hand-written: the statement grammar (an Agent's "exactly one IFI", language
 * maps, the Object's shapes, context rules that depend on the Object) is not a plain JSON schema, and a schema
 * validator would report the first of many alternatives' errors instead of the one that matters.
 */

type Json = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, a colon, then no white space (RFC 3987 allows nearly any other character). */
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i;
const MAILTO = /^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$/i;
const SHA1 = /^[0-9a-f]{40}$/i;
const SHA2 = /^[0-9a-f]{56,128}$/i;
/** RFC 5646 language tags (the common productions), including private use and grandfathered forms. */
const LANGUAGE_TAG =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[\da-wy-z](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+|i-[a-z]{2,8}|en-gb-oed|sgn-[a-z]{2}-[a-z]{2,3})$/i;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DURATION =
  /^P(?:\d+(?:\.\d+)?W|(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$/;
const VERSION = /^1\.0(?:\.\d+)?$/;
const INTERACTION_TYPES = new Set([
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
]);
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;
/** Which component lists an interaction type may carry (Data 2.4.4.1.1). */
const COMPONENTS_OF: Record<string, readonly string[]> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};
export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

function fail(path: string, message: string): never {
  throw new XapiError(400, `${path}: ${message}`);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) fail(path, 'オブジェクトである必要があります。');
  return value;
}

function keysIn(value: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, 'この項目は使えません。');
  }
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, '文字列である必要があります。');
  return value;
}

export function isIri(value: unknown): value is string {
  return typeof value === 'string' && IRI.test(value);
}

function iri(value: unknown, path: string): string {
  if (!isIri(value)) fail(path, 'IRI（スキームつきの絶対IRI）である必要があります。');
  return value;
}

function boolean(value: unknown, path: string): void {
  if (typeof value !== 'boolean') fail(path, '真偽値である必要があります。');
}

function number(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, '数値である必要があります。');
  return value;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function uuid(value: unknown, path: string): string {
  if (!isUuid(value)) fail(path, 'UUID である必要があります。');
  return value;
}

export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const offset = match[7];
  // A "negative zero" offset is forbidden (ISO 8601: -00:00 means an unknown offset).
  if (offset && /^-00(?::?00)?$/.test(offset)) return false;
  const [month, day, hour, minute, second] = [match[2], match[3], match[4], match[5], match[6] ?? '0'].map(
    Number,
  );
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
  return !Number.isNaN(Date.parse(offset ? value : value + 'Z'));
}

function timestamp(value: unknown, path: string): void {
  if (!isTimestamp(value)) fail(path, 'ISO 8601 の日時である必要があります。');
}

function languageMap(value: unknown, path: string): void {
  const map = object(value, path);
  for (const [tag, text] of Object.entries(map)) {
    if (!LANGUAGE_TAG.test(tag)) fail(`${path}.${tag}`, '言語タグ（RFC 5646）ではありません。');
    string(text, `${path}.${tag}`);
  }
}

function extensions(value: unknown, path: string): void {
  const map = object(value, path);
  for (const key of Object.keys(map)) iri(key, `${path} のキー ${key}`);
}

/** Checks an Agent or Group (actor, instructor, team, authority, member, object). */
export function validateActor(value: unknown, path: string, options: { inGroup?: boolean } = {}): void {
  const actor = object(value, path);
  const type = actor['objectType'];
  if (type === 'Group') {
    if (options.inGroup) fail(path, 'グループの member にグループは入れられません。');
    keysIn(actor, ['objectType', 'name', 'member', 'mbox', 'mbox_sha1sum', 'openid', 'account'], path);
    const ifis = countIfis(actor, path);
    if (actor['name'] !== undefined) string(actor['name'], `${path}.name`);
    if (actor['member'] !== undefined || ifis === 0) {
      if (!Array.isArray(actor['member']))
        fail(`${path}.member`, '匿名グループには member の配列が必要です。');
      if (ifis === 0 && actor['member'].length === 0)
        fail(`${path}.member`, '匿名グループには member が必要です。');
      actor['member'].forEach((member, i) =>
        validateActor(member, `${path}.member[${i}]`, { inGroup: true }),
      );
    }
    if (ifis > 1) fail(path, '識別子（mbox, mbox_sha1sum, openid, account）は1つだけにしてください。');
    return;
  }
  if (type !== undefined && type !== 'Agent')
    fail(`${path}.objectType`, 'Agent または Group である必要があります。');
  keysIn(actor, ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'], path);
  if (actor['name'] !== undefined) string(actor['name'], `${path}.name`);
  if (countIfis(actor, path) !== 1)
    fail(path, 'Agent には識別子（mbox, mbox_sha1sum, openid, account）が1つだけ必要です。');
}

function countIfis(actor: Json, path: string): number {
  let count = 0;
  if (actor['mbox'] !== undefined) {
    count++;
    if (typeof actor['mbox'] !== 'string' || !MAILTO.test(actor['mbox']))
      fail(`${path}.mbox`, '"mailto:" で始まるメールアドレスである必要があります。');
  }
  if (actor['mbox_sha1sum'] !== undefined) {
    count++;
    if (typeof actor['mbox_sha1sum'] !== 'string' || !SHA1.test(actor['mbox_sha1sum']))
      fail(`${path}.mbox_sha1sum`, 'SHA-1 の16進文字列である必要があります。');
  }
  if (actor['openid'] !== undefined) {
    count++;
    iri(actor['openid'], `${path}.openid`);
  }
  if (actor['account'] !== undefined) {
    count++;
    const account = object(actor['account'], `${path}.account`);
    keysIn(account, ['homePage', 'name'], `${path}.account`);
    iri(account['homePage'], `${path}.account.homePage`);
    string(account['name'], `${path}.account.name`);
  }
  return count;
}

function verb(value: unknown, path: string): void {
  const v = object(value, path);
  keysIn(v, ['id', 'display'], path);
  iri(v['id'], `${path}.id`);
  if (v['display'] !== undefined) languageMap(v['display'], `${path}.display`);
}

function activity(value: unknown, path: string): void {
  const a = object(value, path);
  keysIn(a, ['objectType', 'id', 'definition'], path);
  if (a['objectType'] !== undefined && a['objectType'] !== 'Activity')
    fail(`${path}.objectType`, 'Activity である必要があります。');
  iri(a['id'], `${path}.id`);
  if (a['definition'] !== undefined) definition(a['definition'], `${path}.definition`);
}

function definition(value: unknown, path: string): void {
  const d = object(value, path);
  keysIn(
    d,
    [
      'name',
      'description',
      'type',
      'moreInfo',
      'extensions',
      'interactionType',
      'correctResponsesPattern',
      ...COMPONENT_LISTS,
    ],
    path,
  );
  if (d['name'] !== undefined) languageMap(d['name'], `${path}.name`);
  if (d['description'] !== undefined) languageMap(d['description'], `${path}.description`);
  if (d['type'] !== undefined) iri(d['type'], `${path}.type`);
  if (d['moreInfo'] !== undefined) iri(d['moreInfo'], `${path}.moreInfo`);
  if (d['extensions'] !== undefined) extensions(d['extensions'], `${path}.extensions`);
  const interaction = d['interactionType'];
  if (interaction !== undefined && (typeof interaction !== 'string' || !INTERACTION_TYPES.has(interaction)))
    fail(`${path}.interactionType`, '対応していない interactionType です。');
  if (d['correctResponsesPattern'] !== undefined) {
    if (interaction === undefined) fail(`${path}.correctResponsesPattern`, 'interactionType が必要です。');
    if (!Array.isArray(d['correctResponsesPattern']))
      fail(`${path}.correctResponsesPattern`, '文字列の配列である必要があります。');
    d['correctResponsesPattern'].forEach((p, i) => string(p, `${path}.correctResponsesPattern[${i}]`));
  }
  for (const list of COMPONENT_LISTS) {
    if (d[list] === undefined) continue;
    if (interaction === undefined) fail(`${path}.${list}`, 'interactionType が必要です。');
    if (!(COMPONENTS_OF[interaction as string] ?? []).includes(list))
      fail(`${path}.${list}`, `interactionType ${String(interaction)} では使えません。`);
    const components = d[list];
    if (!Array.isArray(components)) fail(`${path}.${list}`, '配列である必要があります。');
    const ids = new Set<string>();
    components.forEach((c, i) => {
      const component = object(c, `${path}.${list}[${i}]`);
      keysIn(component, ['id', 'description'], `${path}.${list}[${i}]`);
      const id = string(component['id'], `${path}.${list}[${i}].id`);
      if (ids.has(id)) fail(`${path}.${list}[${i}].id`, 'id が重複しています。');
      ids.add(id);
      if (component['description'] !== undefined)
        languageMap(component['description'], `${path}.${list}[${i}].description`);
    });
  }
}

function statementRef(value: Json, path: string): void {
  keysIn(value, ['objectType', 'id'], path);
  uuid(value['id'], `${path}.id`);
}

function statementObject(value: unknown, path: string, inSubStatement: boolean): void {
  const o = object(value, path);
  const type = o['objectType'];
  if (type === undefined || type === 'Activity') return activity(o, path);
  if (type === 'Agent' || type === 'Group') return validateActor(o, path);
  if (type === 'StatementRef') return statementRef(o, path);
  if (type === 'SubStatement') {
    if (inSubStatement) fail(path, 'SubStatement の中に SubStatement は入れられません。');
    return subStatement(o, path);
  }
  fail(`${path}.objectType`, '対応していない objectType です。');
}

function result(value: unknown, path: string): void {
  const r = object(value, path);
  keysIn(r, ['score', 'success', 'completion', 'response', 'duration', 'extensions'], path);
  if (r['success'] !== undefined) boolean(r['success'], `${path}.success`);
  if (r['completion'] !== undefined) boolean(r['completion'], `${path}.completion`);
  if (r['response'] !== undefined) string(r['response'], `${path}.response`);
  if (r['duration'] !== undefined && (typeof r['duration'] !== 'string' || !DURATION.test(r['duration'])))
    fail(`${path}.duration`, 'ISO 8601 の期間（例 PT1H30M）である必要があります。');
  if (r['extensions'] !== undefined) extensions(r['extensions'], `${path}.extensions`);
  if (r['score'] === undefined) return;
  const s = object(r['score'], `${path}.score`);
  keysIn(s, ['scaled', 'raw', 'min', 'max'], `${path}.score`);
  const scaled = s['scaled'] === undefined ? undefined : number(s['scaled'], `${path}.score.scaled`);
  const raw = s['raw'] === undefined ? undefined : number(s['raw'], `${path}.score.raw`);
  const min = s['min'] === undefined ? undefined : number(s['min'], `${path}.score.min`);
  const max = s['max'] === undefined ? undefined : number(s['max'], `${path}.score.max`);
  if (scaled !== undefined && (scaled < -1 || scaled > 1))
    fail(`${path}.score.scaled`, '-1 から 1 の間である必要があります。');
  if (min !== undefined && max !== undefined && min >= max)
    fail(`${path}.score`, 'min は max より小さくしてください。');
  if (raw !== undefined && min !== undefined && raw < min)
    fail(`${path}.score.raw`, 'min 以上である必要があります。');
  if (raw !== undefined && max !== undefined && raw > max)
    fail(`${path}.score.raw`, 'max 以下である必要があります。');
}

function context(value: unknown, path: string, objectType: unknown): void {
  const c = object(value, path);
  keysIn(
    c,
    [
      'registration',
      'instructor',
      'team',
      'contextActivities',
      'revision',
      'platform',
      'language',
      'statement',
      'extensions',
    ],
    path,
  );
  const isActivity = objectType === undefined || objectType === 'Activity';
  if (c['registration'] !== undefined) uuid(c['registration'], `${path}.registration`);
  if (c['instructor'] !== undefined) validateActor(c['instructor'], `${path}.instructor`);
  if (c['team'] !== undefined) {
    if (!isObject(c['team']) || c['team']['objectType'] !== 'Group')
      fail(`${path}.team`, 'Group である必要があります。');
    validateActor(c['team'], `${path}.team`);
  }
  if (c['revision'] !== undefined) {
    string(c['revision'], `${path}.revision`);
    if (!isActivity) fail(`${path}.revision`, 'object が Activity のときだけ使えます。');
  }
  if (c['platform'] !== undefined) {
    string(c['platform'], `${path}.platform`);
    if (!isActivity) fail(`${path}.platform`, 'object が Activity のときだけ使えます。');
  }
  if (c['language'] !== undefined && (typeof c['language'] !== 'string' || !LANGUAGE_TAG.test(c['language'])))
    fail(`${path}.language`, '言語タグ（RFC 5646）である必要があります。');
  if (c['statement'] !== undefined) {
    const ref = object(c['statement'], `${path}.statement`);
    if (ref['objectType'] !== 'StatementRef')
      fail(`${path}.statement.objectType`, 'StatementRef である必要があります。');
    statementRef(ref, `${path}.statement`);
  }
  if (c['extensions'] !== undefined) extensions(c['extensions'], `${path}.extensions`);
  if (c['contextActivities'] !== undefined) {
    const ca = object(c['contextActivities'], `${path}.contextActivities`);
    keysIn(ca, ['parent', 'grouping', 'category', 'other'], `${path}.contextActivities`);
    for (const [kind, list] of Object.entries(ca)) {
      const items = Array.isArray(list) ? list : [list];
      items.forEach((item, i) => activity(item, `${path}.contextActivities.${kind}[${i}]`));
    }
  }
}

function attachments(value: unknown, path: string): void {
  if (!Array.isArray(value)) fail(path, '配列である必要があります。');
  value.forEach((a, i) => {
    const p = `${path}[${i}]`;
    const att = object(a, p);
    keysIn(att, ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'], p);
    iri(att['usageType'], `${p}.usageType`);
    languageMap(att['display'], `${p}.display`);
    if (att['description'] !== undefined) languageMap(att['description'], `${p}.description`);
    const type = string(att['contentType'], `${p}.contentType`);
    if (!/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(type))
      fail(`${p}.contentType`, 'メディアタイプである必要があります。');
    if (typeof att['length'] !== 'number' || !Number.isInteger(att['length']) || att['length'] < 0)
      fail(`${p}.length`, '0 以上の整数である必要があります。');
    if (typeof att['sha2'] !== 'string' || !SHA2.test(att['sha2']))
      fail(`${p}.sha2`, 'SHA-2 の16進文字列である必要があります。');
    if (att['fileUrl'] !== undefined) iri(att['fileUrl'], `${p}.fileUrl`);
  });
}

function subStatement(value: Json, path: string): void {
  keysIn(
    value,
    ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'],
    path,
  );
  body(value, path, true);
}

function body(s: Json, path: string, inSubStatement: boolean): void {
  if (s['actor'] === undefined) fail(`${path}.actor`, '必須です。');
  validateActor(s['actor'], `${path}.actor`);
  if (s['verb'] === undefined) fail(`${path}.verb`, '必須です。');
  verb(s['verb'], `${path}.verb`);
  if (s['object'] === undefined) fail(`${path}.object`, '必須です。');
  statementObject(s['object'], `${path}.object`, inSubStatement);
  if (s['result'] !== undefined) result(s['result'], `${path}.result`);
  if (s['context'] !== undefined)
    context(s['context'], `${path}.context`, (s['object'] as Json)['objectType']);
  if (s['timestamp'] !== undefined) timestamp(s['timestamp'], `${path}.timestamp`);
  if (s['attachments'] !== undefined) attachments(s['attachments'], `${path}.attachments`);
}

/** Checks one statement as a client sent it; throws a 400 XapiError naming the first fault. */
export function validateStatement(value: unknown, path = 'statement'): asserts value is Json {
  const s = object(value, path);
  keysIn(
    s,
    [
      'id',
      'actor',
      'verb',
      'object',
      'result',
      'context',
      'timestamp',
      'stored',
      'authority',
      'version',
      'attachments',
    ],
    path,
  );
  if (s['id'] !== undefined) uuid(s['id'], `${path}.id`);
  body(s, path, false);
  if (s['stored'] !== undefined) timestamp(s['stored'], `${path}.stored`);
  if (s['version'] !== undefined && (typeof s['version'] !== 'string' || !VERSION.test(s['version'])))
    fail(`${path}.version`, '1.0.x である必要があります。');
  if (s['authority'] !== undefined) {
    validateActor(s['authority'], `${path}.authority`);
    const authority = s['authority'] as Json;
    if (authority['objectType'] === 'Group') {
      // Only OAuth's pair may be a Group authority: anonymous, two members, one of them the consumer's account.
      const members = authority['member'];
      const identified = ['mbox', 'mbox_sha1sum', 'openid', 'account'].some(
        (k) => authority[k] !== undefined,
      );
      if (
        identified ||
        !Array.isArray(members) ||
        members.length !== 2 ||
        !members.some((m) => isObject(m) && m['account'] !== undefined)
      )
        fail(
          `${path}.authority`,
          'グループの authority は OAuth のクライアント（account）と利用者の2人の匿名グループだけです。',
        );
    }
  }
  const verbId = (s['verb'] as Json)['id'];
  if (verbId === VOIDED_VERB && (s['object'] as Json)['objectType'] !== 'StatementRef')
    fail(`${path}.object`, '取り消し（voided）の object は StatementRef である必要があります。');
}

/** The `agent` query parameter: a JSON Agent or identified Group. */
export function parseAgentParam(text: string, name = 'agent'): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new XapiError(400, `${name} は JSON の Agent である必要があります。`);
  }
  validateActor(value, name);
  return value as Json;
}

/** The Inverse Functional Identifier of an Agent or identified Group as one comparable text, or null (anonymous). */
export function agentIfi(actor: unknown): string | null {
  if (!isObject(actor)) return null;
  if (typeof actor['mbox'] === 'string') return 'mbox:' + actor['mbox'].toLowerCase();
  if (typeof actor['mbox_sha1sum'] === 'string') return 'sha1:' + actor['mbox_sha1sum'].toLowerCase();
  if (typeof actor['openid'] === 'string') return 'openid:' + actor['openid'];
  if (isObject(actor['account'])) {
    const account = actor['account'];
    return `account:${String(account['homePage'])}|${String(account['name'])}`;
  }
  return null;
}

/** The identifiers an actor stands for: its own IFI and, for a Group, its members'. */
export function agentIds(actor: unknown): string[] {
  const ids: string[] = [];
  const own = agentIfi(actor);
  if (own) ids.push(own);
  if (isObject(actor) && Array.isArray(actor['member'])) {
    for (const member of actor['member']) {
      const id = agentIfi(member);
      if (id) ids.push(id);
    }
  }
  return ids;
}
