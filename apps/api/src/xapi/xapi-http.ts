import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_BASE } from '@dx/contract';
import { XAPI_VERSION } from './xapi-auth';

/** Where the LRS lives: every request under it is an xAPI request. */
export const XAPI_PREFIX = `${API_BASE}/xapi/`;

/** Attachments (multipart/mixed) and documents may be larger than the API's 1 MB JSON bodies. */
export const XAPI_BODY_LIMIT = 16 * 1024 * 1024;

const STATEMENTS_URL = `${API_BASE}/xapi/statements`;

export function isXapiUrl(url: string): boolean {
  return url.startsWith(XAPI_PREFIX) || url === XAPI_PREFIX.slice(0, -1);
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'HEAD, GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers':
    'Content-Type, Content-Length, Authorization, If-Match, If-None-Match, X-Experience-API-Version, X-Experience-API-Consistent-Through',
  'access-control-expose-headers':
    'ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through',
};

/**
 * The HTTP side of the LRS that Nest cannot express per route, all limited to URLs under XAPI_PREFIX:
 * - every answer (errors too) carries `X-Experience-API-Version: 1.0.3`, and the CORS headers browser content
 *   needs (the LRS is called by e-learning content from other origins; credentials are Basic, not cookies);
 * - a preflight `OPTIONS` is answered here;
 * - bodies of any other media type than JSON (multipart/mixed statements with attachments, documents of any
 *   type, the alternate syntax's form) arrive as a raw Buffer. Everywhere else such a body stays a 415, as before:
 *   the rest of the API parses only JSON and multipart/form-data.
 */
export function useXapiHttp(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isXapiUrl(request.url)) return done();
    reply.header('x-experience-api-version', XAPI_VERSION);
    reply.headers(CORS_HEADERS);
    // Statements are stored synchronously: everything committed before this request is in its answer (errors too).
    if (request.url.startsWith(STATEMENTS_URL))
      reply.header('x-experience-api-consistent-through', new Date().toISOString());
    if (request.method === 'OPTIONS') {
      void reply.status(204).send();
      return;
    }
    done();
  });
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: XAPI_BODY_LIMIT },
    (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void) => {
      if (isXapiUrl(request.url)) return done(null, body);
      done(Object.assign(new Error('本文は JSON で送ってください。'), { statusCode: 415 }));
    },
  );
}
