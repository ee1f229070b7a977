import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  agentKey,
  optionalParameter,
  parseActivityIdParameter,
  parseAgentParameter,
  parseRegistrationParameter,
  parseSinceParameter,
  refuseUnknownParameters,
  requiredParameter,
  type XapiAgent,
  XapiParameterError,
} from '@dx/domain';
import { XapiError } from '../xapi-error';
import type { XapiDocumentKind } from './xapi-document.entity';
import type { StoredXapiDocument, XapiDocumentAddress, XapiDocumentScope } from './xapi-documents.repository';
import type { IncomingXapiDocument, XapiPreconditions } from './xapi-documents.service';

export type Query = Record<string, unknown>;

/** Runs a parameter reader, turning its refusal into the 400 the LRS answers. */
export function readParameters<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof XapiParameterError) throw new XapiError(400, error.message);
    throw error;
  }
}

export function activityIdOf(query: Query): string {
  return parseActivityIdParameter(requiredParameter(query, 'activityId'));
}

export function agentOf(query: Query): XapiAgent {
  return parseAgentParameter(requiredParameter(query, 'agent'));
}

function registrationOf(query: Query): string | null {
  const value = optionalParameter(query, 'registration');
  return value === null ? null : parseRegistrationParameter(value);
}

/** What a request to one of the three document resources names. */
export interface DocumentTarget {
  scope: XapiDocumentScope;
  registration: string | null;
  /** The stateId / profileId, or null for a request about all documents of the scope. */
  documentId: string | null;
  since: Date | null;
}

const RESOURCES: Record<XapiDocumentKind, { idParameter: string; parameters: string[] }> = {
  state: { idParameter: 'stateId', parameters: ['activityId', 'agent', 'registration', 'stateId', 'since'] },
  activity_profile: { idParameter: 'profileId', parameters: ['activityId', 'profileId', 'since'] },
  agent_profile: { idParameter: 'profileId', parameters: ['agent', 'profileId', 'since'] },
};

/** One document (PUT, POST), one or a list (GET, with `since` for the list), one or all of a scope (state DELETE). */
export type TargetMode = 'one' | 'list' | 'one-or-all';

/**
 * The parameters of a document request (Communication 2.3, 2.6, 2.7): the activity and/or agent each resource
 * needs, the registration (state only), the document id (required in mode `one`), `since` only on a GET. Anything
 * else is a 400.
 */
export function documentTarget(kind: XapiDocumentKind, query: Query, mode: TargetMode): DocumentTarget {
  return readParameters(() => {
    const resource = RESOURCES[kind];
    refuseUnknownParameters(query, resource.parameters);
    const activityId = kind === 'agent_profile' ? null : activityIdOf(query);
    const agent = kind === 'activity_profile' ? null : agentKey(agentOf(query));
    const registration = kind === 'state' ? registrationOf(query) : null;
    const documentId =
      mode === 'one'
        ? requiredParameter(query, resource.idParameter)
        : optionalParameter(query, resource.idParameter);
    if (documentId === '')
      throw new XapiParameterError(resource.idParameter, `${resource.idParameter} が空です。`);
    const sinceText = optionalParameter(query, 'since');
    if (sinceText !== null && mode !== 'list')
      throw new XapiParameterError('since', 'since はドキュメント ID の一覧を取得するときだけ指定できます。');
    const since = sinceText === null ? null : parseSinceParameter(sinceText);
    return { scope: { kind, activityId, agentKey: agent }, registration, documentId, since };
  });
}

export function addressOf(target: DocumentTarget): XapiDocumentAddress {
  if (target.documentId === null) throw new XapiError(400, 'ドキュメント ID が必要です。');
  return { ...target.scope, registration: target.registration, documentId: target.documentId };
}

/** The body of a PUT or POST as bytes with its type (JSON the parser already read is written back as JSON). */
export function incomingDocument(request: FastifyRequest): IncomingXapiDocument {
  const header = request.headers['content-type'];
  const body: unknown = request.body;
  if (body === undefined) throw new XapiError(400, 'ドキュメントの本文がありません。');
  const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
  return {
    content,
    contentType: typeof header === 'string' && header !== '' ? header : 'application/octet-stream',
  };
}

export function preconditionsOf(request: FastifyRequest): XapiPreconditions {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return { ifMatch: header('if-match'), ifNoneMatch: header('if-none-match') };
}

/** A stored document as the answer: its bytes, type, quoted SHA-1 ETag and Last-Modified. */
export function sendDocument(reply: FastifyReply, document: StoredXapiDocument): Buffer {
  void reply
    .header('content-type', document.contentType)
    .header('etag', `"${document.etag}"`)
    .header('last-modified', document.updatedAt.toUTCString());
  return document.content;
}
