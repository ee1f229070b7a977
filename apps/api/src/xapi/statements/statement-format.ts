import type { StatementFormat } from './statement-query';
import { isObject } from './statement-validation';

type Json = Record<string, unknown>;

/** A statement in the `format` asked for: exact (as stored), ids (identifiers only), canonical (one language). */
export function formatStatement(statement: Json, format: StatementFormat, languages: string[]): Json {
  if (format === 'exact') return statement;
  return format === 'ids' ? idsOnly(statement) : (canonical(statement, languages) as Json);
}

function agentIdsOnly(agent: unknown): unknown {
  if (!isObject(agent)) return agent;
  const out: Json = {};
  if (agent['objectType'] !== undefined) out['objectType'] = agent['objectType'];
  for (const key of ['mbox', 'mbox_sha1sum', 'openid', 'account'])
    if (agent[key] !== undefined) out[key] = agent[key];
  if (
    Array.isArray(agent['member']) &&
    out['mbox'] === undefined &&
    out['mbox_sha1sum'] === undefined &&
    out['openid'] === undefined &&
    out['account'] === undefined
  ) {
    out['member'] = agent['member'].map(agentIdsOnly);
  }
  return out;
}

function objectIdsOnly(object: unknown): unknown {
  if (!isObject(object)) return object;
  const type = object['objectType'];
  if (type === 'Agent' || type === 'Group') return agentIdsOnly(object);
  if (type === 'SubStatement') return idsOnly(object);
  if (type === 'StatementRef') return object;
  return { id: object['id'] };
}

function idsOnly(statement: Json): Json {
  const out: Json = { ...statement };
  out['actor'] = agentIdsOnly(statement['actor']);
  if (isObject(statement['verb'])) out['verb'] = { id: statement['verb']['id'] };
  out['object'] = objectIdsOnly(statement['object']);
  if (statement['authority'] !== undefined) out['authority'] = agentIdsOnly(statement['authority']);
  if (isObject(statement['context'])) {
    const context: Json = { ...statement['context'] };
    if (context['instructor'] !== undefined) context['instructor'] = agentIdsOnly(context['instructor']);
    if (context['team'] !== undefined) context['team'] = agentIdsOnly(context['team']);
    if (isObject(context['contextActivities'])) {
      const ca: Json = {};
      for (const [k, list] of Object.entries(context['contextActivities']))
        ca[k] = (Array.isArray(list) ? list : [list]).map(objectIdsOnly);
      context['contextActivities'] = ca;
    }
    out['context'] = context;
  }
  return out;
}

const LANGUAGE_MAPS = new Set(['display', 'name', 'description']);

/** Language maps cut to the one language the caller prefers (Accept-Language), else the first one. */
function canonical(value: unknown, languages: string[], key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, languages));
  if (!isObject(value)) return value;
  if (LANGUAGE_MAPS.has(key) && Object.values(value).every((v) => typeof v === 'string')) {
    const tags = Object.keys(value);
    if (tags.length <= 1) return value;
    const lower = tags.map((t) => t.toLowerCase());
    for (const wanted of languages) {
      const w = wanted.toLowerCase();
      const exact = lower.indexOf(w);
      if (exact >= 0) return { [tags[exact]]: value[tags[exact]] };
      const prefix = lower.findIndex((t) => t.split('-')[0] === w.split('-')[0]);
      if (prefix >= 0) return { [tags[prefix]]: value[tags[prefix]] };
    }
    return { [tags[0]]: value[tags[0]] };
  }
  if (key === 'extensions') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = canonical(v, languages, k);
  return out;
}

/** The languages of an Accept-Language header, preferred first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((l) => l.tag);
}
