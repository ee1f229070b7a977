import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { agentKey, parseAgentParameter, XapiParameterError } from '@dx/domain';
import { AppConfig } from '../config/app-config';
import { asSystem } from '../database/tenant-context';
import { Cmi5Repository } from './cmi5.repository';
import type { XapiClient } from './xapi-clients.service';
import { XapiError } from './xapi-error';

/** What a cmi5 auth token may do: the statements and state of one actor in one registration of one AU. */
export interface Cmi5Launch {
  sessionId: string;
  enrollmentId: number;
  moduleId: number;
  registration: string;
  auId: string;
  /** The actor's account (homePage = the app's PUBLIC_URL, name = 職員番号). */
  homePage: string;
  actorName: string;
}

/** The user name of a cmi5 auth token's Basic credential: `cmi5-<session id>`. */
export const CMI5_TOKEN_USER = /^cmi5-([0-9a-f-]{36})$/;

export const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The actor a launch names (cmi5 8.1.3: an Agent with an account). */
export function launchActor(launch: { homePage: string; actorName: string }, name?: string) {
  return {
    objectType: 'Agent' as const,
    ...(name ? { name } : {}),
    account: { homePage: launch.homePage, name: launch.actorName },
  };
}

/**
 * cmi5 launch sessions as credentials of the LRS: `Authorization: Basic <auth-token>` where the token is the one the
 * fetch URL gave (base64 of `cmi5-<session>:<secret>`, only its SHA-256 kept). Valid until the session expires, in
 * the session's tenant only, and only for its actor and registration (checkScope and the statement rules).
 */
@Injectable()
export class Cmi5Sessions {
  private readonly homePage: string;

  constructor(
    private readonly repository: Cmi5Repository,
    config: AppConfig,
  ) {
    this.homePage = config.PUBLIC_URL;
  }

  /** The launch client of a cmi5 auth token; null when the header is not one (then it may be a credential). */
  async verify(authorization: string | undefined): Promise<XapiClient | null | 'invalid'> {
    if (!authorization || !/^basic /i.test(authorization)) return null;
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const match = CMI5_TOKEN_USER.exec(decoded.slice(0, Math.max(colon, 0)));
    if (!match) return null;
    const row = await asSystem(() => this.repository.findFetchedSession(match[1]));
    const presented = sha256(decoded.slice(colon + 1));
    const expected = row ? Buffer.from(row.token_hash) : Buffer.alloc(32);
    if (!timingSafeEqual(presented, expected) || !row) return 'invalid';
    const launch: Cmi5Launch = {
      sessionId: row.id,
      enrollmentId: row.enrollment_id,
      moduleId: row.module_id,
      registration: row.registration,
      auId: row.au_id,
      homePage: this.homePage,
      actorName: row.actor_name,
    };
    return { tenantId: row.tenant_id, clientId: null, key: `cmi5-${row.id}`, name: 'cmi5 AU', launch };
  }
}

const STATE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);

/**
 * What a launch token may reach besides statements (whose actor and registration store() checks): the state
 * resource and the agent profile for its own actor (and its own registration for state), never LMS.LaunchData as a
 * write, and the about resource. Everything else is 403.
 */
export function checkLaunchScope(
  launch: Cmi5Launch,
  path: string,
  method: string,
  query: Record<string, unknown>,
) {
  const resource = path.replace(/^\/+|\/+$/g, '');
  if (resource === 'about' || resource === 'statements') return;
  if (resource !== 'activities/state' && !(resource === 'agents/profile' && method === 'GET'))
    throw new XapiError(403, 'cmi5 の起動トークンでは使えないリソースです。');
  let agent: string;
  try {
    agent = agentKey(parseAgentParameter(String(query['agent'] ?? '')));
  } catch (error) {
    if (error instanceof XapiParameterError) throw new XapiError(400, error.message);
    throw error;
  }
  if (agent !== agentKey(launchActor(launch)))
    throw new XapiError(403, 'cmi5 の起動トークンでは、起動した学習者のデータだけを扱えます。');
  if (resource === 'agents/profile') return;
  if (!STATE_METHODS.has(method) || String(query['registration'] ?? '').toLowerCase() !== launch.registration)
    throw new XapiError(403, 'cmi5 の起動トークンでは、この起動の registration のステートだけを扱えます。');
  if (method !== 'GET' && method !== 'HEAD' && query['stateId'] === 'LMS.LaunchData')
    throw new XapiError(403, 'LMS.LaunchData は LMS だけが書き込めます。');
}

/** Whether a GET of statements stays within the launch's registration. */
export function checkLaunchStatementQuery(launch: Cmi5Launch, query: Record<string, unknown>): void {
  if (String(query['registration'] ?? '').toLowerCase() !== launch.registration)
    throw new XapiError(
      403,
      'cmi5 の起動トークンで読めるのは、この起動の registration の Statement だけです。',
    );
}
